"""The match engine: which supplier organisations fit a sourcing request, and why, best first.

Candidates are published products read from the search documents (``search.ProductDocument``), never the
catalogue joins, in capped tiers so the cost does not grow with the catalogue:

1. the request's HS subheading (up to ``CAP_SUBHEADING`` products, verified and recently updated first);
2. the other subheadings the classifier reads in the request's words (``classify``), up to
   ``CAP_ALTERNATIVE`` each — this is how an English request finds an Indonesian listing filed under a code
   the buyer did not pick: the bilingual lexicon maps both to the same code;
3. the rest of the request's heading (``CAP_HEADING``);
4. full text over titles (``CAP_TEXT``), through the search backend.

Each candidate gets a score in [0, 1] built from named components, every one with a reason the buyer sees:
product relevance, HS match level, duty advantage (the market-access rate logic, from the supplier's economy
to the destination, for the request's subheading), certification fit, quantity fit (capacity ≥ quantity and
minimum order ≤ quantity), verification, past responsiveness and — when the buyer asks for it — a
diversification bonus for origins outside the economies the buyer already buys from. Components that do not
apply to a request (no certification asked, no diversification wanted) are left out and the weights of the
others renormalised. One organisation appears once, through its best-scoring product.

Reasons are stored as a code and parameters, and put into words in the reader's language (``reason_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rantai.classify.engine import classify
from rantai.classify.lexicon import read_lexicon
from rantai.directory.i18n import localised
from rantai.matching.models import Quote, Responsiveness, SourcingRequest
from rantai.reference.models import Economy, HsCode
from rantai.search.backends import get_backend
from rantai.search.backends.base import TextSearch
from rantai.search.models import ProductDocument
from rantai.search.text import STOP_WORDS, fold, query_groups, stem_english, stem_indonesian, words
from rantai.tariffs.models import Regime
from rantai.tariffs.rates import RateData, answer_from, load_rate_data

CAP_SUBHEADING = 200
CAP_ALTERNATIVE = 40
ALTERNATIVES = 3
ALTERNATIVE_MIN_SCORE = 0.05
CAP_HEADING = 80
CAP_TEXT = 60
DEFAULT_LIMIT = 20
DUTY_CEILING = Decimal(25)  # a best rate at or above this many percent earns no duty advantage
MAX_GROUPS = 8  # request words counted for relevance; long descriptions would otherwise dilute it

WEIGHTS = {
    "relevance": 0.25,
    "hs_match": 0.25,
    "duty": 0.12,
    "certifications": 0.10,
    "quantity": 0.10,
    "verification": 0.08,
    "responsiveness": 0.05,
    "diversification": 0.05,
}

COMPONENT_NAMES = {
    "relevance": gettext_lazy("Product relevance"),
    "hs_match": gettext_lazy("HS code match"),
    "duty": gettext_lazy("Duty advantage"),
    "certifications": gettext_lazy("Certifications"),
    "quantity": gettext_lazy("Quantity fit"),
    "verification": gettext_lazy("Verification"),
    "responsiveness": gettext_lazy("Past responsiveness"),
    "diversification": gettext_lazy("Diversification"),
}

HS_LEVEL_VALUES = {"subheading": 1.0, "alternative": 0.7, "heading": 0.6, "chapter": 0.3, "other": 0.0}

# Units one can convert between; other pairs are not compared.
UNIT_FACTORS = {
    "g": ("kg", Decimal("0.001")),
    "kg": ("kg", Decimal(1)),
    "tonne": ("kg", Decimal(1000)),
    "piece": ("piece", Decimal(1)),
    "pair": ("piece", Decimal(2)),
    "dozen": ("piece", Decimal(12)),
    "litre": ("litre", Decimal(1)),
    "m3": ("litre", Decimal(1000)),
}


@dataclass(frozen=True)
class RequestSpec:
    """What the engine needs of a request; the benchmark builds these without saving requests."""

    text: str
    hs6: str | None
    destination: str
    quantity: Decimal | None = None
    unit: str = ""
    certifications: tuple[str, ...] = ()
    diversify: bool = False
    current_origins: tuple[str, ...] = ()
    exclude_organisations: tuple[int, ...] = ()
    on: dt.date = field(default_factory=dt.date.today)
    title: str = ""  # the short statement of need, searched as full text; ``text`` when empty


@dataclass
class Component:
    name: str
    value: float
    weight: float
    reason: str  # a code of REASONS
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 4),
            "weight": round(self.weight, 4),
            "reason": self.reason,
            "params": self.params,
        }


@dataclass
class Ranked:
    organisation_id: int
    product_id: int
    score: float
    components: list[Component]
    document: Doc


def spec_for(request: SourcingRequest, on: dt.date | None = None) -> RequestSpec:
    """The engine's view of a stored request; the economies the buyer already buys from include those of
    the suppliers it awarded before."""
    awarded = Quote.objects.filter(request__buyer_id=request.buyer_id, status=Quote.Status.AWARDED)
    origins = set(request.current_origins or ()) | set(
        awarded.values_list("organisation__economy_id", flat=True)
    )
    return RequestSpec(
        text=f"{request.title}\n{request.description}",
        title=request.title,
        hs6=request.hs_id,
        destination=request.destination_id,
        quantity=request.quantity,
        unit=request.unit,
        certifications=tuple(sorted(request.certifications.values_list("code", flat=True))),
        diversify=request.diversify,
        current_origins=tuple(sorted(origins)),
        exclude_organisations=(request.buyer_id,),
        on=on or dt.date.today(),
    )


# --- Candidates ------------------------------------------------------------------------------------------------


class Doc:
    """A candidate product: the search document's columns the engine reads (plain tuples are several times
    cheaper to load than model instances, and the engine loads hundreds per request)."""

    __slots__ = FIELDS = (
        "id", "product_id", "organisation_id", "economy", "hs6", "hs4", "hs2", "verified", "min_order",
        "monthly_capacity", "unit", "cert_codes", "title", "language", "organisation_name", "organisation_slug",
        "city", "title_terms", "body_terms",
    )  # fmt: skip

    id: int
    product_id: int
    organisation_id: int
    economy: str
    hs6: str
    hs4: str
    hs2: str
    verified: bool
    min_order: Decimal
    monthly_capacity: Decimal | None
    unit: str
    cert_codes: str
    title: str
    language: str
    organisation_name: str
    organisation_slug: str
    city: str
    title_terms: str
    body_terms: str

    def __init__(self, row: Sequence[Any]) -> None:
        for name, value in zip(self.FIELDS, row, strict=True):
            setattr(self, name, value)
        self.verified = bool(self.verified)
        # SQLite returns decimals as floats or strings; the components compare Decimals.
        self.min_order = Decimal(str(self.min_order))
        if self.monthly_capacity is not None:
            self.monthly_capacity = Decimal(str(self.monthly_capacity))


@dataclass
class _Candidates:
    documents: dict[int, Doc] = field(default_factory=dict)
    tier: dict[int, str] = field(default_factory=dict)

    def add(self, rows: Iterable[Sequence[Any]], tier: str) -> None:
        for row in rows:
            if row[0] not in self.documents:
                self.documents[row[0]] = Doc(row)
                self.tier[row[0]] = tier


TABLE = ProductDocument._meta.db_table
COLUMNS = ", ".join(Doc.FIELDS)
NEWEST = "ORDER BY verified DESC, updated_at DESC, id DESC LIMIT %s"


def suggested_codes(text: str) -> list[tuple[str, float]]:
    """The classifier's reading of the request's words: (HS 6, probability), best first."""
    return [(c.hs6, c.score) for c in classify(text[:2000], top=ALTERNATIVES + 2).candidates]


def _tier_query(spec: RequestSpec, suggestions: Sequence[tuple[str, float]]) -> tuple[str, list[Any]]:
    """One statement for the HS tiers, each the newest products of verified suppliers first, capped; each
    sub-select walks one of the (hs6|hs4, verified, updated_at, id) indexes."""
    primary = spec.hs6 or (suggestions[0][0] if suggestions else None)
    if not primary:
        return "", []
    excluded = ", ".join(["%s"] * len(spec.exclude_organisations))
    keep = f"organisation_id NOT IN ({excluded})" if excluded else "1 = 1"
    parts = [("subheading", "hs6 = %s", [primary], CAP_SUBHEADING)]
    alternatives = [c for c, p in suggestions if c != primary and p >= ALTERNATIVE_MIN_SCORE][:ALTERNATIVES]
    parts += [("alternative", "hs6 = %s", [code], CAP_ALTERNATIVE) for code in alternatives]
    parts.append(("heading", "hs4 = %s AND hs6 <> %s", [primary[:4], primary], CAP_HEADING))
    selects: list[str] = []
    params: list[Any] = []
    for tier, condition, values, cap in parts:
        selects.append(
            f"SELECT * FROM (SELECT {COLUMNS}, '{tier}' AS tier FROM {TABLE} "  # noqa: S608 - constants only
            f"WHERE {condition} AND {keep} {NEWEST}) AS {tier}_{len(selects)}"
        )
        params += [*values, *spec.exclude_organisations, cap]
    return " UNION ALL ".join(selects), params


def candidates(spec: RequestSpec, suggestions: Sequence[tuple[str, float]]) -> _Candidates:
    found = _Candidates()
    sql, params = _tier_query(spec, suggestions)
    with connection.cursor() as cursor:
        if sql:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                found.add([row[:-1]], row[-1])
        groups = query_groups(spec.title or spec.text)[:MAX_GROUPS]
        if groups:
            hits = get_backend().search(TextSearch("product", groups, limit=CAP_TEXT))
            ids = [doc_id for doc_id, _score in hits.rows if doc_id not in found.documents]
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                cursor.execute(f"SELECT {COLUMNS} FROM {TABLE} WHERE id IN ({marks})", ids)  # noqa: S608
                excluded = set(spec.exclude_organisations)
                found.add([r for r in cursor.fetchall() if r[2] not in excluded], "text")
    return found


# --- Components ------------------------------------------------------------------------------------------------


@cache
def _translations() -> dict[str, frozenset[str]]:
    """Indonesian word ↔ English words, from the classifier's glossary (single Indonesian words only)."""
    pairs: dict[str, set[str]] = {}
    for phrase, lang, meaning in read_lexicon().glossary:
        if lang != "id" or " " in phrase.strip():
            continue
        word = fold(phrase.strip())
        for english in words(meaning):
            pairs.setdefault(word, set()).add(english)
            pairs.setdefault(english, set()).add(word)
    return {word: frozenset(found) for word, found in pairs.items()}


def bilingual_groups(text: str) -> list[tuple[str, frozenset[str]]]:
    """The request's query words as typed, each with every form that stands for it — its stems and those of
    its translations — so "rattan chairs" finds "kursi rotan"."""
    translations = _translations()
    groups = []
    for word in dict.fromkeys(w for w in words(text) if w not in STOP_WORDS):
        forms = {word, stem_english(word), *stem_indonesian(word)}
        for other in translations.get(word, ()) or translations.get(stem_english(word), ()):
            forms |= {other, stem_english(other), *stem_indonesian(other)}
        groups.append((word, frozenset(forms)))
    return groups[:MAX_GROUPS]


def _relevance(
    groups: list[tuple[str, frozenset[str]]], document: Doc, suggestion: dict[str, float]
) -> Component:
    """Half the share of the request's words the listing holds, half how strongly the request's words point
    (through the bilingual lexicon) to the listing's HS code, so a listing in another language still counts."""
    terms = set(document.title_terms.split()) | set(document.body_terms.split())
    shared = [word for word, forms in groups if forms & terms]
    overlap = len(shared) / len(groups) if groups else 0.0
    heading = sum(p for code, p in suggestion.items() if code[:4] == document.hs4)
    bridged = max(suggestion.get(document.hs6, 0.0), heading / 2)
    return Component(
        "relevance",
        (overlap + bridged) / 2,
        0,
        "relevance",
        {"words": shared[:6], "code": document.hs6, "lexicon": round(bridged, 2)},
    )


def _hs_match(spec_hs6: str | None, tier: str, document: Doc) -> Component:
    if spec_hs6 and document.hs6 == spec_hs6:
        level = "subheading"
    elif tier == "alternative":
        level = "alternative"
    elif spec_hs6 and document.hs4 == spec_hs6[:4]:
        level = "heading"
    elif spec_hs6 and document.hs2 == spec_hs6[:2]:
        level = "chapter"
    else:
        level = "other"
    return Component("hs_match", HS_LEVEL_VALUES[level], 0, level, {"code": document.hs6})


@dataclass(frozen=True)
class DutyView:
    value: float
    reason: str
    params: dict[str, Any]


def duty_by_origin(
    origins: Iterable[str], destination: str, hs6: str | None, on: dt.date
) -> dict[str, DutyView]:
    """For each origin economy, how much the best rate into ``destination`` is worth (1 = duty free)."""
    views: dict[str, DutyView] = {}
    hs = HsCode.objects.filter(code=hs6).first() if hs6 else None
    data: RateData | None = load_rate_data([destination], hs, on) if hs is not None else None
    economies = Economy.objects.in_bulk([destination, *origins])
    for origin in set(origins):
        if origin == destination:
            views[origin] = DutyView(1.0, "domestic", {})
            continue
        if data is None or origin not in economies or destination not in economies:
            views[origin] = DutyView(
                0.5, "no_code" if hs is None else "no_data", {"destination": destination}
            )
            continue
        try:
            answer = answer_from(data, economies[origin], economies[destination])
        except Exception:
            views[origin] = DutyView(0.5, "no_data", {"destination": destination})
            continue
        best = answer.best
        if best is None or best.max_percent is None:
            views[origin] = DutyView(0.5, "specific", {"destination": destination})
            continue
        rate = min(best.max_percent, DUTY_CEILING)
        params = {
            "destination": destination,
            "rate": f"{best.max_percent.normalize():f}",
            "regime": best.name,
            "document": best.document or "",
            "source": best.source.citation,
        }
        if answer.mfn.max_percent is not None:
            params["mfn"] = f"{answer.mfn.max_percent.normalize():f}"
        reason = "preference" if best.regime_kind != Regime.MFN else "mfn"
        views[origin] = DutyView(float(1 - rate / DUTY_CEILING), reason, params)
    return views


def _certifications(required: tuple[str, ...], document: Doc) -> Component:
    held = set(document.cert_codes.split())
    have = [code for code in required if code in held]
    missing = [code for code in required if code not in held]
    return Component(
        "certifications", len(have) / len(required), 0, "certifications", {"have": have, "missing": missing}
    )


def _in_base(amount: Decimal, unit: str) -> tuple[str, Decimal] | None:
    if unit not in UNIT_FACTORS:
        return None
    base, factor = UNIT_FACTORS[unit]
    return base, amount * factor


def _quantity(spec: RequestSpec, document: Doc) -> Component:
    if spec.quantity is None:
        return Component("quantity", 0.5, 0, "no_quantity", {})
    wanted = (spec.unit, spec.quantity) if document.unit == spec.unit else _in_base(spec.quantity, spec.unit)
    minimum = (
        (document.unit, document.min_order)
        if document.unit == spec.unit
        else _in_base(document.min_order, document.unit)
    )
    if wanted is None or minimum is None or wanted[0] != minimum[0]:
        return Component("quantity", 0.5, 0, "other_unit", {"unit": document.unit})
    capacity: Decimal | None = None
    if document.monthly_capacity is not None:
        converted = (
            (document.unit, document.monthly_capacity)
            if document.unit == spec.unit
            else _in_base(document.monthly_capacity, document.unit)
        )
        capacity = converted[1] if converted else None
    min_ok = minimum[1] <= wanted[1]
    if capacity is None:
        cap_value = 0.5
    else:
        cap_value = float(min(Decimal(1), capacity / wanted[1])) if wanted[1] else 1.0
    value = (cap_value + (1.0 if min_ok else 0.0)) / 2
    params = {
        "min_order": f"{document.min_order.normalize():f}",
        "unit": document.unit,
        "min_ok": min_ok,
        "capacity": f"{document.monthly_capacity.normalize():f}"
        if document.monthly_capacity is not None
        else "",
    }
    return Component("quantity", value, 0, "quantity", params)


def _responsiveness(record: tuple[int, int] | None) -> Component:
    matched, quoted = record or (0, 0)
    # Laplace's rule: with no history the prior is one half, and a few answers move it gradually.
    value = (quoted + 1) / (matched + 2)
    return Component(
        "responsiveness",
        value,
        0,
        "history" if matched else "no_history",
        {"matched": matched, "quoted": quoted},
    )


def _combine(components: list[Component]) -> float:
    total = sum(WEIGHTS[c.name] for c in components)
    for component in components:
        component.weight = WEIGHTS[component.name] / total
    return sum(c.value * c.weight for c in components)


def rank(spec: RequestSpec, limit: int = DEFAULT_LIMIT) -> list[Ranked]:
    """The ``limit`` best-fitting supplier organisations for the request, best first."""
    suggestions = suggested_codes(spec.text)
    suggestion = dict(suggestions)
    found = candidates(spec, suggestions)
    documents = list(found.documents.values())
    if not documents:
        return []
    hs6 = spec.hs6 or (suggestions[0][0] if suggestions else None)
    groups = bilingual_groups(spec.text)
    duty = duty_by_origin({d.economy for d in documents}, spec.destination, hs6, spec.on)
    history = {
        row[0]: (row[1], row[2])
        for row in Responsiveness.objects.filter(
            organisation_id__in={d.organisation_id for d in documents}
        ).values_list("organisation_id", "matched", "quoted")
    }
    best: dict[int, Ranked] = {}
    for document in documents:
        view = duty[document.economy]
        components = [
            _relevance(groups, document, suggestion),
            _hs_match(hs6, found.tier[document.id], document),
            Component("duty", view.value, 0, view.reason, {"origin": document.economy, **view.params}),
        ]
        if spec.certifications:
            components.append(_certifications(spec.certifications, document))
        components.append(_quantity(spec, document))
        components.append(
            Component(
                "verification",
                1.0 if document.verified else 0.0,
                0,
                "verified" if document.verified else "not_verified",
                {},
            )
        )
        components.append(_responsiveness(history.get(document.organisation_id)))
        if spec.diversify:
            new = document.economy not in spec.current_origins
            components.append(
                Component(
                    "diversification",
                    1.0 if new else 0.0,
                    0,
                    "new_origin" if new else "known_origin",
                    {"origin": document.economy},
                )
            )
        score = _combine(components)
        held = best.get(document.organisation_id)
        if held is None or (score, -document.id) > (held.score, -held.product_id):
            best[document.organisation_id] = Ranked(
                document.organisation_id, document.product_id, score, components, document
            )
    ordered = sorted(best.values(), key=lambda r: (-r.score, not r.document.verified, r.organisation_id))
    return ordered[:limit]


# --- Reasons in words ------------------------------------------------------------------------------------------


def _economy_name(iso3: str) -> str:
    economy = Economy.objects.filter(iso3=iso3).first()
    return localised(economy.display_name, economy.name_id) if economy else iso3


def reason_text(component: dict[str, Any]) -> str:
    """One component of a stored match, put into words in the active language."""
    code, p = component["reason"], component.get("params", {})
    if code == "relevance":
        parts = []
        if p["words"]:
            parts.append(_("Its listing shares the words: %(words)s.") % {"words": ", ".join(p["words"])})
        else:
            parts.append(_("Its listing shares no words with the request."))
        if p["lexicon"] >= 0.1:
            parts.append(
                _("Its HS code, %(code)s, is what the words of the request describe.") % {"code": p["code"]}
            )
        return " ".join(parts)
    if code == "subheading":
        return _("Same HS subheading (%(code)s).") % {"code": p["code"]}
    if code == "alternative":
        return _("HS %(code)s, another subheading the request's words point to.") % {"code": p["code"]}
    if code == "heading":
        return _("Same HS heading (product in %(code)s).") % {"code": p["code"]}
    if code == "chapter":
        return _("Same HS chapter only (product in %(code)s).") % {"code": p["code"]}
    if code == "other":
        return _("Found by its words, in another HS chapter (%(code)s).") % {"code": p["code"]}
    if code == "domestic":
        return _("Supplier in the destination economy: no import duty.")
    if code in ("preference", "mfn"):
        values = {
            "origin": _economy_name(p["origin"]),
            "destination": _economy_name(p["destination"]),
            "rate": p["rate"],
            "regime": p["regime"],
            "mfn": p.get("mfn", "?"),
            "source": p["source"],
        }
        if code == "preference":
            text = (
                _(
                    "Best duty from %(origin)s into %(destination)s: %(rate)s%% under %(regime)s "
                    "(MFN %(mfn)s%%). Source: %(source)s."
                )
                % values
            )
            if p.get("document"):
                text += " " + _("Origin document: %(document)s.") % {"document": p["document"]}
            return text
        return (
            _("Duty from %(origin)s into %(destination)s: MFN %(rate)s%%, no preference. Source: %(source)s.")
            % values
        )
    if code == "no_data":
        return _("No tariff schedule of %(destination)s is loaded for this code: duty not compared.") % {
            "destination": _economy_name(p["destination"])
        }
    if code == "no_code":
        return _("The request has no HS code yet: duty not compared.")
    if code == "specific":
        return _("The duty is an amount per unit: not compared without a unit value.")
    if code == "certifications":
        if not p["missing"]:
            return _("Holds every certification asked for, verified: %(have)s.") % {
                "have": ", ".join(p["have"])
            }
        return _("Missing verified certifications: %(missing)s.") % {"missing": ", ".join(p["missing"])}
    if code == "no_quantity":
        return _("The request gives no quantity.")
    if code == "other_unit":
        return _("Sells by %(unit)s, which cannot be compared with the request's unit.") % {"unit": p["unit"]}
    if code == "quantity":
        parts = []
        if p["min_ok"]:
            parts.append(
                _("minimum order %(min)s %(unit)s fits") % {"min": p["min_order"], "unit": p["unit"]}
            )
        else:
            parts.append(
                _("minimum order %(min)s %(unit)s is above the quantity")
                % {"min": p["min_order"], "unit": p["unit"]}
            )
        if p["capacity"]:
            parts.append(
                _("monthly capacity %(capacity)s %(unit)s") % {"capacity": p["capacity"], "unit": p["unit"]}
            )
        else:
            parts.append(_("monthly capacity not stated"))
        return "; ".join(parts).capitalize() + "."
    if code == "verified":
        return _("Verified by its economy's trade authority.")
    if code == "not_verified":
        return _("Not verified yet.")
    if code == "history":
        return _("Quoted on %(quoted)d of the %(matched)d requests it was matched to.") % p
    if code == "no_history":
        return _("No history of answering requests yet.")
    if code == "new_origin":
        return _("From %(origin)s, outside the economies you already buy from.") % {
            "origin": _economy_name(p["origin"])
        }
    if code == "known_origin":
        return _("From %(origin)s, an economy you already buy from.") % {"origin": _economy_name(p["origin"])}
    return code


def explained(components: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored components with their name and reason in the active language, heaviest first."""
    return [
        {**c, "label": str(COMPONENT_NAMES.get(c["name"], c["name"])), "text": reason_text(c)}
        for c in sorted(components, key=lambda c: -c["weight"])
    ]
