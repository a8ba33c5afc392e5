"""Reading Vietnamese: syllables, the words among them, and customs boilerplate.

Vietnamese writes every syllable apart ("máy tính" is one word, a computer), and most words are two
syllables, so a text is matched by its syllables and by each pair of neighbouring syllables ("dầu thô", crude
oil, rather than every "dầu"). Diacritics are kept: folding them merges distinct words ("dầu" oil and "đậu"
bean both fold to "dau", "máy" machine and "may" sewing to "may").

A text is Vietnamese when a word carries a letter or tone mark only Vietnamese uses (ơ, ư, đ, ạ, ả, ẫ …).
Such texts often mix in English or brand names ("Dầu thô KAHAI OIL"); the English words still go to the
English and lexicon matching, the Vietnamese ones only to the Vietnamese descriptions, so that a syllable
such as "ban" (in "ban hành", to issue) is not read as the Indonesian "ban" (a tyre).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from itertools import pairwise

from rantai.classify.text import strip_quantities

# Letters (after NFC) that no other language written in Latin script on this platform uses: the horn and
# breve vowels, đ, and vowels with the Vietnamese hook, dot below or tilde.
_MARKED = frozenset(
    "ăâđêôơư"
    "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ"
)
_ACCENTED = re.compile(r"[à-ỹ]")
_WORD = re.compile(r"[^\W\d_]+")
# The end of a sentence (not a decimal point): a modifier ("cho", "của" …) runs to it, not beyond.
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
SENTENCE = "."  # stands between sentences in a list of syllables; never a term
# Letters and digits together: a model or part code ("DS512H", "RPO160") or a chemical formula ("TiO2", "CO2").
# Kept whole, so that its letters are not read as syllables ("ds", "h") nor its neighbours as a pair.
_TOKEN = re.compile(r"[^\W_]+")
# A CAS registry number with its label ("CAS number 6151-25-3", "CAS No. 64-17-5", "mã CAS: 9004-32-4"): it names
# the substance for a chemist, but its label is a word ("cas" is Indonesian for charging) and its digits quantities.
_CAS = re.compile(
    r"(?:\b(?:mã|số)\s+)?(?:\bcas\b\s*(?:(?:registry\s+)?(?:no|number|nr|rn|n°|#)\b\.?)?\s*[:.#]?\s*)?"
    r"\b\d{2,7}-\d{2}-\d\b"
    r"|(?:\b(?:mã|số)\s+)?\bcas\b\s*(?:(?:registry\s+)?(?:no|number|nr|rn|n°)\b\.?)?\s*[:.#]?(?=\s*$|\s*[),;])",
)
# The shape of one unmarked Vietnamese syllable: initial consonant(s), one to three vowels, a final consonant.
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")


def normalise(text: str) -> str:
    """Lower case in composed form (NFC), so "ệ" typed as e + two combining marks is one letter."""
    return unicodedata.normalize("NFC", text.lower())


def is_vietnamese(text: str) -> bool:
    """A letter only Vietnamese uses, or two accented words shaped like Vietnamese syllables ("máy tính": the
    acute alone is also French or Spanish, but "crème" or "café" are not one Vietnamese syllable)."""
    lowered = normalise(text)
    if any(ch in _MARKED for ch in lowered):
        return True
    shaped = 0
    for word in _WORD.findall(lowered):
        if _marked(word) and _SYLLABLE.match(_fold(word)):
            shaped += 1
            if shaped == 2:
                return True
    return False


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _marked(word: str) -> bool:
    return bool(_ACCENTED.search(word))


def vietnamese_word_mask(words: list[str], english: Callable[[str], bool]) -> list[bool]:
    """Which words of a Vietnamese text are Vietnamese: those with an accent, and unaccented words shaped like
    a Vietnamese syllable that stand next to an accented one or that English does not know ("dung dịch",
    "cao su"); "camera", "nylon" or "Imochild" stay English or names."""
    marked = [_marked(w) for w in words]
    mask = list(marked)
    for i, word in enumerate(words):
        if marked[i] or not _SYLLABLE.match(word):
            continue
        beside = (i > 0 and marked[i - 1]) or (i + 1 < len(words) and marked[i + 1])
        mask[i] = beside or not english(word)
    return mask


def split(text: str, english: Callable[[str], bool]) -> tuple[str, str]:
    """``(vietnamese, other)``: the Vietnamese words of a text (lower case, NFC) and the rest of the text with
    those words blanked out, for the usual reading."""
    lowered = normalise(text)
    matches = list(_WORD.finditer(lowered))
    mask = vietnamese_word_mask([m.group() for m in matches], english)
    other = list(lowered)
    for cas in _CAS.finditer(lowered):
        other[cas.start():cas.end()] = " " * (cas.end() - cas.start())
    for match, is_vi in zip(matches, mask, strict=True):
        if is_vi:
            other[match.start():match.end()] = " " * (match.end() - match.start())
    return lowered, "".join(other)


def syllables(text: str, boilerplate: Collection[tuple[str, ...]] = (), longest: int = 0) -> list[str]:
    """Syllables of a (Vietnamese) text without quantities, CAS numbers and boilerplate phrases; a token of
    letters and digits (a model code, a formula) stays one word, a number alone goes."""
    cleaned, _removed = strip_quantities(_CAS.sub(" ", normalise(text)))
    words: list[str] = []
    for sentence in _SENTENCE_END.split(cleaned):
        if words and words[-1] != SENTENCE:
            words.append(SENTENCE)
        words += [token for token in _TOKEN.findall(sentence) if not token.isdigit()]
    if words and words[-1] == SENTENCE:
        words.pop()
    if not boilerplate:
        return words
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            if tuple(words[i:i + size]) in boilerplate:
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


# Words that open a modifier: what the goods are for, part of, used in. Vietnamese puts the head noun first
# ("sạc pin cho điện thoại": a charger, for a telephone), so what follows says less about the goods.
_MODIFIER_MARKERS = frozenset(["cho", "của", "để", "dùng", "trong", "thuộc", "nhằm", "giúp"])


def head_factors(words: list[str], after: float) -> list[float]:
    """1.0 for each word up to the first modifier marker, ``after`` from there to the end of the sentence."""
    factors: list[float] = []
    factor = 1.0
    for word in words:
        if word in _MODIFIER_MARKERS:
            factor = after
        elif word == SENTENCE:
            factor = 1.0
        factors.append(factor)
    return factors


def terms(words: Iterable[str], stop: Collection[str] = ()) -> list[str]:
    """Each syllable and each pair of neighbouring syllables ("dầu_thô"), leaving out function syllables and
    pairs of two ("từ_các" says nothing of the goods; "bằng_thép", of steel, does) and pairs across the end of a
    sentence."""
    words = [w for w in words if len(w) > 1 or _marked(w) or w == SENTENCE]
    return [w for w in words if w not in stop and w != SENTENCE] + [
        f"{a}_{b}" for a, b in pairwise(words) if (a not in stop or b not in stop) and SENTENCE not in (a, b)
    ]
