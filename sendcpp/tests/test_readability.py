"""The readability measure itself: syllables, sentences, the Flesch-Kincaid grade, and the text
read from a page."""

from __future__ import annotations

import pytest

from sendcpp.readability import grade, page_text, read_text, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("cat", 1),
        ("make", 1),
        ("whole", 1),
        ("asked", 1),
        ("needed", 2),
        ("table", 2),
        ("simple", 2),
        ("school", 1),
        ("college", 2),
        ("education", 4),
        ("coordinator", 4),
        ("you're", 1),
        ("free", 1),
    ],
)
def test_syllables_of_plain_words(word, count):
    assert syllables(word) == count


def test_plain_sentences_score_low_and_dense_legal_text_high():
    plain = "We will send you the plan. You can tell us what you think. Call us if you need help."
    legal = (
        "Notwithstanding the aforementioned statutory provisions, the local authority shall "
        "determine, having regard to the representations received, whether the institution "
        "specified is unsuitable for the age, ability, aptitude or special educational needs "
        "of the child or young person concerned."
    )
    assert grade(plain) < 3
    assert grade(legal) > 15


def test_the_grade_follows_the_formula():
    reading = read_text("The cat sat on the mat. It was a fat cat.")
    assert (reading.sentences, reading.words, reading.syllables) == (2, 11, 11)
    assert reading.grade == round(0.39 * 11 / 2 + 11.8 * 11 / 11 - 15.59, 1)
    assert read_text("").grade == 0.0


def test_page_text_reads_main_blocks_and_leaves_out_hidden_and_scripts():
    html = (
        "<html><head><title>Not this</title></head><body><nav><a>Menu</a></nav><main>"
        "<h1>Your child</h1><p>We have your request<span class='govuk-visually-hidden'> for "
        "Sam</span>.</p><br><ul><li>One</li><li>Two</li></ul><script>var x = 1;</script>"
        "</main><footer>Footer</footer></body></html>"
    )
    assert page_text(html) == ["Your child", "We have your request.", "One", "Two"]
    assert "Footer" in page_text(html, only_main=False)
    # Each heading or list item is a sentence of its own.
    assert read_text(page_text(html)).sentences == 4
