"""From what a person typed to the tokens the classifier looks up.

Steps, in order: refuse binary or control characters, truncate over-long text (with a notice), lower-case and
fold accents, drop quantities ("250 gram", "1 kg", "500ml", "isi 12"), split into words, undo reduplication
("kue-kue" → "kue", "sayur2" → "sayur"), map spelling variants ("kripik" → "keripik") and strip Indonesian
affixes when the root is a word we know. Packaging, marketing and function words are removed last, so a
phrase such as "kopi bubuk" still reads as two neighbouring words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError

MAX_CHARS = 2000

# Tab, line feed and carriage return are ordinary white space in pasted text; other control characters,
# NUL above all, mean the input is not text.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Units the nomenclature itself sorts goods by (cc, kW, kVA, Hz, MPa, bar, m2) are not in this list.
_QUANTITY = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:x\s*\d+(?:[.,]\d+)?\s*)?"
    r"(?:kg|kilo|kilogram|kilogramm?e?s?|g|gr|grm|gram|grams|gramm|mg|ml|cl|l|lt|ltr|liter|litre|liters|litres|"
    r"oz|ounce|ounces|lb|lbs|pound|pounds|cm|mm|m|meter|metre|inch|inches|pcs|pc|pieces?|buah|biji|butir|"
    r"lembar|helai|pasang|pairs?|set|sets|pack|packs|pak|bungkus|sachet|sachets|botol|bottles?|kaleng|cans?|"
    r"dus|box|boxes|karton|cartons?|ton|tons|tonnes?|w|watt|v|volt|mah|gb|tb|gsm|dtex|denier|microns?|kpa|"
    r"psi|khz|mhz|ghz|m3|%)\b",
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_REDUPLICATED = re.compile(r"\b([a-z]{2,})-\1(?:an|nya)?\b")
_REDUPLICATED_DIGIT = re.compile(r"\b([a-z]{2,})2\b")
_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class ClassifyInputError(RantaiError):
    code = "classify_input"


@dataclass
class PreparedText:
    """The cleaned text and its tokens, with what was removed and why (shown to the user as ``why``)."""

    original: str
    text: str
    notice: str = ""
    tokens: list[str] = field(default_factory=list)
    phrase_tokens: list[str] = field(default_factory=list)
    sequence: list[str] = field(default_factory=list)  # every word in order, function words too ("ban dalam")
    lang: str = "und"
    english: set[str] = field(default_factory=set)  # words read as English, not as Indonesian ("air" filter)
    removed: list[str] = field(default_factory=list)
    rewritten: list[tuple[str, str]] = field(default_factory=list)
    vi_syllables: list[str] = field(default_factory=list)  # the Vietnamese words, diacritics kept


def check_text(raw: object) -> tuple[str, str]:
    """Validate user input: returns ``(text, notice)``; raises ``ClassifyInputError`` for bad input."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ClassifyInputError(
                _("The description is not readable text; send plain UTF-8 text."),
                fields={"text": [_("Binary data is not accepted.")]},
            ) from None
    if not isinstance(raw, str):
        raise ClassifyInputError(
            _("The description must be text."), fields={"text": [_("Give a product description.")]}
        )
    bad = [ch for ch in raw if (unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
                                and ch not in _ALLOWED_CONTROLS) or ch == "\ufffd"]
    if bad:
        raise ClassifyInputError(
            _("The description contains control or binary characters; send plain text only."),
            fields={"text": [_("Remove control characters such as NUL.")]},
        )
    text = " ".join(raw.split())
    if not text:
        raise ClassifyInputError(
            _("The description is empty; describe the product in a few words."),
            fields={"text": [_("This field is required.")]},
        )
    notice = ""
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notice = _("The description was longer than %(limit)s characters; only the first %(limit)s were read.") % {
            "limit": MAX_CHARS
        }
    return text, notice


def fold(text: str) -> str:
    """Lower-case and strip accents: "Cà phê" → "ca phe", "crème" → "creme"; đ → d."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def raw_words(text: str) -> list[str]:
    """Words of already folded text, with reduplication undone; hyphenated compounds are split."""
    text = _REDUPLICATED.sub(r"\1", text)
    text = _REDUPLICATED_DIGIT.sub(r"\1", text)
    words: list[str] = []
    for match in _WORD.finditer(text):
        words.extend(part for part in match.group().split("-") if part)
    return words


def strip_quantities(folded: str) -> tuple[str, list[str]]:
    removed = [m.group().strip() for m in _QUANTITY.finditer(folded)]
    folded = _QUANTITY.sub(" ", folded)
    removed += [m.group() for m in _NUMBER.finditer(folded)]
    folded = _NUMBER.sub(" ", folded)
    return folded, removed
