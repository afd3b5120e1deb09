"""Reading open-data files: every problem is found, named by row and column, before anything is
written (these tests need no database)."""

from __future__ import annotations

import pytest

from dashboard.importers import StatisticsFileError, read_statistics_file
from dashboard.tests.factories import ENGLAND, SWINDON, newplans_csv, open_data_csv


def problems(data: bytes, dataset: str = "newplans") -> list[str]:
    with pytest.raises(StatisticsFileError) as raised:
        read_statistics_file(data, dataset_key=dataset)
    return raised.value.errors


def test_a_good_file_is_read_with_symbols_kept():
    checked = read_statistics_file(newplans_csv(), dataset_key="newplans")
    assert checked.row_count == 6
    values = list(checked.values())
    assert ("E06000030", "2024", "New EHC plans", "New EHC plans", "new_ehc_plans", None, "x") in (
        values
    )
    assert (
        "E92000001",
        "2024",
        "New EHC plans",
        "New EHC plans",
        "new_ehc_plans",
        "97747",
        "",
    ) in (values)
    assert checked.areas["E06000030"].la_code == "866"
    assert checked.areas["E06000030"].region_code == "E12000009"
    assert checked.last_reported_year["E92000001"] == 2025
    # Swindon's 2024 figure is only a symbol, so its last reported year is the 2024 release.
    assert checked.last_reported_year["E06000030"] == 2024


def test_an_empty_file_is_refused():
    assert problems(b"") == ["The file is empty."]
    assert problems(b"\n\n") == ["The file is empty."]


def test_a_header_without_rows_is_refused():
    header = newplans_csv().split(b"\n")[0] + b"\n"
    assert problems(header) == ["The file has a header row but no data rows."]


def test_a_file_that_is_not_utf8_is_refused_with_its_row():
    text = newplans_csv().decode("utf-8-sig").replace("Swindon", "Swíndon", 1)
    found = problems(text.encode("latin-1"))
    assert len(found) == 1
    assert found[0].startswith("Row 4: the file is not UTF-8 text (byte 0xed")


def test_utf16_is_refused():
    found = problems(newplans_csv().decode("utf-8-sig").encode("utf-16"))
    assert found == ["The file is UTF-16 text. Save it as 'CSV UTF-8' and try again."]


def test_a_missing_column_names_the_column():
    data = newplans_csv().decode("utf-8-sig").replace("breakdown_topic", "topic", 1).encode()
    (found,) = problems(data)
    assert found.startswith("Row 1: missing column breakdown_topic.")


def test_an_older_format_file_is_refused():
    # Before 2023 the files had no breakdown columns and other indicator names.
    older = (
        b"time_period,time_identifier,geographic_level,country_code,country_name,"
        b"new_la_code,old_la_code,la_name,EHCP_new\n"
        b"2021,Calendar year,National,E92000001,England,,,,62180\n"
    )
    (found,) = problems(older)
    assert (
        "missing columns region_code, region_name, breakdown_topic, breakdown, new_ehc_plans"
        in (found)
    )
    assert "not the open-data format of 'newplans'" in found


def test_the_wrong_data_set_is_refused():
    (found,) = problems(newplans_csv(), dataset="caseload")
    assert "missing column ehcplans" in found.replace("columns", "column")


def test_an_unknown_data_set_is_refused():
    (found,) = problems(newplans_csv(), dataset="parking_fines")
    assert found.startswith("Unknown data set 'parking_fines'")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "12a", "Row 2, column new_ehc_plans: '12a' is not a number", id="_case letters"
        ),
        pytest.param("1,234", "'1,234' is not a number", id="_case thousands separator"),
        pytest.param("NaN", "'NaN' is not a number", id="_case not a number"),
        pytest.param("1e5", "'1e5' is not a number", id="_case exponent"),
        pytest.param("0.12345", "'0.12345' is not a number", id="_case too many decimals"),
        pytest.param("", "is blank (a missing figure must be a symbol", id="_case blank"),
    ],
)
def test_a_bad_number_names_its_row_and_column(value, message):
    data = open_data_csv(["new_ehc_plans"], [("2024", ENGLAND, "New EHC plans", [value])],
                         time_identifier="Calendar year")  # fmt: skip
    (found,) = problems(data)
    assert message in found


@pytest.mark.parametrize("symbol", ["x", "c", "z", "low", "u", ":"])
def test_published_symbols_are_kept_not_zeroed(symbol):
    data = open_data_csv(["new_ehc_plans"], [("2024", ENGLAND, "New EHC plans", [symbol])],
                         time_identifier="Calendar year")  # fmt: skip
    (value,) = read_statistics_file(data, dataset_key="newplans").values()
    assert value[-2:] == (None, symbol)


def test_negative_numbers_are_figures():
    # The annual reviews file has -1 where a later correction outweighs a count.
    data = open_data_csv(["new_ehc_plans"], [("2024", ENGLAND, "New EHC plans", ["-1"])],
                         time_identifier="Calendar year")  # fmt: skip
    (value,) = read_statistics_file(data, dataset_key="newplans").values()
    assert value[-2:] == ("-1", "")


def test_an_unknown_geographic_level_is_refused():
    ward = ["Ward", "E92000001", "England", "", "", "", "", ""]
    data = open_data_csv(["new_ehc_plans"], [("2024", ward, "New EHC plans", ["5"])],
                         time_identifier="Calendar year")  # fmt: skip
    (found,) = problems(data)
    assert found.startswith("Row 2, column geographic_level: 'Ward' is not a supported")


@pytest.mark.parametrize(
    ("period", "identifier", "message"),
    [
        pytest.param(
            "2024/25", "Academic year", "'2024/25' is not a academic year", id="_case slash"
        ),
        pytest.param("202426", "Academic year", "'202426' is not a academic year", id="_case gap"),
        pytest.param("24", "Calendar year", "'24' is not a calendar year", id="_case short"),
        pytest.param("2024", "Tax year", "'Tax year' is not a supported", id="_case identifier"),
    ],
)
def test_a_bad_time_period_is_refused(period, identifier, message):
    data = open_data_csv(["new_ehc_plans"], [(period, ENGLAND, "New EHC plans", ["5"])],
                         time_identifier=identifier)  # fmt: skip
    assert any(message in problem for problem in problems(data))


def test_bad_area_codes_are_refused():
    bad = [*SWINDON[:5], "E06000030X", "86", "Swindon"]
    data = open_data_csv(["new_ehc_plans"], [("2024", bad, "New EHC plans", ["5"])],
                         time_identifier="Calendar year")  # fmt: skip
    found = problems(data)
    assert (
        "Row 2, column new_la_code: 'E06000030X' is not an ONS area code (like E92000001)." in found
    )
    assert "Row 2, column old_la_code: '86' is not a 3-digit code." in found


def test_a_row_with_the_wrong_number_of_values_is_refused():
    data = newplans_csv() + b"2024,Calendar year,National\n"
    (found,) = problems(data)
    assert found.startswith("Row 8: expected 13 values, found 3")


def test_a_repeated_row_is_refused():
    data = (
        newplans_csv()
        + b"2024,Calendar year,National,E92000001,England,,,,,,New EHC plans,New EHC plans,1\n"
    )
    (found,) = problems(data)
    assert found.startswith("Row 8: repeats row 5 (England, 2024, New EHC plans: New EHC plans)")


def test_a_repeated_column_must_agree_with_itself():
    # The published annual reviews file repeats review_meeting_prior_24 with the same values.
    header = "new_ehc_plans,new_ehc_plans"
    same = open_data_csv(header.split(","), [("2024", ENGLAND, "New EHC plans", ["5", "5"])],
                         time_identifier="Calendar year")  # fmt: skip
    assert read_statistics_file(same, dataset_key="newplans").value_count == 1
    different = open_data_csv(header.split(","), [("2024", ENGLAND, "New EHC plans", ["5", "6"])],
                              time_identifier="Calendar year")  # fmt: skip
    (found,) = problems(different)
    assert found.startswith("Row 2, column new_ehc_plans: the column appears 2 times")


def test_every_problem_is_listed_not_just_the_first():
    data = open_data_csv(
        ["new_ehc_plans"],
        [(str(2000 + n), ENGLAND, "New EHC plans", ["bad"]) for n in range(150)],
        time_identifier="Calendar year",
    )
    with pytest.raises(StatisticsFileError) as raised:
        read_statistics_file(data, dataset_key="newplans")
    assert raised.value.total == 150
    assert len(raised.value.errors) == 100
    assert "150 problems found" in raised.value.message
    assert raised.value.message.endswith("(and 149 more)")
