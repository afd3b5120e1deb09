"""The PDF of a published tailored list: made by the shared pipeline (``sendcpp.pdf``), from
the source registered in ``placements.documents``. Here only who may ask for it to be made
again."""

from __future__ import annotations

from typing import cast

from django.db import transaction

from placements.models import TailoredListVersion
from placements.services.casework import require
from sendcpp import pdf
from sendcpp.access import Action, Actor
from sendcpp.models import Document


@transaction.atomic
def retry_list_pdf(version: TailoredListVersion, *, by: Actor) -> Document:
    """Try again to make a PDF that could not be made after every retry."""
    from placements.documents import TAILORED_LIST_PDF

    version = TailoredListVersion.objects.select_related("tailored_list__case").get(pk=version.pk)
    require(by, Action.EDIT, version.tailored_list.case, "You cannot change this list")
    return cast(Document, pdf.prepare_again(TAILORED_LIST_PDF, version.pk))
