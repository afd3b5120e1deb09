"""Every API write against every kind of partner key.

The operations are read from the published OpenAPI schema, so a new write cannot escape the
matrix: each must have a row in ``ALLOWED`` below, written from the roles spec, not from the
code. For each operation and each key:

- a key allowed to make the change gets past access (any answer but 401, 403 or 404: the empty
  body then fails validation, or the change happens);
- a key that is not, answers 403 when it may read the record the operation acts on, and 404 when
  it may not even read it; a revoked key answers 401;
- and a refused request changes nothing in the database (counted from PostgreSQL's own
  per-transaction row statistics, so any insert, update or delete shows, even one rolled back).

The keys: the LA's own system with every LA scope, a school's system with every scope a setting
may hold, a health body's system that gives advice, the LA's read-only warehouse key, and a
revoked LA key. Data: the demo local authority, loaded once for the module and rolled back."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from tests.demo_api import in_process, load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("api-matrix")]

LA, SETTING, HEALTH, READ_ONLY, REVOKED = "la", "setting", "health", "read-only", "revoked"
KEYS = [LA, SETTING, HEALTH, READ_ONLY, REVOKED]

# Who may make each change (roles spec): the LA's own system acts for the LA; a setting's system
# answers the consultations sent to it and gives the advice asked of it, as a health body's
# system gives advice; no system acts as the family, a panel or a partnership board.
LA_ONLY = {LA}
NO_KEY: set[str] = set()
ALLOWED: dict[str, set[str]] = {
    "post /children/{id}/contact/": LA_ONLY,
    "post /children/{id}/correct/": LA_ONLY,
    "post /ehcp/advice-requests/": LA_ONLY,
    "post /ehcp/advice-requests/{id}/draft/": {SETTING, HEALTH},
    "post /ehcp/advice-requests/{id}/draft/report/": {SETTING, HEALTH},
    "post /ehcp/advice-requests/{id}/submit/": {SETTING, HEALTH},
    "post /ehcp/advice-requests/{id}/withdraw/": LA_ONLY,
    "post /ehcp/assessments/{id}/decide-issue/": LA_ONLY,
    "post /ehcp/plans/{id}/cease/": LA_ONLY,
    "post /ehcp/plans/{id}/consult/": LA_ONLY,
    "post /ehcp/plans/{id}/issue-amendment-notice/": LA_ONLY,
    "post /ehcp/plans/{id}/issue-draft/": LA_ONLY,
    "post /ehcp/plans/{id}/issue-final/": LA_ONLY,
    "post /ehcp/plans/{id}/name-setting/": LA_ONLY,
    "post /ehcp/plans/{id}/save-row/": LA_ONLY,
    "post /ehcp/plans/{id}/update-section/": LA_ONLY,
    "post /ehcp/requests/": LA_ONLY,
    "post /ehcp/requests/{id}/decide/": LA_ONLY,
    "post /ehcp/reviews/": LA_ONLY,
    "post /ehcp/reviews/{id}/decide/": LA_ONLY,
    "post /ehcp/reviews/{id}/record-meeting/": LA_ONLY,
    "post /ehcp/reviews/{id}/send-invitations/": LA_ONLY,
    "post /ehcp/reviews/{id}/send-papers/": LA_ONLY,
    "post /ehcp/reviews/{id}/send-report/": LA_ONLY,
    "post /mediation/advice-services/": LA_ONLY,
    "post /mediation/agreed-actions/{id}/done/": LA_ONLY,
    "post /mediation/appeals/{id}/concede/": LA_ONLY,
    "post /mediation/appeals/{id}/concession/": LA_ONLY,
    "post /mediation/appeals/{id}/decision/": LA_ONLY,
    "post /mediation/appeals/{id}/hearing/": LA_ONLY,
    "post /mediation/appeals/{id}/recommendation-reply/": LA_ONLY,
    "post /mediation/appeals/{id}/response/": LA_ONLY,
    "post /mediation/appeals/{id}/withdraw/": LA_ONLY,
    "post /mediation/disagreement-resolutions/": LA_ONLY,
    "post /mediation/mediations/{id}/add-action/": LA_ONLY,
    "post /mediation/mediations/{id}/arrange/": LA_ONLY,
    "post /mediation/mediations/{id}/cannot-arrange/": LA_ONLY,
    "post /mediation/mediations/{id}/certificate/": LA_ONLY,
    "post /mediation/mediations/{id}/health-agreement/": LA_ONLY,
    "post /mediation/mediations/{id}/health-notice/": LA_ONLY,
    "post /mediation/mediations/{id}/held/": LA_ONLY,
    "post /mediation/mediations/{id}/withdraw/": LA_ONLY,
    "post /mediation/orders/{id}/done/": LA_ONLY,
    "post /mediation/windows/": LA_ONLY,
    "post /mediation/windows/{id}/adviser-contact/": LA_ONLY,
    "post /mediation/windows/{id}/ask-for-mediation/": NO_KEY,  # the family's own request
    "post /mediation/windows/{id}/register-appeal/": LA_ONLY,
    "post /panels/agenda-items/": NO_KEY,
    "post /panels/agenda-items/{id}/conflict/": NO_KEY,
    "post /panels/agenda-items/{id}/decide/": NO_KEY,
    "post /panels/agenda-items/{id}/defer/": NO_KEY,
    "post /panels/agenda-items/{id}/withdraw/": NO_KEY,
    "post /panels/bands/": NO_KEY,
    "post /panels/bands/{id}/end/": NO_KEY,
    "post /panels/decisions/{id}/amend/": NO_KEY,
    "post /panels/meetings/": NO_KEY,
    "post /panels/meetings/{id}/attendance/": NO_KEY,
    "post /panels/meetings/{id}/close/": NO_KEY,
    "post /panels/meetings/{id}/publish/": NO_KEY,
    "post /panels/meetings/{id}/start/": NO_KEY,
    "post /panels/panels/": NO_KEY,
    "post /panels/panels/{id}/members/": NO_KEY,
    "post /support/plans/{id}/review/": NO_KEY,
    "post /early-language/children/{id}/screenings/": NO_KEY,
    "post /partnership/actions/": NO_KEY,
    "post /partnership/actions/{id}/progress/": NO_KEY,
    "post /partnership/meetings/{id}/cancel/": NO_KEY,
    "post /partnership/meetings/{id}/decisions/": NO_KEY,
    "post /partnership/meetings/{id}/record-attendance/": NO_KEY,
    "post /partnership/meetings/schedule/": NO_KEY,
    "post /partnership/members/": NO_KEY,
    "put /partnership/members/{id}/": NO_KEY,
    "post /partnership/plan-versions/{id}/approve/": NO_KEY,
    "post /partnership/plan-versions/{id}/publish/": NO_KEY,
    "post /partnership/plan-versions/{id}/return-to-draft/": NO_KEY,
    "post /partnership/plan-versions/{id}/save-draft/": NO_KEY,
    "post /placements/consultations/{id}/answer/": {SETTING},
    "post /placements/consultations/{id}/decide/": LA_ONLY,
    "post /placements/consultations/{id}/withdraw/": LA_ONLY,
    "post /placements/consultations/send/": LA_ONLY,
    "post /placements/placements/": LA_ONLY,
    "post /placements/placements/{id}/end/": LA_ONLY,
    "post /placements/placements/{id}/review/": LA_ONLY,
    "patch /placements/settings/{id}/": LA_ONLY,
    "post /placements/settings/import/": LA_ONLY,
    "post /placements/tailored-lists/": LA_ONLY,
    "post /placements/tailored-lists/{id}/add/": NO_KEY,  # the family asks for a setting
    "post /placements/tailored-lists/{id}/preference/": NO_KEY,  # the family's preference
    "post /placements/tailored-lists/{id}/publish/": LA_ONLY,
    # The council's records: people only (a plan's release and acceptance need a named person).
    "post /records/disclosures/": NO_KEY,
    "post /records/plan-transfers/": NO_KEY,
    "post /records/plan-transfers/{id}/accept/": NO_KEY,
    "post /records/plan-transfers/{id}/decline/": NO_KEY,
}
WRITES = {"post", "put", "patch", "delete"}
V1 = "/api/v1"


def _write_operations() -> list[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method} {path.removeprefix(V1).replace('{public_id}', '{id}')}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITES
    )


def test_every_api_write_has_a_row_in_the_matrix():
    operations = _write_operations()
    assert sorted(ALLOWED) == operations


@dataclass
class Matrix:
    keys: dict[str, str]  # kind -> Authorization header value
    targets: dict[str, dict[str, str]]  # collection path -> key kind -> public id
    body_ids: dict[str, dict[str, str]]  # body field -> key kind -> public id


def _first(queryset: Any) -> str:
    """The first record's id; a kind the demo has none of (a panel decision's amendment) is
    tried on an id that exists nowhere, which every key must get 404 for."""
    row = queryset.order_by("id").first()
    return str(row.public_id if row is not None else uuid.uuid4())


def _targets(setting: Any, health: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """For each collection, the record each kind of key is tried on: any record of the demo LA,
    except the consultation and the advice requests that a setting's or health body's system
    may answer, which are theirs."""
    from ehcp import models as ehcp
    from elsec import models as elsec
    from mediation import models as mediation
    from panels import models as panels
    from partnerships import models as partnerships
    from placements import models as placements
    from records import models as records
    from sendcpp.models import Case, Organisation
    from support import models as support

    la = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="990")
    case_here = _first(Case.objects.filter(local_authority=la, child__setting=setting))

    def same(public_id: str) -> dict[str, str]:
        return dict.fromkeys(KEYS, public_id)

    advice = ehcp.AdviceRequest.objects.filter(status=ehcp.AdviceRequest.Status.REQUESTED)
    advice_for_setting = _first(advice.filter(organisation=setting))
    advice_for_health = _first(advice.filter(organisation=health))
    consultation = _first(placements.Consultation.objects.filter(setting=setting))
    child_here = str(Case.objects.get(public_id=case_here).child.public_id)
    targets = {
        "/children/": same(child_here),
        "/ehcp/advice-requests/": {
            **same(advice_for_setting),
            HEALTH: advice_for_health,
        },
        "/early-language/children/": same(_first(elsec.ChildRecord.objects.all())),
        "/ehcp/assessments/": same(_first(ehcp.Assessment.objects.all())),
        "/ehcp/plans/": same(_first(ehcp.Plan.objects.all())),
        "/ehcp/requests/": same(_first(ehcp.AssessmentRequest.objects.all())),
        "/ehcp/reviews/": same(_first(ehcp.Review.objects.all())),
        "/mediation/agreed-actions/": same(_first(mediation.AgreementTerm.objects.all())),
        "/mediation/appeals/": same(_first(mediation.TribunalAppeal.objects.all())),
        "/mediation/mediations/": same(_first(mediation.MediationCase.objects.all())),
        "/mediation/orders/": same(_first(mediation.TribunalOrder.objects.all())),
        "/mediation/windows/": same(_first(mediation.AppealWindow.objects.all())),
        "/panels/agenda-items/": same(_first(panels.AgendaItem.objects.all())),
        "/panels/bands/": same(_first(panels.FundingBand.objects.all())),
        "/panels/decisions/": same(_first(panels.PanelDecision.objects.all())),
        "/panels/meetings/": same(_first(panels.PanelMeeting.objects.all())),
        "/panels/panels/": same(_first(panels.Panel.objects.all())),
        "/partnership/actions/": same(_first(partnerships.BoardAction.objects.all())),
        "/partnership/meetings/": same(_first(partnerships.Meeting.objects.all())),
        "/partnership/members/": same(_first(partnerships.BoardMember.objects.all())),
        "/partnership/plan-versions/": same(_first(partnerships.PlanVersion.objects.all())),
        "/placements/consultations/": same(consultation),
        "/placements/placements/": same(_first(placements.Placement.objects.all())),
        "/placements/settings/": same(str(setting.public_id)),
        "/placements/tailored-lists/": same(_first(placements.TailoredList.objects.all())),
        "/support/plans/": same(_first(support.SupportPlan.objects.all())),
        "/records/plan-transfers/": same(
            _first(records.PlanTransfer.objects.filter(local_authority=la))
        ),
    }
    body_ids = {
        "case": same(case_here),
        "panel": same(_first(panels.Panel.objects.all())),
        "meeting": same(_first(panels.PanelMeeting.objects.all())),
    }
    return targets, body_ids


def _issue_keys(setting: Any, health: Any) -> dict[str, str]:
    from sendcpp import access
    from sendcpp.api.authentication import issue_api_client
    from sendcpp.models import Organisation

    la = Organisation.objects.get(kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="990")
    keys = {
        LA: issue_api_client(
            name="LA system", organisation=la, scopes=sorted(access.scopes_allowed_for(la))
        ),
        SETTING: issue_api_client(
            name="School MIS",
            organisation=setting,
            scopes=sorted(access.scopes_allowed_for(setting)),
        ),
        HEALTH: issue_api_client(
            name="Health system", organisation=health, scopes=["advice:write", "cases:read"]
        ),
        READ_ONLY: issue_api_client(
            name="Warehouse", organisation=la, scopes=["cases:read", "documents:read"]
        ),
        REVOKED: issue_api_client(
            name="Old system", organisation=la, scopes=sorted(access.scopes_allowed_for(la))
        ),
    }
    revoked, _ = keys[REVOKED]
    revoked.revoked_at = timezone.now()
    revoked.save()
    return {kind: f"Bearer {key}" for kind, (_client, key) in keys.items()}


def _advice_asked_of(organisation: Any) -> None:
    """A request for advice sent to ``organisation``: a copy of a waiting one of the demo."""
    from ehcp.models import AdviceRequest

    advice = AdviceRequest.objects.filter(status=AdviceRequest.Status.REQUESTED).order_by("id")[0]
    advice.pk = None
    advice.public_id = uuid.uuid4()
    advice.advisor = None
    advice.advisor_name = organisation.name
    advice.organisation = organisation
    advice.save()


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Iterator[Matrix]:
    from placements.models import Consultation
    from sendcpp.models import Organisation

    with django_db_blocker.unblock(), in_process():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            # The setting: one consulted on a child of the demo LA, with a child there too.
            consultation = Consultation.objects.filter(closed_at__isnull=True).order_by("id")[0]
            setting = consultation.setting
            health = Organisation.objects.get(kind=Organisation.Kind.HEALTH)
            _advice_asked_of(setting)
            _advice_asked_of(health)
            targets, body_ids = _targets(setting, health)
            yield Matrix(keys=_issue_keys(setting, health), targets=targets, body_ids=body_ids)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Rows that every call writes whatever its answer: the API call log, the read log, and the key's
# "last used" time (with its row history and that history's context). Any other change is also
# seen in its own table: the history context is never written alone.
def _logged_tables() -> set[str]:
    from pghistory.models import Context

    from sendcpp.models import AccessLog, ApiClient, ApiRequestLog

    tables = {m._meta.db_table for m in (AccessLog, ApiClient, ApiRequestLog, Context)}
    tables |= {
        m._meta.db_table
        for m in apps.get_models()
        if getattr(m, "pgh_tracked_model", None) is ApiClient
    }
    return tables


def _rows_written() -> int:
    """Rows inserted, updated or deleted so far in this transaction, outside the logs."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE NOT (relname = ANY(%s))",
            [sorted(_logged_tables())],
        )
        return int(cursor.fetchone()[0])


def _collection(path: str) -> str:
    return re.sub(r"\{id\}/.*$", "", path)


def _resolve(path: str, kind: str, matrix: Matrix) -> str:
    if "{id}" not in path:
        return V1 + path
    return V1 + path.replace("{id}", matrix.targets[_collection(path)][kind])


def _body(kind: str, matrix: Matrix) -> dict[str, str]:
    """The fields some creates read their record from (before any validation); nothing else."""
    return {field: ids[kind] for field, ids in matrix.body_ids.items()}


def _may_read(operation: str, kind: str, matrix: Matrix, client: Client) -> bool:
    """Whether the key may read what the operation acts on: the record in the path, the case
    (panel, meeting) named in the body, or the public directory."""
    path = operation.split(" ", 1)[1]
    if path.startswith("/placements/settings/"):
        return True
    if "{id}" in path:
        url = V1 + _collection(path) + matrix.targets[_collection(path)][kind] + "/"
    elif path.startswith("/panels/meetings/"):
        url = f"{V1}/panels/panels/{matrix.body_ids['panel'][kind]}/"
    elif path.startswith("/panels/agenda-items/"):
        url = f"{V1}/panels/meetings/{matrix.body_ids['meeting'][kind]}/"
    elif path.startswith(("/panels/", "/partnership/", "/records/plan-transfers/")):
        return False  # the caller's own LA's panels, board or records, which no key reads
    else:
        url = f"{V1}/cases/{matrix.body_ids['case'][kind]}/"
    return client.get(url).status_code == 200


@pytest.mark.parametrize("kind", KEYS)
@pytest.mark.parametrize("operation", sorted(ALLOWED))
def test_partner_key_write(matrix, operation, kind):
    client = Client(HTTP_AUTHORIZATION=matrix.keys[kind])
    method, path = operation.split(" ", 1)
    url = _resolve(path, kind, matrix)
    savepoint = transaction.savepoint()
    try:
        before = _rows_written()
        response = getattr(client, method)(
            url, _body(kind, matrix), content_type="application/json"
        )
        written = _rows_written() - before
        readable = _may_read(operation, kind, matrix, client)
    finally:
        transaction.savepoint_rollback(savepoint)
    if kind == REVOKED:
        assert response.status_code == 401
    elif kind in ALLOWED[operation]:
        assert response.status_code not in {401, 403, 404}, response.content[:300]
        return
    else:
        expected = 403 if readable else 404
        assert response.status_code == expected, (readable, response.content[:300])
    assert written == 0
