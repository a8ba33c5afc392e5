"""Essential goods: our HS 2022 list in every category, and published lists converted from HS 2017."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rantai.core.errors import ImportFileError
from rantai.reference.importers import essential_goods
from rantai.reference.models import EssentialCategory, EssentialGood, EssentialGoodsList, HsCorrelation

pytestmark = pytest.mark.django_db

WCO = "covid/wco_covid19_medical_supplies_hs6_krisna.csv"
GTA = "covid/wb_eui_covid19_medical_products_hs6_gta.csv"


@pytest.fixture
def correlations(shared_data):
    # load-reference imports them when RANTAI_DATA_DIR has them; make the dependency explicit anyway.
    if not HsCorrelation.objects.filter(other_version="HS2017").exists():
        call_command(
            "data", "import", "correlations", str(shared_data / "hs/hs2022_hs2017_correlation_unsd.csv")
        )


def _items(key: str) -> set[tuple[str, str, str, str, str]]:
    return set(
        EssentialGood.objects.filter(goods_list__key=key).values_list(
            "hs_id", "category", "listed_code", "listed_version", "relationship"
        )
    )


def test_our_list_covers_all_eight_categories_with_hs2022_subheadings():
    ours = EssentialGoodsList.objects.get(key="rantai-essential-goods")
    categories = set(ours.items.values_list("category", flat=True))
    assert categories == set(EssentialCategory.values)
    assert ours.items.filter(hs_id="300241", category="vaccines").exists()
    assert ours.items.filter(hs_id="901920", category="oxygen").exists()
    assert all(item.hs.level == "subheading" for item in ours.items.select_related("hs"))
    assert "WCO" in ours.source.title


def test_loading_our_list_again_changes_nothing():
    before = _items("rantai-essential-goods")
    report = essential_goods.load_facts()
    assert report[0].endswith("0 added, 0 changed, 0 removed")
    assert _items("rantai-essential-goods") == before


def test_an_unknown_code_in_our_facts_is_a_bug(tmp_path):
    facts = tmp_path / "essential_goods.toml"
    text = essential_goods.FACTS_FILE.read_text()
    facts.write_text(text.replace('code = "300241"', 'code = "300220"'))  # HS 2017 code, gone in HS 2022
    with pytest.raises(ImportFileError, match="300220"):
        essential_goods.load_facts(facts)


def test_wco_list_is_converted_from_hs2017_and_a_second_run_leaves_it_unchanged(shared_data, correlations):
    report = essential_goods.import_file(shared_data / WCO)
    items = _items("wco-who-covid19-medical-supplies")
    # HS 2017 3002.15 (test kits) went partly to the new HS 2022 3822.1x diagnostic reagents: every HS 2022
    # subheading it maps to is listed (once, under the first row that led to it), with UNSD's relationship.
    assert ("300215", "diagnostics", "3002.15", "HS2017", "n:1") in items
    diagnostics = {hs for hs, category, *_ in items if category == "diagnostics"}
    assert {"300215", "382211", "382212", "382219"} <= diagnostics
    # A code unchanged in HS 2022 converts one to one.
    assert ("220710", "disinfectants", "2207.10", "HS2017", "1:1") in items
    # HS 2017 9027.80 was split in HS 2022.
    assert {"902781", "902789"} <= {hs for hs, _, listed, _, _ in items if listed == "9027.80"}
    assert all(version == "HS2017" for *_, version, _ in items)
    # Known defects of the source are warnings, not failures.
    assert any("'5603' is a 4-digit heading" in line for line in report[1:])
    assert {category for _, category, *_ in items} <= set(EssentialCategory.values)

    again = essential_goods.import_file(shared_data / WCO)
    assert "already imported; nothing changed" in again[0]
    assert _items("wco-who-covid19-medical-supplies") == items


def test_gta_list_has_no_categories_and_falls_back_to_hs2012(shared_data, correlations):
    essential_goods.import_file(shared_data / GTA)
    items = _items("wb-eui-covid19-medical-products")
    assert items and all(category == "" for _, category, *_ in items)
    assert ("220710", "", "220710", "HS2017", "1:1") in items
    assert any(version == "HS2012" and listed == "300210" for _, _, listed, version, _ in items)


def test_structurally_broken_list_names_file_line_and_column_and_writes_nothing(tmp_path, correlations):
    broken = tmp_path / "wco_broken.csv"
    broken.write_text("hs,hshs,section,desc\n3002.15,300215,1,testing kit\n9019.20,901920,9,oxygen\n")
    lists = EssentialGoodsList.objects.count()
    with pytest.raises(ImportFileError) as caught:
        essential_goods.import_file(broken)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(broken), 3, 3)
    assert EssentialGoodsList.objects.count() == lists

    wrong_header = tmp_path / "list.csv"
    wrong_header.write_text("code,description\n300215,kits\n")
    with pytest.raises(ImportFileError, match="unknown header"):
        essential_goods.import_file(wrong_header)

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("hs6,hs2017_description_comtrade\n300215,r\xe9actifs\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        essential_goods.import_file(latin1)
    assert EssentialGoodsList.objects.count() == lists
