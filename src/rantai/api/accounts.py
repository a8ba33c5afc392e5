"""Who am I, and which organisations do I belong to. Tokens are issued on the web profile page only,
where the secret can be shown once to a signed-in person."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from rantai.accounts import queries
from rantai.api.auth import TokenAuth, token_user

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    preferred_language: str
    email_verified: bool
    is_official: bool
    official_economy: str | None
    organisations: list[str]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    economy: str
    role: str


class MineFilter(Schema):
    role: Literal["owner", "member"] | None = None


@router.get("/me", response=MeOut, auth=TokenAuth())
def me(request: HttpRequest) -> MeOut:
    user = token_user(request)
    economy = queries.official_economy(user)
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        preferred_language=user.preferred_language,
        email_verified=user.email_verified,
        is_official=economy is not None,
        official_economy=economy.iso3 if economy is not None else None,
        organisations=[m.organisation.name for m in queries.memberships_of(user)],
    )


@router.get("/organisations/mine", response=list[OrganisationOut], auth=TokenAuth())
def my_organisations(request: HttpRequest, filters: Query[MineFilter]) -> list[OrganisationOut]:
    """The organisations the token's user belongs to, with their role; ``?role=owner`` narrows it."""
    return [
        OrganisationOut(
            id=m.organisation.pk,
            name=m.organisation.name,
            kind=m.organisation.kind,
            economy=m.organisation.economy_id,
            role=m.role,
        )
        for m in queries.memberships_of(token_user(request))
        if filters.role is None or m.role == filters.role
    ]
