"""Template helpers of the sourcing pages, and the sourcing card of the MSME dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from rantai.accounts.queries import can_act_for
from rantai.directory.models import CertificationType, Organisation
from rantai.matching import queries
from rantai.matching.forms import economy_name as _economy_name
from rantai.matching.models import Notification, SourcingRequest
from rantai.reference.models import Economy

register = template.Library()


@register.filter
def economy_name(economy: Economy | None) -> str:
    """The economy's name in the reader's language."""
    return _economy_name(economy) if economy is not None else ""


@register.filter
def certification_name(certification: CertificationType) -> str:
    return certification.display_name((translation.get_language() or "en")[:2])


@register.filter
def percent(value: Any) -> int:
    """A share in [0, 1] as a whole percentage, for a meter and its text."""
    try:
        return max(0, min(100, round(float(value) * 100)))
    except (TypeError, ValueError):
        return 0


@register.inclusion_tag("matching/_dashboard_card.html", takes_context=True)
def sourcing_card(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """Counts for the dashboard: unread notices, open requests that fit, the organisation's own open requests."""
    user = context.get("user")
    if organisation is None or not can_act_for(user, organisation):
        return {"organisation": None}
    is_supplier = organisation.kind in (Organisation.Kind.MSME, Organisation.Kind.BOTH)
    is_buyer = organisation.kind in (Organisation.Kind.BUYER, Organisation.Kind.BOTH)
    return {
        "organisation": organisation,
        "unread": Notification.objects.filter(organisation=organisation, read_at__isnull=True).count(),
        "fitting": len(queries.open_requests_for(organisation)) if is_supplier else None,
        "open_own": organisation.sourcing_requests.filter(status=SourcingRequest.Status.OPEN).count()
        if is_buyer
        else None,
        "is_buyer": is_buyer,
    }
