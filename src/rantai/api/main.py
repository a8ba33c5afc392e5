"""The JSON API under /api/v1/. Every 4xx answers ``{"code", "message", "fields"}``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from rantai.core.errors import RantaiError

api = NinjaAPI(
    title="Rantai API",
    version="1",
    description="Trade data and services for MSMEs across the 21 APEC economies.",
    urls_namespace="api-v1",
)


def error_response(request: HttpRequest, status: int, code: str, message: str,
                   fields: dict[str, list[str]] | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(RantaiError)
def on_rantai_error(request: HttpRequest, exc: RantaiError) -> HttpResponse:
    body = exc.as_dict()
    return error_response(request, exc.status, body["code"], body["message"], body["fields"])


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return error_response(request, 422, "validation_error", _("Some fields are not valid."), fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", _("A valid API token is required."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


def _register_routers() -> None:
    # One router module per domain; imported here so domain code never imports the API.
    from rantai.api import accounts, catalogue, classify, directory, matching, reference, search, tariffs

    api.add_router("/", reference.router)
    api.add_router("/", accounts.router)
    api.add_router("/", tariffs.router)
    api.add_router("/", directory.router)
    api.add_router("/", catalogue.router)
    api.add_router("/", search.router)
    api.add_router("/", classify.router)
    api.add_router("/", matching.router)


_register_routers()


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Paths under /api/v1/ that match no endpoint answer in the API's format, not with an HTML page."""
    return error_response(request, 404, "not_found", _("There is no API endpoint at this address."))
