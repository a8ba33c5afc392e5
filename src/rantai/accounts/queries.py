"""Who may do what. Later features ask these questions instead of reading roles themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from rantai.accounts.errors import EmailNotVerified, NotAllowed
from rantai.directory.models import Membership, Organisation
from rantai.reference.models import Economy

if TYPE_CHECKING:
    from rantai.accounts.models import ApiToken, TradeOfficial


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _active_official(user: Any) -> TradeOfficial | None:
    if not _signed_in(user):
        return None
    from rantai.accounts.models import TradeOfficial

    try:
        official: TradeOfficial = user.official
    except TradeOfficial.DoesNotExist:
        return None
    return official if official.active else None


def is_official(user: Any) -> bool:
    """An active trade official (a deactivated appointment no longer counts)."""
    return _active_official(user) is not None


def official_economy(user: Any) -> Economy | None:
    """The one economy an official acts for, or ``None`` for everybody else."""
    official = _active_official(user)
    return official.economy if official is not None else None


def official_acts_for(user: Any, economy: Economy | str) -> bool:
    """Officials act only for their own economy (given as a row or an ISO 3166 alpha-3 code)."""
    official = _active_official(user)
    if official is None:
        return False
    iso3 = economy.iso3 if isinstance(economy, Economy) else economy.upper()
    return official.economy_id == iso3


def is_platform_admin(user: Any) -> bool:
    return _signed_in(user) and bool(user.is_staff and user.is_superuser)


def role_in(user: Any, organisation: Organisation) -> str | None:
    """``"owner"``, ``"member"`` or ``None``."""
    if not _signed_in(user):
        return None
    role: str | None = (
        Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    )
    return role


def can_act_for(user: Any, organisation: Organisation) -> bool:
    """Owners and members act for their organisation."""
    return role_in(user, organisation) in (Membership.Role.OWNER, Membership.Role.MEMBER)


def is_owner(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) == Membership.Role.OWNER


def check_can_act_for(user: Any, organisation: Organisation) -> None:
    """Raise unless ``user`` may change things for ``organisation``.

    Signing in does not need a verified e-mail address, but acting for an organisation does: see
    ``accounts.actions.sign_up`` for why.
    """
    if not can_act_for(user, organisation):
        raise NotAllowed(_("You are not a member of this organisation."))
    if not user.email_verified:
        raise EmailNotVerified(_("Please verify your e-mail address before acting for an organisation."))


def memberships_of(user: Any) -> list[Membership]:
    """The user's memberships with organisation and economy, for profile pages and the API."""
    if not _signed_in(user):
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__economy")
        .order_by("organisation__name")
    )


def active_api_tokens(user: Any) -> list[ApiToken]:
    """Tokens not revoked, newest first (prefix, created and last-used times for the profile page)."""
    return list(user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"))
