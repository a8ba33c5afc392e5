"""Reading a duty rate as printed in a tariff schedule.

``parse_rate("$1.035/kg + 2.2%")`` → compound: 2.2 % ad valorem plus USD 1.035 per kg. The grammar covers
what the official files we import print:

* free: ``Free``, ``無税``, ``0``, ``0%``;
* ad valorem: ``6.5%``, ``12,5`` (BTKI's decimal comma; bare numbers are percent where the caller says so);
* specific: ``1.5¢/kg``, ``$2.146/kg``, ``0.9¢ each``, ``90¢/pr.``, ``20.70円/kg``, ``4,000,000円/頭``,
  ``290.70円/1,000本`` (per 1,000 pieces), ``424.55円/kl`` (per 1,000 l), ``450,-/kg`` (BTKI rupiah);
* compound (both, added): ``30.5¢/kg + 8.5%``, ``35%+120円/kg`` (full-width plus in the source);
* mixed: ``2.8%又は20円/kgのうちいずれか高い税率`` (the higher, Japan's wording) or ``…低い税率`` (the lower).

Anything else — formulas, references to other subheadings, quota conditions, several alternatives on several
lines — is ``OTHER``: the text is kept and nothing is guessed. Callers keep ``rate_text`` verbatim either way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rantai.tariffs.models import RateKind

# Units as the sources print them → our normalised unit and the quantity the amount is for.
UNITS: dict[str, tuple[str, int]] = {
    "kg": ("kg", 1), "kilogram": ("kg", 1), "kgs": ("kg", 1), "キログラム": ("kg", 1),
    "g": ("g", 1), "gram": ("g", 1),
    "t": ("t", 1), "ton": ("t", 1), "tonne": ("t", 1), "mt": ("t", 1),
    "l": ("l", 1), "liter": ("l", 1), "litre": ("l", 1), "liters": ("l", 1), "litres": ("l", 1),
    "ltr": ("l", 1), "kl": ("l", 1000),
    "pf.liter": ("pf_l", 1), "pf. liter": ("pf_l", 1), "proof liter": ("pf_l", 1),
    "each": ("piece", 1), "no.": ("piece", 1), "no": ("piece", 1), "piece": ("piece", 1), "pc": ("piece", 1),
    "pcs": ("piece", 1), "unit": ("piece", 1), "本": ("piece", 1), "個": ("piece", 1), "枚": ("piece", 1),
    "頭": ("head", 1), "head": ("head", 1),
    "pr.": ("pair", 1), "pr": ("pair", 1), "prs.": ("pair", 1), "pair": ("pair", 1), "足": ("pair", 1),
    "doz.": ("dozen", 1), "doz": ("dozen", 1), "dozen": ("dozen", 1), "doz. pr.": ("dozen_pair", 1),
    "gross": ("gross", 1),
    "m2": ("m2", 1), "㎡": ("m2", 1), "m²": ("m2", 1), "sq m": ("m2", 1),
    "m3": ("m3", 1), "㎥": ("m3", 1), "m³": ("m3", 1),
    "m": ("m", 1), "bbl": ("bbl", 1), "carat": ("carat", 1), "menit": ("minute", 1), "minute": ("minute", 1),
}  # fmt: skip

# Currency signs in front of or behind the amount.
CURRENCY_SIGNS = {"$": ("USD", Decimal(1)), "¢": ("USD", Decimal("0.01")), "円": ("JPY", Decimal(1)),
                  "¥": ("JPY", Decimal(1)), "rp": ("IDR", Decimal(1)), "rp.": ("IDR", Decimal(1))}  # fmt: skip

FREE_WORDS = frozenset({"free", "無税", "bebas", "exempt", "nil"})
_NUMBER = r"\d[\d.,]*"
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
_BARE = re.compile(rf"^({_NUMBER})$")
# "$1.035/kg", "1.5¢/kg", "0.9¢ each", "20.70円/kg", "290.70円/1,000本", "450,-/kg", "Rp 450/kg"
_SPECIFIC = re.compile(
    rf"^(?P<pre>\$|¥|rp\.?\s*)?(?P<amount>{_NUMBER})(?:,-)?\s*(?P<post>¢|円|\$)?\s*"
    rf"(?:/\s*|\s+per\s+|\s+)(?P<per>\d[\d,]*)?\s*(?P<unit>[^\d\s/].*?)$",
    re.IGNORECASE,
)
_MIXED_JA = re.compile(r"^(?P<a>.+?)又は(?P<b>.+?)のうちいずれか(?P<which>高い|低い)税率$")
_PLUS = re.compile(r"\s*\+\s*")


@dataclass(frozen=True)
class ParsedRate:
    kind: str
    ad_valorem: Decimal | None = None
    specific_amount: Decimal | None = None
    specific_currency: str = ""
    specific_unit: str = ""
    specific_per: Decimal = Decimal(1)

    @property
    def is_parsed(self) -> bool:
        return self.kind != RateKind.OTHER


OTHER = ParsedRate(kind=RateKind.OTHER)
FREE = ParsedRate(kind=RateKind.FREE, ad_valorem=Decimal(0))


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC keeps 円 and ¢), collapsed spaces, no stray quotes."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("\u2212", "-").replace("\uff5e", "\u301c")
    return re.sub(r"\s+", " ", folded).strip()


def parse_number(text: str, *, thousands_dot: bool = False) -> Decimal | None:
    """``1,204`` → 1204; ``12,5`` → 12.5; with ``thousands_dot`` (Indonesian style) ``21.450`` → 21450."""
    text = text.strip()
    if thousands_dot and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid numbers
        return None


def _ad_valorem(text: str, *, bare_is_percent: bool, thousands_dot: bool) -> Decimal | None:
    match = _PERCENT.match(text) or (_BARE.match(text) if bare_is_percent else None)
    if match is None:
        return None
    return parse_number(match.group(1), thousands_dot=False if "%" in text else thousands_dot)


def _specific(text: str, *, currency: str, thousands_dot: bool) -> ParsedRate | None:
    match = _SPECIFIC.match(text)
    if match is None:
        return None
    unit_text = match.group("unit").strip().lower().rstrip()
    if unit_text not in UNITS:
        return None
    amount = parse_number(match.group("amount"), thousands_dot=thousands_dot)
    if amount is None:
        return None
    sign = (match.group("pre") or match.group("post") or "").strip().lower()
    if sign:
        code, factor = CURRENCY_SIGNS[sign]
    elif currency:
        code, factor = currency, Decimal(1)
    else:
        return None
    unit, unit_per = UNITS[unit_text]
    per = Decimal(unit_per)
    if match.group("per"):
        count = parse_number(match.group("per"))
        if count is None or count == 0:
            return None
        per *= count
    return ParsedRate(
        kind=RateKind.SPECIFIC,
        specific_amount=amount * factor,
        specific_currency=code,
        specific_unit=unit,
        specific_per=per,
    )


@lru_cache(maxsize=65536)
def parse_rate(
    text: str,
    *,
    currency: str = "",
    bare_is_percent: bool = False,
    thousands_dot: bool = False,
) -> ParsedRate:
    """Parse one printed rate; ``currency`` is used for specific amounts printed without a sign (BTKI)."""
    cleaned = normalise(text)
    if not cleaned:
        return OTHER
    if cleaned.lower().rstrip(".") in FREE_WORDS:
        return FREE
    options = {"bare_is_percent": bare_is_percent, "thousands_dot": thousands_dot}
    simple = _simple(cleaned, currency=currency, **options)
    if simple is not None:
        return simple
    mixed = _MIXED_JA.match(cleaned)
    if mixed is not None:
        first = _simple(mixed.group("a"), currency=currency, **options)
        second = _simple(mixed.group("b"), currency=currency, **options)
        kind = RateKind.MIXED_MAX if mixed.group("which") == "高い" else RateKind.MIXED_MIN
        combined = _combine(first, second, kind)
        if combined is not None:
            return combined
    return OTHER


def _simple(text: str, *, currency: str, bare_is_percent: bool, thousands_dot: bool) -> ParsedRate | None:
    """One ad valorem, one specific, or one of each added together."""
    text = text.strip()
    if text.lower() in FREE_WORDS:
        return FREE
    value = _ad_valorem(text, bare_is_percent=bare_is_percent, thousands_dot=thousands_dot)
    if value is not None:
        return FREE if value == 0 else ParsedRate(kind=RateKind.AD_VALOREM, ad_valorem=value)
    specific = _specific(text, currency=currency, thousands_dot=thousands_dot)
    if specific is not None:
        return specific
    parts = _PLUS.split(text)
    if len(parts) == 2:
        first = _simple_part(parts[0], currency=currency, thousands_dot=thousands_dot)
        second = _simple_part(parts[1], currency=currency, thousands_dot=thousands_dot)
        return _combine(first, second, RateKind.COMPOUND)
    return None


def _simple_part(text: str, *, currency: str, thousands_dot: bool) -> ParsedRate | None:
    value = _ad_valorem(text.strip(), bare_is_percent=False, thousands_dot=thousands_dot)
    if value is not None:
        return ParsedRate(kind=RateKind.AD_VALOREM, ad_valorem=value)
    return _specific(text.strip(), currency=currency, thousands_dot=thousands_dot)


def _combine(first: ParsedRate | None, second: ParsedRate | None, kind: str) -> ParsedRate | None:
    """An ad valorem and a specific part joined as ``kind``; anything else cannot be represented."""
    if first is None or second is None:
        return None
    rates = {first.kind, second.kind}
    if first.kind == RateKind.FREE:
        first = ParsedRate(kind=RateKind.AD_VALOREM, ad_valorem=Decimal(0))
    if second.kind == RateKind.FREE:
        second = ParsedRate(kind=RateKind.AD_VALOREM, ad_valorem=Decimal(0))
    rates = {first.kind, second.kind}
    if rates != {RateKind.AD_VALOREM, RateKind.SPECIFIC}:
        return None
    ad = first if first.kind == RateKind.AD_VALOREM else second
    sp = second if ad is first else first
    return ParsedRate(
        kind=kind,
        ad_valorem=ad.ad_valorem,
        specific_amount=sp.specific_amount,
        specific_currency=sp.specific_currency,
        specific_unit=sp.specific_unit,
        specific_per=sp.specific_per,
    )
