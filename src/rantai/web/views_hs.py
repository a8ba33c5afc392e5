"""The HS 2022 browser: sections → chapters → headings → subheadings, search, and one page per code."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rantai.core.errors import NotFound
from rantai.core.models import DataSource
from rantai.reference import queries
from rantai.reference.models import HsCorrelation, HsLevel, HsVersion

SEARCH_LIMIT = 50


def _distinct_sources(*groups: list[DataSource]) -> list[DataSource]:
    """Each source once, in the order first shown, so the page cites everything it displays."""
    seen: dict[int, DataSource] = {}
    for group in groups:
        for source in group:
            seen.setdefault(source.pk, source)
    return list(seen.values())


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/hs/not_found.html", {"message": message}, status=404)


def index(request: HttpRequest) -> HttpResponse:
    sections = queries.sections()
    return render(
        request,
        "web/hs/index.html",
        {"sections": sections, "sources": _distinct_sources([s.source for s in sections])},
    )


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    results = queries.search_hs(text, limit=SEARCH_LIMIT) if text else []
    return render(
        request,
        "web/hs/search.html",
        {
            "q": text,
            "results": results,
            "limit": SEARCH_LIMIT,
            "sources": _distinct_sources([r.source for r in results[:1]]),
        },
    )


def code_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        node = queries.get_hs(code)
    except NotFound as exc:
        return _not_found(request, str(exc.message))
    if node.code != code:
        # One address per code: /hs/3002.41/ and /hs/vi/ lead to /hs/300241/ and /hs/VI/.
        return redirect("web:hs-code", code=node.code, permanent=True)

    breadcrumb = list(reversed(queries.ancestors(node.code)))
    children = queries.children(node.code)
    correlations: list[HsCorrelation] = []
    listings: list[queries.EssentialListing] = []
    if node.level == HsLevel.SUBHEADING:
        correlations = queries.correlations(node.code)
        listings = queries.essential_lists(node.code)

    by_version = [
        (HsVersion(version).label, list(rows))
        for version, rows in groupby(correlations, key=lambda c: c.other_version)
    ]
    relationships_shown = sorted({c.relationship for c in correlations})
    return render(
        request,
        "web/hs/code.html",
        {
            "node": node,
            "breadcrumb": breadcrumb,
            "children": children,
            "is_subheading": node.level == HsLevel.SUBHEADING,
            # HS 2017 is what most trade data since 2017 uses: shown open, older versions folded away.
            "latest_correlations": by_version[:1],
            "older_correlations": by_version[1:],
            "relationships_shown": relationships_shown,
            "listings": listings,
            "sources": _distinct_sources(
                [node.source], [c.source for c in correlations], [item.source for item in listings]
            ),
        },
    )
