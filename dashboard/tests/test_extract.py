"""Building the shipped extract: the rows and columns the pages use, and the tribunal table in
the open-data format."""

from __future__ import annotations

import csv
import io

from dashboard.datasets import DATASETS
from dashboard.extract import LocalAuthority, convert_tribunal_table, filter_open_data_file
from dashboard.importers import read_statistics_file
from dashboard.tests.factories import ENGLAND, SWINDON, open_data_csv

TRIBUNAL = """\ufeff"SEND Appeal rate table 1",,,,,,,,
,,,,,,,,
Local Authority,LA code,2023,,,2024,,,
,,Appeals registered4,Total Appealable Decisions1,SEND Tribunal Appeal Rate2,Appeals registered4,Total Appealable Decisions1,SEND Tribunal Appeal Rate2,In development
SOUTH WEST,,,,,,,,
Swindon,866,78,"2,923",2.70%,92,"3,023",3.00%,"1,837"
Nottingham,891, - ,401,0.00%, .. , .. ,..,x
"England Total4,9",,"15,615","617,776",2.50%,"22,276","689,739",3.20%,"364,912"
England total excluding suppressed,,,,,,"22,082",,
,,,,,,,,
Notes:,,,,,,,,
""".encode()

AUTHORITIES = {
    "swindon": LocalAuthority("E06000030", "866", "Swindon", "E12000009", "South West"),
    # The table puts Nottinghamshire's code against Nottingham: names are what match.
    "nottingham": LocalAuthority("E06000018", "892", "Nottingham", "E12000004", "East Midlands"),
}


def test_the_tribunal_table_becomes_open_data():
    text = convert_tribunal_table(TRIBUNAL, AUTHORITIES)
    rows = list(csv.DictReader(io.StringIO(text)))
    found = {(r["la_name"] or "England", r["time_period"]): r for r in rows}
    assert len(rows) == 6
    swindon = found[("Swindon", "2024")]
    assert (swindon["new_la_code"], swindon["old_la_code"], swindon["region_code"]) == (
        "E06000030", "866", "E12000009",
    )  # fmt: skip
    assert (swindon["appeals_registered"], swindon["appealable_decisions"], swindon["appeal_rate"]) == (
        "92", "3023", "3.00",
    )  # fmt: skip
    nottingham = found[("Nottingham", "2023")]
    assert (nottingham["new_la_code"], nottingham["appeals_registered"]) == ("E06000018", "-")
    assert found[("Nottingham", "2024")]["appeal_rate"] == ".."
    england = found[("England", "2024")]
    assert (england["geographic_level"], england["appeal_rate"]) == ("National", "3.20")
    checked = read_statistics_file(text.encode(), dataset_key="tribunal_appeal_rates")
    assert checked.row_count == 6


def test_an_unknown_authority_in_the_tribunal_table_stops_the_build():
    import pytest

    with pytest.raises(ValueError, match="No local authority matches Swindon"):
        convert_tribunal_table(TRIBUNAL, {"nottingham": AUTHORITIES["nottingham"]})


def test_only_the_rows_and_columns_the_pages_use_are_kept():
    spec = DATASETS["caseload"]
    columns = [*spec.indicator_names, "perm_ex_2022"]
    values = ["1"] * len(columns)
    data = open_data_csv(
        columns,
        [
            ("202324", ENGLAND, "All EHC plans", values),
            ("202425", ENGLAND, "All EHC plans", values),
            ("202324", SWINDON, "Child or young persons age", values),
            ("202425", SWINDON, "Child or young persons age", values),
            ("202425", SWINDON, "Ethnicity", values),
        ],
    )
    rows = list(csv.DictReader(io.StringIO(filter_open_data_file(data, spec))))
    assert [(r["time_period"], r["breakdown_topic"]) for r in rows] == [
        ("202324", "All EHC plans"),
        ("202425", "All EHC plans"),
        ("202425", "Child or young persons age"),
    ]
    assert "perm_ex_2022" not in rows[0]
