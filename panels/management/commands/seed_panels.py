"""Load demonstration panels for the demo local authority (``manage.py seed_demo`` first): an
assessment-request panel chaired by manager1 with panel1-3 as its educational psychologist,
health and social care members, an issuing panel and a funding panel with the same people, the
decision criteria, five funding bands, and a meeting today with cases waiting for a decision on
its agenda. Safe to run again: what exists is left as it is."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ehcp import services as ehcp_services
from panels import services
from panels.criteria import DEFAULT_CRITERIA
from panels.models import (
    DecisionCriterion,
    DecisionKind,
    FundingBand,
    MeetingStatus,
    MemberRole,
    Panel,
    PanelKind,
    PanelMeeting,
    PanelMember,
)
from sendcpp import demo
from sendcpp.exceptions import DomainError
from sendcpp.models import Organisation, Stage, User

PANELS = (
    ("Assessment-request panel", PanelKind.ASSESSMENT),
    ("Issuing panel", PanelKind.ISSUING),
    ("Funding panel", PanelKind.FUNDING),
)
#: manager1 chairs (education); panel1-3 bring the other agencies.
MEMBERS = (
    ("manager1", MemberRole.EDUCATION, True),
    ("panel1", MemberRole.EDUCATIONAL_PSYCHOLOGIST, False),
    ("panel2", MemberRole.HEALTH, False),
    ("panel3", MemberRole.SOCIAL_CARE, False),
)
#: name, level of need, annual tariff from 1 April this financial year.
BANDS = (
    ("Band 1", "Low needs: targeted support in class", Decimal("2000.00")),
    ("Band 2", "Moderate needs: regular small-group support", Decimal("4000.00")),
    ("Band 3", "Significant needs: daily individual support", Decimal("6000.00")),
    ("Band 4", "High needs: individual support for most of the day", Decimal("9000.00")),
    ("Band 5", "Very high needs: specialist support all day", Decimal("13500.00")),
)
AGENDA_SIZE = 6


def _financial_year_start(today: date) -> date:
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


class Command(BaseCommand):
    help = "Load demonstration panels, bands and a meeting for the demo local authority."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        manager = User.objects.get(username="manager1")
        self._criteria()
        panels = [self._panel(la, name, kind, manager) for name, kind in PANELS]
        self._bands(la, manager)
        meeting = self._meeting(panels[0], manager)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo panels ready. Today's meeting: /panels/meetings/{meeting.public_id}/ "
                "(sign in as manager1, the chair; panel1-3 are members)."
            )
        )

    def _criteria(self) -> None:
        for position, (code, title, reference, kinds) in enumerate(DEFAULT_CRITERIA, start=1):
            DecisionCriterion.objects.get_or_create(
                code=code,
                defaults={
                    "title": title,
                    "reference": reference,
                    "decision_kinds": list(kinds),
                    "position": position,
                },
            )

    def _panel(self, la: Organisation, name: str, kind: str, manager: User) -> Panel:
        panel = Panel.objects.filter(local_authority=la, name=name).first()
        if panel is None:
            panel = services.create_panel(
                local_authority=la, name=name, kind=kind, papers_days_before=3, by=manager
            )
        for username, role, is_chair in MEMBERS:
            user = User.objects.filter(username=username).first()
            if (
                user is None
                or PanelMember.objects.filter(panel=panel, user=user, left_on__isnull=True).exists()
            ):
                continue
            services.add_panel_member(panel, user=user, role=role, is_chair=is_chair, by=manager)
        return panel

    def _bands(self, la: Organisation, manager: User) -> None:
        start = _financial_year_start(timezone.localdate())
        for name, need_level, tariff in BANDS:
            if FundingBand.objects.filter(local_authority=la, name=name).exists():
                continue
            if name == "Band 3":
                # Last year's tariff, so reports show that decisions keep the amount of their day.
                services.create_funding_band(
                    local_authority=la,
                    name=name,
                    need_level=need_level,
                    annual_tariff=Decimal("5800.00"),
                    effective_from=date(start.year - 1, 4, 1),
                    effective_to=date(start.year, 3, 31),
                    by=manager,
                )
            services.create_funding_band(
                local_authority=la,
                name=name,
                need_level=need_level,
                annual_tariff=tariff,
                effective_from=start,
                by=manager,
            )

    def _meeting(self, panel: Panel, manager: User) -> PanelMeeting:
        meeting = panel.meetings.exclude(status=MeetingStatus.CLOSED).order_by("starts_at").first()
        if meeting is None:
            starts_at = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
            meeting = services.schedule_meeting(
                panel, starts_at=starts_at, location="Room 2, Civic Centre", by=manager
            )
        if meeting.items.exists():
            return meeting
        waiting = panel.local_authority.cases.filter(
            stage=Stage.REQUEST, closed_on__isnull=True, request_received_on__isnull=False
        ).order_by("next_due_on", "id")
        for case in waiting[:AGENDA_SIZE]:
            # The demo cases were opened without the request recorded in the EHCP app.
            with contextlib.suppress(DomainError):
                ehcp_services.record_request(
                    case, source="parent", received_on=case.request_received_on, by=manager
                )
            services.add_to_agenda(
                meeting,
                case=case,
                decision_kind=DecisionKind.ASSESS,
                summary="Request for an EHC needs assessment: the panel decides whether to assess.",
                by=manager,
            )
        return meeting
