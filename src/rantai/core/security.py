"""Security response headers Django does not send by itself.

Django's ``SecurityMiddleware`` already sends ``Referrer-Policy``, ``Cross-Origin-Opener-Policy``,
``X-Content-Type-Options`` and (in production) HSTS; ``django-csp`` sends ``Content-Security-Policy``.
This adds ``Permissions-Policy``: the platform uses no camera, microphone, location, payment or USB, so a
page (or anything injected into one) can never ask the browser for them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
