"""The shared HTML kit: what every app's pages use to show forms, dates, errors and lists the
GOV.UK way, written once.

- ``forms``: the GOV.UK form renderer, ``DomainError`` → form error, the error summary's links.
- ``dates``: the GOV.UK date input as one form field (``DateField``) with one parsing rule.
- ``handling``: ``handle_form`` — GET/POST → one service call → success banner and redirect;
  ``handle_action`` for a button with no fields; ``posted`` for the data of a POST.
- ``paging``: ``paginate`` for list pages (links built with Django's ``{% querystring %}``).

Templates live in the project's ``templates/`` folder: ``form_page.html`` and ``govuk/*.html``.
"""
