"""Terms: the same word forms meet whatever affixes they carry; words that only look affixed are kept."""

from __future__ import annotations

import pytest

from rantai.search.text import document_terms, fold, query_groups, stem_english, stem_indonesian


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("pakaian", "pakai"),
        ("pakai", "pakai"),
        ("mengolah", "olah"),
        ("olahan", "olah"),
        ("pengolahan", "olah"),
        ("diolah", "olah"),
        ("perikanan", "ikan"),
        ("makanan", "makan"),
        ("kerajinan", "rajin"),
        ("menyulam", "sulam"),
        ("memotong", "potong"),
        ("tenunan", "tenun"),
        ("diperdagangkan", "dagang"),
        ("minyaknya", "minyak"),
    ],
)
def test_indonesian_affixes_come_off(word: str, root: str) -> None:
    assert root in stem_indonesian(word)


@pytest.mark.parametrize(
    "word", ["kopi", "beras", "ikan", "teri", "kemeja", "kelapa", "sepatu", "pakan", "bahan"]
)
def test_indonesian_words_that_only_look_affixed_stay_whole(word: str) -> None:
    assert stem_indonesian(word) == frozenset({word})


def test_english_plurals_and_tenses_meet() -> None:
    assert stem_english("shrimps") == stem_english("shrimp")
    assert stem_english("roasted") == stem_english("roasting")


def test_folding_removes_case_and_diacritics() -> None:
    assert fold("Café ÑANDÚ") == "cafe nandu"


def test_documents_are_stemmed_in_their_own_language_and_lose_stop_words() -> None:
    assert document_terms("Pakaian dan olahan", "id") == ["pakai", "olah"]
    assert document_terms("Frozen shrimps, other", "en") == ["frozen", "shrimp"]
    # Unknown language (names): every form, so any query form finds it.
    assert {"mengolah", "olah"} <= set(document_terms("Mengolah", ""))


def test_a_query_word_stands_for_all_its_forms() -> None:
    (group,) = query_groups("Pakaian")
    assert {"pakaian", "pakai"} <= group
    assert query_groups("other") == [frozenset({"other"})]  # only stop words: kept
