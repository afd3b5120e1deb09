"""The PDF of a support plan, through the one pipeline (``sendcpp.pdf``): a tagged PDF in British
English titled by the plan. A support plan is a working document, so it is rendered when asked
for (the family and setting print the plan as it stands) rather than stored."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sendcpp import pdf
from support import selectors
from support.models import SupportPlan

_TEMPLATE = "support/pdf/plan.html"
_STYLESHEET = "support/pdf/plan.css"  # a static file


def plan_context(plan: SupportPlan) -> dict[str, Any]:
    return {
        "document_title": f"Support plan for {plan.child.full_name}",
        "plan": plan,
        "child": plan.child,
        "areas": selectors.rows_with_warnings(plan),
        "reviews": plan.reviews.order_by("reviewed_on", "id"),
        "printed_on": timezone.localdate(),
    }


def plan_pdf(plan: SupportPlan) -> bytes:
    return pdf.render_pdf(
        pdf.titled_spec(_TEMPLATE, plan_context(plan), stylesheets=(_STYLESHEET,))
    )
