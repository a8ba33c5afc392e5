"""Economies: every ISO 3166 country from pycountry, plus the 21 APEC members' facts from ``economies.toml``.

Names in Indonesian come from pycountry's own gettext catalogue (so they follow the ISO translations the
package ships), except for APEC members, whose Indonesian name is a fact we state.
"""

from __future__ import annotations

import gettext
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.reference.importers.sources import facts_source, package_source
from rantai.reference.models import Economy, ValuationBasis

FACTS_FILE = Path(__file__).resolve().parent.parent / "facts" / "economies.toml"
APEC_MEMBER_COUNT = 21


def read_facts_file(path: Path) -> dict[str, Any]:
    """Parse one of our TOML fact files; a syntax error names the file, line and column."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError only carries the position in its message.
        raise ImportFileError(path, 0, 0, str(exc)) from exc


def _indonesian_names() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    except OSError:
        # A pycountry build without locales still gives every country an (English) name.
        return gettext.NullTranslations()


def _apec_values(iso3: str, fact: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The model fields one APEC member's facts set; a typo in the facts file is a bug and raises."""
    known = {
        "apec_name", "name_id", "currency", "languages", "vat_name", "vat_rate", "vat_note",
        "valuation_basis", "verify", "facts_as_of",
    }  # fmt: skip
    unknown = set(fact) - known
    valuation = fact.get("valuation_basis", "")
    currency = fact.get("currency", "")
    problems = []
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if valuation and valuation not in ValuationBasis.values:
        problems.append(f"valuation_basis {valuation!r} is not CIF or FOB")
    if pycountry.currencies.get(alpha_3=currency) is None:
        problems.append(f"currency {currency!r} is not ISO 4217")
    if problems:
        raise ImportFileError(FACTS_FILE, 0, f"economy.{iso3}", "; ".join(problems))
    rate = fact.get("vat_rate")
    return {
        "apec_name": fact["apec_name"],
        "name_id": fact["name_id"],
        "is_apec": True,
        "currency": currency,
        "languages": list(fact.get("languages", [])),
        "vat_name": fact.get("vat_name", ""),
        "vat_rate": Decimal(rate).quantize(Decimal("0.01")) if rate is not None else None,
        "vat_note": fact.get("vat_note", ""),
        "valuation_basis": valuation,
        "facts_need_verification": bool(fact.get("verify", False)),
        "facts_as_of": fact.get("facts_as_of", defaults.get("facts_as_of")),
    }


_NON_APEC = {
    "apec_name": "",
    "is_apec": False,
    "currency": "",
    "languages": [],
    "vat_name": "",
    "vat_rate": None,
    "vat_note": "",
    "valuation_basis": "",
    "facts_need_verification": False,
    "facts_as_of": None,
}


def load(path: Path = FACTS_FILE) -> list[str]:
    facts = read_facts_file(path)
    members: dict[str, dict[str, Any]] = facts.get("economy", {})
    if len(members) != APEC_MEMBER_COUNT:
        raise ImportFileError(path, 0, "economy", f"{len(members)} APEC members listed, expected 21")
    translations = _indonesian_names()
    created = 0
    changes: list[str] = []
    with transaction.atomic():
        src = facts["source"]
        apec_source = facts_source(
            src["key"], src["version"], src["title"], src["publisher"], src.get("published_on"), src["url"]
        )
        iso_source = package_source(
            "pycountry-iso3166",
            "pycountry",
            "ISO 3166-1 countries with their iso-codes translations",
            "ISO 3166 Maintenance Agency, via the pycountry package (Debian iso-codes)",
            "https://pypi.org/project/pycountry/",
            "LGPL-2.1",
        )
        for country in pycountry.countries:
            iso3 = country.alpha_3
            values: dict[str, Any] = {
                "iso2": country.alpha_2,
                "iso_numeric": country.numeric,
                "name_en": country.name,
                "name_id": translations.gettext(country.name),
                **_NON_APEC,
                "source_id": iso_source.pk,
            }
            if iso3 in members:
                values.update(_apec_values(iso3, members[iso3], facts.get("defaults", {})))
                values["source_id"] = apec_source.pk
            economy = Economy.objects.filter(pk=iso3).first()
            if economy is None:
                Economy.objects.create(iso3=iso3, **values)
                created += 1
                continue
            changed = [name for name, value in values.items() if getattr(economy, name) != value]
            if changed:
                for name in changed:
                    setattr(economy, name, values[name])
                economy.save(update_fields=changed)
                changes.append(f"  {iso3}: {', '.join(sorted(changed))}")
        missing = set(members) - set(Economy.objects.filter(pk__in=members).values_list("pk", flat=True))
        if missing:
            raise ImportFileError(path, 0, "economy", f"not ISO 3166 alpha-3 codes: {sorted(missing)}")
    total = Economy.objects.count()
    apec = Economy.objects.filter(is_apec=True).count()
    report = [f"Economies: {total} ({apec} APEC), {created} created, {len(changes)} changed"]
    return report + changes
