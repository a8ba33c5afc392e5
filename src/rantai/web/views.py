from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rantai.core.models import DataSource
from rantai.reference.models import Agreement, Economy, HsCode, HsLevel


def home(request: HttpRequest) -> HttpResponse:
    """What Rantai does for each kind of user, with how much reference data this installation holds."""
    counts = {
        "economies": Economy.objects.filter(is_apec=True).count(),
        "subheadings": HsCode.objects.filter(level=HsLevel.SUBHEADING).count(),
        "agreements": Agreement.objects.count(),
    }
    return render(request, "web/home.html", {"counts": counts})


def sources(request: HttpRequest) -> HttpResponse:
    """Every data source this installation has loaded: who published it, which version, when, and its file."""
    by_kind: dict[str, list[DataSource]] = {kind: [] for kind in DataSource.Kind}
    for source in DataSource.objects.order_by("kind", "publisher", "title", "version"):
        by_kind[source.kind].append(source)
    groups = [(DataSource.Kind(kind).label, rows) for kind, rows in by_kind.items() if rows]
    return render(request, "web/sources.html", {"groups": groups})
