"""Product and supplier search: GET /api/v1/search/products and /api/v1/search/suppliers.

Validation and shaping only; ``rantai.search.queries`` answers, as it does for the /search/ page. Bad
filters (unknown economy, HS prefix of the wrong length, negative quantities …) answer 422 with field errors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from rantai.search.models import ProductDocument, SupplierDocument
from rantai.search.queries import ProductQuery, SearchPage, SupplierQuery, search_products, search_suppliers

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = ""
    economy: str = ""
    hs: str = ""
    certification: str = ""
    verified: bool = False
    size_class: str = ""
    kind: str = ""
    page: int = 1
    size: int = 20


class ProductFilters(SearchFilters):
    max_min_order: str = ""
    min_capacity: str = ""


class ProductHit(Schema):
    product_id: int
    title: str
    language: str
    hs6: str
    unit: str
    min_order: Decimal
    monthly_capacity: Decimal | None
    certifications: list[str]
    organisation_id: int
    organisation_name: str
    organisation_slug: str
    economy: str
    city: str
    verified: bool
    size_class: str
    updated_at: dt.datetime

    @staticmethod
    def of(doc: ProductDocument) -> ProductHit:
        return ProductHit(
            product_id=doc.product_id,
            title=doc.title,
            language=doc.language,
            hs6=doc.hs6,
            unit=doc.unit,
            min_order=doc.min_order,
            monthly_capacity=doc.monthly_capacity,
            certifications=doc.certifications,
            organisation_id=doc.organisation_id,
            organisation_name=doc.organisation_name,
            organisation_slug=doc.organisation_slug,
            economy=doc.economy,
            city=doc.city,
            verified=doc.verified,
            size_class=doc.size_class,
            updated_at=doc.updated_at,
        )


class SupplierHit(Schema):
    organisation_id: int
    name: str
    slug: str
    economy: str
    province: str
    city: str
    kind: str
    size_class: str
    verified: bool
    verified_agency: str
    verified_at: dt.datetime | None
    certifications: list[str]
    hs_codes: list[str]
    product_count: int

    @staticmethod
    def of(doc: SupplierDocument) -> SupplierHit:
        return SupplierHit(
            organisation_id=doc.organisation_id,
            name=doc.name,
            slug=doc.slug,
            economy=doc.economy,
            province=doc.province,
            city=doc.city,
            kind=doc.kind,
            size_class=doc.size_class,
            verified=doc.verified,
            verified_agency=doc.verified_agency,
            verified_at=doc.verified_at,
            certifications=doc.certifications,
            hs_codes=doc.hs_list,
            product_count=doc.product_count,
        )


class PageInfo(Schema):
    page: int
    size: int
    total: int
    total_capped: bool
    has_next: bool


class ProductResults(Schema):
    results: list[ProductHit]
    paging: PageInfo


class SupplierResults(Schema):
    results: list[SupplierHit]
    paging: PageInfo


def _paging(page: SearchPage[Any]) -> PageInfo:
    return PageInfo(
        page=page.page,
        size=page.size,
        total=page.total,
        total_capped=page.total_capped,
        has_next=page.has_next,
    )


@router.get("/search/products", response=ProductResults, summary="Search published products")
def products(request: HttpRequest, filters: Query[ProductFilters]) -> ProductResults:
    page = search_products(
        ProductQuery(
            text=filters.q,
            economy=filters.economy,
            hs=filters.hs,
            certification=filters.certification,
            verified_only=filters.verified,
            size_class=filters.size_class,
            kind=filters.kind,
            page=filters.page,
            size=filters.size,
            max_min_order=filters.max_min_order or None,
            min_capacity=filters.min_capacity or None,
        )
    )
    return ProductResults(results=[ProductHit.of(d) for d in page.items], paging=_paging(page))


@router.get("/search/suppliers", response=SupplierResults, summary="Search suppliers (MSMEs and traders)")
def suppliers(request: HttpRequest, filters: Query[SearchFilters]) -> SupplierResults:
    page = search_suppliers(
        SupplierQuery(
            text=filters.q,
            economy=filters.economy,
            hs=filters.hs,
            certification=filters.certification,
            verified_only=filters.verified,
            size_class=filters.size_class,
            kind=filters.kind,
            page=filters.page,
            size=filters.size,
        )
    )
    return SupplierResults(results=[SupplierHit.of(d) for d in page.items], paging=_paging(page))
