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


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("ban dalam motor", "4013"),  # an inner tube, not a tyre ("ban motor", 4011)
        ("Ban dalam motor ring 17", "4013"),
        ("celana dalam wanita katun", "6108"),  # underpants, not trousers
    ],
)
def test_a_function_word_inside_a_term_is_part_of_it(text: str, heading: str):
    assert top1(text)[:4] == heading


def test_a_term_with_a_function_word_needs_it_next_to_the_term():
    # "tanpa tulang" (boneless) is one glossary phrase: "tulang" alone is a bone, not boneless.
    boneless = " ".join(r for r in classify("daging sapi tanpa tulang").candidates[0].why if r.startswith("Meanings"))
    bone = " ".join(r for r in classify("tulang sapi").candidates[0].why if r.startswith("Meanings"))
    assert "boneless" in boneless and "boneless" not in bone
    # "celana dalam" (underpants) is read as a phrase, not as "celana" (trousers).
    assert top1("celana dalam") in {"610711", "610712", "610719", "610821", "610822", "610829",
                                    "620711", "620719", "620821", "620822", "620829"}


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("air conditioner split 1 PK", "8415"),
        ("máy lọc không khí air filter", "8421"),
    ],
)
def test_air_among_english_words_is_english(text: str, heading: str):
    result = classify(text)
    assert result.candidates[0].hs6[:4] == heading
    assert result.candidates[0].hs6 != "842121"  # filtering water
    assert not any("air = water" in reason for reason in result.candidates[0].why)


def test_air_in_indonesian_is_water():
    assert top1("pompa air") == "841370"
    assert top1("filter air") == "842121"
    assert top1("air mineral 600ml") == "220110"


def test_a_variant_of_two_words_keeps_the_read_as_pairs_aligned():
    why = classify("powerbank fast charging disangrai").candidates[0].why
    pairs = next(r for r in why if r.startswith("Spelling"))
    assert "powerbank → power bank" in pairs and "disangrai → sangrai" in pairs
    assert "fast →" not in pairs and "charging →" not in pairs
