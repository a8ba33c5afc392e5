"""Bulk import through the action: all rows or none, every problem named, idempotent by SKU."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from rantai.accounts.errors import NotAllowed
from rantai.catalogue.actions import import_catalogue
from rantai.catalogue.errors import CatalogueImportRefused
from rantai.catalogue.models import Product
from tests.catalogue.helpers import INDONESIAN_HEADERS, product_row, write_csv, write_xlsx


def _import(path, organisation, user):
    with path.open("rb") as upload:
        return import_catalogue(organisation, upload, user)


@pytest.mark.parametrize("writer", [write_xlsx, write_csv], ids=["xlsx", "csv"])
def test_import_creates_then_reimport_changes_nothing(writer, tmp_path, organisation, member):
    rows = [product_row("GAYO-1"), product_row("ROAST-1", hs_code="090121", title="Kopi sangrai"),
            product_row("KAYU-1", hs_code="090620", title="Kayu manis", incoterms="")]
    path = writer(tmp_path / f"catalogue.{writer.__name__[-4:]}", rows)

    report = _import(path, organisation, member)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    product = Product.objects.get(organisation=organisation, sku="GAYO-1")
    assert product.hs_id == "090111"
    assert product.min_order == Decimal("500")
    assert product.incoterms == ["FOB", "CIF"]
    assert product.status == Product.Status.PUBLISHED
    assert product.texts.get(is_original=True).title == "Kopi arabika Gayo grade 1"
    stamp = product.updated_at

    again = _import(path, organisation, member)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    product.refresh_from_db()
    assert product.updated_at == stamp


def test_changed_row_updates_only_that_product(tmp_path, organisation, member):
    _import(write_xlsx(tmp_path / "a.xlsx", [product_row("A"), product_row("B")]), organisation, member)
    report = _import(
        write_xlsx(tmp_path / "b.xlsx", [product_row("A", price_max=130000, title="Kopi Gayo baru"), product_row("B")]),
        organisation,
        member,
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    product = Product.objects.get(organisation=organisation, sku="A")
    assert product.price_max == Decimal("130000")
    assert product.texts.get(is_original=True).title == "Kopi Gayo baru"


def test_every_problem_is_listed_and_nothing_written(tmp_path, organisation, member):
    rows = [
        product_row("OK-1"),
        product_row("BAD-1", hs_code="010199"),
        product_row("BAD-2", hs_code="0901", min_order=-5),
        product_row("BAD-3", price_min=200, price_max=100, unit="sack", currency="XYZ", incoterms="FOB, FOO"),
        product_row("OK-1"),
        product_row("", title=""),
    ]
    path = write_xlsx(tmp_path / "broken.xlsx", rows)
    with pytest.raises(CatalogueImportRefused) as refused:
        _import(path, organisation, member)
    found = {(p.row, p.field) for p in refused.value.problems}
    assert {
        (3, "hs_code"),
        (4, "hs_code"),
        (4, "min_order"),
        (5, "price_max"),
        (5, "unit"),
        (5, "currency"),
        (5, "incoterms"),
        (6, "sku"),
        (7, "sku"),
        (7, "title"),
    } <= found
    assert all(p.column for p in refused.value.problems)
    assert refused.value.fields["row 4: min_order"]
    assert not Product.objects.filter(organisation=organisation).exists()


def test_problems_in_indonesian_name_the_indonesian_header(tmp_path, organisation, member):
    path = write_csv(tmp_path / "id.csv", [product_row("X", min_order=-1)], headers=INDONESIAN_HEADERS)
    with translation.override("id"), pytest.raises(CatalogueImportRefused) as refused:
        _import(path, organisation, member)
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (2, "minimum_pesanan")
    assert problem.message == "Nilainya tidak boleh negatif."


def test_cp1252_file_is_read_and_reported(tmp_path, organisation, member):
    path = write_csv(tmp_path / "win.csv", [product_row("C1", title="Café arabica")], encoding="cp1252")
    report = _import(path, organisation, member)
    assert report.created == 1
    assert report.notes
    assert Product.objects.get(sku="C1").title == "Café arabica"


def test_another_organisations_member_cannot_import(tmp_path, organisation, outsider):
    path = write_csv(tmp_path / "x.csv", [product_row("X")])
    with pytest.raises(NotAllowed):
        _import(path, organisation, outsider)
    assert not Product.objects.exists()
