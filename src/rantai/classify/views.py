"""The classification page and the suggestion fragment other forms embed (``classify/_suggest.html``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rantai.classify.engine import LOW_CONFIDENCE, MAX_TOP, classify
from rantai.classify.text import ClassifyInputError


def suggestions(request: HttpRequest) -> dict[str, Any]:
    """Template context for ``classify/_suggest.html`` from ``?q=`` (and ``?economy=``)."""
    text = request.GET.get("q", "")
    # A form that embeds the suggestions names its HS field: each candidate then gets a "use this code" button.
    field = request.GET.get("field", "")
    field = field if field.replace("_", "").replace("-", "").isalnum() else ""
    economy = (request.GET.get("economy") or "").strip().upper()[:3] or None
    if not text.strip():
        return {"query": text, "result": None, "error": "", "field": field}
    try:
        top = max(1, min(int(request.GET.get("top", 5)), MAX_TOP))
    except ValueError:
        top = 5
    try:
        result = classify(text, top=top, economy=economy)
    except ClassifyInputError as exc:
        return {"query": text, "result": None, "error": str(exc.message), "field": field}
    return {"query": text, "result": result, "error": "", "threshold": LOW_CONFIDENCE, "field": field}


@require_GET
def classify_page(request: HttpRequest) -> HttpResponse:
    return render(request, "classify/page.html", suggestions(request))


@require_GET
def suggest_fragment(request: HttpRequest) -> HttpResponse:
    """Only the suggestions, for the page's live search and for forms that embed them."""
    return render(request, "classify/_suggest.html", suggestions(request))
