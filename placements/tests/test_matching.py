"""Matching, rule by rule: each case is labelled with the rule it checks, and every proposal or
exclusion carries the reason a family would read."""

from __future__ import annotations

from datetime import date

import pytest

from placements.locations import GridPoint
from placements.matching import (
    ChildFacts,
    Criteria,
    SettingFacts,
    age_at_start_of_school_year,
    assess,
    match_settings,
    school_year_starting,
    year_group_label,
)
from placements.models import ProvisionType, SettingStatus

HOME = GridPoint(435_200, 386_400)
START = date(2026, 9, 1)


def child(**kwargs) -> ChildFacts:
    values = {"date_of_birth": date(2016, 3, 27), "primary_need": "ASD", "home": HOME}
    values.update(kwargs)
    return ChildFacts(**values)


def setting(**kwargs) -> SettingFacts:
    values = {
        "key": 1,
        "name": "Riverside Primary School",
        "provision_type": ProvisionType.MAINSTREAM,
        "low_age": 4,
        "high_age": 11,
        "location": GridPoint(437_200, 386_400),
        "vacancies": 2,
        "vacancies_on": date(2026, 3, 1),
    }
    values.update(kwargs)
    return SettingFacts(**values)


def texts(assessment) -> list[str]:
    return [r.text for r in assessment.reasons]


@pytest.mark.parametrize(
    ("_case", "born", "starts_on", "age", "year"),
    [
        ("turns 11 on 31 August: secondary that September", date(2015, 8, 31), START, 11, "Year 7"),
        ("turns 11 on 1 September: still primary", date(2015, 9, 1), START, 10, "Year 6"),
        (
            "a January start counts from the September before",
            date(2015, 8, 31),
            date(2027, 1, 5),
            11,
            "Year 7",
        ),
        (
            "an August start is the end of the previous year",
            date(2015, 8, 31),
            date(2026, 8, 20),
            10,
            "Year 6",
        ),
        ("born 29 February", date(2016, 2, 29), START, 10, "Year 6"),
        ("four on 31 August starts Reception", date(2022, 5, 1), START, 4, "Reception"),
        ("three is nursery", date(2023, 5, 1), START, 3, "nursery"),
        ("two is early years", date(2024, 5, 1), START, 2, "early years"),
        ("seventeen is Year 13", date(2009, 5, 1), START, 17, "Year 13"),
        ("eighteen is after Year 13", date(2008, 5, 1), START, 18, "education after Year 13"),
    ],
)
def test_age_and_year_group_at_start(_case, born, starts_on, age, year):
    assert age_at_start_of_school_year(born, starts_on) == age
    assert year_group_label(age) == year


def test_school_year_starts_in_september():
    assert school_year_starting(date(2026, 9, 1)) == 2026
    assert school_year_starting(date(2026, 8, 31)) == 2025


@pytest.mark.parametrize(
    ("_case", "child_kwargs", "setting_kwargs", "criteria_kwargs", "fits", "expected"),
    [
        (
            "age: a child turning 11 before 1 September needs secondary, not primary",
            {"date_of_birth": date(2015, 8, 31)},
            {},
            {},
            False,
            "Takes ages 4 to 11, but in September 2026 the child will be 11 (Year 7)",
        ),
        (
            "age: the same child fits a secondary school",
            {"date_of_birth": date(2015, 8, 31)},
            {"low_age": 11, "high_age": 16},
            {},
            True,
            "Takes ages 11 to 16: in September 2026 the child will be 11 (Year 7)",
        ),
        (
            "age: a child turning 11 on 1 September stays primary",
            {"date_of_birth": date(2015, 9, 1)},
            {},
            {},
            True,
            "Takes ages 4 to 11: in September 2026 the child will be 10 (Year 6)",
        ),
        (
            "age: colleges take young people up to 25",
            {"date_of_birth": date(2004, 1, 1), "primary_need": "MLD"},
            {"provision_type": ProvisionType.COLLEGE, "low_age": 16, "high_age": 19},
            {},
            True,
            "Takes ages 16 to 19: in September 2026 the child will be 22 (education after Year 13)",
        ),
        (
            "age: unknown age range is a caution, not an exclusion",
            {},
            {"low_age": None, "high_age": None},
            {},
            True,
            "Age range not recorded: check it with the setting",
        ),
        (
            "need: a special school designed for the need type",
            {},
            {"provision_type": ProvisionType.SPECIAL, "high_age": 19, "need_types": ("ASD",)},
            {},
            True,
            "Designed for autistic spectrum disorder",
        ),
        (
            "need: a special school designed for the broad area",
            {"primary_need": "SLCN"},
            {
                "provision_type": ProvisionType.SPECIAL,
                "high_age": 19,
                "broad_areas": ("communication",),
            },
            {},
            True,
            "Designed for communication and interaction, which includes speech, language and "
            "communication needs",
        ),
        (
            "need: a special school for other needs is left out, saying why",
            {},
            {
                "provision_type": ProvisionType.SPECIAL,
                "high_age": 19,
                "need_types": ("SLD", "PMLD"),
            },
            {},
            False,
            "Special school designed for severe learning difficulty; profound and multiple "
            "learning difficulty, not for autistic spectrum disorder",
        ),
        (
            "need: the secondary need can match",
            {"primary_need": "MLD", "secondary_need": "SEMH"},
            {"provision_type": ProvisionType.SPECIAL, "high_age": 19, "broad_areas": ("semh",)},
            {},
            True,
            "Designed for social, emotional and mental health, which includes social, emotional "
            "and mental health (the child's secondary need)",
        ),
        (
            "need: a mainstream school meets needs with the plan's support",
            {},
            {},
            {},
            True,
            "Mainstream: meets needs with the support set out in the plan",
        ),
        (
            "need: a resourced provision for other needs is still a mainstream school",
            {},
            {"provision_type": ProvisionType.RESOURCED, "need_types": ("HI",)},
            {},
            True,
            "Mainstream school; its resourced provision is designed for hearing impairment, not "
            "for autistic spectrum disorder",
        ),
        (
            "need: a special school without recorded designation is a caution",
            {},
            {"provision_type": ProvisionType.SPECIAL, "high_age": 19},
            {},
            True,
            "The needs it is designed for are not recorded: ask the SEND team",
        ),
        (
            "need: the child's need not recorded yet",
            {"primary_need": ""},
            {},
            {},
            True,
            "The child's primary need is not recorded yet",
        ),
        (
            "distance: straight line in miles and km, from home",
            {},
            {},
            {},
            True,
            "1.2 miles (2.0 km) from home in a straight line, not by road",
        ),
        (
            "distance: beyond the furthest distance asked for",
            {},
            {"location": GridPoint(445_200, 386_400)},
            {"max_distance_km": 5},
            False,
            "6.2 miles (10.0 km) from home in a straight line: further than the 5 km asked for",
        ),
        (
            "distance: very close",
            {},
            {"location": HOME},
            {},
            True,
            "Under half a mile (under 1 km) from home in a straight line, not by road",
        ),
        (
            "distance: measured from the current setting when home is unknown",
            {"home_is_current_setting": True},
            {},
            {},
            True,
            "1.2 miles (2.0 km) from the child's current setting in a straight line, not by road",
        ),
        (
            "distance: unknown home is said, and never excludes",
            {"home": None},
            {},
            {"max_distance_km": 1},
            True,
            "Distance not known: we have no location for the home postcode",
        ),
        (
            "distance: unknown setting location is said, and never excludes",
            {},
            {"location": None},
            {"max_distance_km": 1},
            True,
            "Distance not known: we have no location for this setting",
        ),
        (
            "vacancies: places free, with the date",
            {},
            {},
            {},
            True,
            "2 places free (as at 1 March 2026)",
        ),
        (
            "vacancies: one place",
            {},
            {"vacancies": 1, "vacancies_on": None},
            {},
            True,
            "1 place free",
        ),
        (
            "vacancies: a full setting is still listed",
            {},
            {"vacancies": 0},
            {},
            True,
            "No places free (as at 1 March 2026): the council can still ask the setting",
        ),
        (
            "vacancies: left out when only settings with places were asked for",
            {},
            {"vacancies": 0},
            {"only_with_vacancies": True},
            False,
            "No places free (as at 1 March 2026)",
        ),
        (
            "vacancies: unknown",
            {},
            {"vacancies": None},
            {},
            True,
            "Places free not recorded",
        ),
        (
            "type: a type the family is interested in",
            {},
            {},
            {"provision_types": frozenset({ProvisionType.MAINSTREAM})},
            True,
            "A type the family is interested in: Mainstream school",
        ),
        (
            "type: not a type the family is looking for",
            {},
            {},
            {"provision_types": frozenset({ProvisionType.SPECIAL})},
            False,
            "Not a type the family is looking for: Mainstream school",
        ),
        (
            "type: alternative provision only when asked for",
            {},
            {"provision_type": ProvisionType.ALTERNATIVE},
            {},
            False,
            "Alternative provision: listed only when the family asks for it",
        ),
        (
            "type: alternative provision when asked for",
            {},
            {"provision_type": ProvisionType.ALTERNATIVE},
            {"provision_types": frozenset({ProvisionType.ALTERNATIVE})},
            True,
            "A type the family is interested in: Alternative provision",
        ),
        (
            "status: closed settings are never proposed",
            {},
            {"status": SettingStatus.CLOSED},
            {},
            False,
            "Closed",
        ),
        (
            "status: proposed to close is a caution",
            {},
            {"status": SettingStatus.PROPOSED_TO_CLOSE},
            {},
            True,
            "Open, but proposed to close",
        ),
    ],
)
def test_assess_explains_each_rule(
    _case, child_kwargs, setting_kwargs, criteria_kwargs, fits, expected
):
    result = assess(
        child(**child_kwargs), setting(**setting_kwargs), Criteria(START, **criteria_kwargs)
    )
    assert result.fits is fits
    assert expected in texts(result)


def test_reasons_against_are_marked_as_cautions():
    result = assess(child(), setting(vacancies=0, location=None), Criteria(START))
    cautions = {r.code for r in result.reasons if not r.positive}
    assert cautions == {"distance", "vacancies"}
    assert result.reasons[0].as_dict() == {
        "code": "age",
        "text": "Takes ages 4 to 11: in September 2026 the child will be 10 (Year 6)",
        "positive": True,
    }


def test_distance_is_rounded_and_known_only_when_both_places_are():
    assert assess(child(), setting(), Criteria(START)).distance_km == 2.0
    assert assess(child(home=None), setting(), Criteria(START)).distance_km is None


def test_matching_orders_by_fit_then_distance_and_leaves_out_what_does_not_fit():
    settings = [
        setting(key=1, name="Near mainstream", location=GridPoint(436_200, 386_400)),
        setting(key=2, name="Far mainstream", location=GridPoint(445_200, 386_400)),
        setting(
            key=3,
            name="Autism special school",
            provision_type=ProvisionType.SPECIAL,
            high_age=19,
            need_types=("ASD",),
            location=GridPoint(440_200, 386_400),
        ),
        setting(
            key=4,
            name="SLD special school",
            provision_type=ProvisionType.SPECIAL,
            high_age=19,
            need_types=("SLD",),
        ),
        setting(key=5, name="Closed school", status=SettingStatus.CLOSED),
        setting(key=6, name="Secondary school", low_age=11, high_age=16),
    ]
    matches = match_settings(child(date_of_birth=date(2016, 3, 27)), settings, Criteria(START))
    assert [m.setting.name for m in matches] == [
        "Autism special school",
        "Near mainstream",
        "Far mainstream",
    ]
    assert all(m.fits and m.reasons for m in matches)


def test_matching_limit():
    settings = [setting(key=n, name=f"School {n}") for n in range(5)]
    assert (
        len(
            match_settings(
                child(date_of_birth=date(2016, 3, 27)), settings, Criteria(START), limit=2
            )
        )
        == 2
    )


def test_unknown_distance_sorts_after_known_at_equal_fit():
    near = setting(key=1, name="Z known", location=GridPoint(436_200, 386_400), vacancies=None)
    unknown = setting(key=2, name="A unknown", location=None, vacancies=None)
    far_but_equal = assess(child(date_of_birth=date(2016, 3, 27)), near, Criteria(START))
    ordered = match_settings(
        child(date_of_birth=date(2016, 3, 27)), [unknown, near], Criteria(START)
    )
    assert ordered[0].setting.name == "Z known"
    assert far_but_equal.distance_km == 1.0
