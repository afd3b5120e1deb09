"""One way to run an API write: a *command* declares what it takes (input serializer), who may
run it (the action on the record's case, and the partner-key scope), what it does (one service
call) and what it answers (output serializer). ``command()`` turns the declaration into a DRF
view method, with its OpenAPI description, so every app's API writes behave alike:

1. Access first, before the input is read: the record is loaded through the app's selectors,
   which ask ``sendcpp.access``. A person who may not act answers 404, as for a missing record.
   A partner key answers 403 when it may read the record but not do this (it lacks the scope, or
   no key may: acting as the family or a panel member), and 404 when it may not even read it.
2. The input's shape is validated (400 with the fields' messages).
3. The one service is called with ``by=`` the person or the key; its ``DomainError`` becomes 400
   or 409 in ``sendcpp.api.errors``.
4. The changed record is answered through the output serializer (201 for a new record).

The declarations are listed by ``commands()`` (the permission matrix test walks them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer
from rest_framework.viewsets import GenericViewSet

from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import ApiClient

#: ``answer=NO_BODY``: the command answers with a status code and no body.
NO_BODY = None


class _Default(Enum):
    VIEWSET = "viewset"


#: ``needs``, ``scope`` or ``answer`` left out of a declaration: the viewset's own
#: ``command_needs``, ``command_scope`` or ``serializer_class`` (see ``command()``).
FROM_VIEWSET = _Default.VIEWSET

Loader = Callable[[GenericViewSet[Any], Action], Any]


@dataclass
class Call:
    """What a command's ``run`` receives: the view, the record it acts on (as loaded with the
    access the command needs), the validated input, and who acts."""

    view: GenericViewSet[Any]
    record: Any
    data: dict[str, Any]

    @property
    def by(self) -> Any:
        return self.view.request.user


@dataclass(frozen=True)
class Command:
    """A declared API write (see the module's docstring)."""

    name: str
    needs: Action
    scope: str | None
    run: Callable[[Call], Any]
    given: type[Serializer[Any]] | None
    answer: type[BaseSerializer[Any]] | None
    created: bool
    load: Loader | None
    many: bool = False


_COMMANDS: list[Command] = []


def commands() -> list[Command]:
    """Every declared API command, for tests and documentation."""
    return list(_COMMANDS)


def load_from_body(field: str = "case") -> Loader:
    """Load the case named by ``field`` of the request body (for commands that create a record
    on a case), with the access the command needs. Read before the input is validated, so that
    a refusal is never hidden behind a validation error."""

    def load(view: GenericViewSet[Any], needs: Action) -> Any:
        data = view.request.data
        public_id = data.get(field, "") if hasattr(data, "get") else ""
        return access.get_case_or_404(view.request.user, str(public_id or ""), needs)

    return load


def _load(view: GenericViewSet[Any], command: Command, needs: Action) -> Any:
    if command.load is not None:
        return command.load(view, needs)
    return view.load(needs)  # type: ignore[attr-defined]


def _refused(view: GenericViewSet[Any], command: Command) -> PermissionDenied:
    """A partner key may not do this: 403 if it may read the record, else (raised) 404."""
    _load(view, command, Action.VIEW)
    return PermissionDenied("This key may not do this.")


def execute(view: GenericViewSet[Any], command: Command) -> Response:
    """Run ``command`` for the view's request (see the module's docstring for the steps)."""
    # A partner key authenticates as its ApiClient (``sendcpp.api.authentication``).
    user: Any = view.request.user
    is_key = isinstance(user, ApiClient)
    if is_key and not access.client_may(user, command.scope):
        raise _refused(view, command)
    try:
        record = _load(view, command, command.needs)
    except Http404:
        if is_key:
            raise _refused(view, command) from None
        raise
    data: dict[str, Any] = {}
    if command.given is not None:
        given = command.given(data=view.request.data, context=view.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
    result = command.run(Call(view=view, record=record, data=data))
    code = status.HTTP_201_CREATED if command.created else status.HTTP_200_OK
    if command.answer is NO_BODY:
        return Response(status=code)
    present = getattr(view, "present", None)
    shown = present(result) if present is not None else result
    answer = command.answer(shown, many=command.many, context=view.get_serializer_context())
    return Response(answer.data, status=code)


class _Declared:
    """Placeholder put in the viewset's body by ``command()``; when the class is created it puts
    the real view method in its place, named after the attribute."""

    def __init__(
        self, declared: Command, description: str, detail: bool | None, url_path: str | None
    ) -> None:
        self.declared = declared
        self.description = description
        self.detail = detail
        self.url_path = url_path

    def __set_name__(self, owner: type, name: str) -> None:
        declared = self.declared
        for field, default in (
            ("needs", "command_needs"),
            ("scope", "command_scope"),
            ("answer", "serializer_class"),
        ):
            if getattr(declared, field) is FROM_VIEWSET:
                # A viewset's ``serializer_class`` is ``None`` unless it names one: never
                # taken as ``NO_BODY``, which a command says itself.
                value = getattr(owner, default, FROM_VIEWSET)
                if value is FROM_VIEWSET or (field == "answer" and value is None):
                    raise TypeError(f"{owner.__name__}.{name} needs {field}= or {default}")
                object.__setattr__(declared, field, value)

        def method(
            self: GenericViewSet[Any], request: Request, *args: Any, **kwargs: Any
        ) -> Response:
            return execute(self, declared)

        method.__name__ = method.__qualname__ = name
        method.__doc__ = self.description
        method.command = declared  # type: ignore[attr-defined]
        object.__setattr__(declared, "name", f"{owner.__module__}.{owner.__name__}.{name}")
        code = 201 if declared.created else 200
        answer = (
            declared.answer(many=True) if declared.many and declared.answer else declared.answer
        )
        built: Any = method
        if self.detail is not None:
            # A command answers one record (or one list), never a page of a list.
            built = action(
                detail=self.detail,
                methods=["post"],
                url_path=self.url_path,
                pagination_class=None,
            )(built)
        # After ``action``, which would otherwise replace the schema extend_schema attaches.
        built = extend_schema(request=declared.given, responses={code: answer})(built)
        setattr(owner, name, built)


def command(
    description: str,
    *,
    run: Callable[[Call], Any],
    needs: Action | Literal[_Default.VIEWSET] = FROM_VIEWSET,
    scope: str | Literal[_Default.VIEWSET] | None = FROM_VIEWSET,
    answer: type[BaseSerializer[Any]] | Literal[_Default.VIEWSET] | None = FROM_VIEWSET,
    given: type[Serializer[Any]] | None = None,
    created: bool = False,
    load: Loader | None = None,
    detail: bool | None = True,
    url_path: str | None = None,
    many: bool = False,
) -> Any:
    """Declare an API write in a viewset's body (see the module's docstring). As ``create``,
    pass ``detail=None`` (the viewset's own create); otherwise it is a POST action on the record
    (``detail=True``) or on the list, at ``url_path`` (default: the attribute's name).
    ``scope`` is the partner-key capability it needs (``None``: no key may run it).
    What most of a viewset's commands share is said once on the viewset: ``needs`` and ``scope``
    left out are its ``command_needs`` and ``command_scope``, and ``answer`` left out is its
    ``serializer_class`` (the record as the viewset shows it)."""
    declared = Command(
        name="",
        needs=needs,  # type: ignore[arg-type]  # FROM_VIEWSET until the viewset is made
        scope=scope,  # type: ignore[arg-type]
        run=run,
        given=given,
        answer=answer,  # type: ignore[arg-type]
        created=created,
        load=load,
        many=many,
    )
    _COMMANDS.append(declared)
    return _Declared(declared, description, detail, url_path)


def without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The validated input less the fields that named the record (already loaded)."""
    return {key: value for key, value in data.items() if key not in names}


def calls(service: Callable[..., Any]) -> Callable[[Call], Any]:
    """A command's ``run`` that calls ``service(record, by=..., **input)`` and answers with what
    the service returns."""

    def run(call: Call) -> Any:
        return service(call.record, by=call.by, **call.data)

    return run


def changes(service: Callable[..., Any]) -> Callable[[Call], Any]:
    """A command's ``run`` that calls ``service(record, by=..., **input)`` and answers with the
    record itself (the service changes it, or adds something to it)."""

    def run(call: Call) -> Any:
        service(call.record, by=call.by, **call.data)
        return call.record

    return run


def on_case(service: Callable[..., Any]) -> Callable[[Call], Any]:
    """A ``create_on_case`` command's ``run`` that calls ``service(case, by=..., **input)``, less
    the ``case`` that named the case (already loaded), and answers with what it made."""

    def run(call: Call) -> Any:
        return service(call.record, by=call.by, **without(call.data, "case"))

    return run


def create_on_case(
    description: str,
    *,
    given: type[Serializer[Any]],
    run: Callable[[Call], Any],
    needs: Action | Literal[_Default.VIEWSET] = FROM_VIEWSET,
    scope: str | Literal[_Default.VIEWSET] | None = FROM_VIEWSET,
    answer: type[BaseSerializer[Any]] | Literal[_Default.VIEWSET] = FROM_VIEWSET,
) -> Any:
    """Declare a viewset's ``create``: a new record on the case named by the body's ``case``,
    loaded with the access the command needs before the input is read (the defaults are those
    of ``command()``)."""
    return command(
        description,
        needs=needs,
        scope=scope,
        load=load_from_body("case"),
        given=given,
        answer=answer,
        created=True,
        detail=None,
        run=run,
    )
