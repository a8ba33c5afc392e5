"""Search for products and suppliers: the one entry point for pages, the API and the benchmark.

A query with text goes to the full-text backend of the database in use (``rantai.search.backends``) and is
ranked by relevance, a verified supplier and a product in an HS code the text names ranking higher. A
query with filters only is answered from the document tables' indexes, verified suppliers first, then the
most recently updated. Equal ranks are ordered by id, so pages never overlap. Counts stop at 1,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.directory.models import CertificationType, Organisation, SizeClass
from rantai.reference.models import Economy, HsCode
from rantai.search.backends import TextSearch, get_backend
from rantai.search.backends.base import COUNT_CAP
from rantai.search.indexing import facet_token
from rantai.search.models import ProductDocument, SupplierDocument
from rantai.search.text import query_groups

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
HS_LENGTHS = (2, 4, 6)
_HS_SEPARATORS = re.compile(r"[\s.]")

D = TypeVar("D", ProductDocument, SupplierDocument)


class SearchError(RantaiError):
    status = 422
    code = "invalid_search"


@dataclass(frozen=True)
class SupplierQuery:
    text: str = ""
    economy: str = ""
    hs: str = ""  # HS code or prefix: 2, 4 or 6 digits (dots and spaces allowed)
    certification: str = ""
    verified_only: bool = False
    size_class: str = ""
    kind: str = ""
    page: int = 1
    size: int = PAGE_SIZE


@dataclass(frozen=True)
class ProductQuery(SupplierQuery):
    max_min_order: Decimal | str | None = None  # minimum order ≤ this
    min_capacity: Decimal | str | None = None  # monthly capacity ≥ this


@dataclass
class SearchPage(Generic[D]):
    items: list[D]
    total: int  # exact up to COUNT_CAP
    page: int
    size: int
    total_capped: bool = False  # more than COUNT_CAP matched
    query: dict[str, Any] = field(default_factory=dict)

    @property
    def total_display(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total_capped else f"{self.total:,}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page * self.size < self.total and self.page * self.size < COUNT_CAP


@dataclass
class _Filters:
    economy: str = ""
    hs: str = ""
    certification: str = ""
    verified_only: bool = False
    size_class: str = ""
    kind: str = ""
    max_min_order: Decimal | None = None
    min_capacity: Decimal | None = None
    page: int = 1
    size: int = PAGE_SIZE


def _quantity(value: Decimal | str | None, name: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        errors[name] = [_("Enter a number.")]
        return None
    if not number.is_finite():
        errors[name] = [_("Enter a number.")]
        return None
    if number < 0:
        errors[name] = [_("This quantity cannot be negative.")]
        return None
    return number


def _validate(query: SupplierQuery) -> _Filters:
    errors: dict[str, list[str]] = {}
    found = _Filters(verified_only=bool(query.verified_only))
    economy = query.economy.strip().upper()
    if economy:
        if Economy.objects.filter(iso3=economy).exists():
            found.economy = economy
        else:
            errors["economy"] = [_("There is no economy with the code %(code)s.") % {"code": economy}]
    hs = _HS_SEPARATORS.sub("", query.hs)
    if hs:
        if not hs.isdigit() or len(hs) not in HS_LENGTHS:
            errors["hs"] = [_("Enter an HS code of 2, 4 or 6 digits, such as 09, 0901 or 090111.")]
        elif not HsCode.objects.filter(code=hs).exists():
            errors["hs"] = [_("There is no HS code %(code)s in HS 2022.") % {"code": hs}]
        else:
            found.hs = hs
    certification = query.certification.strip().lower()
    if certification:
        if CertificationType.objects.filter(code=certification).exists():
            found.certification = certification
        else:
            errors["certification"] = [
                _("There is no certification with the code %(code)s.") % {"code": certification}
            ]
    if query.size_class:
        if query.size_class in SizeClass.values:
            found.size_class = query.size_class
        else:
            errors["size_class"] = [_("Choose a size class from the list.")]
    if query.kind:
        if query.kind in Organisation.Kind.values:
            found.kind = query.kind
        else:
            errors["kind"] = [_("Choose a kind of organisation from the list.")]
    if isinstance(query, ProductQuery):
        found.max_min_order = _quantity(query.max_min_order, "max_min_order", errors)
        found.min_capacity = _quantity(query.min_capacity, "min_capacity", errors)
    if not 1 <= query.size <= PAGE_SIZE_MAX:
        errors["size"] = [_("Ask for between 1 and %(max)s results a page.") % {"max": PAGE_SIZE_MAX}]
    elif query.page < 1:
        errors["page"] = [_("Pages are numbered from 1.")]
    elif (query.page - 1) * query.size >= COUNT_CAP:
        errors["page"] = [
            _("Only the first %(cap)s results can be paged through; narrow the search with filters.")
            % {"cap": f"{COUNT_CAP:,}"}
        ]
    if errors:
        raise SearchError(_("Some search filters are not valid."), fields=errors)
    found.page, found.size = query.page, query.size
    return found


def _text_groups(text: str) -> tuple[list[frozenset[str]], list[str]]:
    """Query term groups; a 2-, 4- or 6-digit number also matches products in that HS code and boosts them."""
    groups, hs_named = [], []
    for group in query_groups(text):
        digits = [t for t in group if t.isdigit() and len(t) in HS_LENGTHS]
        if digits:
            hs_named += digits
            group = group | {facet_token("hs", d) for d in digits}
        groups.append(group)
    return groups, hs_named


def _facets(filters: _Filters) -> list[str]:
    facets = []
    if filters.economy:
        facets.append(facet_token("eco", filters.economy))
    if filters.hs:
        facets.append(facet_token("hs", filters.hs))
    if filters.certification:
        facets.append(facet_token("cert", filters.certification))
    if filters.verified_only:
        facets.append("zzverified")
    if filters.size_class:
        facets.append(facet_token("size", filters.size_class))
    if filters.kind:
        facets.append(facet_token("kind", filters.kind))
    return facets


def _filter_rows(queryset: QuerySet[Any], filters: _Filters, *, products: bool) -> QuerySet[Any]:
    if filters.economy:
        queryset = queryset.filter(economy=filters.economy)
    if filters.hs and products:
        queryset = queryset.filter(**{f"hs{len(filters.hs)}": filters.hs})
    elif filters.hs:
        queryset = queryset.filter(facet_terms__contains=f" {facet_token('hs', filters.hs)} ")
    if filters.certification:
        queryset = queryset.filter(cert_codes__contains=f" {filters.certification} ")
    if filters.verified_only:
        queryset = queryset.filter(verified=True)
    if filters.size_class:
        queryset = queryset.filter(size_class=filters.size_class)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.max_min_order is not None:
        queryset = queryset.filter(min_order__lte=filters.max_min_order)
    if filters.min_capacity is not None:
        queryset = queryset.filter(monthly_capacity__gte=filters.min_capacity)
    return queryset


def _page(
    model: type[D], text: str, filters: _Filters, *, where: list[tuple[str, list[Any]]], exclude_buyers: bool
) -> SearchPage[D]:
    offset = (filters.page - 1) * filters.size
    groups, hs_named = _text_groups(text)
    if groups:
        spec = TextSearch(
            document="product" if model is ProductDocument else "supplier",
            groups=groups,
            facets=_facets(filters),
            excluded_facets=[facet_token("kind", "buyer")] if exclude_buyers else [],
            where=where,
            hs_boost=hs_named,
            limit=filters.size,
            offset=offset,
        )
        ranked = get_backend().search(spec)
        found = model.objects.in_bulk([doc_id for doc_id, _ in ranked.rows])
        items = [found[doc_id] for doc_id, _ in ranked.rows if doc_id in found]
        total = ranked.total
    else:
        queryset = _filter_rows(model.objects.all(), filters, products=model is ProductDocument)
        if exclude_buyers:
            queryset = queryset.exclude(kind=Organisation.Kind.BUYER)
        items = list(queryset.order_by("-verified", "-updated_at", "-id")[offset : offset + filters.size])
        short_first_page = offset == 0 and len(items) < filters.size
        facets = _facets(filters)
        if short_first_page:
            total = len(items)
        elif facets:
            # The full-text index intersects the filter tokens far faster than a scan of the rows.
            spec = TextSearch(
                document="product" if model is ProductDocument else "supplier",
                groups=[],
                facets=facets,
                excluded_facets=[facet_token("kind", "buyer")] if exclude_buyers else [],
                where=where,
            )
            total = get_backend().count(spec)
        else:
            total = queryset.values("id")[: COUNT_CAP + 1].count()
    return SearchPage(
        items=items,
        total=min(total, COUNT_CAP),
        page=filters.page,
        size=filters.size,
        total_capped=total > COUNT_CAP,
    )


def search_products(query: ProductQuery) -> SearchPage[ProductDocument]:
    filters = _validate(query)
    where: list[tuple[str, list[Any]]] = []
    if filters.max_min_order is not None:
        where.append(("d.min_order <= %s", [filters.max_min_order]))
    if filters.min_capacity is not None:
        where.append(("d.monthly_capacity >= %s", [filters.min_capacity]))
    return _page(ProductDocument, query.text, filters, where=where, exclude_buyers=False)


def search_suppliers(query: SupplierQuery) -> SearchPage[SupplierDocument]:
    """Organisations that sell (MSMEs, or both); buyers only when the kind filter asks for them."""
    filters = _validate(query)
    return _page(SupplierDocument, query.text, filters, where=[], exclude_buyers=not filters.kind)
