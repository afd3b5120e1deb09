"""A form that carries a formset (for example the rows of a grid under a few questions), so a
page with both goes through ``handle_form`` like any other: one form, valid only when its
formset is too, one service call, one refusal shown on the form."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms


class FormWithFormset(forms.Form):
    """The form's fields, then the formset ``formset_class`` under the prefix ``formset_prefix``
    (``form.formset`` in templates and in the service call)."""

    formset_class: ClassVar[type[forms.BaseFormSet[Any]]]
    formset_prefix: ClassVar[str] = "rows"

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.formset = self.formset_class(data, prefix=self.formset_prefix)

    def is_valid(self) -> bool:
        # Both are checked, so every error on the page is shown at once.
        form_valid = super().is_valid()
        formset_valid = self.formset.is_valid()
        return form_valid and formset_valid

    @property
    def has_errors(self) -> bool:
        """Whether the form or any form of its formset has an error (for the page title)."""
        return bool(self.errors or self.formset.total_error_count())
