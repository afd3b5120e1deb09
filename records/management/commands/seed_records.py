"""Demo data for the council's records: a second demo council ("Westshire County Council") with
a plan from the demo borough waiting to be accepted on a transfer-in, a plan from Westshire
waiting in the demo borough, entries in the disclosure register, an open subject access request,
and an old ended case past its retention date listed for approval (another on legal hold).
Everything is invented. Safe to run again: each part is made only if missing."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ehcp import exchange
from ehcp.models import Plan, PlanVersion
from records import services
from records.models import Disclosure, LegalHold, PlanTransfer, SubjectAccessRequest
from sendcpp.demo import DEMO_PASSWORD, require_local_authority
from sendcpp.models import Case, Child, Organisation, StaffProfile, Team, User

WEST = "Westshire County Council"


def _west() -> tuple[Organisation, User]:
    la, _ = Organisation.objects.get_or_create(
        name=WEST, kind=Organisation.Kind.LOCAL_AUTHORITY, defaults={"la_code": "991"}
    )
    team = Team.objects.filter(local_authority=la).first()
    if team is None:
        group = Group.objects.create(name=f"{WEST} SEND team")
        team = Team.objects.create(name="Westshire SEND team", local_authority=la, group=group)
    user = User.objects.filter(username="west.coordinator").first()
    if user is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User(
            username="west.coordinator",
            first_name="Nadia",
            last_name="Westbrook",
            account_type=User.AccountType.STAFF,
            organisation=la,
            email="west.coordinator@example.org",
            is_demo=True,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        StaffProfile.objects.create(
            user=user, role=StaffProfile.Role.COORDINATOR, team=team, job_title="EHC coordinator"
        )
    return la, user


def _renamed(document: dict, *, first: str, last: str, born: str, council: str) -> dict:
    copy = json.loads(json.dumps(document))
    copy["child"].update(legal_first_name=first, legal_last_name=last, date_of_birth=born, upn="")
    copy["plan"]["services"].update(setting_name="", setting_urn="")
    copy["plan"]["placement"]["urn"] = ""
    for entry in copy["history"]:
        entry["local_authority"] = council
    copy["exported"]["by"] = council
    return copy


class Command(BaseCommand):
    help = __doc__

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        la = require_local_authority()
        today = timezone.localdate()
        coordinator = (
            User.objects.filter(organisation=la, staff_profile__role=StaffProfile.Role.COORDINATOR)
            .exclude(staff_profile__team=None)
            .order_by("id")
            .first()
        )
        manager = (
            User.objects.filter(organisation=la, staff_profile__role=StaffProfile.Role.MANAGER)
            .order_by("id")
            .first()
        )
        if coordinator is None or manager is None:
            self.stdout.write("No demo coordinator or manager: nothing added.")
            return
        _west_la, west_coordinator = _west()
        final = (
            PlanVersion.objects.filter(plan__case__local_authority=la, kind=PlanVersion.Kind.FINAL)
            .select_related("plan__case")
            .order_by("id")
            .first()
        )
        if final is not None and not PlanTransfer.objects.exists():
            case = final.plan.case
            plan = Plan.objects.get(pk=final.plan_id)
            document = exchange.export_document(
                plan, version=final, exported_by=la.name, exported_on=today
            )
            services.upload_plan_transfer(
                json.dumps(document).encode(), transferred_on=today, by=west_coordinator
            )
            incoming = _renamed(
                document, first="Rowan", last="Ashby", born="2016-02-11", council=WEST
            )
            services.upload_plan_transfer(
                json.dumps(incoming).encode(),
                transferred_on=today - timedelta(days=3),
                by=coordinator if coordinator.staff_profile.team_id else manager,
            )
            for recipient_kind, recipient, purpose, basis in (
                ("council", WEST, "statutory", "public_task"),
                ("tribunal", "First-tier Tribunal (SEND)", "appeal", "legal_obligation"),
            ):
                services.record_disclosure(
                    case,
                    recipient_kind=recipient_kind,
                    recipient=recipient,
                    what=f"Final plan, version {final.number}",
                    purpose=purpose,
                    lawful_basis=basis,
                    disclosed_on=today - timedelta(days=2),
                    by=manager,
                )
        if not SubjectAccessRequest.objects.exists():
            case = Case.objects.filter(local_authority=la, coordinator=coordinator).first()
            if case is not None:
                services.record_subject_access_request(
                    case,
                    requester_name="The young person's mother",
                    requester_relationship="Mother",
                    received_on=today - timedelta(days=10),
                    by=coordinator,
                )
        if not Case.objects.filter(local_authority=la, child__date_of_birth__lt=date(1995, 1, 1)):
            team = coordinator.staff_profile.team
            for number, (first, last, born) in enumerate(
                [("Lee", "Harrow", date(1991, 4, 2)), ("Sam", "Keld", date(1992, 9, 30))]
            ):
                child = Child.objects.create(
                    legal_first_name=first,
                    legal_last_name=last,
                    date_of_birth=born,
                    responsible_la=la,
                    sex=Child.Sex.UNKNOWN,
                )
                old = Case.objects.create(
                    child=child,
                    reference=f"{la.la_code}-OLD-{number + 1:04d}",
                    local_authority=la,
                    team=team,
                    stage="ceased",
                    plan_issued_on=date(2006, 5, 1),
                    closed_on=date(2016, 7, 20),
                )
                Plan.objects.create(case=old, status="ceased", made_on=date(2006, 5, 1))
                if number == 1:
                    LegalHold.objects.create(
                        local_authority=la,
                        case=old,
                        reason="Complaint to the ombudsman still open",
                        placed_by=manager,
                    )
            services.list_due_disposals(today=today)
        self.stdout.write(
            f"Records: {PlanTransfer.objects.count()} plans waiting, "
            f"{Disclosure.objects.count()} disclosures, "
            f"{SubjectAccessRequest.objects.count()} subject access requests."
        )
