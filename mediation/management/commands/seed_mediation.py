"""Add a few realistic disagreements to the demo local authority (``manage.py seed_demo``): appeal
windows, mediations at several stages, appeals (one decided with orders, one conceded), a
disagreement resolution meeting and SENDIASS involvement. Safe to run again: it does nothing the
second time. The first few demo families (parent1 to parent3) are left alone for walking through
the service from the start."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from mediation import services
from mediation.models import AppealWindow, TribunalAppeal
from sendcpp import demo
from sendcpp.models import Case, Organisation, Stage


def _register_appeal(
    window: AppealWindow, reference: str, registered_on: date, *, about_setting_only: bool = False
) -> TribunalAppeal:
    """The tribunal registers the family's appeal; the council has it the next day."""
    return services.register_appeal(
        window,
        registered_on=registered_on,
        appeal_sent_to_la_on=registered_on + timedelta(days=1),
        about_setting_only=about_setting_only,
        tribunal_reference=reference,
        by=window.case.coordinator,
    )


class Command(BaseCommand):
    help = "Add demo mediation cases and tribunal appeals to the demo local authority."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = demo.require_local_authority()
        if AppealWindow.objects.filter(case__local_authority=la).exists():
            self.stdout.write("The demo mediation cases are already loaded.")
            return
        today = timezone.localdate()
        cases = self._cases(la)
        self._appeal_under_way(cases[0], today)
        self._certificate_awaited(cases[1], today)
        self._appeal_heard_soon(cases[2], today)
        self._resolved_at_mediation(cases[3], today)
        self._order_being_carried_out(cases[4], today)
        self._conceded(cases[5], today)
        self._support_only(cases[6], today)
        self.stdout.write(self.style.SUCCESS(f"Added disagreements to {len(cases)} demo cases."))

    def _cases(self, la: Organisation) -> list[Case]:
        wanted = [
            Stage.NOT_ASSESSED,
            Stage.NOT_ISSUED,
            Stage.MAINTAINED,
            Stage.MAINTAINED,
            Stage.NOT_ASSESSED,
            Stage.PLAN_ISSUED,
            Stage.MAINTAINED,
        ]
        return demo.open_cases_at(la, wanted)

    def _appeal_under_way(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="refuse_assess", decision_sent_on=today - timedelta(days=50), by=by
        )
        mediation = services.record_adviser_contact(
            window,
            contacted_on=today - timedelta(days=42),
            wants_mediation=True,
            issues=["education", "health"],
            issues_summary="The family believe an assessment is needed: the school cannot meet "
            "their child's communication needs from its own resources.",
            health_provision_sought="Speech and language therapy assessment",
            by=by,
        )
        services.record_health_bodies_told(mediation, told_on=today - timedelta(days=40), by=by)
        services.arrange_mediation(
            mediation,
            mediation_on=today - timedelta(days=15),
            mediation_provider="Independent SEND Mediation Service",
            mediator_name="R. Okafor",
            by=by,
        )
        services.record_mediation_held(
            mediation,
            held_on=today - timedelta(days=15),
            outcome="partly",
            attendees=["parent", "la", "health", "setting", "sendiass"],
            la_attendee_had_authority=True,
            outcome_summary="The school will fund an educational psychologist's visit; the "
            "council did not change its decision not to assess.",
            by=by,
        )
        term = services.add_agreement_term(
            mediation,
            description="Arrange an educational psychologist's visit to school",
            responsible_body="la",
            by=by,
        )
        services.complete_agreement_term(term, done_on=today - timedelta(days=6), by=by)
        services.record_icb_told_la(mediation, told_on=today - timedelta(days=12), by=by)
        services.issue_mediation_certificate(mediation, issued_on=today - timedelta(days=13), by=by)
        _register_appeal(window, "EH990/26/00112", today - timedelta(days=5))
        services.record_advice_service(
            case,
            service="sendiass",
            started_on=today - timedelta(days=48),
            support="Helping the family prepare for mediation and the appeal",
            by=by,
        )

    def _certificate_awaited(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="refuse_issue", decision_sent_on=today - timedelta(days=20), by=by
        )
        services.record_adviser_contact(
            window,
            contacted_on=today - timedelta(days=1),
            wants_mediation=False,
            issues=["education"],
            issues_summary="The family want to appeal straight away.",
            by=by,
        )

    def _appeal_heard_soon(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="plan_contents", decision_sent_on=today - timedelta(days=150), by=by
        )
        mediation = services.record_adviser_contact(
            window,
            contacted_on=today - timedelta(days=140),
            wants_mediation=True,
            issues=["education"],
            issues_summary="Section F does not say how many hours of support.",
            by=by,
        )
        services.record_mediation_held(
            mediation,
            held_on=today - timedelta(days=115),
            outcome="not_resolved",
            attendees=["parent", "la"],
            la_attendee_had_authority=False,
            by=by,
        )
        services.issue_mediation_certificate(
            mediation, issued_on=today - timedelta(days=113), by=by
        )
        appeal = _register_appeal(window, "EH990/26/00087", today - timedelta(days=90))
        services.record_appeal_response(appeal, sent_on=today - timedelta(days=60), by=by)
        services.record_concession(
            appeal,
            conceded_on=today - timedelta(days=30),
            description="Quantify teaching assistant support as 15 hours a week",
            by=by,
        )
        services.list_hearing(appeal, hearing_on=today + timedelta(days=20), by=by)

    def _resolved_at_mediation(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="cease", decision_sent_on=today - timedelta(days=200), by=by
        )
        mediation = services.record_adviser_contact(
            window,
            contacted_on=today - timedelta(days=190),
            wants_mediation=True,
            issues=["education", "social_care"],
            issues_summary="The family disagree that the plan is no longer needed.",
            by=by,
        )
        services.record_mediation_held(
            mediation,
            held_on=today - timedelta(days=168),
            outcome="resolved",
            attendees=["parent", "young_person", "la", "social_care"],
            la_attendee_had_authority=True,
            outcome_summary="The council will keep the plan and review it in six months.",
            by=by,
        )
        term = services.add_agreement_term(
            mediation,
            description="Keep maintaining the plan",
            responsible_body="la",
            appealable_step="continue_to_maintain",
            by=by,
        )
        services.complete_agreement_term(term, done_on=today - timedelta(days=168), by=by)
        services.issue_mediation_certificate(
            mediation, issued_on=today - timedelta(days=166), by=by
        )

    def _order_being_carried_out(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="refuse_assess", decision_sent_on=today - timedelta(days=300), by=by
        )
        mediation = services.record_adviser_contact(
            window,
            contacted_on=today - timedelta(days=280),
            wants_mediation=False,
            issues=["education"],
            by=by,
        )
        services.issue_mediation_certificate(
            mediation, issued_on=today - timedelta(days=278), by=by
        )
        appeal = _register_appeal(window, "EH990/25/00311", today - timedelta(days=250))
        services.record_appeal_response(appeal, sent_on=today - timedelta(days=210), by=by)
        services.list_hearing(appeal, hearing_on=today - timedelta(days=65), by=by)
        services.record_tribunal_decision(
            appeal,
            decided_on=today - timedelta(days=62),
            order_sent_on=today - timedelta(days=60),
            outcome="upheld",
            orders=["assess_notify", "assess_final_plan"],
            order_details="The council must carry out an EHC needs assessment.",
            by=by,
        )
        notify = appeal.orders.get(step="assess_notify")
        services.record_order_complied(notify, complied_on=today - timedelta(days=52), by=by)

    def _conceded(self, case: Case, today: date) -> None:
        by = case.coordinator
        window = services.open_appeal_window(
            case, decision="plan_contents", decision_sent_on=today - timedelta(days=45), by=by
        )
        appeal = _register_appeal(
            window, "EH990/26/00140", today - timedelta(days=20), about_setting_only=True
        )
        services.concede_appeal(
            appeal,
            notified_on=today - timedelta(days=10),
            steps=["amend_setting"],
            details="Name the family's preferred special school in section I.",
            by=by,
        )

    def _support_only(self, case: Case, today: date) -> None:
        by = case.coordinator
        services.record_disagreement_resolution(
            case,
            held_on=today - timedelta(days=25),
            about="Transport to school and the school's use of part-time timetables",
            parties="Parent, school, council transport team",
            facilitator="Independent Disagreement Resolution Service",
            outcome="resolved",
            by=by,
        )
        services.record_advice_service(
            case,
            service="ipsea",
            started_on=today - timedelta(days=40),
            ended_on=today - timedelta(days=20),
            support="Advice line call about part-time timetables",
            by=by,
        )
