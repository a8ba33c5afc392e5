"""Picking the Indonesian or English form of a name stored in both (``name`` / ``name_id``)."""

from __future__ import annotations

from django.utils.translation import get_language


def localised(english: str, indonesian: str) -> str:
    return indonesian if indonesian and (get_language() or "").startswith("id") else english
