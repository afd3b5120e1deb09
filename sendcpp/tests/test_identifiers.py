from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sendcpp.identifiers import upn_check_letter, validate_nhs_number, validate_uln, validate_upn
from sendcpp.needs import BroadArea, NeedType, broad_area_of


def _valid_upn(body: str) -> str:
    return upn_check_letter(body) + body


@pytest.mark.parametrize("body", ["123456789012", "999000111222", "80112012345A"])
def test_valid_upns(body):
    validate_upn(_valid_upn(body))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("A12345678901", "upn_format"),
        ("I123456789012", "upn_format"),
        ("A12345678901!", "upn_format"),
        ("S1234567890AB", "upn_format"),
    ],
    ids=["too-short", "bad-check-letter-I", "symbol", "letters-in-digits"],
)
def test_malformed_upns(value, code):
    with pytest.raises(ValidationError) as info:
        validate_upn(value)
    assert info.value.code == code


def test_upn_with_wrong_check_letter():
    body = "123456789012"
    wrong = "B" if upn_check_letter(body) != "B" else "C"
    with pytest.raises(ValidationError) as info:
        validate_upn(wrong + body)
    assert info.value.code == "upn_checksum"


@pytest.mark.parametrize("value", ["9434765919", "943 476 5919", "4010232137"])
def test_valid_nhs_numbers(value):
    validate_nhs_number(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("943476591", "nhs_format"),
        ("94347659AB", "nhs_format"),
        ("9434765918", "nhs_checksum"),
        ("0000000010", "nhs_checksum"),
    ],
    ids=["short", "letters", "wrong-check-digit", "check-digit-ten"],
)
def test_invalid_nhs_numbers(value, code):
    with pytest.raises(ValidationError) as info:
        validate_nhs_number(value)
    assert info.value.code == code


def test_uln_check_digit():
    # 1000000004: weights 10..2 over 100000000 -> 10; 10 - (10 % 11) = 0... compute the valid digit.
    body = "123456789"
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = 10 - total % 11
    validate_uln(body + str(check))
    with pytest.raises(ValidationError) as info:
        validate_uln(body + str((check + 1) % 10))
    assert info.value.code == "uln_checksum"
    with pytest.raises(ValidationError):
        validate_uln("0123456789")


@pytest.mark.parametrize(
    ("need", "area"),
    [
        ("ASD", BroadArea.COMMUNICATION_INTERACTION),
        ("SLCN", BroadArea.COMMUNICATION_INTERACTION),
        ("MLD", BroadArea.COGNITION_LEARNING),
        ("SEMH", BroadArea.SEMH),
        ("VI", BroadArea.SENSORY_PHYSICAL),
        ("DS", BroadArea.COGNITION_LEARNING),
        ("OTH", None),
    ],
)
def test_need_types_map_to_broad_areas(need, area):
    assert broad_area_of(need) == area


def test_every_need_type_has_a_mapping():
    assert all(broad_area_of(need) is not None or need == NeedType.OTH for need in NeedType.values)
