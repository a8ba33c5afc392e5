"""Checking registration identifiers against their scheme (format and, where there is one, check digit)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.directory.i18n import localised
from rantai.directory.models import IdentifierScheme

ABN_WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def normalise(scheme: IdentifierScheme, raw: str) -> str:
    value = raw.strip()
    for char in scheme.strip:
        value = value.replace(char, "")
    return value.upper() if scheme.uppercase else value


def _abn_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    digits[0] -= 1
    return sum(w * d for w, d in zip(ABN_WEIGHTS, digits, strict=True)) % 89 == 0


def _jp_corporate_ok(value: str) -> bool:
    # The first digit checks the other twelve: 9 - (sum of digits weighted 1, 2, 1, 2 … from the right) mod 9.
    base = [int(c) for c in reversed(value[1:])]
    weighted = sum(d * (1 if i % 2 == 0 else 2) for i, d in enumerate(base))
    return int(value[0]) == 9 - weighted % 9


CHECKSUMS = {"abn": _abn_ok, "jp-corporate": _jp_corporate_ok}


def check_identifier(scheme: IdentifierScheme, raw: str, field: str = "value") -> str:
    """The identifier in its stored form, or a field error in the user's language."""
    value = normalise(scheme, raw)
    try:
        matches = re.fullmatch(scheme.regex, value) is not None
    except re.error:
        matches = False
    if not matches:
        message = _("This is not a valid %(scheme)s. Example: %(example)s.") % {
            "scheme": localised(scheme.name, scheme.name_id),
            "example": scheme.example,
        }
        raise RantaiError(message, code="invalid_identifier", fields={field: [message]})
    check = CHECKSUMS.get(scheme.checksum)
    if check is not None and not check(value):
        message = _("The check digit of this %(scheme)s is wrong: please check the number.") % {
            "scheme": localised(scheme.name, scheme.name_id)
        }
        raise RantaiError(message, code="invalid_identifier", fields={field: [message]})
    return value
