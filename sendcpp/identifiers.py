"""Validation of the national identifiers a child may carry.

- UPN (unique pupil number): 13 characters, a check letter then 12 characters; DfE "Unique pupil
  numbers (UPN) - guidance for schools", check letter = weighted sum mod 23 over positions 2-13.
- ULN (unique learner number): 10 digits with a mod-11 check digit (Learning Records Service).
- NHS number: 10 digits with a mod-11 check digit (NHS Data Dictionary).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

_UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O, S
_UPN_VALUE = {letter: index for index, letter in enumerate(_UPN_CHECK_LETTERS)}


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN."""
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else _UPN_VALUE[char]
        total += value * position
    return _UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = value.strip().upper()
    message = "Enter a unique pupil number (UPN) in the correct format, like A123456789012"
    if len(upn) != 13 or upn[0] not in _UPN_VALUE:
        raise ValidationError(message, code="upn_format")
    body = upn[1:]
    # Digits in positions 2-12; position 13 may be a digit or (for temporary UPNs) a letter.
    if not body[:11].isdigit() or not (body[11].isdigit() or body[11] in _UPN_VALUE):
        raise ValidationError(message, code="upn_format")
    if upn_check_letter(body) != upn[0]:
        raise ValidationError(
            "The unique pupil number (UPN) is not valid: check it has been copied correctly",
            code="upn_checksum",
        )


def _mod11_check_digit(digits: str, weights: range) -> int | None:
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> None:
    number = value.replace(" ", "")
    if len(number) != 10 or not number.isdigit():
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 943 476 5919", code="nhs_format"
        )
    if _mod11_check_digit(number[:9], range(10, 1, -1)) != int(number[9]):
        raise ValidationError(
            "The NHS number is not valid: check it has been copied correctly", code="nhs_checksum"
        )


def validate_uln(value: str) -> None:
    number = value.strip()
    if len(number) != 10 or not number.isdigit() or number[0] == "0":
        raise ValidationError(
            "Enter a unique learner number (ULN) with 10 digits, like 1234567890", code="uln_format"
        )
    # LRS: weights 10..2 over the first nine digits; the remainder of the sum mod 11 must be
    # 10 minus the check digit.
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    if (10 - total % 11) != int(number[9]):
        raise ValidationError(
            "The unique learner number (ULN) is not valid: check it has been copied correctly",
            code="uln_checksum",
        )
