"""Vietnamese descriptions: syllable pairs, diacritics kept, customs boilerplate dropped, English words kept."""

from __future__ import annotations

from rantai.classify.engine import classify, prepare, score
from rantai.classify.index import LiveIndex, live_index, use_national_texts
from rantai.classify.stemmer import Stemmer
from rantai.classify.vietnamese import head_factors, is_vietnamese, split, syllables, terms

BOILERPLATE = "do Tổng cục trưởng Tổng cục Hải quan ban hành"


def index_with(lines: list[tuple[str, str]]) -> LiveIndex:
    """A private index with these Vietnamese national lines, plus filler lines so that no word is common."""
    base = live_index().base
    index = LiveIndex(base=base, stemmer=Stemmer(base.roots))
    fillers = [(code, "- - Hàng khác") for code in list(base.subheadings)[:200]]
    use_national_texts(index, [*lines, *fillers])
    return index


def ranked(text: str, index: LiveIndex) -> list[str]:
    raw = score(prepare(text, index), index).raw
    return sorted(raw, key=lambda code: -raw[code])


def test_vietnamese_is_told_by_its_own_letters():
    assert is_vietnamese("Dầu thô")
    assert is_vietnamese("Tân dược")
    assert not is_vietnamese("kopi bubuk sangrai")
    assert is_vietnamese("Máy tính xách tay")  # acute accents only, but Vietnamese syllables
    assert not is_vietnamese("crème brûlée")
    assert not is_vietnamese("café crème")


def test_a_pair_of_syllables_matches_the_word_not_its_syllables_apart():
    index = index_with([
        ("270900", "Dầu thô từ mỏ"),
        ("150710", "Dầu đã tinh chế, từ hạt thô"),
    ])

    assert "dầu_thô" in terms(syllables("dầu thô"))
    assert ranked("Dầu thô", index)[0] == "270900"


def test_diacritics_keep_distinct_words_apart():
    index = index_with([("120190", "Đậu"), ("151590", "Dầu")])

    # "dầu" (oil) and "đậu" (bean) both fold to "dau"; an oil must not match the bean.
    assert ranked("Dầu", index)[:1] == ["151590"]
    assert "120190" not in ranked("Dầu", index)


def test_customs_boilerplate_is_dropped_and_not_read_as_indonesian():
    result = classify(f"Máy chiếu {BOILERPLATE}")

    assert "tổng" not in syllables(f"Máy chiếu {BOILERPLATE}", live_index().base.vi_boilerplate,
                                   live_index().base.vi_boilerplate_max)
    assert result.lang == "vi"
    # "ban" in "ban hành" (to issue) is the Indonesian word for a tyre (4011, 4012).
    assert not any(c.hs6.startswith(("4011", "4012")) for c in result.candidates)
    assert result.candidates[0].hs6.startswith("8528")


def test_english_words_in_a_vietnamese_text_are_still_read():
    prepared = prepare("KAHAI OIL Dầu thô ép lạnh", live_index())

    assert "oil" in prepared.tokens
    assert "dầu" in prepared.vi_syllables and "dau" not in prepared.tokens
    assert "kahai" in prepared.tokens


def test_glossary_gives_generic_vietnamese_trade_terms_their_hs_words():
    assert classify("Thực phẩm bảo vệ sức khỏe").candidates[0].hs6 == "210690"
    laptop = classify("Máy tính xách tay")
    assert laptop.candidates[0].hs6 == "847130"
    assert any("máy tính xách tay" in reason for reason in laptop.candidates[0].why)


def test_the_head_noun_comes_first_in_vietnamese():
    # "A charger for a mobile telephone": the goods are the charger, the telephone only says what it is for.
    charger = classify("Bộ sạc cho điện thoại di động")

    assert charger.candidates[0].hs6 == "850440"
    assert classify("Điện thoại di động").candidates[0].hs6 == "851713"


def test_the_english_of_national_lines_is_matched_by_the_meanings_of_vietnamese_words():
    base = live_index().base
    fillers = [(code, "- - Hàng khác") for code in list(base.subheadings)[:200]]
    english = [(code, "Other goods of the kind") for code in list(base.subheadings)[:200]]
    # Only the English of a national line (as BTKI carries them) says "lubricating" under 3824.99; the glossary
    # reads "dầu bôi trơn" as lubricating oils.
    index = LiveIndex(base=base, stemmer=Stemmer(base.roots))
    use_national_texts(index, fillers, english=[("382499", "Other : Lubricating additives"), *english])
    without = LiveIndex(base=base, stemmer=Stemmer(base.roots))
    use_national_texts(without, fillers)

    with_english = score(prepare("Dầu bôi trơn", index), index)
    assert with_english.raw["382499"] > score(prepare("Dầu bôi trơn", without), without).raw.get("382499", 0.0)
    assert "lubricating" in with_english.matched_words["382499"]
    # Indonesian and English texts do not use them: they have the lexicon.
    assert score(prepare("lubricating oil", index), index).raw == score(prepare("lubricating oil", without),
                                                                        without).raw


def test_the_residual_subheading_of_the_best_heading_follows_its_best_subheading(monkeypatch):
    index = index_with([
        ("851761", "Trạm gốc thu phát sóng vô tuyến"),
        ("852560", "Thiết bị phát sóng vô tuyến truyền hình"),
        ("852550", "Thiết bị phát sóng vô tuyến truyền thanh"),
        ("852692", "Thiết bị điều khiển vô tuyến"),
        ("852691", "Thiết bị dẫn đường vô tuyến"),
        ("852610", "Ra đa vô tuyến"),
    ])
    text = "Trạm gốc thu phát sóng vô tuyến"
    assert index.base.default_of["8517"] == "851779"

    top = ranked(text, index)
    assert top[0] == "851761"
    assert "851779" in top[:5]  # "Other" apparatus of heading 8517 rather than a fifth line of 8525/8526

    monkeypatch.setattr("rantai.classify.engine.RESIDUAL_SHARE", 0.0)
    assert "851779" not in ranked(text, index)[:5]


def test_cas_numbers_are_dropped_with_their_label():
    text = "Quercetin dihydrate từ hoa hòe, CAS number 6151-25-3; mã CAS: 9004-32-4"

    assert syllables(text) == ["quercetin", "dihydrate", "từ", "hoa", "hòe"]
    # "cas" is Indonesian for charging: the label must not reach the usual reading either.
    _lowered, rest = split(text, lambda word: True)
    assert "cas" not in rest and "number" not in rest
    assert not any(c.hs6.startswith("8504") for c in classify(text).candidates)


def test_a_model_code_or_a_formula_stays_one_word():
    # Not the syllables "rpo" and "ds" … "h", nor a pair of its neighbours across it.
    assert syllables("Dầu RPO160-GRADE 2, mã DS512H, chứa TiO2 25kg") == ["dầu", "rpo160", "grade", "mã",
                                                                          "ds512h", "chứa", "tio2"]
    assert "dầu_grade" not in terms(syllables("Dầu RPO160 grade"))


def test_a_modifier_runs_to_the_end_of_its_sentence():
    words = syllables("Sạc pin cho điện thoại. Bộ sạc 5V nhanh")

    assert head_factors(words, 0.4) == [1.0, 1.0, 0.4, 0.4, 0.4, 1.0, 1.0, 1.0, 1.0]
    assert "thoại_bộ" not in terms(words)  # no pair across the end of a sentence
    assert syllables("Thép dày 4787.9 mm") == ["thép", "dày"]  # a decimal point ends nothing


def test_a_word_is_read_before_its_syllables_alone():
    index = live_index()
    # "đường kính" is a diameter (not "kính", glass), "đồng nhất" uniform (not "đồng", copper), "nguồn gốc"
    # an origin (not "nguồn", a power supply), "không khí" air (not "khí", gas).
    meanings = score(prepare("Ống đường kính ngoài đồng nhất, nguồn gốc dầu mỏ, bơm không khí", index),
                     index).meanings
    assert not any(m.startswith(("kính =", "đồng =", "nguồn =", "khí =")) for m in meanings)
    assert "đường kính = diameter" in meanings and "không khí = air" in meanings
