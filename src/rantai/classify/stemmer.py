"""Indonesian affix stripping, checked against the words we know.

Indonesian builds words with prefixes (me-, ber-, di-, ter-, pe-, ke-, se-), suffixes (-kan, -an, -i) and
particles (-nya, -lah, -kah). "Menyangrai" (to roast) is ``meny-`` + "sangrai", "olahan" (processed) is
"olah" + ``-an``. Blind stripping ruins words that merely look affixed ("teri", "beras", "pepaya"), so a
candidate root is accepted only when it is a word of our lexicon or glossary; otherwise the word is kept as
it was. This is the dictionary check of the Nazief-Adriani family of stemmers, with our vocabulary as the
dictionary.
"""

from __future__ import annotations

from collections.abc import Collection

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
# Prefix → the letters it may have swallowed (nasal assimilation: menyangrai ← sangrai, memanggang ← panggang,
# menenun ← tenun, mengukir ← kukir/ukir).
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("menge", ("",)),
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("p", "")),
    ("men", ("t", "")),
    ("me", ("",)),
    ("penge", ("",)),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("p", "")),
    ("pen", ("t", "")),
    ("per", ("",)),
    ("pe", ("",)),
    ("ber", ("",)),
    ("bel", ("",)),
    ("be", ("",)),
    ("ter", ("",)),
    ("di", ("",)),
    ("ke", ("",)),
    ("se", ("",)),
)
_MIN_ROOT = 3


class Stemmer:
    """Strips affixes only when the result is a known root; remembers every answer."""

    def __init__(self, roots: Collection[str]) -> None:
        self.roots = roots
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._stem(word)
            self._cache[word] = cached
        return cached

    def _known(self, word: str) -> bool:
        return len(word) >= _MIN_ROOT and word in self.roots

    def _stem(self, word: str) -> str:
        if word in self.roots or len(word) <= _MIN_ROOT + 1:
            return word
        for base in self._without_endings(word):
            if self._known(base):
                return base
            for root in self._without_prefixes(base):
                if self._known(root):
                    return root
        return word

    @staticmethod
    def _without_endings(word: str) -> list[str]:
        forms = [word]
        for particle in _PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= _MIN_ROOT:
                forms.append(word[: -len(particle)])
        for form in list(forms):
            for possessive in _POSSESSIVES:
                if form.endswith(possessive) and len(form) - len(possessive) >= _MIN_ROOT:
                    forms.append(form[: -len(possessive)])
        for form in list(forms):
            for suffix in _SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_ROOT:
                    forms.append(form[: -len(suffix)])
        return forms

    @staticmethod
    def _without_prefixes(word: str) -> list[str]:
        found: list[str] = []
        frontier = [word]
        # Two prefixes at most: "diper-", "memper-", "ter-" + "ke-" …
        for _round in range(2):
            next_frontier: list[str] = []
            for form in frontier:
                for prefix, restores in _PREFIXES:
                    if form.startswith(prefix) and len(form) - len(prefix) >= _MIN_ROOT - 1:
                        rest = form[len(prefix):]
                        for letter in restores:
                            candidate = letter + rest
                            found.append(candidate)
                            next_frontier.append(candidate)
            frontier = next_frontier
        return found
