"""Scoring a description against the HS 2022 subheadings.

For each subheading the raw score adds up:

* lexicon hits — a term of ours found in the text (all its words, any order). A subheading term counts more
  than a heading term, a heading term more than a chapter term, and a longer term more than a shorter one. A
  term whose words are all inside a longer term that was also found counts less ("kelapa" inside "minyak
  kelapa"). A heading term lifts every subheading of the heading a little and its residual ("other")
  subheading a little more, so the description words decide between them;
* description matches — BM25 over the nomenclature's English descriptions (and, when loaded, the national
  lines' local-language descriptions) with the text's words and their glossary meanings;
* decisions people recorded for near-identical text, weighted by role (``ROLE_WEIGHTS``).

Raw scores become probabilities with a softmax whose temperature was fitted on labelled data
(``calibration.py``), so a score of 0.8 means "right about four times in five" on such data.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import pairwise

from django.utils.translation import gettext as _

from rantai.classify import calibration, vietnamese
from rantai.classify.index import (
    LexiconEntry,
    LiveIndex,
    english_stem,
    live_index,
    national_tokens,
    normalise_words,
    refresh,
)
from rantai.classify.text import PreparedText, check_text, fold, raw_words, strip_quantities

DEFAULT_TOP = 5
MAX_TOP = 20
BM25_WEIGHT = 0.55
NATIONAL_WEIGHT = 0.35
VI_NATIONAL_WEIGHT = 0.3
NATIONAL_EN_WEIGHT = 0.1
RESIDUAL_SHARE = 0.8
RESIDUAL_HEADINGS = 2
VI_SYLLABLE_FACTOR = 0.5
VI_HEADING_WEIGHT = 0.3
VI_HEADINGS = 8
VI_MODIFIER_FACTOR = 0.4
VI_GLOSSARY_WEIGHT = 0.8
GLOSSARY_WEIGHT = 0.8
HEADING_SPREAD = 0.75
DEFAULT_BONUS = 0.6
SUBSUMED_FACTOR = 0.25
DECISION_MIN_SIMILARITY = 0.5
CANDIDATE_POOL = 40
LOW_CONFIDENCE = 0.35


@dataclass
class Candidate:
    hs6: str
    score: float
    description: str
    why: list[str]
    raw: float = 0.0
    heading: str = ""
    heading_description: str = ""
    chapter: str = ""
    chapter_description: str = ""
    section: str = ""
    section_description: str = ""
    national_lines: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Result:
    text: str
    lang: str
    candidates: list[Candidate]
    notice: str = ""
    removed: list[str] = field(default_factory=list)

    @property
    def low_confidence(self) -> bool:
        return not self.candidates or self.candidates[0].score < LOW_CONFIDENCE

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "text": self.text,
            "lang": self.lang,
            "candidates": [
                {"hs6": c.hs6, "score": round(c.score, 4), "description": c.description, "why": c.why}
                | ({"national_lines": c.national_lines} if c.national_lines else {})
                for c in self.candidates
            ],
        }
        if self.notice:
            body["notice"] = self.notice
        return body


def prepare(text: str | bytes, index: LiveIndex) -> PreparedText:
    checked, notice = check_text(text)
    base = index.base
    rest = checked
    vi_syllables: list[str] = []
    if vietnamese.is_vietnamese(checked):
        # Vietnamese words are matched against Vietnamese descriptions only; English words and names in the
        # same text are read as usual.
        _lowered, rest = vietnamese.split(checked, base.english_word)
        vi_syllables = vietnamese.syllables(checked, base.vi_boilerplate, base.vi_boilerplate_max)
    folded, removed = strip_quantities(fold(rest))
    words = raw_words(folded)
    prepared = PreparedText(original=checked, text=checked, notice=notice, removed=removed,
                            vi_syllables=vi_syllables)
    tokens: list[str] = []
    for word in words:
        # One word at a time: a variant may give two words ("powerbank" → "power bank").
        standard = base.variants.get(word, word)
        normalised = normalise_words([word], base, index.stemmer)
        if standard != word:
            prepared.rewritten.append((word, standard))
        elif normalised != [word]:
            prepared.rewritten.append((word, " ".join(normalised)))
        tokens.extend(normalised)
    kept: list[str] = []
    phrase: list[str] = []
    sequence: list[str] = []
    for token in tokens:
        if len(token) <= 1:
            continue
        sequence.append(token)
        kind = base.stopwords.get(token)
        if (kind or "").startswith("function"):
            continue
        phrase.append(token)
        if kind in {"packaging", "marketing"}:
            prepared.removed.append(token)
        else:
            kept.append(token)
    prepared.tokens = kept
    prepared.phrase_tokens = phrase
    prepared.sequence = sequence
    prepared.lang = "vi" if vi_syllables else detect_language(words, index)
    prepared.english = _read_as_english(prepared, index)
    return prepared


def _read_as_english(prepared: PreparedText, index: LiveIndex) -> set[str]:
    """Indonesian words that are also English words of another meaning ("air": water) are English in an
    English text, in the Latin words of a Vietnamese one, before an English-only word ("air pump"; an Indonesian
    modifier follows its noun: "pompa air", a water pump) and inside one of our English terms written as such
    ("air conditioner", "air filter"; "filter air" is a water filter)."""
    base = index.base
    words = prepared.sequence
    # "en" by default (no word of either language only) is no evidence: "filter air" is a water filter.
    english_text = prepared.lang == "vi" or (prepared.lang == "en" and any(w in base.en_vocab for w in words))
    english: set[str] = set()
    for i, word in enumerate(words):
        if word in base.false_friends and (
            english_text or (i + 1 < len(words) and words[i + 1] in base.en_vocab)
            or any(_written(phrase, words) for phrase in base.english_phrases.get(word, ()))
        ):
            english.add(word)
    return english


def detect_language(words: list[str], index: LiveIndex) -> str:
    """"id", "en" or "und": words only one language uses count; a tie goes to the language with such words."""
    base = index.base
    if not words:
        return "und"
    id_hits = en_hits = 0
    for word in words:
        standard = base.variants.get(word, word)
        stem = index.stemmer.stem(standard)
        if standard in base.id_vocab or stem in base.id_vocab:
            id_hits += 1
        elif word in base.en_vocab or english_stem(word) in base.en_vocab:
            en_hits += 1
    if id_hits == en_hits == 0:
        known = [w for w in words if w in base.roots or english_stem(w) in base.postings]
        return "en" if known else "und"
    return "id" if id_hits >= en_hits else "en"


def _lexicon_hits(tokens: set[str], sequence: list[str], english: set[str],
                  index: LiveIndex) -> list[LexiconEntry]:
    """Terms whose words are all in the text, in any order; a function word of the term must sit next to
    another word of the term ("ban dalam motor", not "ban motor ... dalam kota"); an Indonesian term with a word
    read as English only as written ("air conditioner split", not "filter air" for "air filter")."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for left, right in pairwise(sequence):
        neighbours[left].add(right)
        neighbours[right].add(left)
    found: dict[int, LexiconEntry] = {}
    for token in tokens:
        for entry in index.base.entries_by_token.get(token, ()):
            if (entry.tokens <= tokens
                    and all(not entry.tokens.isdisjoint(neighbours[link] - {link}) for link in entry.links)
                    and not (english and entry.words and not entry.tokens.isdisjoint(english)
                             and not (len(entry.words) > 1 and _written(entry.words, sequence)))):
                found[id(entry)] = entry
    return list(found.values())


def _written(words: tuple[str, ...], sequence: list[str]) -> bool:
    size = len(words)
    return any(tuple(sequence[i:i + size]) == words for i in range(len(sequence) - size + 1))


def _glossary_expansion(prepared: PreparedText, index: LiveIndex) -> tuple[dict[str, float], list[str]]:
    """Glossary phrases over the words (packaging and function words left out), then those with a function
    word in them ("tanpa tulang") over every word in order."""
    base = index.base
    expanded: dict[str, float] = {}
    used: list[str] = []
    tokens = prepared.tokens
    present = set(tokens)
    keys: list[tuple[str, ...]] = []
    for words, function in ((tokens, False), (prepared.sequence, True)):
        for size in range(base.glossary_max, 1 if function else 0, -1):
            for start in range(0, len(words) - size + 1):
                key = tuple(words[start:start + size])
                if not function or not base.function_words.isdisjoint(key):
                    keys.append(key)
    for key in keys:
        meaning = base.glossary.get(key)
        if meaning and prepared.english and key in base.glossary_id_only and not prepared.english.isdisjoint(key):
            continue
        if meaning:
            for word in meaning:
                if word not in present:
                    expanded[word] = max(expanded.get(word, 0.0), GLOSSARY_WEIGHT)
            used.append(f"{' '.join(key)} = {' '.join(dict.fromkeys(meaning))}")
    return expanded, used


def _vietnamese_glossary(words: list[str], index: LiveIndex) -> tuple[dict[str, float], list[LexiconEntry],
                                                                        list[str]]:
    """Longest glossary phrases first, left to right: "máy tính xách tay" before "máy tính" before "máy"."""
    base = index.base
    expanded: dict[str, float] = {}
    entries: dict[LexiconEntry, LexiconEntry] = {}
    used: list[str] = []
    factors = vietnamese.head_factors(words, VI_MODIFIER_FACTOR)
    i = 0
    while i < len(words):
        for size in range(min(base.vi_glossary_max, len(words) - i), 0, -1):
            found = base.vi_glossary.get(tuple(words[i:i + size]))
            if found is None:
                continue
            meaning, entry = found
            for word in meaning:
                expanded[word] = max(expanded.get(word, 0.0), VI_GLOSSARY_WEIGHT * factors[i])
            if entry is not None:
                scaled = replace(entry, weight=entry.weight * factors[i])
                if entry not in entries or entries[entry].weight < scaled.weight:
                    entries[entry] = scaled
            if meaning:
                used.append(f"{' '.join(words[i:i + size])} = {' '.join(dict.fromkeys(meaning))}")
            i += size
            break
        else:
            i += 1
    return expanded, list(entries.values()), used


def score(prepared: PreparedText, index: LiveIndex) -> Scores:
    base = index.base
    raw: dict[str, float] = defaultdict(float)
    why: dict[str, list[str]] = defaultdict(list)
    tokens = set(prepared.tokens)

    vi_expansion, vi_entries, vi_used = _vietnamese_glossary(prepared.vi_syllables, index)
    # The English meanings of Vietnamese words find our English lexicon terms ("laptop").
    hits = _lexicon_hits(set(prepared.sequence) | set(vi_expansion), prepared.sequence, prepared.english,
                         index) + vi_entries
    for entry in hits:
        weight = entry.weight
        if any(entry.tokens < other.tokens and other.code[:4] != entry.code[:4] for other in hits):
            weight *= SUBSUMED_FACTOR
        label = _("Lexicon: “%(term)s” is classified in %(code)s.") % {"term": entry.term, "code": _dotted(entry.code)}
        if len(entry.code) == 6:
            raw[entry.code] += weight
            why[entry.code].append(label)
        elif len(entry.code) == 4:
            subs = base.subheadings_of.get(entry.code, [])
            for hs6 in subs:
                raw[hs6] += weight * HEADING_SPREAD
                why[hs6].append(label)
            default = base.default_of.get(entry.code)
            if default:
                raw[default] += weight * DEFAULT_BONUS * (1 - HEADING_SPREAD) + DEFAULT_BONUS
        else:
            for heading, subs in base.subheadings_of.items():
                if heading.startswith(entry.code):
                    for hs6 in subs:
                        raw[hs6] += weight * 0.4
                        why[hs6].append(label)

    expansion, glossary_used = _glossary_expansion(prepared, index)
    for word, weight in vi_expansion.items():
        expansion[word] = max(expansion.get(word, 0.0), weight)
    glossary_used += vi_used
    query: dict[str, float] = dict.fromkeys(tokens, 1.0)
    for word, weight in expansion.items():
        query.setdefault(word, weight)
    matched_words: dict[str, list[str]] = defaultdict(list)
    for token, weight in query.items():
        for hs6, value in base.postings.get(token, {}).items():
            raw[hs6] += BM25_WEIGHT * weight * value
            matched_words[hs6].append(token)
        # The English of national lines only for Vietnamese texts: their glossary meanings name the goods in
        # general words that the finer national splits match; on Indonesian and English texts it blurs top-1.
        for hs6, value in (index.national_en_postings.get(token, {}) if prepared.vi_syllables else {}).items():
            raw[hs6] += NATIONAL_EN_WEIGHT * weight * value
            if token not in matched_words[hs6]:
                matched_words[hs6].append(token)
    # The national lines of BTKI are Indonesian: a word read as English is not looked up there.
    national_words = [t for t in prepared.phrase_tokens if t not in prepared.english]
    for token in dict.fromkeys(national_tokens(national_words, index) if index.national_postings else []):
        for hs6, value in index.national_postings.get(token, {}).items():
            raw[hs6] += NATIONAL_WEIGHT * value
            if token not in matched_words[hs6]:
                matched_words[hs6].append(token.replace("_", " "))
    if index.national_postings and prepared.vi_syllables:
        by_heading: dict[str, float] = defaultdict(float)
        words = prepared.vi_syllables
        factors = vietnamese.head_factors(words, VI_MODIFIER_FACTOR)
        term_factor: dict[str, float] = {}
        for i, word in enumerate(words):
            for token in (word, f"{word}_{words[i + 1]}" if i + 1 < len(words) else ""):
                term_factor[token] = max(term_factor.get(token, 0.0), factors[i])
        for token in vietnamese.terms(words, stop=base.vi_function):
            if token not in term_factor:
                continue
            # A pair of syllables is usually a word; a syllable alone is often a fragment of one.
            weight = VI_NATIONAL_WEIGHT * (1.0 if "_" in token else VI_SYLLABLE_FACTOR) * term_factor.pop(token)
            for hs6, value in index.national_postings.get(token, {}).items():
                raw[hs6] += weight * value
                if token not in matched_words[hs6]:
                    matched_words[hs6].append(token.replace("_", " "))
            for heading, value in index.national_heading_postings.get(token, {}).items():
                by_heading[heading] += weight * value
        # The best headings by their national text lift their subheadings (only a few: a heading has many).
        for heading, value in heapq.nlargest(int(VI_HEADINGS), by_heading.items(), key=lambda item: item[1]):
            for hs6 in base.subheadings_of.get(heading, ()):
                raw[hs6] += VI_HEADING_WEIGHT * value
    if prepared.vi_syllables:
        _residual_fallback(raw, index)
    _apply_decisions(tokens, raw, why, index)
    return Scores(raw=raw, why=why, matched_words=matched_words, meanings=glossary_used)


@dataclass
class Scores:
    """Raw scores with what led to them. The description words and meanings are written out as reasons only
    for the candidates shown (``explain``): thousands of subheadings may match one word."""

    raw: dict[str, float]
    why: dict[str, list[str]]
    matched_words: dict[str, list[str]]
    meanings: list[str]

    def explain(self, hs6: str) -> list[str]:
        reasons = list(dict.fromkeys(self.why.get(hs6, [])))
        words = self.matched_words.get(hs6)
        if words:
            reasons.append(_("Words of the official description: %(words)s.") % {"words": ", ".join(words[:8])})
        if self.meanings:
            reasons.append(_("Meanings used: %(meanings)s.") % {"meanings": "; ".join(self.meanings[:6])})
        return reasons


def _residual_fallback(raw: dict[str, float], index: LiveIndex) -> None:
    """The residual ("other") subheading of each of the best headings follows close behind the heading's best
    subheading: when the evidence names the heading but no subheading's own words, the goods are most often
    in the residual one (HS "Other", AHTN "Loại khác"), rather than in a subheading of another heading."""
    if not raw or RESIDUAL_SHARE <= 0:
        return
    best: dict[str, tuple[str, float]] = {}
    for hs6, value in heapq.nlargest(CANDIDATE_POOL, raw.items(), key=lambda item: item[1]):
        if hs6[:4] not in best:
            best[hs6[:4]] = (hs6, value)
            if len(best) >= RESIDUAL_HEADINGS:
                break
    for heading, (hs6, value) in best.items():
        residual = index.base.default_of.get(heading)
        if residual and residual != hs6 and raw.get(residual, 0.0) < value * RESIDUAL_SHARE:
            raw[residual] = value * RESIDUAL_SHARE


def _apply_decisions(tokens: set[str], raw: dict[str, float], why: dict[str, list[str]], index: LiveIndex) -> None:
    if not index.decisions or not tokens:
        return
    candidate_ids: set[int] = set()
    for token in tokens:
        candidate_ids |= index.decisions_by_token.get(token, set())
    if not candidate_ids:
        return
    # A decision must be able to overturn what the lexicon says, so its weight scales with the best score.
    top = max(raw.values(), default=0.0)
    unit = max(8.0, 1.15 * top)
    votes: dict[str, list[float]] = defaultdict(list)
    for decision_id in candidate_ids:
        decision = index.decisions[decision_id]
        union = tokens | decision.tokens
        similarity = len(tokens & decision.tokens) / len(union) if union else 0.0
        if similarity < DECISION_MIN_SIMILARITY or decision.hs6 not in index.base.subheadings:
            continue
        contribution = decision.weight * similarity * similarity * unit
        raw[decision.hs6] += contribution
        votes[decision.hs6].append(decision.weight)
    for hs6, weights in votes.items():
        why[hs6].insert(0, _("Learned from %(count)s recorded decision(s), total weight %(weight)s.")
                        % {"count": len(weights), "weight": f"{sum(weights):g}"})


def _dotted(code: str) -> str:
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


def classify(text: str | bytes, top: int = DEFAULT_TOP, economy: str | None = None) -> Result:
    """The ``top`` most likely HS 2022 subheadings for a product description."""
    top = max(1, min(int(top), MAX_TOP))
    index = live_index()
    refresh(index)
    prepared = prepare(text, index)
    lang = prepared.lang
    scores = score(prepared, index)
    raw = scores.raw
    order = index.base.order
    ranked = heapq.nsmallest(CANDIDATE_POOL, raw.items(), key=lambda item: (-item[1], order.get(item[0], 0)))
    probabilities = calibration.probabilities([value for _code, value in ranked])
    base = index.base
    candidates: list[Candidate] = []
    for (hs6, value), probability in list(zip(ranked, probabilities, strict=True))[:top]:
        chapter = hs6[:2]
        section = base.section_of.get(chapter, "")
        reasons = scores.explain(hs6)
        if prepared.removed:
            reasons.append(_("Ignored as quantity, packaging or marketing words: %(words)s.")
                           % {"words": ", ".join(dict.fromkeys(prepared.removed))})
        if prepared.rewritten:
            pairs = ", ".join(f"{a} → {b}" for a, b in dict.fromkeys(prepared.rewritten))
            reasons.append(_("Spelling and word forms read as: %(pairs)s.") % {"pairs": pairs})
        candidates.append(
            Candidate(
                hs6=hs6,
                score=probability,
                raw=value,
                description=base.subheadings[hs6],
                why=reasons,
                heading=hs6[:4],
                heading_description=base.headings.get(hs6[:4], ""),
                chapter=chapter,
                chapter_description=base.chapters.get(chapter, ""),
                section=section,
                section_description=base.sections.get(section, ""),
            )
        )
    if economy:
        _attach_national_lines(candidates, economy, index)
    return Result(text=prepared.text, lang=lang, candidates=candidates, notice=prepared.notice,
                  removed=prepared.removed)


def _attach_national_lines(candidates: list[Candidate], economy: str, index: LiveIndex) -> None:
    if index.db_state != "ready" or not candidates:
        return
    from rantai.reference.models import NationalLine

    rows = (
        NationalLine.objects.filter(economy_id=economy.upper(), hs6_id__in=[c.hs6 for c in candidates])
        .order_by("code")
        .values_list("hs6_id", "code", "description", "description_en", "language")
    )
    by_hs6: dict[str, list[dict[str, str]]] = defaultdict(list)
    for hs6, code, description, description_en, language in rows:
        by_hs6[hs6].append(
            {"code": code, "description": description, "description_en": description_en, "language": language}
        )
    for candidate in candidates:
        candidate.national_lines = by_hs6.get(candidate.hs6, [])


def raw_scores(text: str) -> list[tuple[str, float]]:
    """Ranked raw scores (for fitting the calibration)."""
    index = live_index()
    prepared = prepare(text, index)
    raw = score(prepared, index).raw
    return sorted(raw.items(), key=lambda item: -item[1])[:CANDIDATE_POOL]


def softmax(values: list[float], temperature: float) -> list[float]:
    if not values:
        return []
    peak = max(values)
    exps = [math.exp((v - peak) / temperature) for v in values]
    total = sum(exps)
    return [e / total for e in exps]
