"""Who am I; tokens."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from rantai.api.auth import TokenAuth

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    preferred_language: str
    is_official: bool
    organisations: list[str]


@router.get("/me", response=MeOut, auth=TokenAuth())
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        preferred_language=user.preferred_language,
        is_official=hasattr(user, "official"),
        organisations=[o.name for o in user.organisations.all()],
    )
