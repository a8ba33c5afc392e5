from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from rantai.core.errors import NotFound
from rantai.core.input import NUL, InvalidCharacter, json_nul_fields, nul_fields, refuse_nul


class ApiLanguageMiddleware:
    """Answer API clients in the language they ask for.

    With ``i18n_patterns(prefix_default_language=False)`` Django's LocaleMiddleware gives every path without
    a language prefix the default language. API paths carry no prefix, so for them the language comes from
    ``Accept-Language`` (or the language cookie) instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulMiddleware:
    """Refuse any request whose query string, form fields or JSON body contain a NUL character (U+0000).

    PostgreSQL cannot store or compare text holding one, so without this every view or endpoint that passes a
    parameter to the database would answer a server error. The API answers 422 in its uniform
    ``{"code", "message", "fields"}`` format; pages answer 400 with the same field errors. A NUL in the path
    answers 404. Placed after the language middlewares, so the error is in the person's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith("/api/")
        if NUL in request.path_info:
            # No page or endpoint has a NUL in its address.
            message = _("There is nothing at this address: it contains a null character (U+0000).")
            if api:
                return JsonResponse(NotFound(message).as_dict(), status=404)
            raise Http404(message)
        names = nul_fields(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            names += nul_fields(request.POST)
        elif request.content_type == "application/json":
            names += json_nul_fields(request.body)
        try:
            refuse_nul(names)
        except InvalidCharacter as exc:
            if api:
                return JsonResponse(exc.as_dict(), status=422)
            context = {"message": exc.message, "fields": list(exc.fields.items())}
            return render(request, "core/invalid_input.html", context, status=exc.status)
        return self.get_response(request)
