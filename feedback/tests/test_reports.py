"""The evaluation figures against hand-computed fixtures: distributions, response rates and the
one- against two-panel comparison, every count through the small-number rule."""

from __future__ import annotations

from decimal import Decimal

from feedback import reports
from feedback.reports import PANEL_SEGMENTS, RatingFact

C = "c"


def _facts(segment: str, ratings: dict[int, int]) -> list[RatingFact]:
    return [RatingFact(segment, rating) for rating, n in ratings.items() for _ in range(n)]


def test_one_against_two_panels_by_hand():
    # One panel: ratings 1:0, 2:5, 3:5, 4:10, 5:10 -> 30 answers; mean (10+15+40+50)/30 = 115/30
    # = 3.83; good or very good 20/30 = 66.7%.
    # Two panels: 1:5, 2:5, 3:10, 4:5, 5:5 -> 30 answers; mean (5+10+30+20+25)/30 = 90/30 = 3.00;
    # good 10/30 = 33.3%. No count is 1 to 4: nothing hidden.
    facts = _facts("one", {2: 5, 3: 5, 4: 10, 5: 10}) + _facts(
        "two", {1: 5, 2: 5, 3: 10, 4: 5, 5: 5}
    )
    one, two = reports.compare_ratings(facts, PANEL_SEGMENTS)
    assert (one.label, one.counts, one.responses) == ("One panel", (0, 5, 5, 10, 10), 30)
    assert (one.mean, one.good_share) == (Decimal("3.83"), Decimal("66.7"))
    assert (two.label, two.counts, two.responses) == ("Two panels", (5, 5, 10, 5, 5), 30)
    assert (two.mean, two.good_share) == (Decimal("3.00"), Decimal("33.3"))


def test_small_groups_are_hidden_in_the_comparison():
    # One panel has 3 answers (1 each of 3, 4, 5: all small, hidden, and so is its total 3).
    # Two panels: 2 ratings of 1 (small, hidden), so its 8 ratings of 5 are hidden too (else
    # 2 = 10 - 8). The grand total 13 is shown, so two panels' 10 must be hidden as well: else
    # one panel's 3 = 13 - 10. A group whose total is hidden has its mean and share hidden.
    facts = _facts("one", {3: 1, 4: 1, 5: 1}) + _facts("two", {1: 2, 5: 8}) + [RatingFact("", 4)]
    one, two = reports.compare_ratings(facts, PANEL_SEGMENTS)
    assert (one.counts, one.responses, one.mean, one.good_share) == ((0, 0, C, C, C), C, C, C)
    assert (two.counts, two.responses, two.mean, two.good_share) == ((C, 0, 0, 0, C), C, C, C)


def test_a_group_with_no_answers_has_no_mean():
    facts = _facts("two", {4: 6, 5: 6})
    one, two = reports.compare_ratings(facts, PANEL_SEGMENTS)
    assert (one.responses, one.mean, one.good_share) == (0, None, None)
    # (6 * 4 + 6 * 5) / 12 = 4.5; all 12 rated good or very good.
    assert (two.responses, two.mean, two.good_share) == (12, Decimal("4.50"), Decimal("100.0"))


def test_a_distribution_hides_small_counts_and_their_percentages():
    result = reports.distribution(["Yes", "Partly", "No"], [12, 3, 9])
    assert [(r.label, r.count, r.percentage) for r in result.rows] == [
        ("Yes", 12, Decimal("50.0")),
        ("Partly", C, C),
        ("No", C, C),  # the next smallest, so 3 cannot be worked out from the total
    ]
    assert result.total == 24


def test_a_single_answer_is_hidden_everywhere():
    result = reports.distribution(["Very poor", "Poor", "OK", "Good", "Very good"], [0, 0, 0, 1, 0])
    assert [r.count for r in result.rows] == [0, 0, 0, C, 0]
    assert result.total == C
    # 0% of 1 would say what the one person chose: hidden too.
    assert {r.percentage for r in result.rows} == {C}


def test_response_rate_by_hand():
    rate = reports.response_rate(sent=40, answered=20, declined=10)
    assert (rate.sent, rate.answered, rate.declined, rate.rate) == (40, 20, 10, Decimal("50.0"))
    small = reports.response_rate(sent=6, answered=2, declined=0)
    assert small.answered == C
    assert small.rate == C
    assert reports.response_rate(sent=0, answered=0, declined=0).rate is None
