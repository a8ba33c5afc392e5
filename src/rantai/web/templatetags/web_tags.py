"""Small template helpers for the page shell.

``url_or_none`` lets a template link to a page another part of the platform may not have yet (the
navigation shows the link once the route exists, and never fails the page because of it).
``translated_path`` gives the current page's address in another language, so the language switcher
lands on the same page under ``/id/…`` or the unprefixed English address.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url

register = template.Library()

# Messages Django itself puts in a 404 that are meant for developers, not for the person reading the page:
# the exception's class name (e.g. "Resolver404") and get_object_or_404's English sentence.
_DEVELOPER_404_MESSAGE = re.compile(r"^(\w+|No .+ matches the given query\.)$")


@register.simple_tag
def url_or_none(view_name: str, *args: Any, **kwargs: Any) -> str | None:
    """Reverse ``view_name``, or give ``None`` when no such route exists (yet)."""
    try:
        return reverse(view_name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def translated_path(context: template.Context, language_code: str) -> str:
    """The current page's path and query string in ``language_code`` (the page itself when untranslatable)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    current = request.get_full_path()
    translated = translate_url(current, language_code)
    if translated != current:
        return translated
    # The path names no route (a 404 page, say): move the language prefix by hand.
    prefixes = {code: f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
    for prefix in prefixes.values():
        if current.startswith(prefix):
            current = "/" + current.removeprefix(prefix)
            break
    if language_code in prefixes:
        return prefixes[language_code] + current.removeprefix("/")
    return current


@register.filter
def user_facing_404_message(message: object) -> str:
    """The 404 message when a view wrote it for users (a sentence), or an empty string."""
    if not isinstance(message, str) or _DEVELOPER_404_MESSAGE.match(message.strip()):
        return ""
    return message
