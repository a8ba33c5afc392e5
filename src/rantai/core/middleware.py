from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
