from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rantai.reference.models import Agreement, Economy, HsCode, HsLevel


def home(request: HttpRequest) -> HttpResponse:
    """What Rantai does for each kind of user, with how much reference data this installation holds."""
    counts = {
        "economies": Economy.objects.filter(is_apec=True).count(),
        "subheadings": HsCode.objects.filter(level=HsLevel.SUBHEADING).count(),
        "agreements": Agreement.objects.count(),
    }
    return render(request, "web/home.html", {"counts": counts})
