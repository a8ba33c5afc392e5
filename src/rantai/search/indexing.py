"""Write the search documents from the catalogue and the directory.

The catalogue and the directory call these inside the transaction that changed the rows, so the index and
the data commit or roll back together:

- ``index_products(ids)``: (re)write the documents of these products; drafts and deleted products lose theirs.
- ``remove_products(ids)``: drop their documents.
- ``index_organisation(org_id)``: rewrite the organisation's supplier document and all its products'
  documents (name, economy, verification, certifications are copied into each).

``rebuild_all()`` rewrites every document in set-sized batches with the full-text index maintenance
suspended, for ``rantai search rebuild`` and the demo generator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from rantai.catalogue.models import Product, ProductText
from rantai.directory.models import Certification, Organisation, VerificationStatus
from rantai.reference.models import HsCode
from rantai.search.backends import get_backend
from rantai.search.bulk import RowWriter
from rantai.search.models import ProductDocument, SupplierDocument
from rantai.search.text import document_terms

BATCH = 2000
SUPPLIER_HS_LIMIT = 20
SUPPLIER_TITLE_LIMIT = 30


@lru_cache(maxsize=100_000)
def facet_token(kind: str, value: str) -> str:
    """The full-text token standing for one filter value: ("eco", "IDN") → "zzecoidn"."""
    return "zz" + kind + "".join(ch for ch in value.lower() if ch.isalnum())


def hs_facets(hs6: str) -> list[str]:
    return [facet_token("hs", hs6[:2]), facet_token("hs", hs6[:4]), facet_token("hs", hs6)]


def _chunks(ids: Sequence[int], size: int = BATCH) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _join(parts: Iterable[Iterable[str]]) -> str:
    return " ".join(term for part in parts for term in part)


@dataclass
class _Organisation:
    id: int
    name: str
    legal_name: str
    slug: str
    economy: str
    province: str
    city: str
    kind: str
    size_class: str
    verified: bool
    verified_agency: str
    verified_at: Any
    description: str
    description_language: str
    updated_at: Any
    verified_certs: list[str]

    @property
    def name_terms(self) -> list[str]:
        return document_terms(f"{self.name} {self.legal_name}")

    def common_facets(self) -> list[str]:
        facets = [
            facet_token("eco", self.economy),
            facet_token("kind", self.kind),
            facet_token("size", self.size_class),
            "zzverified" if self.verified else "zzunverified",
        ]
        return facets


def _organisations(org_ids: Iterable[int]) -> dict[int, _Organisation]:
    ids = list(set(org_ids))
    certs: dict[int, set[str]] = defaultdict(set)
    for org_id, code in Certification.objects.filter(
        organisation_id__in=ids, status=Certification.Status.VERIFIED
    ).values_list("organisation_id", "type_id"):
        certs[org_id].add(code)
    found: dict[int, _Organisation] = {}
    for row in Organisation.objects.filter(id__in=ids).values(
        "id",
        "name",
        "legal_name",
        "slug",
        "economy_id",
        "province",
        "city",
        "kind",
        "size_class",
        "verification_status",
        "verified_agency",
        "verified_at",
        "description",
        "description_language",
        "updated_at",
    ):
        found[row["id"]] = _Organisation(
            id=row["id"],
            name=row["name"],
            legal_name=row["legal_name"],
            slug=row["slug"],
            economy=row["economy_id"],
            province=row["province"],
            city=row["city"],
            kind=row["kind"],
            size_class=row["size_class"],
            verified=row["verification_status"] == VerificationStatus.VERIFIED,
            verified_agency=row["verified_agency"],
            verified_at=row["verified_at"],
            description=row["description"],
            description_language=row["description_language"],
            updated_at=row["updated_at"],
            verified_certs=sorted(certs[row["id"]]),
        )
    return found


def _hs_terms(codes: Iterable[str]) -> dict[str, list[str]]:
    """Terms of each subheading's English and Indonesian descriptions and of its heading's."""
    codes = set(codes)
    wanted = codes | {code[:4] for code in codes}
    texts = {
        row["code"]: (row["description"], row["description_id"])
        for row in HsCode.objects.filter(code__in=wanted).values("code", "description", "description_id")
    }
    terms: dict[str, list[str]] = {}
    for code in codes:
        parts: list[str] = []
        for key in (code, code[:4]):
            english, indonesian = texts.get(key, ("", ""))
            parts += document_terms(english, "en") + document_terms(indonesian, "id")
        terms[code] = parts
    return terms


def _product_documents(product_ids: Sequence[int]) -> list[dict[str, Any]]:
    products = list(
        Product.objects.filter(id__in=product_ids, status=Product.Status.PUBLISHED).values(
            "id",
            "organisation_id",
            "title",
            "description",
            "language",
            "hs_id",
            "unit",
            "min_order",
            "monthly_capacity",
            "updated_at",
        )
    )
    if not products:
        return []
    ids = [p["id"] for p in products]
    texts: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for pid, language, title, description in ProductText.objects.filter(product_id__in=ids).values_list(
        "product_id", "language", "title", "description"
    ):
        texts[pid].append((language, title, description))
    certs: dict[int, set[str]] = defaultdict(set)
    through = Product.certifications.through
    for pid, code in through.objects.filter(
        product_id__in=ids, certification__status=Certification.Status.VERIFIED
    ).values_list("product_id", "certification__type_id"):
        certs[pid].add(code)
    orgs = _organisations(p["organisation_id"] for p in products)
    hs_terms = _hs_terms(p["hs_id"] for p in products)
    documents: list[dict[str, Any]] = []
    for p in products:
        org = orgs.get(p["organisation_id"])
        if org is None:
            continue
        own = (p["language"], p["title"], p["description"])
        versions = dict.fromkeys([own, *texts[p["id"]]])
        codes = sorted(certs[p["id"]])
        hs6 = p["hs_id"]
        facets = org.common_facets() + hs_facets(hs6) + [facet_token("cert", c) for c in codes]
        documents.append(
            dict(  # noqa: C408 -- keyword form reads like the model's fields
                id=p["id"],
                product_id=p["id"],
                organisation_id=org.id,
                economy=org.economy,
                hs6=hs6,
                hs4=hs6[:4],
                hs2=hs6[:2],
                verified=org.verified,
                size_class=org.size_class,
                kind=org.kind,
                min_order=p["min_order"],
                monthly_capacity=p["monthly_capacity"],
                unit=p["unit"],
                cert_codes=f" {' '.join(codes)} " if codes else " ",
                title=p["title"],
                language=p["language"],
                organisation_name=org.name,
                organisation_slug=org.slug,
                city=org.city,
                updated_at=p["updated_at"],
                title_terms=_join(document_terms(title, lang) for lang, title, _ in versions),
                body_terms=_join(
                    [
                        *(document_terms(description, lang) for lang, _, description in versions),
                        org.name_terms,
                        document_terms(f"{org.city} {org.province}"),
                    ]
                ),
                hs_terms=" ".join(hs_terms[hs6]),
                facet_terms=" ".join(facets),
            )
        )
    return documents


def _supplier_documents(org_ids: Sequence[int]) -> list[dict[str, Any]]:
    orgs = _organisations(org_ids)
    products: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for org_id, title, language, hs6 in (
        Product.objects.filter(organisation_id__in=list(orgs), status=Product.Status.PUBLISHED)
        .order_by("organisation_id", "id")
        .values_list("organisation_id", "title", "language", "hs_id")
    ):
        products[org_id].append((title, language, hs6))
    all_codes = {hs6 for rows in products.values() for _, _, hs6 in rows}
    hs_terms = _hs_terms(all_codes)
    documents: list[dict[str, Any]] = []
    for org in orgs.values():
        rows = products[org.id]
        codes = sorted({hs6 for _, _, hs6 in rows})
        titles = list(dict.fromkeys((title, language) for title, language, _ in rows))[:SUPPLIER_TITLE_LIMIT]
        facets = org.common_facets() + [facet_token("cert", c) for c in org.verified_certs]
        facets += sorted({token for code in codes for token in hs_facets(code)})
        documents.append(
            dict(  # noqa: C408 -- keyword form reads like the model's fields
                id=org.id,
                organisation_id=org.id,
                name=org.name,
                slug=org.slug,
                economy=org.economy,
                province=org.province,
                city=org.city,
                verified=org.verified,
                verified_agency=org.verified_agency,
                verified_at=org.verified_at,
                size_class=org.size_class,
                kind=org.kind,
                cert_codes=f" {' '.join(org.verified_certs)} " if org.verified_certs else " ",
                product_count=len(rows),
                hs_codes=" ".join(codes[:SUPPLIER_HS_LIMIT]),
                updated_at=org.updated_at,
                title_terms=" ".join(org.name_terms),
                body_terms=_join(
                    [
                        document_terms(org.description, org.description_language),
                        document_terms(f"{org.city} {org.province}"),
                        *(document_terms(title, language) for title, language in titles),
                    ]
                ),
                hs_terms=_join(hs_terms[code] for code in codes[:SUPPLIER_HS_LIMIT]),
                facet_terms=" ".join(facets),
            )
        )
    return documents


def _write(model: type[ProductDocument] | type[SupplierDocument], ids: Sequence[int], documents: Iterable[Any]) -> None:
    """Make the documents of ``ids`` exactly ``documents``: upserted by id, the others of ``ids`` deleted.

    An upsert, not delete-then-insert: two transactions rewriting the same document at once (two products of
    one organisation saved together) would otherwise both insert it, and the second would fail on the key.
    """
    rows: list[Any] = [model(**d) for d in documents]
    model.objects.filter(id__in=ids).exclude(id__in=[r.id for r in rows]).delete()
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    model.objects.bulk_create(rows, update_conflicts=True, unique_fields=["id"], update_fields=fields)


def index_products(ids: Iterable[int]) -> None:
    """Rewrite the documents of these products (published ones get one, others lose theirs)."""
    unique = sorted(set(ids))
    with transaction.atomic():
        for chunk in _chunks(unique):
            _write(ProductDocument, chunk, _product_documents(chunk))
        _refresh_suppliers_of(unique)


def remove_products(ids: Iterable[int]) -> None:
    unique = sorted(set(ids))
    with transaction.atomic():
        org_ids = set(
            ProductDocument.objects.filter(product_id__in=unique).values_list("organisation_id", flat=True)
        )
        for chunk in _chunks(unique):
            ProductDocument.objects.filter(product_id__in=chunk).delete()
        _index_suppliers(sorted(org_ids))


def index_organisation(org_id: int) -> None:
    """Rewrite the organisation's supplier document and the documents of all its products."""
    with transaction.atomic():
        product_ids = list(Product.objects.filter(organisation_id=org_id).values_list("id", flat=True))
        ProductDocument.objects.filter(organisation_id=org_id).exclude(product_id__in=product_ids).delete()
        for chunk in _chunks(product_ids):
            _write(ProductDocument, chunk, _product_documents(chunk))
        _index_suppliers([org_id])


def _refresh_suppliers_of(product_ids: Sequence[int]) -> None:
    org_ids = set(Product.objects.filter(id__in=product_ids).values_list("organisation_id", flat=True))
    _index_suppliers(sorted(org_ids))


def _index_suppliers(org_ids: Sequence[int]) -> None:
    for chunk in _chunks(org_ids):
        _write(SupplierDocument, chunk, _supplier_documents(chunk))


def rebuild_all(progress: Any = None) -> tuple[int, int]:
    """Rewrite every document; returns (products indexed, organisations indexed).

    The full-text index is rebuilt once at the end instead of row by row.
    """
    backend = get_backend()
    with transaction.atomic(), backend.bulk_load():
        ProductDocument.objects.all().delete()
        SupplierDocument.objects.all().delete()
        product_ids = list(
            Product.objects.filter(status=Product.Status.PUBLISHED)
            .order_by("id")
            .values_list("id", flat=True)
        )
        products = 0
        writer = RowWriter(ProductDocument)
        for chunk in _chunks(product_ids, 5000):
            for document in _product_documents(chunk):
                writer.add(**document)
                products += 1
            writer.flush()
            if progress:
                progress(f"products {products:,}/{len(product_ids):,}")
        org_ids = list(Organisation.objects.order_by("id").values_list("id", flat=True))
        suppliers = 0
        supplier_writer = RowWriter(SupplierDocument)
        for chunk in _chunks(org_ids, 5000):
            for document in _supplier_documents(chunk):
                supplier_writer.add(**document)
                suppliers += 1
            supplier_writer.flush()
        if progress:
            progress(f"organisations {suppliers:,}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_productdocument")
            cursor.execute("ANALYZE search_supplierdocument")
    return products, suppliers
