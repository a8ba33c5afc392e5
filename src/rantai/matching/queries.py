"""Who sees what of matchmaking, and the reads the pages and the API share.

- A draft is seen only by its buyer's members. Other requests are seen by anyone signed in who belongs to an
  organisation (suppliers find them to quote); anonymous visitors see none, so buyers' needs stay within
  the platform's members.
- Quotes: the buyer's members see every quote on their request; a supplier's members see only their own.
- Matches with their reasons: the buyer's members only.
- A thread: the buyer's members and the members of that supplier.
- Trade officials see aggregates for their economy (``official_summary``), never a quote.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from rantai.accounts.queries import can_act_for, official_economy
from rantai.catalogue.models import Product
from rantai.core.errors import NotFound
from rantai.directory.models import Membership, Organisation
from rantai.matching.engine import explained
from rantai.matching.models import Match, Notification, Quote, SourcingRequest, ThreadMessage

Status = SourcingRequest.Status


def organisations_of(user: Any) -> list[Organisation]:
    if user is None or not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def _member_org_ids(user: Any) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def is_buyer_member(user: Any, request: SourcingRequest) -> bool:
    return can_act_for(user, request.buyer)


def visible_requests(user: Any) -> QuerySet[SourcingRequest]:
    orgs = _member_org_ids(user)
    if not orgs:
        return SourcingRequest.objects.none()
    return SourcingRequest.objects.filter(Q(buyer_id__in=orgs) | ~Q(status=Status.DRAFT))


def get_request(user: Any, request_id: int) -> SourcingRequest:
    """The request if ``user`` may see it; a 404 otherwise, so a stranger cannot tell it exists."""
    found = (
        visible_requests(user)
        .select_related("buyer", "buyer__economy", "destination", "hs")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such sourcing request."))
    return found


def requests_of(buyer: Organisation) -> QuerySet[SourcingRequest]:
    """The buyer's requests, newest first (named: Django leaves ``Meta.ordering`` out of aggregate queries)."""
    return (
        buyer.sourcing_requests.select_related("destination", "hs")
        .annotate(
            quote_count=Count("quotes", filter=~Q(quotes__status=Quote.Status.WITHDRAWN), distinct=True),
            match_count=Count("matches", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def matches_for(request: SourcingRequest) -> list[dict[str, Any]]:
    """The buyer's view of the ranking: each match with its reasons in the active language."""
    rows = []
    for match in request.matches.select_related("organisation", "organisation__economy", "product").order_by(
        "rank"
    ):
        rows.append(
            {
                "match": match,
                "organisation": match.organisation,
                "product": match.product,
                "score": match.score,
                "components": explained(match.components),
            }
        )
    return rows


def quotes_for(user: Any, request: SourcingRequest) -> QuerySet[Quote]:
    quotes = request.quotes.select_related("organisation", "organisation__economy", "product")
    if is_buyer_member(user, request):
        return quotes.exclude(status=Quote.Status.WITHDRAWN)
    return quotes.filter(organisation_id__in=_member_org_ids(user))


def get_quote(user: Any, quote_id: int) -> Quote:
    quote = (
        Quote.objects.select_related("request", "request__buyer", "organisation").filter(pk=quote_id).first()
    )
    if quote is None or not (can_act_for(user, quote.organisation) or can_act_for(user, quote.request.buyer)):
        raise NotFound(_("There is no such quote."))
    return quote


def thread(user: Any, request: SourcingRequest, supplier: Organisation) -> QuerySet[ThreadMessage]:
    if not (can_act_for(user, supplier) or is_buyer_member(user, request)):
        raise NotFound(_("There is no such conversation."))
    return ThreadMessage.objects.filter(request=request, supplier=supplier).select_related(
        "author_organisation"
    )


def threads_of(request: SourcingRequest) -> list[Organisation]:
    """Suppliers the buyer has a conversation with, for the buyer's view."""
    ids = set(ThreadMessage.objects.filter(request=request).values_list("supplier_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def open_requests_for(supplier: Organisation, limit: int = 50) -> list[SourcingRequest]:
    """Open requests that fit a supplier's catalogue: those it was matched to, then any in one of its HS
    subheadings, soonest deadline first."""
    matched = set(
        Match.objects.filter(organisation=supplier, request__status=Status.OPEN).values_list(
            "request_id", flat=True
        )
    )
    codes = set(
        Product.objects.filter(organisation=supplier, status=Product.Status.PUBLISHED).values_list(
            "hs_id", flat=True
        )
    )
    return list(
        SourcingRequest.objects.filter(status=Status.OPEN)
        .filter(Q(pk__in=matched) | Q(hs_id__in=codes))
        .exclude(buyer=supplier)
        .select_related("buyer", "buyer__economy", "destination", "hs")
        .order_by("deadline", "pk")[:limit]
    )


def unread_notifications(
    user: Any, limit: int = 20, organisation: Organisation | None = None
) -> list[Notification]:
    """Unread notices of the user's organisations (of ``organisation`` only, when given and theirs)."""
    orgs = _member_org_ids(user)
    if organisation is not None:
        orgs &= {organisation.pk}
    return list(
        Notification.objects.filter(organisation_id__in=orgs, read_at__isnull=True).select_related(
            "request", "organisation"
        )[:limit]
    )


def official_summary(user: Any) -> dict[str, Any] | None:
    """Counts for the official's economy: requests by its buyers and into it, quotes and awards won by its
    suppliers, busiest HS chapters. No request, quote or price is shown one by one."""
    economy = official_economy(user)
    if economy is None:
        return None
    by_status = dict(
        SourcingRequest.objects.filter(buyer__economy=economy)
        .exclude(status=Status.DRAFT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    into = SourcingRequest.objects.filter(destination=economy).exclude(status=Status.DRAFT).count()
    quotes = Quote.objects.filter(organisation__economy=economy).exclude(status=Quote.Status.WITHDRAWN)
    chapters = list(
        SourcingRequest.objects.filter(Q(buyer__economy=economy) | Q(matches__organisation__economy=economy))
        .exclude(status=Status.DRAFT)
        .exclude(hs__isnull=True)
        .values("hs__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")[:200]
    )
    per_chapter: dict[str, int] = {}
    for row in chapters:
        per_chapter[row["hs__code"][:2]] = per_chapter.get(row["hs__code"][:2], 0) + row["n"]
    return {
        "economy": economy,
        "requests_by_status": by_status,
        "requests_into": into,
        "quotes_by_suppliers": quotes.count(),
        "awards_won": quotes.filter(status=Quote.Status.AWARDED).count(),
        "suppliers_matched": Match.objects.filter(organisation__economy=economy)
        .values("organisation")
        .distinct()
        .count(),
        "top_chapters": sorted(per_chapter.items(), key=lambda item: -item[1])[:10],
    }
