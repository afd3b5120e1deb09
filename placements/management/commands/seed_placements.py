"""Load the demo setting directory and add a few tailored lists, consultations and placements
(including alternative provision) to the demo local authority (``manage.py seed_demo``).

The directory comes from the files in ``placements/data``: a few dozen real rows copied from the
GIAS extract, the demo borough's own ten (fictional) settings in GIAS format, and the LA's facts
about those. Importing is keyed on URN, so running this again updates the directory rather than
duplicating it; the lists, consultations and placements are added only once. The first few demo
families (parent1 to parent3) are left alone for walking through the service from the start.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from placements import services
from placements.locations import DATA_DIR
from placements.models import (
    ApTier,
    ConsultationAnswer,
    ConsultationReason,
    RefusalReason,
    ResidentialPattern,
    TailoredList,
)
from sendcpp import demo
from sendcpp.models import Case, Organisation, Stage, User

FILES = (
    ("gias-demo-extract.csv", "gias"),
    ("demo-borough-settings.csv", "gias"),
    ("la-settings-demo.csv", "la"),
)


class Command(BaseCommand):
    help = "Load the demo setting directory and demo lists, consultations and placements."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        manager = User.objects.filter(username="manager1").first()
        if manager is None:
            raise CommandError("The demo manager (manager1) is missing: manage.py seed_demo")
        for name, file_format in FILES:
            result = services.import_settings(
                (DATA_DIR / name).read_bytes(), filename=name, file_format=file_format, by=manager
            )
            self.stdout.write(f"{name}: {result.created} settings added, {result.updated} updated")
        if TailoredList.objects.filter(case__local_authority=la).exists():
            self.stdout.write("The demo lists, consultations and placements are already loaded.")
            return
        today = timezone.localdate()
        cases = self._cases(la)
        settings = {o.urn: o for o in Organisation.objects.filter(urn__startswith="990")}
        self._published_list(cases[0], today)
        self._list_with_preference(cases[1], today)
        self._consultations(cases[2], today, settings)
        self._alternative_provision(cases[3:6], today, settings)
        self.stdout.write(self.style.SUCCESS("Added demo lists, consultations and placements."))

    def _cases(self, la: Organisation) -> list[Case]:
        wanted = [
            Stage.ASSESSMENT,
            Stage.ASSESSMENT,
            Stage.DRAFT_ISSUED,
            Stage.MAINTAINED,
            Stage.MAINTAINED,
            Stage.MAINTAINED,
        ]
        return demo.open_cases_at(la, wanted, newest_first=True)

    def _start(self, case: Case, today: date) -> TailoredList:
        return services.start_tailored_list(
            case,
            starts_on=date(today.year if today.month < 9 else today.year + 1, 9, 1),
            max_distance_km=15,
            by=case.coordinator,
        )

    def _published_list(self, case: Case, today: date) -> None:
        from placements import selectors

        tailored_list = self._start(case, today)
        for proposal in selectors.propose_settings(tailored_list, limit=4):
            services.add_to_list(
                tailored_list, setting=proposal.setting.organisation, by=case.coordinator
            )
        if tailored_list.entries.exists():
            services.publish_tailored_list(tailored_list, by=case.coordinator)

    def _list_with_preference(self, case: Case, today: date) -> None:
        from placements import selectors

        tailored_list = self._start(case, today)
        proposals = selectors.propose_settings(tailored_list, limit=3)
        for proposal in proposals:
            services.add_to_list(
                tailored_list, setting=proposal.setting.organisation, by=case.coordinator
            )
        services.record_family_priorities(
            tailored_list,
            priorities="Small classes, a quiet place to go, and not too far to travel.",
            by=case.coordinator,
        )
        if not proposals:
            return
        services.publish_tailored_list(tailored_list, by=case.coordinator)
        services.state_list_preference(
            tailored_list,
            setting=proposals[0].setting.organisation,
            reasons="The family visited and liked it.",
            by=case.coordinator,
        )

    def _consultations(self, case: Case, today: date, settings: dict[str, Organisation]) -> None:
        by = case.coordinator
        services.send_consultation(
            case,
            setting=settings["990001"],
            reason=ConsultationReason.FAMILY_PREFERENCE,
            sent_on=today - timedelta(days=4),
            message="The family would like their child to join your resourced provision.",
            by=by,
        )
        refused = services.send_consultation(
            case,
            setting=settings["990004"],
            reason=ConsultationReason.LA_PROPOSAL,
            sent_on=today - timedelta(days=12),
            by=by,
        )
        services.answer_consultation(
            refused,
            answer=ConsultationAnswer.CANNOT_MEET,
            reasons="Our resourced provision is full for the coming year.",
            refusal_reason=RefusalReason.NO_PLACES,
            by=by,
        )

    def _alternative_provision(
        self, cases: list[Case], today: date, settings: dict[str, Organisation]
    ) -> None:
        ap, home = settings["990010"], settings["990005"]
        services.record_placement(
            cases[0], setting=home, starts_on=today - timedelta(days=400), by=cases[0].coordinator
        )
        services.record_placement(
            cases[0],
            setting=ap,
            rank=2,
            ap_tier=ApTier.TARGETED_SUPPORT,
            home_setting=home,
            starts_on=today - timedelta(days=30),
            by=cases[0].coordinator,
        )
        services.record_placement(
            cases[1],
            setting=ap,
            ap_tier=ApTier.TIME_LIMITED,
            home_setting=home,
            starts_on=today - timedelta(days=70),
            planned_return_on=today + timedelta(days=20),
            next_review_on=today - timedelta(days=6),
            by=cases[1].coordinator,
        )
        services.record_placement(
            cases[2],
            setting=settings["990007"],
            residential=ResidentialPattern.TERM_TIME,
            starts_on=today - timedelta(days=200),
            by=cases[2].coordinator,
        )
        services.record_placement(
            cases[2],
            setting=ap,
            rank=2,
            ap_tier=ApTier.TRANSITIONAL,
            starts_on=today - timedelta(days=40),
            next_review_on=today + timedelta(days=30),
            by=cases[2].coordinator,
        )
