"""State changes for people: sign-up, e-mail verification, language, API tokens.

Each function runs in one transaction and raises ``RantaiError`` subclasses; views only call them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from rantai.accounts.errors import VerificationLinkExpired, VerificationLinkInvalid
from rantai.accounts.models import ApiToken, TradeOfficial, User
from rantai.core.errors import NotFound, RantaiError
from rantai.core.tasks import send_email_after_commit
from rantai.directory.models import Membership, Organisation
from rantai.reference.models import Economy

VERIFICATION_SALT = "rantai.accounts.verify-email"
VERIFICATION_MAX_AGE = timedelta(days=3)
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str,
    organisation_name: str,
    organisation_kind: str,
    economy: Economy,
) -> User:
    """Create the person, their organisation and their owner membership — all, or nothing.

    The new user may sign in at once, with ``email_verified`` false: pages show a banner and
    organisation actions (``accounts.queries.check_can_act_for``) refuse until the link in the
    verification mail is followed. We chose this over an inactive account because an MSME owner
    often signs up on a shared or slow phone where the mail arrives later; they can look around,
    set their profile and come back, while nothing they do reaches other people unverified. An
    inactive account would also make a mistyped address a dead end, where here they can fix it
    while signed in.

    The verification mail is queued for the worker when the transaction commits, so a rolled-back
    sign-up sends nothing.
    """
    if preferred_language not in LANGUAGE_CODES:
        raise RantaiError(
            _("Choose one of the offered languages."), fields={"preferred_language": [_("Not offered.")]}
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                preferred_language=preferred_language,
            )
            organisation = Organisation.objects.create(
                name=organisation_name.strip(), kind=organisation_kind, economy=economy
            )
            Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
            send_verification_email(user)
    except IntegrityError as exc:
        # The form checks for a taken address; this catches two sign-ups racing for the same one.
        if User.objects.filter(email__iexact=email).exists():
            raise RantaiError(
                _("An account with this e-mail address already exists."),
                code="email_taken",
                fields={"email": [_("An account with this e-mail address already exists.")]},
            ) from exc
        raise
    return user


def _address_digest(email: str) -> str:
    # A keyed digest, not the address itself: links end up in logs and browser histories.
    return salted_hmac(VERIFICATION_SALT, email.lower()).hexdigest()[:24]


def verification_token(user: User) -> str:
    # The address is bound to the link, so a link stops working once the address changes.
    return signing.dumps({"u": user.pk, "e": _address_digest(user.email)}, salt=VERIFICATION_SALT)


def verification_url(user: User) -> str:
    with translation.override(user.preferred_language):
        path = reverse("accounts:verify_email", kwargs={"token": verification_token(user)})
    return settings.SITE_URL.rstrip("/") + path


def send_verification_email(user: User) -> None:
    """Queue the signed link for the worker (after commit), in the user's own language whatever
    language the request used."""
    with translation.override(user.preferred_language):
        context: dict[str, Any] = {
            "user": user,
            "verify_url": verification_url(user),
            "valid_days": VERIFICATION_MAX_AGE.days,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify_body.txt", context)
    send_email_after_commit(subject, body, [user.email])


def verify_email(token: str) -> User:
    """Mark the address in a verification link as verified. Following a link twice is harmless."""
    try:
        payload = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired(
            _("This verification link has expired. Sign in and ask for a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise VerificationLinkInvalid(_("This verification link is not valid.")) from exc
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_address_digest(user.email), str(payload.get("e", ""))):
        raise VerificationLinkInvalid(_("This verification link is not valid."))
    User.objects.filter(pk=user.pk, email_verified=False).update(email_verified=True)
    user.email_verified = True
    return user


def set_profile(user: User, *, full_name: str, preferred_language: str) -> None:
    if preferred_language not in LANGUAGE_CODES:
        raise RantaiError(
            _("Choose one of the offered languages."), fields={"preferred_language": [_("Not offered.")]}
        )
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])


def issue_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret; the caller shows the secret once, it is never stored."""
    name = name.strip()
    if not name:
        raise RantaiError(_("Give the token a name."), fields={"name": [_("This field is required.")]})
    with transaction.atomic():
        return ApiToken.issue(user, name)


def revoke_api_token(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; a token of someone else is reported as not found."""
    revoked = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked == 0:
        raise NotFound(_("No such API token."))


def appoint_official(email: str, *, economy_iso3: str, agency: str, position: str = "") -> TradeOfficial:
    """Make an existing user the trade official of one economy; appointing again updates the appointment."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise NotFound(_("No user has the e-mail address %(email)s.") % {"email": email})
    economy = Economy.objects.filter(iso3=economy_iso3.strip().upper()).first()
    if economy is None:
        raise NotFound(_("No economy has the code %(code)s.") % {"code": economy_iso3})
    if not agency.strip():
        raise RantaiError(_("Name the agency the official works for."), fields={"agency": [_("Required.")]})
    with transaction.atomic():
        official, _created = TradeOfficial.objects.update_or_create(
            user=user,
            defaults={
                "economy": economy,
                "agency": agency.strip(),
                "position": position.strip(),
                "active": True,
            },
        )
    return official


def end_official_appointment(email: str) -> None:
    ended = TradeOfficial.objects.filter(user__email__iexact=email.strip(), active=True).update(active=False)
    if ended == 0:
        raise NotFound(_("%(email)s is not an active trade official.") % {"email": email})
