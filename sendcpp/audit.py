"""The audit trail a data protection officer can rely on: who read which child's record, and who
changed what, when and through which route, in plain words, scoped to one local authority.

Three parts:

1. **Who acted.** Every request, partner-key call and background task runs inside a pghistory
   context naming the actor (a person, a partner key or a task) and the route ("page", "api key",
   "background task") with the URL route name, never the URL itself (ids, query strings). The
   database triggers of django-pghistory copy that context onto every row-history event, bulk
   updates included.
2. **Who read what.** ``record_read`` writes the read-access log (``AccessLog``). During a request
   reads are collected and written once when the response is ready: one entry per thing viewed,
   the most specific one (a plan page logs "plan", not also "case").
3. **Reading it back.** ``reads_for`` and ``changes_for`` give a manager their own local
   authority's audit trail, filtered by child, person and date range; ``change_rows`` turns
   row-history events into plain words through a small registry (``register_history``) that
   apps fill from ``AppConfig.ready``.

Nothing here can be altered: ``AccessLog`` has a protect trigger, and ``install_append_only``
(run after every ``migrate``) puts one on every pghistory event table and on the context table.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pghistory
from django.apps import apps
from django.db import connections, models
from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone

from sendcpp.models import AccessLog, ApiClient, Case, Child, Organisation, User
from sendcpp.shapes import ShapedQuery, Shapes
from sendcpp.web.paging import SeekPage

if TYPE_CHECKING:
    from django.http import HttpRequest

    from sendcpp.access import Actor


# --- 1. Who acted: the pghistory context -------------------------------------------------------

ROUTE_PAGE = "page"
ROUTE_API_KEY = "api key"
ROUTE_API_SIGNED_IN = "api signed in"
ROUTE_TASK = "background task"

ROUTE_LABELS = {
    ROUTE_PAGE: "Web page",
    ROUTE_API_KEY: "Partner API key",
    ROUTE_API_SIGNED_IN: "API, signed in",
    ROUTE_TASK: "Background task",
}

# What the open audit context holds (None: no context open). A task run in-process inside a
# request (no broker) keeps the request's actor rather than opening its own.
_context_keys: ContextVar[dict[str, Any] | None] = ContextVar("sendcpp_audit_keys", default=None)


def actor_metadata(actor: Actor | None) -> dict[str, Any]:
    """What the audit keeps about who acted: ids to filter on, and the name at the time."""
    if isinstance(actor, ApiClient):
        return {
            "api_client": actor.pk,
            "api_client_name": actor.name,
            "org": actor.organisation_id,
        }
    if isinstance(actor, User) and actor.is_authenticated:
        return {"user": actor.pk, "user_name": actor.display_name, "org": actor.organisation_id}
    return {}


def _add_to_context(**metadata: Any) -> None:
    # Called as a function, pghistory.context adds to the open context. Keys are only ever
    # added, never changed (the context table refuses changes): the first actor named stays.
    keys = _context_keys.get()
    if keys is None:
        return
    new = {key: value for key, value in metadata.items() if key not in keys}
    if new:
        keys.update(new)
        pghistory.context(**new)


@contextlib.contextmanager
def acting(route: str, route_name: str = "", actor: Actor | None = None) -> Iterator[None]:
    """Run the block as ``actor`` through ``route``: every change it makes names them."""
    if _context_keys.get() is not None:
        yield
        return
    metadata: dict[str, Any] = {"route": route, **actor_metadata(actor)}
    if route_name:
        metadata["route_name"] = route_name
    token = _context_keys.set(dict(metadata))
    try:
        with pghistory.context(**metadata):
            yield
    finally:
        _context_keys.reset(token)


def api_key_authenticated(client: ApiClient) -> None:
    """Called by partner-key authentication (DRF authenticates after Django's middleware)."""
    _add_to_context(route=ROUTE_API_KEY, **actor_metadata(client))


def person_signed_in(user: User) -> None:
    """Called on sign-in: the rest of the sign-in request acts as the person."""
    _add_to_context(**actor_metadata(user))


def route_resolved(route_name: str) -> None:
    """The URL route name (for example ``ehcp:plan-edit``), once Django has resolved it."""
    _add_to_context(route_name=route_name)


@contextlib.contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Open the audit context and the read buffer for one request (see AuditContextMiddleware).

    A partner-key call names its key when DRF authenticates it; any other API call and every
    page name the signed-in person (or nobody) from the start."""
    is_api = request.path_info.startswith("/api/")
    with_key = request.headers.get("Authorization", "").startswith("Bearer ")
    metadata: dict[str, Any] = {}
    if not (is_api and with_key):
        metadata = {
            "route": ROUTE_API_SIGNED_IN if is_api else ROUTE_PAGE,
            **actor_metadata(getattr(request, "user", None)),
        }
    reads = _ReadBuffer()
    reads_token = _pending_reads.set(reads)
    keys_token = _context_keys.set(dict(metadata))
    try:
        with pghistory.context(**metadata):
            yield
    finally:
        _context_keys.reset(keys_token)
        _pending_reads.reset(reads_token)
        match = getattr(request, "resolver_match", None)
        reads.write(route_name=match.view_name if match else "", via="api" if is_api else "web")


_running_tasks: dict[str, contextlib.ExitStack] = {}


def task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    """Celery ``task_prerun``: changes made by a task name the task."""
    stack = contextlib.ExitStack()
    name = getattr(task, "name", "") or "unknown task"
    stack.enter_context(acting(ROUTE_TASK, route_name=name))
    _running_tasks[str(task_id)] = stack


def task_finished(task_id: str | None = None, **_: Any) -> None:
    """Celery ``task_postrun``: close the task's context."""
    stack = _running_tasks.pop(str(task_id), None)
    if stack is not None:
        stack.close()


def connect_signals() -> None:
    from celery.signals import task_postrun, task_prerun
    from django.contrib.auth.signals import user_logged_in

    task_prerun.connect(task_started, dispatch_uid="sendcpp.audit.task_started")
    task_postrun.connect(task_finished, dispatch_uid="sendcpp.audit.task_finished")
    user_logged_in.connect(
        lambda sender, request, user, **kwargs: person_signed_in(user),
        dispatch_uid="sendcpp.audit.person_signed_in",
        weak=False,
    )


# --- 2. Who read what: the read-access log ------------------------------------------------------

#: Reads that only say a case or child record was opened; a more specific read of the same case
#: in the same request (a plan, a document) replaces them.
GENERIC_READS = frozenset({"case", "child record"})


@dataclass(frozen=True)
class _Read:
    actor: Any
    child_id: int
    case_id: int | None
    what: str
    item: str


@dataclass
class _ReadBuffer:
    reads: list[_Read] = field(default_factory=list)

    def add(self, read: _Read) -> None:
        self.reads.append(read)

    def entries(self) -> list[_Read]:
        """One entry per thing viewed: duplicates dropped, and a generic read dropped when the
        same request read something more specific about the same child and case."""
        specific = {(r.child_id, r.case_id) for r in self.reads if r.what not in GENERIC_READS}
        specific_children = {child for child, _case in specific}
        kept: list[_Read] = []
        seen: set[tuple[Any, ...]] = set()
        for read in self.reads:
            if read.what in GENERIC_READS and (
                (read.child_id, read.case_id) in specific
                or (read.case_id is None and read.child_id in specific_children)
            ):
                continue
            key = (
                type(read.actor),
                read.actor.pk,
                read.child_id,
                read.case_id,
                read.what,
                read.item,
            )
            if key not in seen:
                seen.add(key)
                kept.append(read)
        return kept

    def write(self, *, route_name: str, via: str) -> None:
        _write(self.entries(), route_name=route_name, via=via)
        self.reads.clear()


_pending_reads: ContextVar[_ReadBuffer | None] = ContextVar("sendcpp_audit_reads", default=None)


def _write(reads: Iterable[_Read], *, route_name: str, via: str = "web") -> None:
    entries = list(reads)
    if len(entries) == 1:
        # One INSERT is atomic on its own: saved, not bulk-created, it costs one round trip
        # rather than three (``bulk_create`` wraps even one row in BEGIN and COMMIT). Most pages
        # that read a record write exactly one entry.
        read = entries[0]
        is_client = isinstance(read.actor, ApiClient)
        AccessLog(
            user=None if is_client else read.actor,
            api_client=read.actor if is_client else None,
            child_id=read.child_id,
            case_id=read.case_id,
            what=read.what[:_WHAT],
            item=read.item[:_ITEM],
            via="api" if is_client else via,
            route=route_name[:_ROUTE],
        ).save(force_insert=True)
    elif entries:
        _insert_many(entries, route_name=route_name, via=via)


#: How long each text the log keeps may be (the model's own lengths).
_WHAT, _ITEM, _ROUTE = (
    int(AccessLog._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]
    for name in ("what", "item", "route")
)

#: The columns ``_insert_many`` fills from arrays, one array a column (the time is one value).
_ARRAY_COLUMNS = (
    ("user", "bigint"),
    ("api_client", "bigint"),
    ("child", "bigint"),
    ("case", "bigint"),
    ("what", "text"),
    ("item", "text"),
    ("via", "text"),
    ("route", "text"),
)


@lru_cache(maxsize=1)
def _insert_many_sql() -> str:
    meta = AccessLog._meta
    quote = connections["default"].ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name, _kind in _ARRAY_COLUMNS)
    arrays = ", ".join(f"%s::{kind}[]" for _name, kind in _ARRAY_COLUMNS)
    # Names from the model's own metadata, quoted; every value a parameter.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({quote(meta.get_field('at').column)}, {columns}) "  # noqa: S608
        f"SELECT %s, * FROM unnest({arrays})"
    )


def _insert_many(reads: list[_Read], *, route_name: str, via: str) -> None:
    """Several entries in one statement, each column as one array (``unnest``): a list of 50
    records read in one request was 450 parameters through ``bulk_create`` (3.4 ms), and is 9
    here (1.2 ms). The columns are filled straight from the reads, as ``_write`` fills one row
    (a model instance for each of 50 rows cost as much again as the insert); one time for all."""
    users: list[int | None] = []
    clients: list[int | None] = []
    vias: list[str] = []
    for read in reads:
        is_client = isinstance(read.actor, ApiClient)
        users.append(None if is_client else read.actor.pk)
        clients.append(read.actor.pk if is_client else None)
        vias.append("api" if is_client else via)
    values = [
        users,
        clients,
        [read.child_id for read in reads],
        [read.case_id for read in reads],
        [read.what[:_WHAT] for read in reads],
        [read.item[:_ITEM] for read in reads],
        vias,
        [route_name[:_ROUTE]] * len(reads),
    ]
    with connections["default"].cursor() as cursor:
        cursor.execute(_insert_many_sql(), [timezone.now(), *values])


def record_read(
    actor: Actor, *, child_id: int, case: Case | None, what: str, item: str = ""
) -> None:
    """Log that ``actor`` read ``what`` (case, plan, document, advice request, child record...)
    about a child; ``item`` says which one (a document's title, a plan version). Reads by nobody
    (anonymous) are never allowed, so there is nothing to record for them.

    Inside a request the read is written once, when the response is ready; elsewhere at once."""
    record_read_ids(
        actor,
        child_id=child_id,
        case_id=case.pk if case is not None else None,
        what=what,
        item=item,
    )


def record_read_ids(
    actor: Actor, *, child_id: int, case_id: int | None, what: str, item: str = ""
) -> None:
    """``record_read`` for a record known by its ids (say, the rows of a list)."""
    if not isinstance(actor, ApiClient | User) or not actor.is_authenticated:
        return
    read = _Read(actor, child_id, case_id, what, item)
    buffer = _pending_reads.get()
    if buffer is not None:
        buffer.add(read)
    else:
        _write([read], route_name="")


# --- Unalterable: append-only triggers on the history tables ------------------------------------

_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION sendcpp_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Cannot update or delete rows from % table: the audit trail is append-only',
        TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

# The context row is upserted by pghistory as a request goes on (the route name, then the
# person or key, are added): it may gain keys, never lose or change one, and is never deleted.
_CONTEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION sendcpp_guard_audit_context() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id
            OR NEW.created_at IS DISTINCT FROM OLD.created_at
            OR NOT (NEW.metadata::jsonb @> OLD.metadata::jsonb) THEN
        RAISE EXCEPTION
            'Cannot update or delete rows from % table: the audit trail is append-only',
            TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY_TRIGGER = "sendcpp_audit_append_only"


def event_models() -> list[type[models.Model]]:
    """Every pghistory event model (one per tracked model), in a stable order."""
    from pghistory.models import Event

    found = [m for m in apps.get_models() if issubclass(m, Event) and not m._meta.proxy]
    return sorted(found, key=lambda m: m._meta.label)


def install_append_only(using: str = "default", **_: Any) -> None:
    """Refuse UPDATE and DELETE on every row-history table and on the context table.

    Run after every ``migrate`` (post_migrate), so a table added by any app is covered without
    touching that app's migrations. Idempotent: only missing triggers are created."""
    connection = connections[using]
    if connection.vendor != "postgresql":  # pragma: no cover - PostgreSQL only
        return
    from pghistory.models import Context

    tables = set(connection.introspection.table_names())
    wanted = [m._meta.db_table for m in event_models() if m._meta.db_table in tables]
    context_table = Context._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [APPEND_ONLY_TRIGGER],
        )
        have = {row[0] for row in cursor.fetchall()}
        missing = [table for table in wanted if table not in have]
        if missing:
            cursor.execute(_REFUSE_FUNCTION)
        for table in missing:
            cursor.execute(
                f'CREATE TRIGGER {APPEND_ONLY_TRIGGER} BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION sendcpp_refuse_audit_change()"
            )
        if context_table in tables and context_table not in have:
            cursor.execute(_CONTEXT_FUNCTION)
            cursor.execute(
                f'CREATE TRIGGER {APPEND_ONLY_TRIGGER} BEFORE UPDATE OR DELETE ON "{context_table}" '
                "FOR EACH ROW EXECUTE FUNCTION sendcpp_guard_audit_context()"
            )


# --- 3. Plain words: what each tracked model and field is called --------------------------------


@dataclass
class HistoryLabels:
    """How the audit names one tracked model's changes.

    ``name``: the record, for example "EHC plan". ``fields``: field name -> label, for example
    ``{"next_due_on": "Next statutory deadline"}``. ``hidden``: fields never shown (noise).
    ``no_values``: fields whose change is shown without the old and new values (secrets, long
    text). ``case``/``child``/``la``: lookups from the event row to the case, child and local
    authority (found automatically when left out). ``shared``: reference data that belongs to
    no local authority (a manager sees only changes made by their own staff and keys)."""

    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    no_values: frozenset[str] = frozenset()
    case: str | None = None
    child: str | None = None
    la: str | None = None
    shared: bool = False


_LABELS: dict[str, HistoryLabels] = {}

#: Never shown: bookkeeping that changes with every save.
_ALWAYS_HIDDEN = frozenset({"id", "updated_at", "lock_version", "pgh_obj", "pgh_context"})
_SECRET_WORDS = ("hash", "secret", "token", "password", "key_prefix")


def register_history(model_label: str, **labels: Any) -> None:
    """Name a tracked model and its fields for the audit trail (from ``AppConfig.ready``)."""
    existing = _LABELS.get(model_label)
    if existing is not None:
        merged = {**existing.__dict__, **labels}
        merged["fields"] = {**existing.fields, **labels.get("fields", {})}
        _LABELS[model_label] = HistoryLabels(**merged)
    else:
        _LABELS[model_label] = HistoryLabels(**labels)


register_history(
    "sendcpp.Case",
    name="Case",
    fields={
        "next_due_on": "Next statutory deadline date",
        "next_due_label": "Next statutory deadline",
        "stage": "Stage",
        "stage_changed_at": "Stage changed at",
        "coordinator": "Coordinator",
        "team": "Team",
        "request_received_on": "Request received on",
        "plan_issued_on": "Plan issued on",
        "closed_on": "Closed on",
    },
    case="pgh_obj",
    child="child",
    la="local_authority",
)
register_history("sendcpp.Child", name="Child's record", child="pgh_obj", la="responsible_la")
register_history("sendcpp.Relationship", name="Family member's link to the child")
register_history("sendcpp.Document", name="Document")
register_history("sendcpp.Team", name="Team", la="local_authority")
register_history("sendcpp.StaffProfile", name="Staff role", la="user__organisation")
register_history(
    "sendcpp.ApiClient",
    name="Partner key",
    la="organisation",
    hidden=frozenset({"last_used_at"}),
    no_values=frozenset({"key_hash", "key_prefix"}),
)
register_history("sendcpp.Organisation", name="Organisation", shared=True)


@dataclass(frozen=True)
class Scope:
    case: str | None
    child: str | None
    la: str | None  # a lookup to the local authority, or None: shared data, scoped by actor


def _fk(model: type[models.Model], name: str) -> models.Field | None:
    try:
        found = model._meta.get_field(name)
    except Exception:
        return None
    return found if isinstance(found, models.ForeignKey) else None


def _find_case_path(event_model: type[models.Model]) -> str | None:
    """A lookup from the event row to its case: its own ``case`` or one hop through another
    copied foreign key (a plan row's plan, a concession's appeal). Never through people or
    organisations."""
    if (fk := _fk(event_model, "case")) and fk.related_model is Case:
        return "case"
    for candidate in event_model._meta.concrete_fields:
        if not isinstance(candidate, models.ForeignKey) or candidate.name.startswith("pgh_"):
            continue
        related = candidate.related_model
        if related in (User, Organisation, Case, Child):
            continue
        if (hop := _fk(related, "case")) and hop.related_model is Case:
            return f"{candidate.name}__case"
    return None


def _find_la_path(event_model: type[models.Model], depth: int = 2) -> str | None:
    if (fk := _fk(event_model, "local_authority")) and fk.related_model is Organisation:
        return "local_authority"
    if depth == 0:
        return None
    for candidate in event_model._meta.concrete_fields:
        if not isinstance(candidate, models.ForeignKey) or candidate.name.startswith("pgh_"):
            continue
        if candidate.related_model in (User, Organisation, Case, Child):
            continue
        if found := _find_la_path(candidate.related_model, depth - 1):
            return f"{candidate.name}__{found}"
    return None


def labels_for(event_model: type[models.Model]) -> HistoryLabels:
    tracked = event_model.pgh_tracked_model  # type: ignore[attr-defined]
    return _LABELS.get(tracked._meta.label, HistoryLabels())


def scope_for(event_model: type[models.Model]) -> Scope:
    """How an event row is tied to a case, a child and a local authority."""
    labels = labels_for(event_model)
    case = labels.case or _find_case_path(event_model)
    child = labels.child
    if child is None and case is not None:
        child = "child" if case == "pgh_obj" else f"{case}__child"
    if child is None and (fk := _fk(event_model, "child")) and fk.related_model is Child:
        child = "child"
    la = labels.la
    if la is None and case is not None:
        la = f"{case}__local_authority"
    if la is None and child is not None:
        la = f"{child}__responsible_la"
    if la is None and not labels.shared:
        la = _find_la_path(event_model)
    return Scope(case=case, child=child, la=la)


# --- Reading the trail back ----------------------------------------------------------------------


@dataclass
class AuditFilters:
    """What a manager asked for. ``child`` is resolved from a case reference or the child's
    opaque id; ``person`` is a user or a partner key."""

    child: Child | None = None
    user: User | None = None
    api_client: ApiClient | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _moments(filters: AuditFilters) -> dict[str, dt.datetime]:
    """The filters' days as the moments they begin (``since``) and end (``until``: the start of
    the day after), those that are set."""
    moments = {}
    if filters.since is not None:
        moments["since"] = _day_start(filters.since)
    if filters.until is not None:
        moments["until"] = _day_start(filters.until + dt.timedelta(days=1))
    return moments


def _la_id(manager: User) -> int:
    return manager.organisation_id  # type: ignore[return-value]


def reads_for(manager: User, filters: AuditFilters) -> QuerySet[AccessLog]:
    """Reads of the children and cases of the manager's local authority, newest first."""
    return reads_query(manager, filters).queryset()


# The page of reads is compiled once per shape (``sendcpp.shapes``): which filters are set is
# the shape; the authority, the child, the person or key and the moments are the values.
_READS = Shapes("audit reads")


def reads_query(
    manager: User, filters: AuditFilters, *, columns: tuple[str, ...] = ()
) -> ShapedQuery:
    """``reads_for``, to be paged by the kit (``sendcpp.web.paging``) with each page's query
    compiled once per shape; only ``columns`` of the rows if given (the page's)."""
    values = _change_values(_la_id(manager), filters, None)

    def build(given: Mapping[str, Any]) -> QuerySet[AccessLog]:
        la = given["la"]
        log = _narrowed(
            AccessLog.objects.filter(
                Q(child__responsible_la_id=la) | Q(case__local_authority_id=la)
            ),
            given,
            child="child_id",
            user="user_id",
            api_client="api_client_id",
            at="at",
        )
        log = log.select_related("user", "api_client", "child", "case").order_by("-at", "-id")
        return log.only(*columns) if columns else log

    return ShapedQuery(_READS, (tuple(values), columns), build, values)


def _narrowed(
    rows: QuerySet[Any],
    given: Mapping[str, Any],
    *,
    child: str,
    user: str,
    api_client: str,
    at: str,
) -> QuerySet[Any]:
    """``rows`` narrowed by the filters set in ``given`` (``_change_values``: the child, the
    person or partner key, the moments a day filter begins and ends), each compared with the
    column named for it."""
    columns = {
        "child": child,
        "user": user,
        "api_client": api_client,
        "since": f"{at}__gte",
        "until": f"{at}__lt",
    }
    return rows.filter(**{columns[name]: given[name] for name in columns if name in given})


_CHANGE_COLUMNS = ("pgh_created_at", "a_model", "pgh_id", "pgh_label", "a_child", "a_case")


def _change_values(la: int, filters: AuditFilters, key: _ChangeKey | None) -> dict[str, Any]:
    """What a page of changes (or of reads) is filtered by, as values: ids, and the filters'
    days as the moments they begin and end. Which of them are present is part of the query's
    shape."""
    values: dict[str, Any] = {"la": la}
    if filters.child is not None:
        values["child"] = filters.child.pk
    if filters.user is not None:
        values["user"] = filters.user.pk
    if filters.api_client is not None:
        values["api_client"] = filters.api_client.pk
    values.update(_moments(filters))
    if key is not None:
        values["at"], values["id"] = key[0], key[2]
    return values


def _events_for(event_model: type[models.Model], values: Mapping[str, Any]) -> QuerySet | None:
    scope = scope_for(event_model)
    events = event_model.objects.all()  # type: ignore[attr-defined]
    if scope.la is not None:
        events = events.filter(**{scope.la: values["la"]})
    else:
        # Shared data (organisations, the setting directory): only changes by this LA's people
        # and keys.
        events = events.filter(pgh_context__metadata__org=values["la"])
    if "child" in values and scope.child is None:
        return None
    events = _narrowed(
        events,
        values,
        child=scope.child or "",
        user="pgh_context__metadata__user",
        api_client="pgh_context__metadata__api_client",
        at="pgh_created_at",
    )
    no_id = Value(None, output_field=models.BigIntegerField())
    return events.annotate(
        a_model=Value(event_model._meta.label, output_field=models.CharField()),
        a_child=Cast(F(scope.child), models.BigIntegerField()) if scope.child else no_id,
        a_case=Cast(F(scope.case), models.BigIntegerField()) if scope.case else no_id,
    ).values_list(*_CHANGE_COLUMNS)


def changes_for(manager: User, filters: AuditFilters) -> QuerySet:
    """Row-history events of the manager's local authority, newest first, as tuples of
    ``_CHANGE_COLUMNS``: turn a page of them into words with ``change_rows``."""
    values = _change_values(_la_id(manager), filters, None)
    parts = [q for m in event_models() if (q := _events_for(m, values)) is not None]
    if not parts:  # pragma: no cover - sendcpp's own tracked models always take part
        return AccessLog.objects.none().values_list("at")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-pgh_created_at", "-pgh_id")


# --- A page of changes, read by key ------------------------------------------------------------

#: Each history table's index for "newest first" (``install_history_indexes``): the changes page
#: reads from it in every table, so no page counts or skips rows however long the history grows.
_NEWEST_INDEX = "{table}_newest"


def install_history_indexes(using: str = "default", **_: Any) -> None:
    """Give every row-history table an index on ``(pgh_created_at DESC, pgh_id DESC)``.

    Run after every ``migrate`` (post_migrate), like ``install_append_only``, so a history table
    added by any app gets it without touching that app's migrations. Idempotent: only missing
    indexes are built, concurrently when not inside a transaction (the tables take writes)."""
    connection = connections[using]
    if connection.vendor != "postgresql":  # pragma: no cover - PostgreSQL only
        return
    tables = set(connection.introspection.table_names())
    wanted = [m._meta.db_table for m in event_models() if m._meta.db_table in tables]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        have = {row[0] for row in cursor.fetchall()}
        concurrently = "" if connection.in_atomic_block else "CONCURRENTLY "
        for table in wanted:
            name = _NEWEST_INDEX.format(table=table)
            if name not in have:
                cursor.execute(
                    f'CREATE INDEX {concurrently}IF NOT EXISTS "{name}" '
                    f'ON "{table}" (pgh_created_at DESC, pgh_id DESC)'
                )


_ChangeKey = tuple[dt.datetime, str, int]  # when, record kind (model label), history row id


def _encode_change(row: tuple[Any, ...]) -> str:
    text = json.dumps([row[0].isoformat(), row[1], row[2]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode_change(cursor: str | None) -> _ChangeKey | None:
    """The key in a cursor, or None if it is not one of ours (the first page then)."""
    if not cursor:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        at_text, label, pgh_id = raw
        at = dt.datetime.fromisoformat(at_text)
    except (ValueError, TypeError, binascii.Error):
        return None
    labels = {m._meta.label for m in event_models()}
    if (
        at.tzinfo is None
        or label not in labels
        or not isinstance(pgh_id, int)
        or not 0 < pgh_id < 2**63
    ):
        return None
    return at, label, pgh_id


def _beyond(
    event_model: type[models.Model], label: str, values: Mapping[str, Any], older: bool
) -> Q:
    """Rows of one history table that sort after the cursor (``older``) or before it, in the
    order ``(pgh_created_at, model label, pgh_id)`` newest first; the cursor's row is the
    ``label`` table's row ``values["id"]`` at ``values["at"]``. The label is the same on every row
    of a table, so this is one range of the table's ``_newest`` index: a row comparison when the
    cursor's row is from this table, else a plain bound on the time."""
    at, pgh_id = values["at"], values["id"]
    mine = event_model._meta.label
    compare = LessThan if older else GreaterThan
    if mine == label:
        row = Func(F("pgh_created_at"), F("pgh_id"), function="ROW", output_field=models.Field())
        given = Func(Value(at), Value(pgh_id), function="ROW", output_field=models.Field())
        return Q(compare(row, given))
    # Another table: ties on the time are broken by the label (descending when newest first).
    inclusive = (mine < label) if older else (mine > label)
    word = ("lte" if inclusive else "lt") if older else ("gte" if inclusive else "gt")
    return Q(**{f"pgh_created_at__{word}": at})


# Building and compiling a query over every history table costs far more than running it (tens of
# milliseconds of Python for some forty tables), and the query's shape depends only on which
# filters are set and where the cursor points: so it is compiled once per shape (``Shapes``).
_CHANGES = Shapes("audit changes")


def _changes_query(
    values: Mapping[str, Any], label: str | None, backwards: bool, limit: int
) -> QuerySet:
    sign = "" if backwards else "-"
    parts = []
    for event_model in event_models():
        events = _events_for(event_model, values)
        if events is None:
            continue
        if label is not None:
            events = events.filter(_beyond(event_model, label, values, older=not backwards))
        parts.append(events.order_by(f"{sign}pgh_created_at", f"{sign}pgh_id")[:limit])
    first, *rest = parts
    merged = first.union(*rest, all=True) if rest else first
    ordering = (f"{sign}pgh_created_at", f"{sign}a_model", f"{sign}pgh_id")
    return merged.order_by(*ordering)[:limit]


def changes_page(
    manager: User,
    filters: AuditFilters,
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int = 25,
) -> SeekPage:
    """A page of the manager's changes, newest first, after the cursor ``after`` (or before
    ``before``). Never counted: each history table gives at most a page of rows from its
    ``_newest`` index from the cursor on, and PostgreSQL merges them in one query, so the last
    page of years of history costs what the first does. A cursor that is not ours gives the
    first page."""
    backwards = before is not None and after is None
    key = _decode_change(before if backwards else after)
    backwards = backwards and key is not None
    label = key[1] if key is not None else None
    found = _CHANGES.rows(
        (label, backwards, per_page + 1),
        lambda values: _changes_query(values, label, backwards, per_page + 1),
        _change_values(_la_id(manager), filters, key),
    )
    rows = [tuple(row[name] for name in _CHANGE_COLUMNS) for row in found]
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        return SeekPage(
            rows,
            next_cursor=_encode_change(rows[-1]) if rows else None,
            previous_cursor=_encode_change(rows[0]) if rows and more else None,
        )
    return SeekPage(
        rows,
        next_cursor=_encode_change(rows[-1]) if rows and more else None,
        previous_cursor=_encode_change(rows[0]) if rows and key is not None else None,
    )


@dataclass
class ChangeRow:
    at: dt.datetime
    record: str
    action: str
    changes: list[tuple[str, str, str]]  # (field label, old, new); old/new "" when not shown
    child: Child | None
    case: Case | None
    actor: str
    route: str
    route_name: str

    @property
    def summary(self) -> str:
        if not self.changes:
            return f"{self.record} {self.action}"
        named = ", ".join(label for label, _old, _new in self.changes)
        return f"{self.record} {self.action}: {named}"


_ACTION_WORDS = {"insert": "added", "update": "changed", "delete": "deleted"}


def _plain(value: Any, model_field: models.Field, related: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), "(removed record)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return timezone.localtime(value).strftime("%-d %b %Y %H:%M")
    if isinstance(model_field, models.DateField):
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return value.strftime("%-d %b %Y")
    return str(value)


def _shows_values(name: str, model_field: models.Field, labels: HistoryLabels) -> bool:
    if name in labels.no_values or any(word in name for word in _SECRET_WORDS):
        return False
    if isinstance(model_field, models.TextField | models.JSONField | models.FileField):
        return False
    return not (isinstance(model_field, models.CharField) and (model_field.max_length or 0) > 200)


def _related_names(wanted: dict[type, set[Any]]) -> dict[tuple[type, Any], str]:
    names: dict[tuple[type, Any], str] = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            text = obj.display_name if isinstance(obj, User) else str(obj)
            names[(model, obj.pk)] = text
    return names


def _actor_words(context: dict[str, Any] | None) -> tuple[str, str, str]:
    """(who, route, route name) from an event's context metadata."""
    context = context or {}
    route = ROUTE_LABELS.get(context.get("route", ""), "Not recorded")
    route_name = str(context.get("route_name", ""))
    if "user" in context:
        who = context.get("user_name") or f"Person #{context['user']}"
    elif "api_client" in context:
        who = f"Partner system: {context.get('api_client_name') or context['api_client']}"
    elif context.get("route") == ROUTE_TASK:
        who = "Automatic task"
    else:
        who = "No one recorded (system)"
    return str(who), route, route_name


_Key = tuple[str, int]
_Diff = tuple[str, models.Field, Any, Any, bool]  # field name, field, old, new, values shown


def _load_events(rows: list[tuple[Any, ...]]) -> tuple[dict[_Key, dict], dict[_Key, dict]]:
    """The events of ``rows`` and, for each, the previous event of the same record: two queries
    per kind of record on the page."""
    by_model: dict[str, list[int]] = defaultdict(list)
    for _at, label, pgh_id, *_rest in rows:
        by_model[label].append(pgh_id)
    events: dict[_Key, dict[str, Any]] = {}
    previous: dict[_Key, dict[str, Any]] = {}
    for label, ids in by_model.items():
        model = apps.get_model(label)
        before = models.Subquery(
            model.objects.filter(
                pgh_obj_id=models.OuterRef("pgh_obj_id"), pgh_id__lt=models.OuterRef("pgh_id")
            )
            .order_by("-pgh_id")
            .values("pgh_id")[:1]
        )
        current = list(model.objects.filter(pgh_id__in=ids).annotate(a_prev=before).values())
        earlier = model.objects.filter(pgh_id__in=[r["a_prev"] for r in current if r["a_prev"]])
        prev_rows = {r["pgh_id"]: r for r in earlier.values()}
        for row in current:
            events[(label, row["pgh_id"])] = row
            if row["a_prev"] in prev_rows:
                previous[(label, row["pgh_id"])] = prev_rows[row["a_prev"]]
    return events, previous


def _diff(model: type[models.Model], event: dict[str, Any], prev: dict[str, Any]) -> list[_Diff]:
    """The fields an update changed, in the tracked model's order, noise left out."""
    labels = labels_for(model)
    changed = []
    for tracked_field in model.pgh_tracked_model._meta.concrete_fields:  # type: ignore[attr-defined]
        name = tracked_field.attname
        if name not in event or tracked_field.name in _ALWAYS_HIDDEN | labels.hidden:
            continue
        if event[name] != prev.get(name):
            shows = _shows_values(tracked_field.name, tracked_field, labels)
            changed.append((tracked_field.name, tracked_field, prev.get(name), event[name], shows))
    return changed


def change_rows(rows: Iterable[tuple[Any, ...]]) -> list[ChangeRow]:
    """Plain words for events from ``changes_for``: a few queries per page, whatever its size."""
    from pghistory.models import Context

    rows = list(rows)
    events, previous = _load_events(rows)
    context_ids = {e["pgh_context_id"] for e in events.values() if e["pgh_context_id"]}
    contexts = {c.id: c.metadata for c in Context.objects.filter(id__in=context_ids)}
    diffs: dict[_Key, list[_Diff]] = {}
    wanted: dict[type, set[Any]] = defaultdict(set)  # related records whose names are shown
    for key, event in events.items():
        prev = previous.get(key)
        if event["pgh_label"] != "update" or prev is None:
            continue
        diffs[key] = _diff(apps.get_model(key[0]), event, prev)
        for _name, model_field, old, new, shows in diffs[key]:
            if shows and isinstance(model_field, models.ForeignKey):
                wanted[model_field.related_model].update(v for v in (old, new) if v is not None)
    children = Child.objects.in_bulk({r[4] for r in rows if r[4]})
    cases = Case.objects.in_bulk({r[5] for r in rows if r[5]})
    related = _related_names(wanted)
    result = []
    for at, label, pgh_id, pgh_label, child_id, case_id in rows:
        model = apps.get_model(label)
        labels = labels_for(model)
        event = events.get((label, pgh_id), {})
        who, route, route_name = _actor_words(contexts.get(event.get("pgh_context_id")))
        changes = [
            (
                labels.fields.get(name) or str(model_field.verbose_name).capitalize(),
                _plain(old, model_field, related) if shows else "",
                _plain(new, model_field, related) if shows else "",
            )
            for name, model_field, old, new, shows in diffs.get((label, pgh_id), [])
        ]
        tracked = model.pgh_tracked_model  # type: ignore[attr-defined]
        result.append(
            ChangeRow(
                at=at,
                record=labels.name or str(tracked._meta.verbose_name).capitalize(),
                action=_ACTION_WORDS.get(pgh_label, pgh_label.replace("_", " ")),
                changes=changes,
                child=children.get(child_id),
                case=cases.get(case_id),
                actor=who,
                route=route,
                route_name=route_name,
            )
        )
    return result


# --- CSV export ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def _child_words(child: Child | None, case: Case | None) -> tuple[str, str]:
    return (child.full_name if child is not None else "", case.reference if case else "")


def reads_csv(manager: User, filters: AuditFilters) -> Iterator[str]:
    header = ["When", "Who", "Child", "Case reference", "What was viewed", "Which", "Route"]

    def rows() -> Iterator[list[Any]]:
        for entry in reads_for(manager, filters).iterator(chunk_size=500):
            who = (
                entry.user.display_name
                if entry.user
                else f"Partner system: {entry.api_client.name if entry.api_client else ''}"
            )
            child, reference = _child_words(entry.child, entry.case)
            yield [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                who,
                child,
                reference,
                entry.what,
                entry.item,
                entry.route or entry.get_via_display(),
            ]

    return _csv_lines(header, rows())


def changes_csv(manager: User, filters: AuditFilters, chunk: int = 500) -> Iterator[str]:
    header = ["When", "Who", "Route", "Route name", "Child", "Case reference", "Record",
              "Action", "Field", "Old value", "New value"]  # fmt: skip

    def rows() -> Iterator[list[Any]]:
        batch: list[tuple[Any, ...]] = []
        for row in changes_for(manager, filters).iterator(chunk_size=chunk):
            batch.append(row)
            if len(batch) >= chunk:
                yield from _change_lines(batch)
                batch = []
        yield from _change_lines(batch)

    return _csv_lines(header, rows())


def _change_lines(batch: list[tuple[Any, ...]]) -> Iterator[list[Any]]:
    for change in change_rows(batch):
        child, reference = _child_words(change.child, change.case)
        start = [
            timezone.localtime(change.at).isoformat(timespec="seconds"),
            change.actor,
            change.route,
            change.route_name,
            child,
            reference,
            change.record,
            change.action,
        ]
        if not change.changes:
            yield [*start, "", "", ""]
        for label, old, new in change.changes:
            yield [*start, label, old, new]
