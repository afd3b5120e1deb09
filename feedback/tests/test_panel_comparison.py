"""The one- against two-panel comparison from real panel decisions: the panel configuration on
each decision is copied onto the invitation when the family is asked, so a later change of the
council's panels never moves an answer between groups; the report's figures against
hand-computed ones."""

from __future__ import annotations

from decimal import Decimal

from ehcp import services as ehcp_services
from feedback import selectors, services
from feedback.models import Invitation, Touchpoint
from feedback.reports import SUPPRESSED
from feedback.tests.factories import GOOD_ANSWERS, questionnaire
from panels.models import Panel, PanelKind
from panels.tests.conftest import (  # noqa: F401  the panels fixtures, used here by name
    REQUEST_RECEIVED,
    _default_criteria,
    panels,
    pinned_today,
)
from panels.tests.test_services import decide, on_agenda, started
from sendcpp.tests.factories import CaseFactory, RelationshipFactory, UserFactory


def test_the_panel_configuration_of_each_decision_is_kept_on_the_invitation(panels, world):  # noqa: F811
    questionnaire(world.manager, touchpoint=Touchpoint.PANEL_DECISION, reform="panels")
    ehcp_services.record_request(
        world.other_case, source="parent", received_on=REQUEST_RECEIVED, by=world.manager
    )
    first = on_agenda(panels, world)
    second = on_agenda(panels, world, case=world.other_case)
    started(panels)
    decide(first, panels.chair)
    services.sweep_invitations()
    # The council now has one combined panel taking every decision.
    Panel.objects.filter(pk=panels.panel.pk).update(kind=PanelKind.COMBINED)
    decide(second, panels.chair)
    services.sweep_invitations()
    segments = {i.recipient: i.segment["panels"] for i in Invitation.objects.all()}
    assert segments == {world.family: "two", world.other_family: "one"}


def test_the_report_compares_one_and_two_panels_by_hand(world):
    made = questionnaire(world.manager, touchpoint=Touchpoint.PANEL_DECISION, reform="panels")
    # One panel: five rated 4, five rated 5 -> 10 answers, mean 4.50, all good (100.0%).
    # Two panels: five rated 2, five rated 4 -> 10 answers, mean 3.00, half good (50.0%).
    ratings = [("one", 4)] * 5 + [("one", 5)] * 5 + [("two", 2)] * 5 + [("two", 4)] * 5
    for group, rating in ratings:
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        parent = UserFactory()
        RelationshipFactory(child=case.child, user=parent)
        invitation = Invitation.objects.create(
            questionnaire=made,
            local_authority=world.la,
            touchpoint=made.touchpoint,
            recipient=parent,
            case=case,
            segment={"panels": group},
        )
        services.submit_response(
            invitation, variant="standard", answers={**GOOD_ANSWERS, "q1": str(rating)}
        )
    today = made.published_at.date()
    result = selectors.report(made, starts_on=today, ends_on=today)
    assert result.comparison_title == "One panel against two panels"
    one, two = result.comparison
    assert (one.counts, one.responses, one.mean, one.good_share) == (
        (0, 0, 0, 5, 5),
        10,
        Decimal("4.50"),
        Decimal("100.0"),
    )
    assert (two.counts, two.responses, two.mean, two.good_share) == (
        (0, 5, 0, 5, 0),
        10,
        Decimal("3.00"),
        Decimal("50.0"),
    )
    assert result.rate.answered == 20
    assert SUPPRESSED not in [row.count for row in result.questions[0].distribution.rows]
