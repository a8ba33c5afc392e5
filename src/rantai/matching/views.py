from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rantai.matching import queries


def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    sourcing = queries.get_request(request.user, request_id)
    return render(request, "matching/request.html", {"sourcing": sourcing})
