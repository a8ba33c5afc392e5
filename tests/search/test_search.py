"""The shared search suite: the same behaviour on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from rantai.catalogue.models import Product
from rantai.directory.models import Organisation, SizeClass, VerificationStatus
from rantai.search import indexing, queries
from rantai.search.backends import base as backends_base
from rantai.search.backends import postgres as postgres_backend
from rantai.search.backends import sqlite as sqlite_backend
from rantai.search.models import ProductDocument, SupplierDocument
from rantai.search.queries import ProductQuery, SearchError, SupplierQuery, search_products, search_suppliers

from .helpers import certify, make_org, make_product

pytestmark = pytest.mark.django_db


def titles(**query: object) -> list[str]:
    return [doc.title for doc in search_products(ProductQuery(**query)).items]  # type: ignore[arg-type]


def names(**query: object) -> list[str]:
    return [doc.name for doc in search_suppliers(SupplierQuery(**query)).items]  # type: ignore[arg-type]


def test_the_backend_is_the_one_of_the_database_in_use() -> None:
    from rantai.search.backends import get_backend

    assert get_backend().vendor == connection.vendor


def test_indonesian_derived_words_find_their_root() -> None:
    org = make_org()
    make_product(org, "Kaos untuk dipakai sehari-hari", hs="610910")
    make_product(org, "Kopi olahan basah", hs="090111")
    make_product(org, "Teh hijau", hs="090210")
    assert titles(text="pakaian") == ["Kaos untuk dipakai sehari-hari"]
    assert titles(text="mengolah") == ["Kopi olahan basah"]
    assert titles(text="pengolahan kopi") == ["Kopi olahan basah"]


def test_english_plurals_find_singulars_and_back() -> None:
    org = make_org("Pacific Seafood", "THA")
    make_product(org, "Frozen shrimp, head-on", hs="030617", language="en")
    make_product(org, "Shrimps crackers", hs="190590", language="en")
    assert set(titles(text="shrimps")) == {"Frozen shrimp, head-on", "Shrimps crackers"}
    assert set(titles(text="shrimp")) == {"Frozen shrimp, head-on", "Shrimps crackers"}


def test_translations_and_hs_descriptions_are_searched() -> None:
    org = make_org()
    make_product(org, "Kopi arabika Gayo", translations={"en": "Gayo arabica coffee"})
    make_product(org, "Biji kakao", hs="180100")
    assert titles(text="arabica coffee") == ["Kopi arabika Gayo"]
    assert titles(text="cocoa beans") == ["Biji kakao"]  # from the HS 2022 description of 1801


def test_every_word_must_match() -> None:
    org = make_org()
    make_product(org, "Kopi arabika")
    make_product(org, "Kopi robusta")
    assert titles(text="kopi robusta") == ["Kopi robusta"]
    assert titles(text="kopi luwak") == []


def test_filters_each_narrow_the_results() -> None:
    idn = make_org("Sumber Makmur", "IDN", size_class=SizeClass.MICRO)
    jpn = make_org(
        "Osaka Foods", "JPN", size_class=SizeClass.MEDIUM, kind=Organisation.Kind.BOTH,
        verification_status=VerificationStatus.VERIFIED, verified_agency="JETRO",
    )  # fmt: skip
    halal = certify(idn, "halal")
    make_product(idn, "Kopi bubuk", hs="090121", min_order="5", capacity="50", certifications=[halal])
    make_product(idn, "Udang beku", hs="030617", min_order="1000", capacity="20000")
    make_product(jpn, "Green tea", hs="090210", language="en", min_order="50", capacity=None)
    for words in ([], ["kopi", "udang", "tea"]):
        # With text every word must match, so each word is searched alone; without text, filters alone.
        def found(words: list[str] = words, **filters: object) -> set[str]:
            if not words:
                return set(titles(**filters))
            return {t for word in words for t in titles(text=word, **filters)}

        assert found(economy="JPN") == {"Green tea"}
        assert found(economy="idn") == {"Kopi bubuk", "Udang beku"}
        assert found(hs="09") == {"Kopi bubuk", "Green tea"}
        assert found(hs="0902") == {"Green tea"}
        assert found(hs="0306.17") == {"Udang beku"}
        assert found(certification="halal") == {"Kopi bubuk"}
        assert found(verified_only=True) == {"Green tea"}
        assert found(max_min_order="50") == {"Kopi bubuk", "Green tea"}
        assert found(min_capacity="100") == {"Udang beku"}
        assert found(size_class="medium") == {"Green tea"}
        assert found(kind="both") == {"Green tea"}
        assert found(economy="IDN", max_min_order="10") == {"Kopi bubuk"}


def test_a_title_match_ranks_above_a_description_match() -> None:
    org = make_org()
    make_product(org, "Gula aren", hs="170199", description="Cocok untuk kopi")
    make_product(org, "Kopi robusta Lampung", hs="090111")
    assert titles(text="kopi") == ["Kopi robusta Lampung", "Gula aren"]


def test_a_verified_supplier_ranks_above_an_equal_unverified_one() -> None:
    plain = make_org("Tani Jaya")
    verified = make_org(
        "Tani Sentosa", verification_status=VerificationStatus.VERIFIED, verified_agency="Kemendag"
    )
    first = make_product(plain, "Kopi arabika")
    make_product(verified, "Kopi arabika")
    hits = search_products(ProductQuery(text="kopi arabika")).items
    assert [h.organisation_id for h in hits] == [verified.id, plain.id]
    assert hits[1].product_id == first.id


def test_a_number_in_the_text_matches_and_boosts_that_hs_code() -> None:
    org = make_org()
    make_product(org, "Kopi sachet 0901", hs="210111")
    make_product(org, "Kopi hijau", hs="090111")
    assert titles(text="kopi 0901") == ["Kopi hijau", "Kopi sachet 0901"]


def test_pages_are_stable_and_do_not_overlap() -> None:
    org = make_org()
    for i in range(7):
        make_product(org, f"Kopi arabika {i}")
    for text in ("kopi arabika", ""):
        pages = [search_products(ProductQuery(text=text, page=n, size=3)) for n in (1, 2, 3)]
        ids = [doc.product_id for page in pages for doc in page.items]
        assert len(ids) == len(set(ids)) == 7
        assert pages[0].total == 7 and pages[0].has_next and not pages[2].has_next
        again = [doc.product_id for doc in search_products(ProductQuery(text=text, page=2, size=3)).items]
        assert again == [doc.product_id for doc in pages[1].items]


def test_a_broad_search_ranks_its_newest_matches_and_counts_up_to_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for module in (backends_base, sqlite_backend, postgres_backend, queries):
        monkeypatch.setattr(module, "COUNT_CAP", 3)
    monkeypatch.setattr(postgres_backend, "NEWEST_ID_SPANS", (1, 3))  # the newest ids first, then more
    org = make_org()
    make_product(org, "Kopi arabika")  # a title match, but older than the window
    aren = [
        make_product(org, f"Gula aren {i}", hs="170199", description="Cocok untuk kopi") for i in range(4)
    ]
    newest = make_product(org, "Kopi robusta")
    pages = [search_products(ProductQuery(text="kopi", page=n, size=2)) for n in (1, 2)]
    # The window is the newest 4 (one more than the cap, to know there are more); pages stop at the cap.
    assert [doc.product_id for page in pages for doc in page.items] == [newest.id, aren[1].id, aren[2].id]
    assert pages[0].total_display == "3+" and pages[0].has_next and not pages[1].has_next
    assert titles(text="arabika") == ["Kopi arabika"]  # a narrower query still finds it


def test_filter_only_searches_put_verified_then_recent_first() -> None:
    plain = make_org("Tani Jaya")
    verified = make_org("Tani Sentosa", verification_status=VerificationStatus.VERIFIED)
    old = make_product(plain, "Kopi lama")
    make_product(plain, "Kopi baru")
    make_product(verified, "Kopi terverifikasi")
    Product.objects.filter(pk=old.pk).update(title="Kopi lama")  # no re-index: order stays by indexed time
    assert titles(economy="IDN") == ["Kopi terverifikasi", "Kopi baru", "Kopi lama"]


def test_drafts_never_appear() -> None:
    org = make_org()
    make_product(org, "Kopi rahasia", status=Product.Status.DRAFT)
    assert titles(text="kopi") == []
    assert titles() == []
    assert not ProductDocument.objects.exists()


def test_the_index_follows_product_changes() -> None:
    org = make_org()
    product = make_product(org, "Kopi arabika")
    product.title, product.hs_id = "Teh melati", "090230"
    product.save()
    product.texts.filter(is_original=True).update(title="Teh melati")
    indexing.index_products([product.id])
    assert titles(text="arabika") == []
    assert titles(text="melati") == ["Teh melati"]
    product.status = Product.Status.DRAFT
    product.save()
    indexing.index_products([product.id])
    assert titles(text="melati") == []
    product.status = Product.Status.PUBLISHED
    product.save()
    indexing.index_products([product.id])
    indexing.remove_products([product.id])
    assert titles(text="melati") == []


def test_the_index_follows_organisation_changes() -> None:
    org = make_org("Tani Jaya")
    make_product(org, "Kopi arabika")
    assert titles(verified_only=True) == []
    Organisation.objects.filter(pk=org.pk).update(
        name="Tani Sentosa", verification_status=VerificationStatus.VERIFIED, economy_id="MYS"
    )
    certify(org, "halal")
    indexing.index_organisation(org.id)
    hits = search_products(ProductQuery(text="kopi", verified_only=True, economy="MYS")).items
    assert [(h.organisation_name, h.verified) for h in hits] == [("Tani Sentosa", True)]
    assert names(text="sentosa", certification="halal") == ["Tani Sentosa"]
    Product.objects.filter(organisation=org).delete()
    indexing.index_organisation(org.id)
    assert titles(text="kopi") == []


def test_unverified_certifications_do_not_count() -> None:
    org = make_org()
    pending = certify(org, "halal", status="submitted")
    make_product(org, "Kopi bubuk", certifications=[pending])
    assert titles(certification="halal") == []
    assert names(certification="halal") == []


def test_suppliers_are_found_by_name_products_and_filters_and_buyers_are_left_out() -> None:
    seller = make_org("Kopi Gayo Lestari", "IDN", verification_status=VerificationStatus.VERIFIED)
    make_org("Osaka Fine Foods", "JPN", kind=Organisation.Kind.BUYER)
    make_product(seller, "Biji kopi arabika", hs="090111")
    assert names(text="gayo") == ["Kopi Gayo Lestari"]
    assert names(text="arabika") == ["Kopi Gayo Lestari"]
    assert names(hs="0901") == ["Kopi Gayo Lestari"]
    assert names(hs="0306") == []
    assert names() == ["Kopi Gayo Lestari"]
    assert names(kind="buyer") == ["Osaka Fine Foods"]
    assert SupplierDocument.objects.get(organisation_id=seller.id).product_count == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"economy": "XXX"}, "economy"),
        ({"hs": "123"}, "hs"),
        ({"hs": "00"}, "hs"),
        ({"certification": "nope"}, "certification"),
        ({"max_min_order": "-1"}, "max_min_order"),
        ({"min_capacity": "lots"}, "min_capacity"),
        ({"size_class": "huge"}, "size_class"),
        ({"kind": "robot"}, "kind"),
        ({"page": 0}, "page"),
        ({"page": 501, "size": 20}, "page"),
        ({"size": 1000}, "size"),
    ],
)
def test_bad_filters_are_field_errors(query: dict[str, object], field: str) -> None:
    with pytest.raises(SearchError) as caught:
        search_products(ProductQuery(**query))  # type: ignore[arg-type]
    assert list(caught.value.fields) == [field]
    assert caught.value.status == 422
