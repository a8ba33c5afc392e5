"""The /search/ page: products or suppliers, filters as a form that works on a phone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rantai.directory.models import CertificationType, Organisation, SizeClass
from rantai.reference.models import Economy
from rantai.search.queries import (
    ProductQuery,
    SearchError,
    SearchPage,
    SupplierQuery,
    search_products,
    search_suppliers,
)

TABS = ("products", "suppliers")
FILTER_NAMES = (
    "q", "economy", "hs", "certification", "verified", "size_class", "kind", "max_min_order", "min_capacity",
)  # fmt: skip


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    tab = params.get("tab") if params.get("tab") in TABS else "products"
    common: dict[str, Any] = {
        "text": params.get("q", "")[:200],
        "economy": params.get("economy", ""),
        "hs": params.get("hs", ""),
        "certification": params.get("certification", ""),
        "verified_only": params.get("verified") == "1",
        "size_class": params.get("size_class", ""),
        "kind": params.get("kind", ""),
        "page": _page_number(params.get("page")),
    }
    searched = any(params.get(name) for name in FILTER_NAMES)
    page: SearchPage[Any] | None = None
    errors: dict[str, list[str]] = {}
    try:
        if tab == "products":
            page = search_products(
                ProductQuery(
                    **common,
                    max_min_order=params.get("max_min_order") or None,
                    min_capacity=params.get("min_capacity") or None,
                )
            )
        else:
            page = search_suppliers(SupplierQuery(**common))
    except SearchError as exc:
        errors = {name: [str(m) for m in messages] for name, messages in exc.fields.items()}
    economies = Economy.objects.filter(is_apec=True).order_by("name_en")
    names = {e.iso3: e.display_name for e in economies}
    for item in page.items if page else []:
        setattr(item, "economy_name", names.get(item.economy, item.economy))  # noqa: B010 -- shown, not stored
    query = params.copy()
    query.pop("page", None)
    context = {
        "tab": tab,
        "page": page,
        "errors": errors,
        "searched": searched,
        "values": params,
        "economies": economies,
        "certification_types": CertificationType.objects.order_by("code"),
        "size_classes": SizeClass.choices,
        "kinds": Organisation.Kind.choices,
        "query_without_page": query.urlencode(),
    }
    return render(request, "search/search.html", context, status=422 if errors else 200)
