"""The base of the apps' API viewsets."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, viewsets

from sendcpp import access
from sendcpp.access import Action
from sendcpp.api.views import AuditedMixin

#: A public id in a URL: a UUID as text.
PUBLIC_ID_PATTERN = "[0-9a-fA-F-]{36}"


class RecordViewSet(
    AuditedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Lists one kind of record and reads one by its public id, with every read audited. An
    app's viewset names its queryset (from its selectors) and declares its writes as commands
    (``sendcpp.api.commands``)."""

    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN


class StaffOnlyContextMixin:
    """Tells the serializers whether the caller sees staff-only content (the context's
    ``sees_staff_only``; ``sendcpp.api.serializers.StaffOnlyFieldsMixin`` reads it)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        context["sees_staff_only"] = access.sees_staff_only_content(
            self.request.user  # type: ignore[attr-defined]
        )
        return context


class LoadedRecordViewSet(RecordViewSet):
    """A record viewset that reads one record as its commands load it: ``load(needs)`` (the
    app's selector, asking ``sendcpp.access`` for ``needs``; 404 when refused) with the right
    to view."""

    def load(self, needs: Action) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        return self.load(Action.VIEW)


class AnswerAsListedMixin:
    """A command's result of the viewset's own kind is answered as the viewset's list shows it
    (with what the list loads with it); a record the caller no longer sees (an item taken off
    the agenda) answers as it is, and a record of another kind as it is."""

    def present(self, record: Any) -> Any:
        queryset = self.get_queryset()  # type: ignore[attr-defined]
        if not isinstance(record, queryset.model):
            return record
        return queryset.filter(pk=record.pk).first() or record
