"""The classifier itself: the package + lexicon knowledge, noise stripping, morphology and bad input."""

from __future__ import annotations

import asyncio

import pytest

from rantai.classify.engine import classify
from rantai.classify.text import MAX_CHARS, ClassifyInputError


def top1(text: str) -> str:
    return classify(text).candidates[0].hs6


def test_luwak_coffee_is_roasted_coffee():
    result = classify("kopi bubuk luwak sangrai 250 gram")

    assert result.candidates[0].hs6 == "090121"
    assert result.lang == "id"
    assert 0.0 <= result.candidates[-1].score <= result.candidates[0].score <= 1.0
    assert any("kopi" in reason for reason in result.candidates[0].why)


@pytest.mark.parametrize(
    ("indonesian", "english"),
    [
        ("kopi bubuk luwak sangrai", "roasted ground luwak coffee"),
        ("kemeja batik katun pria", "men's cotton batik shirt"),
        ("keripik singkong pedas", "spicy cassava chips"),
        ("minyak kelapa murni", "virgin coconut oil"),
        ("kursi rotan", "rattan chair"),
        ("teh hijau", "green tea"),
    ],
)
def test_indonesian_and_english_of_the_same_product_agree(indonesian: str, english: str):
    id_result, en_result = classify(indonesian), classify(english)

    assert id_result.candidates[0].hs6 == en_result.candidates[0].hs6
    assert id_result.lang == "id"
    assert en_result.lang == "en"


def test_quantities_packaging_and_marketing_words_are_ignored():
    plain = classify("kopi bubuk sangrai")
    noisy = classify("PROMO kopi bubuk sangrai premium asli murah 250 gram sachet isi 10 pouch")

    assert noisy.candidates[0].hs6 == plain.candidates[0].hs6 == "090121"
    ignored = " ".join(r for r in noisy.candidates[0].why if r.startswith("Ignored"))
    assert "250 gram" in ignored and "premium" in ignored and "sachet" in ignored


def test_reduplication_affixes_and_spelling_variants():
    assert top1("kue-kue kering") == top1("kue kering")
    assert top1("kripik pisang") == top1("keripik pisang")
    assert top1("kopi yang disangrai") == "090121"


def test_empty_text_is_refused_with_a_clear_message():
    with pytest.raises(ClassifyInputError, match="empty"):
        classify("   ")


def test_control_and_binary_characters_are_refused():
    with pytest.raises(ClassifyInputError, match="control or binary"):
        classify("kopi\x00bubuk")
    with pytest.raises(ClassifyInputError, match="not readable"):
        classify(b"\xff\xfe\x00kopi")  # type: ignore[arg-type]


def test_over_long_text_is_truncated_with_a_notice():
    result = classify("kopi bubuk sangrai " + "x" * (MAX_CHARS + 500))

    assert len(result.text) == MAX_CHARS
    assert "2000" in result.as_json()["notice"]  # type: ignore[operator]
    assert result.candidates[0].hs6 == "090121"


def test_unknown_language_is_still_answered():
    result = classify("zzqx vrrbl")

    assert result.lang == "und"
    assert result.low_confidence


@pytest.mark.django_db
def test_answers_inside_a_running_event_loop():
    """Database calls are refused inside an event loop: the classifier still answers from package + lexicon."""
    classify("teh hijau")  # the database layers are read once, outside the loop

    async def inside() -> str:
        return classify("kopi bubuk sangrai").candidates[0].hs6

    assert asyncio.run(inside()) == "090121"
