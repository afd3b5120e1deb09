"""The shared HTML kit: what every app's pages use to show forms, dates, errors and lists the
GOV.UK way, written once.

- ``forms``: the GOV.UK form renderer, ``DomainError`` → form error, the error summary's links.
- ``dates``: the GOV.UK date input as one form field (``DateField``) with one parsing rule.
- ``handling``: ``handle_form`` — GET/POST → one service call → success banner and redirect;
  ``handle_record_form`` for a form whose fields are the service's arguments; ``handle_action``
  for a button with no fields; ``posted`` for the data of a POST.
- ``editing``: ``handle_edit`` — ``handle_form`` for records several people edit at once.
- ``formsets``: ``FormWithFormset``, a form carrying its formset through ``handle_form``.
- ``fields``: ``text_field``, ``radio_field`` and ``date_form`` (a form asking for one date);
  ``RowChoiceField``, a model choice read as rows of the columns its labels need.
- ``paging``: ``paginate`` for list pages, numbered or keyset ("seek") pages that never count
  (links built with Django's ``{% querystring %}``).
- ``widgets``: ``QuickSelect``, a select written in Python for long lists of choices.

Templates live in the project's ``templates/`` folder: ``form_page.html`` and ``govuk/*.html``.
"""
