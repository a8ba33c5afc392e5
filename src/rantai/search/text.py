"""Words to search terms: folding, stop words, Indonesian and English stemming.

Both search backends index the *terms* made here, not the raw text, so SQLite FTS5 and PostgreSQL see the
same tokens and one test suite holds for both. A document is stemmed in its own language; a query's
language is not known, so each query word stands for every form it may take (as typed, Indonesian stem,
English stem) and matches a document holding any of them.

English uses the Snowball (Porter2) stemmer. Indonesian does not use Snowball's: it strips the particle
"-lah" ("mengolah" → "mengo") and the suffix "-i" ("pakai" → "paka", while "pakaian" → "pakai"), which
breaks exactly the words a catalogue is full of (olah, kopi, besi, sapi). ``stem_indonesian`` below is a
conservative affix stripper in the same family (Adriani et al. 2007, Tala 2003) without a dictionary:
it removes the possessive "-nya", the suffixes "-kan"/"-an", the confix "ke-…-an" and the prefixes
meN-, peN-, per-, ber-, ter-, di-, but only when at least four letters with two vowels remain. A nasal
prefix before a vowel may have swallowed a consonant (memotong ← potong, but memasak ← masak), so such a
word yields both candidate roots.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiou")
_MIN_ROOT = 4

# fmt: off
# English glue words that fill HS descriptions ("other", "whether or not", "of a kind used in").
_ENGLISH_STOP = (
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "not",
    "of", "on", "or", "other", "than", "that", "the", "their", "this", "to", "with", "whether", "which",
    "kind", "used", "such",
)
_INDONESIAN_STOP = (
    "dan", "atau", "dari", "untuk", "yang", "dengan", "di", "ke", "pada", "dalam", "lain", "lainnya",
    "tidak", "ini", "itu", "juga", "serta", "oleh",
)
# fmt: on
STOP_WORDS = frozenset((*_ENGLISH_STOP, *_INDONESIAN_STOP))

_english = snowballstemmer.stemmer("english")

# (prefix, letters the prefix may have swallowed when a vowel follows it); longest first.
_NASAL_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("menge", ("",)),
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("p", "m")),
    ("men", ("t", "n")),
    ("penge", ("",)),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("p", "m")),
    ("pen", ("t", "n")),
)
# Plain prefixes; "me-" only before the sonorants it attaches to (melukis, merajut, mewarnai).
_PLAIN_PREFIXES = ("ber", "per", "ter", "di")
_ME_BEFORE = frozenset("lrwy")


def fold(text: str) -> str:
    """Lower case without diacritics: "Café Ñandú" → "cafe nandu"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of a text, in order, stop words left out."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]


def _root_ok(root: str) -> bool:
    return len(root) >= _MIN_ROOT and sum(ch in _VOWELS for ch in root) >= 2


def _strip_suffix(word: str) -> tuple[str, str]:
    """(root, suffix removed) — '-kan' before '-an'; the possessive '-nya' first."""
    if word.endswith("nya") and _root_ok(word[:-3]):
        word = word[:-3]
    for suffix in ("kan", "an"):
        if word.endswith(suffix) and _root_ok(word[: -len(suffix)]):
            return word[: -len(suffix)], suffix
    return word, ""


def _strip_prefix(word: str, suffix: str) -> set[str]:
    if suffix == "an" and word.startswith("ke") and _root_ok(word[2:]):
        return {word[2:]}  # the confix ke-…-an: kerajinan → rajin
    for prefix, swallowed in _NASAL_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            if rest and rest[0] in _VOWELS:
                roots = {letter + rest for letter in swallowed if _root_ok(letter + rest)}
                if roots:
                    return roots
            elif _root_ok(rest):
                return {rest}
    for prefix in _PLAIN_PREFIXES:
        if word.startswith(prefix) and _root_ok(word[len(prefix) :]):
            return {word[len(prefix) :]}
    if word.startswith("me") and len(word) > 2 and word[2] in _ME_BEFORE and _root_ok(word[2:]):
        return {word[2:]}
    return {word}


@lru_cache(maxsize=200_000)
def stem_indonesian(word: str) -> frozenset[str]:
    """Candidate roots of one folded Indonesian word: "pengolahan" → {"olah"}, "memotong" → {"potong", "motong"}."""
    if not word.isalpha() or not _root_ok(word):
        return frozenset({word})
    root, suffix = _strip_suffix(word)
    roots: set[str] = set()
    for candidate in _strip_prefix(root, suffix):
        # A second derivational prefix (memper-, diper-, berke-): "diperdagangkan" → "dagang".
        again = _strip_prefix(candidate, "") if candidate != root else {candidate}
        roots |= again
    return frozenset(roots)


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    return str(_english.stemWord(word))


@lru_cache(maxsize=400_000)
def _word_terms(word: str, language: str) -> tuple[str, ...]:
    if word in STOP_WORDS:
        return ()
    return tuple(sorted(_stems(word, language)))


def _stems(word: str, language: str) -> Iterable[str]:
    if language == "id" or language == "ms":
        return stem_indonesian(word)
    if language == "en":
        return (stem_english(word),)
    if language == "":
        # Names and text of unknown language: every form, so any query form finds them.
        return {word, stem_english(word), *stem_indonesian(word)}
    return (word,)


@lru_cache(maxsize=100_000)
def _cached_document_terms(text: str, language: str) -> tuple[str, ...]:
    terms: list[str] = []
    for word in _WORD.findall(fold(text)):
        terms.extend(_word_terms(word, language))
    return tuple(terms)


def document_terms(text: str, language: str = "") -> list[str]:
    """Index terms of a text written in ``language`` ("" when not known), in order of appearance."""
    return list(_cached_document_terms(text, language.split("-")[0].lower()))


def query_groups(text: str) -> list[frozenset[str]]:
    """One set of alternative terms per query word; a document must hold one term of every set.

    Stop words are dropped unless the query holds nothing else ("other").
    """
    folded = _WORD.findall(fold(text))
    kept = [w for w in folded if w not in STOP_WORDS] or folded
    groups: list[frozenset[str]] = []
    for word in dict.fromkeys(kept):
        groups.append(frozenset({word, stem_english(word), *stem_indonesian(word)}))
    return groups
