"""Sourcing requests (RFQs), their matches, quotes, conversations and notices under /api/v1/sourcing/.

Validation and shaping only: ``matching.actions`` changes things and decides who may (403 for anybody not
acting for the organisation concerned), ``matching.queries`` reads and decides who sees what (a request one
may not see is a 404, so a stranger cannot tell it exists). Every call needs a token.

The acting organisation: the ``organisation`` parameter (its id) when given; otherwise the only organisation
the caller belongs to, or the only one of the kind the call needs (a buyer to post, a supplier to quote);
several and no parameter is a 400 asking for it.

``Idempotency-Key``: creating a request with a key already used by the organisation returns that request
(200, not 201) and creates nothing. A quote is one per request and supplier, so sending it again is a
revision (200); the key of the submission that last wrote the quote, sent again, is a client retrying and
returns the quote unchanged, with no new notice to the buyer.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status

from rantai.accounts.errors import NotAllowed
from rantai.accounts.models import User
from rantai.accounts.queries import can_act_for, memberships_of
from rantai.api.auth import TokenAuth, token_user
from rantai.core.errors import NotFound, RantaiError
from rantai.directory.models import Organisation
from rantai.matching import actions, queries
from rantai.matching.models import Notification, Quote, SourcingRequest, ThreadMessage

router = Router(tags=["sourcing"], auth=TokenAuth())
PAGE_MAX = 100
OFFSET_MAX = 10_000
ID_MAX = 2**62  # larger numbers name nothing, and some databases refuse them
KEY_MAX = 100
LIST_MAX = 50  # certifications or economies named in one request

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
BUYER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.BOTH)
SUPPLIER_KINDS = (Organisation.Kind.MSME, Organisation.Kind.BOTH)


# Schemas -------------------------------------------------------------------------------------------------------


class SourcingRequestIn(Schema):
    """Values as people write them; ``matching.rules`` checks them and answers field errors in your language."""

    title: str | None = None
    description: str | None = None
    language: str | None = None
    hs_code: str | None = None
    quantity: str | float | None = None
    unit: str | None = None
    target_price: str | float | None = None
    currency: str | None = None
    destination: str | None = None
    incoterm: str | None = None
    certifications: list[str] | None = Field(None, max_length=LIST_MAX)
    deadline: str | None = None
    diversify: bool | None = None
    current_origins: list[str] | None = Field(None, max_length=LIST_MAX)


class SourcingRequestCreate(SourcingRequestIn):
    publish: bool = Field(False, description="Open the request at once (it needs an HS code).")


class SourcingRequestOut(Schema):
    id: int
    buyer: int
    buyer_name: str
    buyer_economy: str
    title: str
    description: str
    language: str
    hs_code: str | None
    quantity: Decimal
    unit: str
    target_price: Decimal | None
    currency: str
    destination: str
    incoterm: str
    certifications: list[str]
    deadline: str
    diversify: bool
    status: str
    created_at: str
    opened_at: str | None
    closed_at: str | None
    # For the buyer's members only (``null`` for everybody else):
    current_origins: list[str] | None
    quote_count: int | None
    match_count: int | None


class SourcingComponentOut(Schema):
    name: str
    label: str
    value: float
    weight: float
    reason: str
    text: str
    params: dict[str, Any]


class SourcingMatchOut(Schema):
    rank: int
    organisation_id: int
    organisation: str
    organisation_slug: str
    economy: str
    verified: bool
    product_id: int | None
    product: str | None
    score: float
    notified: bool
    components: list[SourcingComponentOut]


class SourcingQuoteIn(Schema):
    price: str | float | None = None
    currency: str | None = None
    incoterm: str | None = None
    lead_time_days: str | int | None = None
    valid_until: str | None = None
    message: str | None = None


class SourcingQuoteOut(Schema):
    id: int
    request: int
    organisation: int
    organisation_name: str
    economy: str
    product_id: int | None
    price: Decimal
    currency: str
    incoterm: str
    lead_time_days: int
    valid_until: str
    message: str
    status: str
    created_at: str
    updated_at: str


class SourcingMessageIn(Schema):
    body: str | None = None


class SourcingMessageOut(Schema):
    id: int
    request: int
    supplier: int
    author_organisation: int
    author_organisation_name: str
    from_buyer: bool
    body: str
    created_at: str


class SourcingReportIn(Schema):
    reason: str | None = None
    quote: Id | None = None


class SourcingReportOut(Schema):
    id: int
    request: int
    quote: int | None
    status: str
    created_at: str


class SourcingNotificationOut(Schema):
    id: int
    organisation: int
    kind: str
    text: str
    request: int
    request_title: str
    created_at: str


class SourcingMarkReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=1000, description="Omitted: every unread notice.")
    organisation: Id | None = None


class SourcingMarkReadOut(Schema):
    marked: int


class SourcingChapterOut(Schema):
    chapter: str
    requests: int


class SourcingSummaryOut(Schema):
    economy: str
    requests_by_status: dict[str, int]
    requests_into: int
    quotes_by_suppliers: int
    awards_won: int
    suppliers_matched: int
    top_chapters: list[SourcingChapterOut]


class ActingFilter(Schema):
    organisation: Id | None = None


class RequestFilter(ActingFilter):
    status: Literal["draft", "open", "closed", "awarded", "expired"] | None = None
    offset: int = Field(0, ge=0, le=OFFSET_MAX)
    limit: int = Field(20, ge=1, le=PAGE_MAX)


class PageFilter(Schema):
    offset: int = Field(0, ge=0, le=OFFSET_MAX)
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class LimitFilter(ActingFilter):
    limit: int = Field(20, ge=1, le=PAGE_MAX)


# Helpers -------------------------------------------------------------------------------------------------------


def _acting(user: User, organisation_id: int | None, kinds: Collection[str] = ()) -> Organisation:
    """The organisation the caller acts for (see the module's docstring)."""
    if organisation_id is not None:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise NotFound(_("There is no such organisation."))
        if not can_act_for(user, organisation):
            raise NotAllowed(_("You are not a member of this organisation."))
        return organisation
    mine = [membership.organisation for membership in memberships_of(user)]
    if not mine:
        raise NotAllowed(_("You are not a member of any organisation."))
    if len(mine) == 1:
        return mine[0]
    fitting = [organisation for organisation in mine if organisation.kind in kinds]
    if len(fitting) == 1:
        return fitting[0]
    message = _(
        "You belong to several organisations: say which one acts with the organisation parameter (its id)."
    )
    raise RantaiError(message, code="organisation_required", fields={"organisation": [message]})


def _sourcing(request: HttpRequest, rfq_id: int) -> SourcingRequest:
    return queries.get_request(token_user(request), rfq_id)


def _quote(request: HttpRequest, quote_id: int) -> Quote:
    return queries.get_quote(token_user(request), quote_id)


def _supplier(supplier_id: int) -> Organisation:
    supplier = Organisation.objects.filter(pk=supplier_id).first()
    if supplier is None:
        raise NotFound(_("There is no such conversation."))
    return supplier


def _check_buyer_member(user: User, rfq: SourcingRequest) -> None:
    if not queries.is_buyer_member(user, rfq):
        raise NotAllowed(_("Only the members of the buyer organisation see this."))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _request_out(rfq: SourcingRequest, user: User, *, as_buyer: bool | None = None) -> SourcingRequestOut:
    if as_buyer is None:
        as_buyer = queries.is_buyer_member(user, rfq)
    quote_count = match_count = None
    if as_buyer:
        quote_count = getattr(rfq, "quote_count", None)
        if quote_count is None:
            quote_count = rfq.quotes.exclude(status=Quote.Status.WITHDRAWN).count()
        match_count = getattr(rfq, "match_count", None)
        if match_count is None:
            match_count = rfq.matches.count()
    return SourcingRequestOut(
        id=rfq.pk,
        buyer=rfq.buyer_id,
        buyer_name=rfq.buyer.name,
        buyer_economy=rfq.buyer.economy_id,
        title=rfq.title,
        description=rfq.description,
        language=rfq.language,
        hs_code=rfq.hs_id,
        quantity=rfq.quantity,
        unit=rfq.unit,
        target_price=rfq.target_price,
        currency=rfq.currency,
        destination=rfq.destination_id,
        incoterm=rfq.incoterm,
        certifications=sorted(c.code for c in rfq.certifications.all()),
        deadline=rfq.deadline.isoformat(),
        diversify=rfq.diversify,
        status=rfq.status,
        created_at=rfq.created_at.isoformat(),
        opened_at=_iso(rfq.opened_at),
        closed_at=_iso(rfq.closed_at),
        current_origins=list(rfq.current_origins or []) if as_buyer else None,
        quote_count=quote_count,
        match_count=match_count,
    )


def _fresh(rfq_id: int, user: User) -> SourcingRequestOut:
    return _request_out(queries.get_request(user, rfq_id), user)


def _quote_out(quote: Quote) -> SourcingQuoteOut:
    return SourcingQuoteOut(
        id=quote.pk,
        request=quote.request_id,
        organisation=quote.organisation_id,
        organisation_name=quote.organisation.name,
        economy=quote.organisation.economy_id,
        product_id=quote.product_id,
        price=quote.price,
        currency=quote.currency,
        incoterm=quote.incoterm,
        lead_time_days=quote.lead_time_days,
        valid_until=quote.valid_until.isoformat(),
        message=quote.message,
        status=quote.status,
        created_at=quote.created_at.isoformat(),
        updated_at=quote.updated_at.isoformat(),
    )


def _message_out(message: ThreadMessage, rfq: SourcingRequest) -> SourcingMessageOut:
    return SourcingMessageOut(
        id=message.pk,
        request=message.request_id,
        supplier=message.supplier_id,
        author_organisation=message.author_organisation_id,
        author_organisation_name=message.author_organisation.name,
        from_buyer=message.author_organisation_id == rfq.buyer_id,
        body=message.body,
        created_at=message.created_at.isoformat(),
    )


def _values_of(rfq: SourcingRequest) -> dict[str, Any]:
    """A stored request as the raw values ``rules.clean_request`` reads: the start of a partial update."""
    return {
        "title": rfq.title,
        "description": rfq.description,
        "language": rfq.language,
        "hs_code": rfq.hs_id or "",
        "quantity": rfq.quantity,
        "unit": rfq.unit,
        "target_price": rfq.target_price,
        "currency": rfq.currency,
        "destination": rfq.destination_id,
        "incoterm": rfq.incoterm,
        "certifications": list(rfq.certifications.values_list("code", flat=True)),
        "deadline": rfq.deadline,
        "diversify": rfq.diversify,
        "current_origins": list(rfq.current_origins or []),
    }


# Requests ------------------------------------------------------------------------------------------------------


@router.post("/sourcing/requests", response={200: SourcingRequestOut, 201: SourcingRequestOut})
def create_request(
    request: HttpRequest,
    payload: SourcingRequestCreate,
    acting: Query[ActingFilter],
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=KEY_MAX),
) -> Status[SourcingRequestOut]:
    """A new request of your buyer organisation, a draft unless ``publish``. With an ``Idempotency-Key`` the
    same submission again returns the first request (200) and creates nothing."""
    user = token_user(request)
    buyer = _acting(user, acting.organisation, BUYER_KINDS)
    raw = payload.dict(exclude={"publish"})
    rfq, created = actions.create_request(
        user, buyer, raw, idempotency_key=idempotency_key or "", publish=payload.publish
    )
    return Status(201 if created else 200, _fresh(rfq.pk, user))


@router.get("/sourcing/requests", response=list[SourcingRequestOut])
def my_requests(request: HttpRequest, filters: Query[RequestFilter]) -> list[SourcingRequestOut]:
    """Your organisation's requests, newest first, with their quote and match counts."""
    user = token_user(request)
    buyer = _acting(user, filters.organisation, BUYER_KINDS)
    found = queries.requests_of(buyer).select_related("buyer").prefetch_related("certifications")
    if filters.status:
        found = found.filter(status=filters.status)
    page = found[filters.offset : filters.offset + filters.limit]
    return [_request_out(rfq, user, as_buyer=True) for rfq in page]


@router.get("/sourcing/requests/{rfq_id}", response=SourcingRequestOut)
def get_request(request: HttpRequest, rfq_id: int) -> SourcingRequestOut:
    """A draft only for its buyer's members; other requests for anyone who belongs to an organisation."""
    return _request_out(_sourcing(request, rfq_id), token_user(request))


@router.patch("/sourcing/requests/{rfq_id}", response=SourcingRequestOut)
def update_request(request: HttpRequest, rfq_id: int, payload: SourcingRequestIn) -> SourcingRequestOut:
    """Change a draft: the fields sent replace theirs, and the whole request is checked again."""
    user = token_user(request)
    rfq = _sourcing(request, rfq_id)
    raw = {**_values_of(rfq), **payload.dict(exclude_unset=True)}
    actions.update_request(user, rfq, raw)
    return _fresh(rfq.pk, user)


@router.post("/sourcing/requests/{rfq_id}/open", response=SourcingRequestOut)
def open_request(request: HttpRequest, rfq_id: int) -> SourcingRequestOut:
    """Publish a draft: suppliers are matched at once and notified."""
    user = token_user(request)
    rfq = actions.open_request(user, _sourcing(request, rfq_id))
    return _fresh(rfq.pk, user)


@router.post("/sourcing/requests/{rfq_id}/close", response=SourcingRequestOut)
def close_request(request: HttpRequest, rfq_id: int) -> SourcingRequestOut:
    user = token_user(request)
    rfq = actions.close_request(user, _sourcing(request, rfq_id))
    return _fresh(rfq.pk, user)


@router.get("/sourcing/requests/{rfq_id}/matches", response=list[SourcingMatchOut])
def request_matches(request: HttpRequest, rfq_id: int) -> list[SourcingMatchOut]:
    """The ranked suppliers with each component of their score and its reason, in your language (buyer only)."""
    user = token_user(request)
    rfq = _sourcing(request, rfq_id)
    _check_buyer_member(user, rfq)
    rows = []
    for row in queries.matches_for(rfq):
        match, organisation, product = row["match"], row["organisation"], row["product"]
        rows.append(
            SourcingMatchOut(
                rank=match.rank,
                organisation_id=organisation.pk,
                organisation=organisation.name,
                organisation_slug=organisation.slug,
                economy=organisation.economy_id,
                verified=organisation.is_verified,
                product_id=match.product_id,
                product=product.title if product is not None else None,
                score=round(match.score, 4),
                notified=match.notified_at is not None,
                components=[
                    SourcingComponentOut(
                        name=c["name"],
                        label=c["label"],
                        value=c["value"],
                        weight=c["weight"],
                        reason=c["reason"],
                        text=c["text"],
                        params=c.get("params", {}),
                    )
                    for c in row["components"]
                ],
            )
        )
    return rows


# Quotes --------------------------------------------------------------------------------------------------------


@router.post("/sourcing/requests/{rfq_id}/quotes", response={200: SourcingQuoteOut, 201: SourcingQuoteOut})
def submit_quote(
    request: HttpRequest,
    rfq_id: int,
    payload: SourcingQuoteIn,
    acting: Query[ActingFilter],
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=KEY_MAX),
) -> Status[SourcingQuoteOut]:
    """Your supplier organisation's quote: 201 when new, 200 when it revises your quote or repeats the
    submission that last wrote it (same ``Idempotency-Key``: nothing changes)."""
    user = token_user(request)
    rfq = _sourcing(request, rfq_id)
    supplier = _acting(user, acting.organisation, SUPPLIER_KINDS)
    quote, outcome = actions.quote_submission(
        user, supplier, rfq, payload.dict(), idempotency_key=idempotency_key or ""
    )
    return Status(201 if outcome == "created" else 200, _quote_out(_quote(request, quote.pk)))


@router.get("/sourcing/requests/{rfq_id}/quotes", response=list[SourcingQuoteOut])
def request_quotes(request: HttpRequest, rfq_id: int) -> list[SourcingQuoteOut]:
    """The buyer's members see every quote (withdrawn ones left out); a supplier sees only its own."""
    user = token_user(request)
    return [_quote_out(quote) for quote in queries.quotes_for(user, _sourcing(request, rfq_id))]


@router.post("/sourcing/quotes/{quote_id}/withdraw", response=SourcingQuoteOut)
def withdraw_quote(request: HttpRequest, quote_id: int) -> SourcingQuoteOut:
    quote = actions.withdraw_quote(token_user(request), _quote(request, quote_id))
    return _quote_out(_quote(request, quote.pk))


@router.post("/sourcing/quotes/{quote_id}/shortlist", response=SourcingQuoteOut)
def shortlist_quote(request: HttpRequest, quote_id: int) -> SourcingQuoteOut:
    quote = actions.shortlist_quote(token_user(request), _quote(request, quote_id), True)
    return _quote_out(_quote(request, quote.pk))


@router.delete("/sourcing/quotes/{quote_id}/shortlist", response=SourcingQuoteOut)
def unshortlist_quote(request: HttpRequest, quote_id: int) -> SourcingQuoteOut:
    quote = actions.shortlist_quote(token_user(request), _quote(request, quote_id), False)
    return _quote_out(_quote(request, quote.pk))


@router.post("/sourcing/quotes/{quote_id}/award", response=SourcingQuoteOut)
def award_quote(request: HttpRequest, quote_id: int) -> SourcingQuoteOut:
    """The buyer chooses this quote: the request is awarded and the other quotes declined."""
    quote = actions.award_quote(token_user(request), _quote(request, quote_id))
    return _quote_out(_quote(request, quote.pk))


# Conversation, reports -----------------------------------------------------------------------------------------


@router.get("/sourcing/requests/{rfq_id}/threads/{supplier_id}/messages", response=list[SourcingMessageOut])
def thread_messages(
    request: HttpRequest, rfq_id: int, supplier_id: int, page: Query[PageFilter]
) -> list[SourcingMessageOut]:
    """The conversation between the buyer and one supplier, oldest first (those two organisations only)."""
    rfq = _sourcing(request, rfq_id)
    messages = queries.thread(token_user(request), rfq, _supplier(supplier_id))
    return [_message_out(m, rfq) for m in messages[page.offset : page.offset + page.limit]]


@router.post("/sourcing/requests/{rfq_id}/threads/{supplier_id}/messages", response={201: SourcingMessageOut})
def post_message(
    request: HttpRequest, rfq_id: int, supplier_id: int, payload: SourcingMessageIn
) -> Status[SourcingMessageOut]:
    """Write in the conversation, as the buyer or as that supplier."""
    user, rfq, supplier = token_user(request), _sourcing(request, rfq_id), _supplier(supplier_id)
    queries.thread(user, rfq, supplier)  # a conversation one may not read is not there (404), as when listing
    message = actions.post_message(user, rfq, supplier, payload.body)
    return Status(201, _message_out(message, rfq))


@router.post("/sourcing/requests/{rfq_id}/reports", response={201: SourcingReportOut})
def report(request: HttpRequest, rfq_id: int, payload: SourcingReportIn) -> Status[SourcingReportOut]:
    """Tell the platform's admins something is wrong with a request (or one of its quotes you can see)."""
    rfq = _sourcing(request, rfq_id)
    quote = None
    if payload.quote is not None:
        quote = _quote(request, payload.quote)
        if quote.request_id != rfq.pk:
            raise NotFound(_("There is no such quote."))
    made = actions.report(token_user(request), rfq, payload.reason, quote)
    return Status(
        201,
        SourcingReportOut(
            id=made.pk,
            request=rfq.pk,
            quote=made.quote_id,
            status=made.status,
            created_at=made.created_at.isoformat(),
        ),
    )


# Notices, suppliers' view, officials -----------------------------------------------------------------------


@router.get("/sourcing/notifications", response=list[SourcingNotificationOut])
def notifications(request: HttpRequest, filters: Query[LimitFilter]) -> list[SourcingNotificationOut]:
    """Unread notices of your organisations (or of the one named), newest first."""
    user = token_user(request)
    organisation = _acting(user, filters.organisation) if filters.organisation is not None else None
    notices = queries.unread_notifications(user, limit=filters.limit, organisation=organisation)
    return [_notification_out(n) for n in notices]


def _notification_out(notice: Notification) -> SourcingNotificationOut:
    return SourcingNotificationOut(
        id=notice.pk,
        organisation=notice.organisation_id,
        kind=notice.kind,
        text=str(notice.get_kind_display()),
        request=notice.request_id,
        request_title=notice.request.title,
        created_at=notice.created_at.isoformat(),
    )


@router.post("/sourcing/notifications/read", response=SourcingMarkReadOut)
def mark_read(request: HttpRequest, payload: SourcingMarkReadIn) -> SourcingMarkReadOut:
    """Mark notices read: those listed in ``ids`` (or every unread one) of the organisation named, or of all
    your organisations."""
    user = token_user(request)
    if payload.organisation is not None:
        organisations = [_acting(user, payload.organisation)]
    else:
        organisations = [membership.organisation for membership in memberships_of(user)]
    marked = sum(actions.mark_read(user, organisation, payload.ids) for organisation in organisations)
    return SourcingMarkReadOut(marked=marked)


@router.get("/sourcing/open", response=list[SourcingRequestOut])
def open_for_me(request: HttpRequest, filters: Query[LimitFilter]) -> list[SourcingRequestOut]:
    """Open requests fitting your supplier organisation's catalogue: those it was matched to, then any in
    one of its products' HS subheadings, soonest deadline first."""
    user = token_user(request)
    supplier = _acting(user, filters.organisation, SUPPLIER_KINDS)
    found = queries.open_requests_for(supplier, limit=filters.limit)
    return [_request_out(rfq, user, as_buyer=False) for rfq in found]


@router.get("/sourcing/official/summary", response=SourcingSummaryOut)
def official_summary(request: HttpRequest) -> SourcingSummaryOut:
    """For trade officials: counts for their economy, never a request, quote or price one by one."""
    summary = queries.official_summary(token_user(request))
    if summary is None:
        raise NotAllowed(_("Only trade officials see this summary."))
    return SourcingSummaryOut(
        economy=summary["economy"].iso3,
        requests_by_status=summary["requests_by_status"],
        requests_into=summary["requests_into"],
        quotes_by_suppliers=summary["quotes_by_suppliers"],
        awards_won=summary["awards_won"],
        suppliers_matched=summary["suppliers_matched"],
        top_chapters=[
            SourcingChapterOut(chapter=chapter, requests=count) for chapter, count in summary["top_chapters"]
        ],
    )
