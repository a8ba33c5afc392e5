"""Checks on raw input that every page and endpoint needs, whatever it does with the values.

A NUL character (U+0000) is never meaningful in text a person sends, and PostgreSQL refuses it in any text
value: left alone it turns a search or filter into a server error there (SQLite accepts it, so the bug hides
in development). ``refuse_nul`` names every field that holds one; ``RejectNulMiddleware`` in
``core.middleware`` applies it to the query string, form fields and JSON body of every request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError

NUL = "\x00"


class InvalidCharacter(RantaiError):
    code = "invalid_character"


def _shown(name: str) -> str:
    """A field name as it can be shown: a NUL in the name itself becomes the replacement character."""
    return name.replace(NUL, "\ufffd") or "__all__"


def nul_fields(data: Mapping[str, Any]) -> list[str]:
    """Names of the fields of ``data`` whose name or value contains a NUL.

    ``data`` is a ``QueryDict`` (every value of a repeated parameter is checked) or parsed JSON, whose nested
    objects and lists are searched too and named with dots (``items.0.title``).
    """
    found: list[str] = []

    def visit(name: str, value: Any) -> None:
        if isinstance(value, str):
            if NUL in value or NUL in name:
                found.append(_shown(name))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                visit(f"{name}.{key}" if name else str(key), item)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                visit(f"{name}.{index}" if name else str(index), item)
        elif NUL in name:
            found.append(_shown(name))

    if isinstance(data, MultiValueDict):
        for key, values in data.lists():
            for value in values:
                visit(key, value)
    else:
        for key, value in data.items():
            visit(str(key), value)
    return list(dict.fromkeys(found))


def json_nul_fields(body: bytes) -> list[str]:
    """Like ``nul_fields`` for a JSON body; [] when it holds no NUL or is not JSON (the endpoint says so)."""
    # Valid JSON can carry a NUL only as the escape \u0000, so most bodies are never parsed twice.
    if b"\\u0000" not in body:
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return []
    if isinstance(data, str):
        return ["__all__"] if NUL in data else []
    return nul_fields(data if isinstance(data, Mapping) else {"": data})


def refuse_nul(names: Iterable[str]) -> None:
    """Raise ``InvalidCharacter`` with an error on each named field; nothing when ``names`` is empty."""
    names = list(names)
    if not names:
        return
    message = _(
        "This value contains a null character (U+0000), which is not allowed. Remove it and try again."
    )
    raise InvalidCharacter(
        _("Your request contains a null character (U+0000), which is not allowed."),
        fields={name: [message] for name in names},
    )
