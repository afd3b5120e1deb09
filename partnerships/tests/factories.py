"""Factories for the partnership: valid objects by default."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from partnerships.models import (
    BoardAction,
    BoardMember,
    EngagementActivity,
    InclusionPlan,
    Meeting,
    MemberRole,
    PartnershipBoard,
    PlanVersion,
)
from sendcpp.tests.factories import LocalAuthorityFactory, StaffFactory, plain_name

factory.Faker._DEFAULT_LOCALE = "en_GB"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipBoard

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = "Local SEND and AP Partnership Board"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    board = factory.SubFactory(BoardFactory)
    full_name = factory.LazyFunction(plain_name("name"))
    role = MemberRole.OTHER
    organisation_name = "Demo Parent Carer Forum"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    meets_on = factory.LazyFunction(timezone.localdate)
    planned_on = factory.SelfAttribute("meets_on")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InclusionPlan

    board = factory.SubFactory(BoardFactory)
    title = "Local Area Inclusion Plan 2026 to 2029"
    covers_from = date(2026, 9, 1)
    covers_to = date(2029, 8, 31)
    created_by = factory.SubFactory(StaffFactory)


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = 1
    created_by = factory.SelfAttribute("plan.created_by")
    context = "Demo Borough has 2,400 children with an EHC plan."
    provision = "Three special schools, two resourced provisions."
    priorities = "Earlier support in mainstream."
    actions_summary = "Our actions follow the priorities."
    funding = "The high needs block funds the plan."
    engagement = "We asked families what matters."
    governance = "The partnership board reviews progress every six weeks."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardAction

    board = factory.SubFactory(BoardFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(MemberFactory, board=factory.SelfAttribute("..board"))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    created_by = factory.SubFactory(StaffFactory)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementActivity

    board = factory.SubFactory(BoardFactory)
    held_on = date(2026, 10, 1)
    title = "Workshop with the parent carer forum"
    participants_count = 24
    groups = "Parents of primary-age children; young people from the youth forum"
    what_was_asked = "What would make mainstream school work better?"
    what_changed = "Priority 1 now includes transition support."
    recorded_by = factory.SubFactory(StaffFactory)
