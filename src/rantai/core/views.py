"""Views of the platform itself rather than of a domain."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: answers "ok" without touching the database, so it measures only the
    server and Django itself (bench/load.py uses it as the bare endpoint)."""
    return HttpResponse("ok", content_type="text/plain")
