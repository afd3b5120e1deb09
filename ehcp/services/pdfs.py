"""The PDF of an issued plan version: made by the shared pipeline (``sendcpp.pdf``), from the
source registered in ``ehcp.documents``. Here only who may ask for it to be made again."""

from __future__ import annotations

from typing import cast

from django.db import transaction

from ehcp.models import PlanVersion
from ehcp.services.casework import require
from sendcpp import pdf
from sendcpp.access import Action, Actor
from sendcpp.models import Document


@transaction.atomic
def retry_plan_pdf(version: PlanVersion, *, by: Actor) -> Document:
    """Try again to make a PDF that could not be made after every retry."""
    from ehcp.documents import PLAN_VERSION_PDF

    version = PlanVersion.objects.select_related("plan__case").get(pk=version.pk)
    require(by, Action.EDIT, version.plan.case, "You cannot change this plan")
    return cast(Document, pdf.prepare_again(PLAN_VERSION_PDF, version.pk))
