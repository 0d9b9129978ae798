"""Taiwanese national ID and resident certificate numbers.

One field holds any of three forms, all ten characters with a letter-weighted
mod-10 checksum:

- national ID: a letter, 1 or 2 (sex), then 8 digits;
- new resident certificate (from 2021): a letter, 8 or 9, then 8 digits;
- old resident certificate: two letters (the second A to D), then 8 digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The number each first letter stands for in the checksum.
LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17,
    "I": 34, "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23,
    "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30,
    "Y": 31, "Z": 33,
}  # fmt: skip


def normalise(value: str) -> str:
    """Return the number in upper case with spaces and full-width forms removed."""
    value = (value or "").strip().upper()
    full_width = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    return "".join(full_width.get(char, char) for char in value if not char.isspace())


def checksum_ok(value: str) -> bool:
    letter_code = LETTER_CODES[value[0]]
    second = value[1]
    second_digit = LETTER_CODES[second] % 10 if second.isalpha() else int(second)
    digits = [letter_code // 10, letter_code % 10, second_digit] + [int(c) for c in value[2:]]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def validate_national_id(value: str) -> None:
    """Raise ValidationError unless value is a valid ID or resident certificate number."""
    value = normalise(value)
    if not re.match(r"^[A-Z][0-9A-D]\d{8}$", value) or value[1] in "03456":
        raise ValidationError(
            _(
                "“%(value)s” is not an ID number: write a letter followed by 9 characters, "
                "for example A123456789 (a resident certificate may have 8, 9 or A–D as its "
                "second character)."
            ),
            code="format",
            params={"value": value},
        )
    if not checksum_ok(value):
        raise ValidationError(
            _("ID number “%(value)s” fails the checksum; check it for a mistyped character."),
            code="checksum",
            params={"value": value},
        )


def mask(value: str) -> str:
    """Return the number with the middle hidden, for example H12****678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 6)}{value[-3:]}"
