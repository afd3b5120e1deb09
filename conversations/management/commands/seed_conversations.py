"""Add a few messages between demo families and their coordinators, and a call back asked for,
to the demo local authority (``manage.py seed_demo``). Safe to run again: it does nothing the
second time. The first few demo families (parent1 to parent3) are left alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from conversations import services
from conversations.models import Message
from sendcpp import demo
from sendcpp.models import Relationship

EXCHANGES = [
    (
        "Could we talk about how the new school will help with lunchtimes?",
        "Yes, of course. I will ask the school's SENCO to join us. Does Thursday morning suit you?",
    ),
    (
        "We have a new report from the speech and language therapist. Can I send it to you?",
        "Thank you. Please add it with your child's views, and I will add it to the plan.",
    ),
    ("When will we hear about the assessment?", ""),
]


class Command(BaseCommand):
    help = "Add demo messages between families and their coordinators."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        if Message.objects.filter(case__local_authority=la).exists():
            self.stdout.write("The demo messages are already loaded.")
            return
        links = (
            Relationship.objects.filter(
                child__cases__local_authority=la,
                child__cases__closed_on__isnull=True,
                child__cases__coordinator__isnull=False,
                portal_access=True,
                user__isnull=False,
            )
            .exclude(user__username__in=demo.KEEP_FRESH)
            .select_related("user", "child")
            .order_by("id")
        )
        done = 0
        for link, (question, answer) in zip(links, EXCHANGES, strict=False):
            case = link.child.cases.filter(closed_on__isnull=True).order_by("-id").first()
            if case is None or case.coordinator is None:
                continue
            services.send_message(case, body=question, by=link.user)
            if answer:
                services.send_message(case, body=answer, by=case.coordinator)
            else:
                services.request_call_back(
                    case, phone="01632 960 555", best_time="Weekday mornings", by=link.user
                )
            done += 1
        self.stdout.write(self.style.SUCCESS(f"Added messages on {done} demo cases."))
