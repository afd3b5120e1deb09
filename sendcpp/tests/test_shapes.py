"""Queries compiled once per shape (``sendcpp.shapes``): a kept shape gives each call its own
values, a query the kit cannot prove safe is built afresh every time, and "your work today",
which is counted through it, never gives one person another's counts."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, timedelta
from unittest import mock
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, IntegerField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pghistory.models import Context
from psycopg.types.numeric import Int4

from sendcpp import access, clock, selectors
from sendcpp.access import Action
from sendcpp.models import Case, CaseUserObjectPermission, Deadline, StaffProfile
from sendcpp.shapes import Shapes
from sendcpp.tests.factories import CaseFactory, StaffFactory

TODAY = date(2026, 12, 9)


def _references(rows):
    return sorted(row["reference"] for row in rows)


def test_a_kept_shape_gives_each_call_its_own_values(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(
            coordinator_id=values["person"], created_at__date__lte=values["day"]
        ).values("reference")

    mine = {"person": world.coordinator.pk, "day": TODAY}
    theirs = {"person": world.other_team_coordinator.pk, "day": TODAY}
    assert _references(shapes.rows("by coordinator", build, mine)) == [world.case.reference]
    assert shapes.is_kept("by coordinator", mine)
    assert _references(shapes.rows("by coordinator", build, theirs)) == [world.other_case.reference]
    # The day is a value too: before the cases were opened, none.
    long_ago = {"person": world.coordinator.pk, "day": date(2000, 1, 1)}
    assert shapes.rows("by coordinator", build, long_ago) == []
    sql, params = shapes.sql("by coordinator", build, theirs)
    assert world.other_team_coordinator.pk in params
    assert str(world.other_team_coordinator.pk) not in sql


def test_an_integer_django_gives_a_size_is_a_value_of_its_own(world):
    """Django gives psycopg an integer in an expression with its size (``Int4``): a stand-in in
    one is kept as one, and each call's value goes in at the same size."""
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(GreaterThan(F("pk"), Value(values["after"]))).order_by("pk")

    everything = sorted([world.case.pk, world.other_case.pk])
    first = shapes.objects("after", build, {"after": everything[0] - 1})
    assert shapes.is_kept("after", {"after": 0})
    assert [case.pk for case in first] == everything
    assert [case.pk for case in shapes.objects("after", build, {"after": everything[0]})] == [
        everything[1]
    ]
    _, params = shapes.sql("after", build, {"after": everything[0]})
    assert params == [everything[0]]
    assert type(params[0]) is Int4


def test_ids_in_a_list_are_each_a_value_of_their_own(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(coordinator_id__in=[values["one"], values["two"]]).values(
            "reference"
        )

    both = {"one": world.coordinator.pk, "two": world.other_team_coordinator.pk}
    expected = sorted([world.case.reference, world.other_case.reference])
    assert _references(shapes.rows("two coordinators", build, both)) == expected
    assert shapes.is_kept("two coordinators", both)
    one = {"one": world.coordinator.pk, "two": world.coordinator.pk}
    assert _references(shapes.rows("two coordinators", build, one)) == [world.case.reference]


def _by_user(values):
    """The changes' contexts naming a person, as the audit log's person filter finds them."""
    return Context.objects.filter(metadata__user=values["user"]).values("id")


def test_an_id_compared_with_a_json_value_is_a_value_of_its_own(db):
    # The audit log's person filter compares an id with a key of a JSON column: Django passes it
    # wrapped as JSON, and each call's id goes in the same wrapping.
    first, second = (Context.objects.create(id=uuid4(), metadata={"user": n}) for n in (7, 8))
    shapes = Shapes("test")

    assert [row["id"] for row in shapes.rows("by user", _by_user, {"user": 7})] == [first.id]
    assert shapes.is_kept("by user", {"user": 7})
    assert [row["id"] for row in shapes.rows("by user", _by_user, {"user": 8})] == [second.id]
    assert shapes.rows("by user", _by_user, {"user": 9}) == []


def test_a_stand_in_deep_in_a_json_value_is_never_kept(db):
    # A JSON value the wrapper shortens when written out (a long list) still has its stand-in
    # found, so the shape is built afresh each time with the call's own values.
    Context.objects.create(id=uuid4(), metadata={"users": [7] * 20 + [8]})
    shapes = Shapes("test")

    def build(values):
        return Context.objects.filter(metadata__users=[7] * 20 + [values["user"]]).values("id")

    assert len(shapes.rows("long", build, {"user": 8})) == 1
    assert not shapes.is_kept("long", {"user": 8})
    assert shapes.rows("long", build, {"user": 9}) == []


@pytest.mark.parametrize(
    "build",
    [
        # A date worked out from a value (a week on) would be frozen in the shape.
        lambda v: Deadline.objects.filter(due_on__lte=v["day"] + timedelta(days=7)).values("id"),
        # So would a time the build read from the clock.
        lambda v: Deadline.objects.filter(
            due_on__lte=v["day"], created_at__lte=timezone.now()
        ).values("id"),
        # And an id turned into words.
        lambda v: Case.objects.filter(reference=f"X-{v['person']}").values("id"),
        # And an id worked out from another.
        lambda v: Case.objects.filter(coordinator_id=v["person"] + 1).values("id"),
    ],
    ids=["date worked out", "the clock", "id in words", "id worked out"],
)
def test_a_query_that_is_not_plainly_values_is_built_afresh_each_time(world, build):
    shapes = Shapes("test")
    values = {"person": world.coordinator.pk, "day": TODAY}
    first = shapes.sql("unsafe", build, values)
    assert not shapes.is_kept("unsafe", values)
    # Built with the call's own values, so each call's SQL and parameters are its own.
    other = {"person": world.other_team_coordinator.pk, "day": TODAY + timedelta(days=1)}
    sql, params = build(other).query.sql_with_params()
    assert shapes.sql("unsafe", build, other) == (sql, list(params))
    assert first != (sql, list(params))


def test_without_a_shape_the_query_is_built_each_time(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(coordinator_id=values["person"]).values("reference")

    values = {"person": world.coordinator.pk}
    assert _references(shapes.rows(None, build, values)) == [world.case.reference]
    assert not shapes.is_kept(None, values)


def test_only_ids_dates_and_text_can_be_values(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(closed_on__isnull=values["open"]).values("id")

    with pytest.raises(TypeError, match="belongs in the shape"):
        shapes.sql("flag", build, {"open": True})
    with pytest.raises(TypeError, match="an id, a date or text"):
        shapes.sql("number", build, {"open": 1.5})  # type: ignore[dict-item]


def test_text_compared_as_it_is_is_a_value_of_its_own(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(child__legal_last_name__iexact=values["surname"]).values(
            "reference"
        )

    mine = {"surname": world.case.child.legal_last_name.upper()}
    theirs = {"surname": world.other_case.child.legal_last_name.lower()}
    assert _references(shapes.rows("by surname", build, mine)) == [world.case.reference]
    assert shapes.is_kept("by surname", mine)
    assert _references(shapes.rows("by surname", build, theirs)) == [world.other_case.reference]
    assert shapes.rows("by surname", build, {"surname": "%"}) == []  # text, never a pattern


def test_text_changed_on_its_way_into_the_query_is_never_kept(world):
    """A name searched for as the start of a word goes in as a pattern made from it: not the
    value itself, so the query is built with each call's own."""
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(child__legal_last_name__istartswith=values["start"]).values(
            "reference"
        )

    start = {"start": world.case.child.legal_last_name[:3]}
    assert _references(shapes.rows("by start", build, start)) == [world.case.reference]
    assert not shapes.is_kept("by start", start)
    other = {"start": world.other_case.child.legal_last_name[:3]}
    assert _references(shapes.rows("by start", build, other)) == [world.other_case.reference]


def test_the_shapes_kept_are_bounded(world):
    shapes = Shapes("test", kept=2)

    def build(values):
        return Case.objects.filter(coordinator_id=values["person"]).values("id")

    values = {"person": world.coordinator.pk}
    for shape in ("a", "b", "c"):
        shapes.sql(shape, build, values)
    assert shapes.is_kept("c", values)
    assert not shapes.is_kept("a", values)


# Kept shapes run as statements prepared once on each connection.


def _prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def _by_coordinator(values):
    return Case.objects.filter(
        coordinator_id=values["person"], created_at__date__lte=values["day"]
    ).values("reference")


def test_a_kept_shape_is_prepared_once_and_each_call_runs_it_with_its_values(world):
    shapes = Shapes("test")
    mine = {"person": world.coordinator.pk, "day": TODAY}
    theirs = {"person": world.other_team_coordinator.pk, "day": TODAY}
    with CaptureQueriesContext(connection) as queries:
        assert _references(shapes.rows("prepared", _by_coordinator, mine)) == [world.case.reference]
        assert _references(shapes.rows("prepared", _by_coordinator, theirs)) == [
            world.other_case.reference
        ]
    # One query a call, each running the statement with the call's values; preparing it is the
    # connection's own setup, not counted.
    (first, second) = (query["sql"] for query in queries.captured_queries)
    name = first.split("(")[0].removeprefix("EXECUTE ")
    assert first.startswith("EXECUTE shape_")
    assert second.startswith(f"EXECUTE {name}(")
    assert str(world.coordinator.pk) in first
    assert str(world.other_team_coordinator.pk) in second
    assert name in _prepared_statements()


def test_a_kept_read_is_run_without_the_history_context_and_a_write_still_has_it(world):
    """Inside a request (the audit context open), a prepared read is sent as its ``EXECUTE``
    alone, not behind pghistory's ``set_config`` calls; a write in the same context still names
    who made it."""
    from sendcpp import audit

    shapes = Shapes("test")
    mine = {"person": world.coordinator.pk, "day": TODAY}
    with audit.acting(audit.ROUTE_PAGE, actor=world.coordinator):
        wrappers = list(connection.execute_wrappers)
        assert wrappers  # pghistory's, while the context is open
        with CaptureQueriesContext(connection) as queries:
            shapes.rows("prepared", _by_coordinator, mine)
            shapes.rows("prepared", _by_coordinator, mine)
            world.case.reference = "LA-26-999999"
            world.case.save(update_fields=["reference"])
        assert connection.execute_wrappers == wrappers
    first, second, write = (query["sql"] for query in queries.captured_queries)
    assert first.startswith("EXECUTE shape_")
    assert second.startswith("EXECUTE shape_")
    assert write.startswith("SELECT set_config('pghistory.context_id'")
    latest = world.case.history.order_by("-pgh_id").first()
    assert latest.reference == "LA-26-999999"
    assert latest.pgh_context.metadata["user"] == world.coordinator.pk


def test_a_statement_postgresql_will_not_prepare_is_run_as_it_is(world):
    shapes = Shapes("test")
    values = {"person": world.coordinator.pk, "day": TODAY}
    before = _prepared_statements()
    with (
        mock.patch("sendcpp.shapes._numbered", return_value="SELECT FROM nowhere at all"),
        CaptureQueriesContext(connection) as queries,
    ):
        assert _references(shapes.rows("refused", _by_coordinator, values)) == [
            world.case.reference
        ]
        assert _references(shapes.rows("refused", _by_coordinator, values)) == [
            world.case.reference
        ]
    assert [query["sql"].startswith("SELECT") for query in queries.captured_queries] == [True] * 2
    assert _prepared_statements() == before
    # The test's transaction is still usable: the failed PREPARE was rolled back to a savepoint.
    assert Case.objects.filter(pk=world.case.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_connection_opened_afresh_prepares_again():
    context = Context.objects.create(id=uuid4(), metadata={"user": 7})
    shapes = Shapes("test")

    assert shapes.rows("again", _by_user, {"user": 7}) == [{"id": context.id}]
    first = connection.connection
    # A new connection has no statements prepared: the kit prepares it there too.
    connection.close()
    assert shapes.rows("again", _by_user, {"user": 7}) == [{"id": context.id}]
    assert connection.connection is not first
    assert any(name.startswith("shape_") for name in _prepared_statements())


def test_the_statements_prepared_on_a_connection_are_bounded(world):
    shapes = Shapes("test")
    values = {"person": world.coordinator.pk, "day": TODAY}

    def first(n):
        return lambda given: _by_coordinator(given)[: n + 1]  # another statement each

    with mock.patch("sendcpp.shapes._PREPARED_MOST", 2):
        for n in range(4):
            found = shapes.rows(f"bounded {n}", first(n), values)
            assert _references(found) == [world.case.reference]
            assert len(_prepared_statements()) <= 2
        # One let go is prepared again when it is next used.
        assert _references(shapes.rows("bounded 0", first(0), values)) == [world.case.reference]


@pytest.mark.parametrize("off", ["setting", "connection closed after each request"])
def test_behind_a_pooler_or_without_kept_connections_nothing_is_prepared(world, settings, off):
    shapes = Shapes("test")
    values = {"person": world.coordinator.pk, "day": TODAY}
    if off == "setting":
        settings.DATABASE_PREPARED_STATEMENTS = False
        patch = nullcontext()
    else:
        patch = mock.patch.dict(connection.settings_dict, {"CONN_MAX_AGE": 0})
    before = _prepared_statements()
    with patch, CaptureQueriesContext(connection) as queries:
        found = shapes.rows("not prepared", _by_coordinator, values)
    assert _references(found) == [world.case.reference]
    assert shapes.is_kept("not prepared", values)  # compiled once all the same
    (query,) = queries.captured_queries
    assert query["sql"].startswith("SELECT")
    assert _prepared_statements() == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_statement_is_prepared_as_well():
    # As on a web request's reads: the connection commits each statement, no savepoint needed.
    context = Context.objects.create(id=uuid4(), metadata={"user": 7})
    shapes = Shapes("test")

    assert connection.get_autocommit()
    before = _prepared_statements()
    assert shapes.rows("autocommit", _by_user, {"user": 7}) == [{"id": context.id}]
    assert len(_prepared_statements() - before) == 1
    assert shapes.rows("autocommit", _by_user, {"user": 8}) == []


def test_a_parameter_with_nothing_to_go_by_keeps_its_type(world):
    # ``COALESCE(NULL, 0)``: prepared with its types said outright, the 0 is still a number.
    shapes = Shapes("test")

    def build(values):
        return (
            Case.objects.filter(pk=values["case"])
            .annotate(n=Coalesce(Value(None, output_field=IntegerField()), Value(0)))
            .values("n")
        )

    assert shapes.rows("coalesce", build, {"case": world.case.pk}) == [{"n": 0}]
    assert shapes.is_kept("coalesce", {"case": world.case.pk})


# "Your work today", counted through a kept shape.


def _overdue_on(case, responsible=None):
    clock.start_deadline(
        case,
        rule="final_plan",
        by=None,
        responsible=responsible,
        request_received_on=date(2026, 6, 1),
    )


def test_work_today_never_gives_one_coordinator_anothers_counts(world):
    selectors._WORK_TODAY._compiled.clear()
    _overdue_on(world.case)
    _overdue_on(CaseFactory(team=world.case.team, coordinator=world.teammate))
    _overdue_on(CaseFactory(team=world.case.team, coordinator=world.teammate))
    assert selectors.work_today(world.coordinator, today=TODAY)["overdue"] == 1
    shape = access.scope_shape(world.coordinator)
    assert shape == (StaffProfile.Role.COORDINATOR, True, True)
    assert access.scope_shape(world.teammate) == shape
    # The teammate's counts come from the same compiled query, with their own ids.
    assert selectors.work_today(world.teammate, today=TODAY)["overdue"] == 2
    assert selectors.work_today(world.other_team_coordinator, today=TODAY)["overdue"] == 0
    # And a day earlier, nothing was overdue yet for anyone: the day is a value too.
    long_ago = date(2026, 6, 2)
    assert selectors.work_today(world.teammate, today=long_ago)["overdue"] == 0
    # The team's counts: the coordinator's team has three, the other team none.
    assert selectors.work_today(world.coordinator, today=TODAY, whole_team=True)["overdue"] == 3
    other = selectors.work_today(world.other_team_coordinator, today=TODAY, whole_team=True)
    assert other["overdue"] == 0


def test_work_today_is_one_query_once_its_shape_is_kept(world):
    _overdue_on(world.case)
    selectors.work_today(world.coordinator, today=TODAY)
    with access.remembering_grants():
        access.cases_for(world.teammate)  # the grants, looked up once a request anyway
        with CaptureQueriesContext(connection) as queries:
            work = selectors.work_today(world.teammate, today=TODAY)
    assert work["overdue"] == 0
    assert len(queries) == 1


def test_a_person_with_a_grant_is_counted_afresh_and_sees_the_granted_case(world):
    assert access.scope_shape(world.other_team_coordinator) is not None
    CaseUserObjectPermission.objects.create(
        user=world.other_team_coordinator,
        permission=Permission.objects.get(codename="view_case"),
        content_object=world.case,
    )
    assert access.scope_shape(world.other_team_coordinator) is None
    _overdue_on(world.case, responsible=world.other_team_coordinator)
    work = selectors.work_today(world.other_team_coordinator, today=TODAY)
    assert work["overdue"] == 1


def test_roles_whose_cases_an_app_adds_have_no_shape(world):
    member = StaffFactory(organisation=world.la, profile__role=StaffProfile.Role.PANEL_MEMBER)
    assert access.scope_shape(member) is None
    # A professional's cases are the advice requests an app adds: none of their own.
    assert access.scope_shape(world.professional) is None
    # A family's are their linked children's, by the person's own id: a shape for every family.
    assert access.scope_shape(world.family) == ("family", False, False)
    # A manager sees every case of the LA: no grant can add one, so none is looked up.
    with CaptureQueriesContext(connection) as queries:
        assert access.scope_shape(world.manager) == (StaffProfile.Role.MANAGER, False, True)
    assert not queries.captured_queries
    with pytest.raises(ValueError, match="staff and families"):
        access.stand_in(world.professional, person=1, team=None, organisation=None)


# Model instances from a kept shape: the case a page is about (``access.get_case_or_404``).


def test_objects_are_made_as_the_queryset_makes_them(world):
    shapes = Shapes("test")

    def build(values):
        return (
            Case.objects.filter(public_id=values["case"])
            .select_related("child", "coordinator")
            .annotate(deadline_count=Count("deadlines"))
        )

    _overdue_on(world.case)
    for case in (world.case, world.other_case):
        values = {"case": case.public_id}
        [made] = shapes.objects("one case", build, values)
        [expected] = build(values)
        assert shapes.is_kept("one case", values)
        assert (made.pk, made.reference, made.created_at) == (
            expected.pk,
            expected.reference,
            expected.created_at,
        )
        assert made.deadline_count == expected.deadline_count
        with CaptureQueriesContext(connection) as queries:
            assert made.child.full_name == case.child.full_name
            assert made.coordinator == case.coordinator
        assert not queries.captured_queries  # selected with the case
    assert shapes.objects("one case", build, {"case": uuid4()}) == []


def test_how_to_make_objects_is_worked_out_once_per_kept_shape(world):
    """The columns' converters and the related objects' populators are worked out the first
    time a kept shape makes objects, not on every call; each call's rows are still its own."""
    from django.db.models.sql.compiler import SQLCompiler

    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(pk=values["case"]).select_related("child", "coordinator")

    worked_out = mock.patch.object(
        SQLCompiler, "get_converters", autospec=True, side_effect=SQLCompiler.get_converters
    )
    with worked_out as converters:
        made = [
            shapes.objects("by id", build, {"case": case.pk})[0]
            for case in (world.case, world.other_case, world.case)
        ]
    assert converters.call_count == 1
    assert [case.child.full_name for case in made] == [
        world.case.child.full_name,
        world.other_case.child.full_name,
        world.case.child.full_name,
    ]
    assert made[1].coordinator == world.other_case.coordinator


def test_objects_refuse_a_query_that_prefetches(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(pk=values["case"]).prefetch_related("deadlines")

    with pytest.raises(TypeError, match="prefetches"):
        shapes.objects("prefetching", build, {"case": world.case.pk})


def test_a_query_that_can_select_nothing_gives_nothing(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(pk__in=[]).filter(coordinator_id=values["person"])

    values = {"person": world.coordinator.pk}
    assert shapes.objects("nothing", build, values) == []
    assert shapes.rows("nothing", build, values) == []
    with pytest.raises(EmptyResultSet):
        shapes.sql("nothing", build, values)


def test_the_case_a_page_is_about_is_each_persons_own(world):
    """Two coordinators of one shape: each gets the cases they may see, with their own rights,
    and the other's are missing, as they are when the case query is built afresh."""
    teammates_case = CaseFactory(team=world.case.team, coordinator=world.teammate)
    rights = (Action.EDIT, Action.ASSIGN)
    people = [world.coordinator, world.teammate, world.other_team_coordinator, world.manager]
    cases = [world.case, teammates_case, world.other_case]

    def seen(fresh):
        answers = {}
        for person in people:
            for case in cases:
                with (
                    mock.patch.object(access, "scope_shape", return_value=None)
                    if fresh
                    else nullcontext()
                ):
                    try:
                        found = access.get_case_or_404(person, str(case.public_id), rights=rights)
                    except Http404:
                        answers[person.username, case.reference] = None
                    else:
                        assert found.pk == case.pk
                        answers[person.username, case.reference] = found.rights
        return answers

    kept = seen(fresh=False)
    assert kept == seen(fresh=True)
    assert kept[world.coordinator.username, world.other_case.reference] is None
    assert kept[world.other_team_coordinator.username, world.other_case.reference] is not None
    assert kept[world.manager.username, world.other_case.reference] is not None


@pytest.mark.parametrize("address", ["not-a-uuid", "", "12345", "0" * 40])
def test_an_address_that_is_not_a_case_is_not_found(world, address):
    with pytest.raises(Http404):
        access.get_case_or_404(world.coordinator, address)


def test_first_gives_the_one_record_or_none(world):
    shapes = Shapes("test")

    def build(values):
        return Case.objects.filter(public_id=values["case"])[:1]

    assert shapes.first("one", build, {"case": world.case.public_id}) == world.case
    assert shapes.first("one", build, {"case": world.other_case.public_id}) == world.other_case
    assert shapes.first("one", build, {"case": uuid4()}) is None
