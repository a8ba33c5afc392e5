"""Reads over reference data: the HS 2022 nomenclature, its correlations, essential-goods lists, economies.

Plain functions shared by the web pages, the API and the CLI, so all three answer the same way. Unknown
codes raise ``NotFound``; malformed input raises ``RantaiError`` with per-field messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from rantai.core.errors import NotFound, RantaiError
from rantai.core.models import DataSource
from rantai.reference.models import (
    Economy,
    EssentialCategory,
    EssentialGood,
    HsCode,
    HsCorrelation,
    HsLevel,
    HsVersion,
)

SEARCH_LIMIT_MAX = 100
# People write codes as 3002.41, 3002 41 or 3002-41; the nomenclature stores 300241.
CODE_SEPARATORS = re.compile(r"[\s.\-]+")
ROMAN = re.compile(r"^[IVX]{1,5}$")


class Conversion(NamedTuple):
    """One HS 2022 subheading an older code maps to, with the UNSD relationship flag."""

    hs2022: str
    relationship: str


@dataclass(frozen=True)
class EssentialListing:
    """An essential-goods list that names an HS 2022 subheading."""

    list_key: str
    list_name: str
    category: str
    category_label: str
    note: str
    listed_code: str
    listed_version: str
    source: DataSource


def normalize_code(code: str) -> str:
    """``3002.41`` → ``300241``; ``vi`` → ``VI`` (sections are roman numerals)."""
    cleaned = CODE_SEPARATORS.sub("", code.strip())
    return cleaned.upper() if ROMAN.match(cleaned.upper()) else cleaned


def get_hs(code: str) -> HsCode:
    normalized = normalize_code(code)
    try:
        return HsCode.objects.select_related("source").get(code=normalized)
    except HsCode.DoesNotExist:
        raise NotFound(
            _("There is no HS code %(code)s in the HS 2022 nomenclature.") % {"code": code.strip()},
            fields={"code": [_("Unknown HS code.")]},
        ) from None


def ancestors(code: str) -> list[HsCode]:
    """The parents of a code, nearest first: 300241 → [3002, 30, VI]."""
    node = get_hs(code)
    # Every ancestor's code is a prefix of this one, or the section numeral: fetch them in one query.
    candidates = {node.code[:4], node.code[:2], node.section} - {node.code, ""}
    by_code = {row.code: row for row in HsCode.objects.filter(code__in=candidates)}
    chain: list[HsCode] = []
    parent_id = node.parent_id
    while parent_id is not None:
        parent = by_code.get(parent_id) or HsCode.objects.get(code=parent_id)
        chain.append(parent)
        parent_id = parent.parent_id
    return chain


def children(code: str) -> list[HsCode]:
    node = get_hs(code)
    return list(node.children.order_by("position"))


def sections() -> list[HsCode]:
    return list(HsCode.objects.filter(level=HsLevel.SECTION).select_related("source").order_by("position"))


def search_hs(text: str, limit: int = 20) -> list[HsCode]:
    """Codes starting with the digits typed, or whose description holds every word typed.

    ``icontains`` is case-insensitive on both SQLite (ASCII) and PostgreSQL, and the descriptions are
    English ASCII text, so both engines answer alike.
    """
    limit = max(1, min(limit, SEARCH_LIMIT_MAX))
    text = text.strip()
    if not text:
        return []
    compact = CODE_SEPARATORS.sub("", text)
    queryset = HsCode.objects.all()
    if compact.isdigit():
        queryset = queryset.filter(code__startswith=compact)
    elif ROMAN.match(compact.upper()) and HsCode.objects.filter(code=compact.upper()).exists():
        queryset = queryset.filter(code=compact.upper())
    else:
        for word in text.split():
            queryset = queryset.filter(Q(description__icontains=word) | Q(description_id__icontains=word))
    return list(queryset.order_by("position")[:limit])


def parse_version(version: str) -> str:
    """``HS2017``, ``hs2017``, ``HS 2017`` or ``2017`` → ``HS2017``; anything else is a field error."""
    compact = version.replace(" ", "").upper()
    if compact.isdigit():
        compact = f"HS{compact}"
    if compact not in HsVersion.values:
        known = ", ".join(HsVersion.values)
        raise RantaiError(
            _("The HS version %(version)s is not one we can convert from.") % {"version": version},
            fields={"version": [_("Use one of: %(known)s.") % {"known": known}]},
        )
    return compact


def convert_to_hs2022(version: str, code: str) -> list[Conversion]:
    """The HS 2022 subheadings an older 6-digit code corresponds to, with the relationship flag."""
    version = parse_version(version)
    normalized = normalize_code(code)
    if not (len(normalized) == 6 and normalized.isdigit()):
        raise RantaiError(
            _("%(code)s is not a 6-digit HS code.") % {"code": code.strip()},
            fields={"code": [_("Give six digits, for example 3002.20.")]},
        )
    rows = HsCorrelation.objects.filter(other_version=version, other_code=normalized).order_by("hs2022_id")
    found = [Conversion(hs2022, relationship) for hs2022, relationship in rows.values_list(
        "hs2022_id", "relationship"
    )]
    if not found:
        raise NotFound(
            _("No correlation from %(version)s code %(code)s to HS 2022 is loaded.")
            % {"version": HsVersion(version).label, "code": normalized},
            fields={"code": [_("Unknown HS code.")]},
        )
    return found


def correlations(code: str) -> list[HsCorrelation]:
    """Older-version codes of an HS 2022 subheading, newest version first."""
    node = get_hs(code)
    return list(
        HsCorrelation.objects.filter(hs2022=node)
        .select_related("source")
        .order_by("-other_version", "other_code")
    )


def essential_lists(code: str) -> list[EssentialListing]:
    node = get_hs(code)
    items = (
        EssentialGood.objects.filter(hs=node)
        .select_related("goods_list__source")
        .order_by("goods_list__name", "category")
    )
    return [
        EssentialListing(
            list_key=item.goods_list.key,
            list_name=item.goods_list.name,
            category=item.category,
            category_label=str(EssentialCategory(item.category).label) if item.category else "",
            note=item.note,
            listed_code=item.listed_code,
            listed_version=item.listed_version,
            source=item.goods_list.source,
        )
        for item in items
    ]


def economies(apec: bool | None = None) -> list[Economy]:
    queryset = Economy.objects.select_related("source")
    if apec is not None:
        queryset = queryset.filter(is_apec=apec)
    return list(queryset.order_by("name_en"))


def get_economy(iso3: str) -> Economy:
    try:
        return Economy.objects.select_related("source").get(iso3=iso3.strip().upper())
    except Economy.DoesNotExist:
        raise NotFound(
            _("There is no economy with the ISO code %(iso3)s.") % {"iso3": iso3.strip()},
            fields={"iso3": [_("Unknown economy.")]},
        ) from None
