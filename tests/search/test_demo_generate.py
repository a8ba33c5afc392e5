"""``rantai demo generate`` makes the counts asked for, across all 21 APEC economies, and indexes them."""

from __future__ import annotations

import pytest

from rantai.catalogue.models import Product
from rantai.directory.models import Organisation
from rantai.search.demo_generate import ECONOMY_WEIGHTS, generate
from rantai.search.models import ProductDocument, SupplierDocument
from rantai.search.queries import ProductQuery, search_products

pytestmark = pytest.mark.django_db


def test_generate_makes_the_requested_counts_in_all_21_economies() -> None:
    result = generate(60, 400, seed=7)
    assert (result.organisations, result.products) == (60, 400)
    assert Organisation.objects.count() == 60 and Product.objects.count() == 400
    assert set(Organisation.objects.values_list("economy_id", flat=True)) == set(ECONOMY_WEIGHTS)
    assert len(ECONOMY_WEIGHTS) == 21
    published = Product.objects.filter(status=Product.Status.PUBLISHED).count()
    assert ProductDocument.objects.count() == published == result.documents
    assert SupplierDocument.objects.count() == 60
    assert 0 < Organisation.objects.filter(verification_status="verified").count() < 60
    assert Product.objects.filter(language="id").exists() and Product.objects.filter(language="en").exists()
    # Generated products are found like any other.
    some = ProductDocument.objects.order_by("id").first()
    assert some is not None
    assert search_products(ProductQuery(hs=some.hs6)).total >= 1


def test_the_same_seed_makes_the_same_catalogue() -> None:
    generate(25, 50, seed=3)
    first = list(Product.objects.order_by("id").values_list("title", "hs_id"))
    Product.objects.all().delete()
    Organisation.objects.all().delete()
    generate(25, 50, seed=3)
    assert list(Product.objects.order_by("id").values_list("title", "hs_id")) == first
