"""The API kit's shared pieces: what a command takes from its viewset, the usual ``run``s, and
the staff-only fields."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework import serializers

from sendcpp.access import Action
from sendcpp.api import commands as kit
from sendcpp.api.commands import Call, calls, changes, command, on_case, without
from sendcpp.api.serializers import StaffOnlyFieldsMixin
from sendcpp.api.viewsets import AnswerAsListedMixin, LoadedRecordViewSet, RecordViewSet


class _Shown(serializers.Serializer):
    name = serializers.CharField()


class _Other(serializers.Serializer):
    size = serializers.IntegerField()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> list[kit.Command]:
    """Commands declared by a test are kept out of the project's list."""
    declared: list[kit.Command] = []
    monkeypatch.setattr(kit, "_COMMANDS", declared)
    return declared


def test_a_command_takes_what_it_leaves_out_from_its_viewset(registry):
    class Things(RecordViewSet):
        serializer_class = _Shown
        command_needs = Action.EDIT
        command_scope = "things:write"

        plain = command("Plain.", run=calls(print))
        own = command(
            "Its own.",
            needs=Action.TRANSITION,
            scope=None,
            answer=_Other,
            run=calls(print),
        )

    plain, own = registry
    assert (plain.needs, plain.scope, plain.answer) == (Action.EDIT, "things:write", _Shown)
    assert (own.needs, own.scope, own.answer) == (Action.TRANSITION, None, _Other)
    assert plain.name.endswith("Things.plain")
    assert Things.plain.command is plain


def test_a_command_with_nothing_to_take_from_its_viewset_is_refused(registry):
    with pytest.raises((TypeError, RuntimeError)) as refused:

        class Things(RecordViewSet):
            command_needs = Action.EDIT
            command_scope = None

            plain = command("Plain.", run=calls(print))

    error = refused.value.__cause__ or refused.value
    assert "Things.plain needs answer= or serializer_class" in str(error)


def _call(record: Any, **data: Any) -> Call:
    view = SimpleNamespace(request=SimpleNamespace(user="someone"))
    return Call(view=view, record=record, data=data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make_run", "answered"),
    [(calls, "what the service made"), (changes, "record")],
    ids=["calls answers what the service returns", "changes answers the record"],
)
def test_a_run_calls_the_service_on_the_record_with_the_input(make_run, answered):
    seen = []

    def service(record: Any, *, by: Any, **values: Any) -> str:
        seen.append((record, by, values))
        return "what the service made"

    assert make_run(service)(_call("record", size=3)) == answered
    assert seen == [("record", "someone", {"size": 3})]


def test_on_case_leaves_out_the_case_that_named_the_record():
    seen = []

    def service(case: Any, *, by: Any, **values: Any) -> str:
        seen.append((case, by, values))
        return "made"

    assert on_case(service)(_call("the case", case="id", size=3)) == "made"
    assert seen == [("the case", "someone", {"size": 3})]
    assert without({"case": 1, "meeting": 2, "size": 3}, "case", "meeting") == {"size": 3}


class _Notes(StaffOnlyFieldsMixin, serializers.Serializer):
    title = serializers.CharField()
    staff_notes = serializers.CharField()

    staff_only_fields = ("staff_notes",)


def test_staff_only_fields_are_for_those_who_see_staff_only_content():
    record = {"title": "Meeting", "staff_notes": "Internal"}
    family = _Notes(record, context={"sees_staff_only": False}).data
    nobody_said = _Notes(record).data
    staff = _Notes(record, context={"sees_staff_only": True}).data
    assert family == {"title": "Meeting"}
    assert nobody_said == {"title": "Meeting"}
    assert staff == {"title": "Meeting", "staff_notes": "Internal"}


def test_a_loaded_record_is_read_with_the_right_to_view():
    class Things(LoadedRecordViewSet):
        def load(self, needs: Action) -> Any:
            return ("loaded", needs)

    assert Things().get_object() == ("loaded", Action.VIEW)
    with pytest.raises(NotImplementedError):
        LoadedRecordViewSet().get_object()


class _Listed:
    """A list of records of one kind, as a viewset's queryset answers."""

    def __init__(self, model: type, rows: dict[int, Any]) -> None:
        self.model, self.rows = model, rows

    def filter(self, pk: int) -> SimpleNamespace:
        return SimpleNamespace(first=lambda: self.rows.get(pk))


class _Record:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_a_result_of_the_viewsets_kind_is_answered_as_its_list_shows_it():
    listed = _Record(1)

    class Things(AnswerAsListedMixin):
        def get_queryset(self) -> _Listed:
            return _Listed(_Record, {1: listed})

    view = Things()
    assert view.present(_Record(1)) is listed
    gone = _Record(2)
    assert view.present(gone) is gone
    assert view.present("another kind") == "another kind"
