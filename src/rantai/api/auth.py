from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from rantai.accounts.models import ApiToken, User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rnt_…``; a revoked token or inactive user is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


def token_user(request: HttpRequest) -> User:
    """The person a request authenticated by ``TokenAuth`` acts as."""
    user = request.user
    assert isinstance(user, User)
    return user
