"""The decision letter to the family: plain English, with the rights of appeal and mediation when
the decision can be appealed (CFA s51; SEND Regs regs 5, 10, 25, 31 and 32-33). Rendered from the
template ``panels/letters/decision_letter.html``; the stored document is that HTML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string

from panels.models import DecisionAmendment, DecisionKind, Outcome, PanelDecision
from sendcpp.clock import compute_due
from sendcpp.models import Relationship

K, Out = DecisionKind, Outcome


@dataclass(frozen=True)
class LetterText:
    """What the letter says about one kind of decision and outcome."""

    title: str
    decided: str
    next: str


LETTER_TEXT: dict[tuple[str, str], LetterText] = {
    (K.ASSESS, Out.AGREED): LetterText(
        "We will carry out an education, health and care needs assessment",
        "we will carry out an education, health and care (EHC) needs assessment for {name}.",
        "We will now ask professionals, such as an educational psychologist, health and social "
        "care, for advice. We will ask for your views too. If we decide not to write a plan, we "
        "must tell you within 16 weeks of your request. If we write a plan, the final plan must "
        "be ready within 20 weeks of your request.",
    ),
    (K.ASSESS, Out.REFUSED): LetterText(
        "We will not carry out an education, health and care needs assessment",
        "we will not carry out an education, health and care (EHC) needs assessment for {name} "
        "now.",
        "{name}'s school or setting should keep supporting them through SEN support. You can ask "
        "us again if things change.",
    ),
    (K.ISSUE, Out.AGREED): LetterText(
        "We will write an education, health and care plan",
        "we will write an education, health and care (EHC) plan for {name}.",
        "We will send you a draft plan. You will have at least 15 days to comment on it and to "
        "tell us which school or college you would like named.",
    ),
    (K.ISSUE, Out.REFUSED): LetterText(
        "We will not issue an education, health and care plan",
        "we will not issue an education, health and care (EHC) plan for {name}.",
        "We will send you the information gathered in the assessment. {name}'s school or setting "
        "should use it to support them.",
    ),
    (K.REASSESS, Out.AGREED): LetterText(
        "We will carry out a reassessment",
        "we will reassess {name}'s education, health and care needs.",
        "We will ask professionals for advice again. Any new or amended plan must be ready "
        "within 14 weeks of this decision.",
    ),
    (K.REASSESS, Out.REFUSED): LetterText(
        "We will not carry out a reassessment",
        "we will not reassess {name}'s education, health and care needs now.",
        "{name}'s plan stays in place and will be reviewed at least once a year.",
    ),
    (K.CEASE, Out.AGREED): LetterText(
        "We will stop maintaining the education, health and care plan",
        "we will stop maintaining {name}'s education, health and care (EHC) plan.",
        "We will keep providing what the plan says while you can appeal, and until any appeal "
        "is decided.",
    ),
    (K.CEASE, Out.REFUSED): LetterText(
        "We will keep the education, health and care plan",
        "we will keep maintaining {name}'s education, health and care (EHC) plan.",
        "The plan stays in place and will be reviewed at least once a year.",
    ),
    (K.FUNDING, Out.AGREED): LetterText(
        "Funding for the support in the plan",
        "the support in {name}'s plan will be funded at {band}.",
        "We will pay this funding to {name}'s school or setting to provide the support in the "
        "plan.",
    ),
    (K.FUNDING, Out.REFUSED): LetterText(
        "Funding for the support in the plan",
        "no extra (top-up) funding is needed for the support in {name}'s plan.",
        "{name}'s school or setting will provide the support from the money it already has.",
    ),
    (K.PLACEMENT, Out.AGREED): LetterText(
        "The type of school or setting for the plan",
        "the type of school or setting we think is right for {name} is: {placement}.",
        "We will name a school or setting in the plan. We take into account the school or "
        "college you asked for.",
    ),
    (K.PLACEMENT, Out.REFUSED): LetterText(
        "The type of school or setting for the plan",
        "we have not yet agreed a type of school or setting for {name}.",
        "We will talk to you about what happens next.",
    ),
}

#: Decisions the family can appeal to the First-tier Tribunal (SEND) straight away.
APPEALABLE = frozenset(
    {
        (K.ASSESS, Out.REFUSED),
        (K.ISSUE, Out.REFUSED),
        (K.REASSESS, Out.REFUSED),
        (K.CEASE, Out.AGREED),
    }
)


def is_appealable(decision: PanelDecision) -> bool:
    return (decision.kind, decision.outcome) in APPEALABLE


def _addressees(decision: PanelDecision) -> list[str]:
    names = Relationship.objects.filter(
        child_id=decision.case.child_id, is_decision_maker=True
    ).values_list("full_name", flat=True)
    return sorted(names)


def _appeal_dates(decided_on: date) -> dict[str, date]:
    return {
        "mediation_by": compute_due("mediation_adviser_contact", {"decision_sent_on": decided_on}),
        "appeal_by": compute_due(
            "appeal", {"decision_sent_on": decided_on, "certificate_issued_on": None}
        ),
    }


def render_decision_letter_html(
    decision: PanelDecision, *, amendment: DecisionAmendment | None = None
) -> str:
    """The family's letter for ``decision`` (as corrected by ``amendment``, if given)."""
    case = decision.case
    child = case.child
    name = child.full_name
    text = LETTER_TEXT[(decision.kind, decision.outcome)]
    fill = {
        "name": name,
        "band": decision.band_name or "",
        "placement": decision.get_placement_type_display() if decision.placement_type else "",
    }
    wording = amendment or decision
    return render_to_string(
        "panels/letters/decision_letter.html",
        {
            "decision": decision,
            "amendment": amendment,
            "case": case,
            "child": child,
            "local_authority": case.local_authority,
            "addressees": _addressees(decision),
            "title": text.title,
            "decided": text.decided.format(**fill),
            "next": text.next.format(**fill),
            "reasons": wording.reasons,
            "next_steps": wording.next_steps,
            "next_step_due_on": wording.next_step_due_on,
            "appealable": is_appealable(decision),
            "placement": decision.kind == K.PLACEMENT and decision.outcome == Out.AGREED,
            **(_appeal_dates(decision.decided_on) if is_appealable(decision) else {}),
        },
    )
