"""E-mails to an organisation's owners, each in the owner's own language, sent after the change commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rantai.core.tasks import send_email_after_commit
from rantai.directory.i18n import localised
from rantai.directory.models import Membership, Organisation

# Whole sentences with named placeholders; ``%(name)s`` is the organisation's name.
MESSAGES = {
    "verification_submitted": (
        _("Rantai: your verification request was received"),
        _(
            "We received the verification request for %(name)s. A trade official of your economy will review it."
        ),
    ),
    "verification_resubmitted": (
        _("Rantai: your verification request was sent again"),
        _(
            "The verification request for %(name)s, with the information you added, is back with the trade official."
        ),
    ),
    "verification_more_info": (
        _("Rantai: the trade official asks for more information"),
        _("The trade official reviewing %(name)s asks for more information: %(reason)s"),
    ),
    "verification_approved": (
        _("Rantai: your organisation is verified"),
        _("%(name)s is now verified by %(agency)s. Buyers see this on your public profile."),
    ),
    "verification_rejected": (
        _("Rantai: your verification request was rejected"),
        _("The verification request for %(name)s was rejected. The reason given: %(reason)s"),
    ),
    "certification_verified": (
        _("Rantai: a certification is verified"),
        _(
            "The %(certification)s certification of %(name)s is verified. Buyers see it with a verified badge."
        ),
    ),
    "certification_rejected": (
        _("Rantai: a certification was not verified"),
        _("The %(certification)s certification of %(name)s was not verified. The reason given: %(reason)s"),
    ),
    "certification_expiring": (
        _("Rantai: a certification expires soon"),
        _(
            "The %(certification)s certification number %(number)s of %(name)s expires on %(date)s. "
            "Renew it and upload the new certificate to keep your profile trusted."
        ),
    ),
}


def notify_owners(organisation: Organisation, event: str, **context: Any) -> None:
    """``context`` values with ``name``/``name_id`` (such as a certification type) are named in each owner's language."""
    subject, body = MESSAGES[event]
    owners = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in owners:
        user = membership.user
        with translation.override(user.preferred_language):
            values = {"name": organisation.name}
            for key, value in context.items():
                values[key] = (
                    localised(value.name, value.name_id) if hasattr(value, "name_id") else str(value)
                )
            url = settings.SITE_URL.rstrip("/") + reverse("directory:dashboard")
            text = f"{body % values}\n\n{url}\n"
            send_email_after_commit(str(subject), text, [user.email])
