"""State changes of sourcing requests, matches, quotes and their conversation.

Each checks who acts (``accounts.queries``), works in one transaction, raises ``RantaiError`` subclasses with
field errors in the user's language, and leaves notifications and e-mails to the worker after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.queries import can_act_for, check_can_act_for
from rantai.core.errors import NotFound, RantaiError
from rantai.directory.models import AuditEvent, CertificationType, Organisation
from rantai.matching import engine, tasks
from rantai.matching.models import (
    AbuseReport,
    Match,
    Notification,
    Quote,
    Responsiveness,
    SourcingRequest,
    ThreadMessage,
)
from rantai.matching.rules import QuoteValues, RequestValues, clean_message, clean_quote, clean_request

Status = SourcingRequest.Status

# Limits against abuse. Counted in the database, so they hold across every server process.
MAX_OPEN_UNVERIFIED = 3  # open requests at once for a buyer not yet verified by its trade authority
MAX_REQUESTS_PER_DAY = 30  # requests a buyer organisation creates in 24 hours
MAX_MESSAGES_PER_HOUR = 60  # messages an organisation writes in an hour
MATCHES_KEPT = 50  # matches stored (and suppliers notified) per request


class RequestInvalid(RantaiError):
    code = "request_invalid"


class QuoteInvalid(RantaiError):
    code = "quote_invalid"


class NotPossibleNow(RantaiError):
    status = 409
    code = "not_possible_now"


class LimitReached(RantaiError):
    status = 429
    code = "limit_reached"


class NotYours(RantaiError):
    status = 403
    code = "not_allowed"


def _audit(organisation: Organisation, user: Any, action: str, **detail: Any) -> None:
    AuditEvent.objects.create(
        organisation=organisation,
        organisation_name=organisation.name,
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        detail=detail,
    )


def _check_buyer(user: Any, buyer: Organisation) -> None:
    check_can_act_for(user, buyer)
    if buyer.kind not in (Organisation.Kind.BUYER, Organisation.Kind.BOTH):
        raise NotYours(
            _(
                "Only a buyer organisation can post sourcing requests; change the kind of %(name)s "
                "on its profile first."
            )
            % {"name": buyer.name}
        )


def _check_supplier(user: Any, supplier: Organisation) -> None:
    check_can_act_for(user, supplier)
    if supplier.kind not in (Organisation.Kind.MSME, Organisation.Kind.BOTH):
        raise NotYours(
            _(
                "Only a supplier (MSME) organisation can quote; change the kind of %(name)s on its "
                "profile first."
            )
            % {"name": supplier.name}
        )


def _values(raw: dict[str, Any]) -> RequestValues:
    values, problems = clean_request(raw)
    if values is None:
        raise RequestInvalid(_("Some details of the request need fixing."), fields=dict(problems.by_field))
    return values


def _apply(request: SourcingRequest, values: RequestValues) -> None:
    for name in RequestValues.STORED:
        setattr(request, name, getattr(values, name))


def create_request(
    user: Any, buyer: Organisation, raw: dict[str, Any], *, idempotency_key: str = "", publish: bool = False
) -> tuple[SourcingRequest, bool]:
    """A new request (a draft, or opened at once with ``publish``); ``(request, created)``.

    The same ``idempotency_key`` again for the same buyer returns the first request and creates nothing.
    """
    _check_buyer(user, buyer)
    key = (idempotency_key or "").strip()[:100]
    if key:
        existing = SourcingRequest.objects.filter(buyer=buyer, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    values = _values(raw)
    since = timezone.now() - dt.timedelta(days=1)
    if SourcingRequest.objects.filter(buyer=buyer, created_at__gte=since).count() >= MAX_REQUESTS_PER_DAY:
        raise LimitReached(
            _(
                "%(name)s has created %(count)d requests in the last 24 hours, the most allowed. "
                "Try again tomorrow."
            )
            % {"name": buyer.name, "count": MAX_REQUESTS_PER_DAY}
        )
    try:
        with transaction.atomic():
            request = SourcingRequest(buyer=buyer, created_by=user, idempotency_key=key)
            _apply(request, values)
            request.save()
            request.certifications.set(CertificationType.objects.filter(code__in=values.certifications))
            _audit(buyer, user, "sourcing_request_created", request=request.pk)
            if publish:
                _open(user, request)
    except IntegrityError:
        # Two submissions with the same key at once: the other one won.
        existing = SourcingRequest.objects.filter(buyer=buyer, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    return request, True


def _own_request(user: Any, request: SourcingRequest) -> None:
    check_can_act_for(user, request.buyer)


def update_request(user: Any, request: SourcingRequest, raw: dict[str, Any]) -> SourcingRequest:
    _own_request(user, request)
    if request.status != Status.DRAFT:
        raise NotPossibleNow(_("Only a draft can be changed; close this request and post a new one."))
    values = _values(raw)
    with transaction.atomic():
        _apply(request, values)
        request.save()
        request.certifications.set(CertificationType.objects.filter(code__in=values.certifications))
    return request


def _open(user: Any, request: SourcingRequest) -> None:
    if request.hs_id is None:
        message = _("Choose the HS code of the goods before opening the request; the suggestions help.")
        raise RequestInvalid(message, fields={"hs_code": [message]})
    if request.deadline < timezone.localdate():
        message = _("The date is in the past.")
        raise RequestInvalid(message, fields={"deadline": [message]})
    buyer = request.buyer
    if not buyer.is_verified:
        open_count = (
            SourcingRequest.objects.filter(buyer=buyer, status=Status.OPEN).exclude(pk=request.pk).count()
        )
        if open_count >= MAX_OPEN_UNVERIFIED:
            raise LimitReached(
                _(
                    "An organisation not yet verified can have %(max)d open requests at once. "
                    "Close one, or ask your trade authority to verify %(name)s."
                )
                % {"max": MAX_OPEN_UNVERIFIED, "name": buyer.name}
            )
    request.status = Status.OPEN
    request.opened_at = timezone.now()
    request.save(update_fields=["status", "opened_at", "updated_at"])
    refresh_matches(request)
    _audit(buyer, user, "sourcing_request_opened", request=request.pk)


def open_request(user: Any, request: SourcingRequest) -> SourcingRequest:
    """Publish a draft: match suppliers at once and notify them through the worker."""
    _own_request(user, request)
    if request.status != Status.DRAFT:
        raise NotPossibleNow(
            _("This request is %(status)s; only a draft can be opened.")
            % {"status": request.get_status_display()}
        )
    with transaction.atomic():
        _open(user, request)
    return request


def refresh_matches(request: SourcingRequest) -> list[Match]:
    """Run the engine and store its ranking; new matches are notified by the worker after commit."""
    ranked = engine.rank(engine.spec_for(request), limit=MATCHES_KEPT)
    kept = {r.organisation_id for r in ranked}
    with transaction.atomic():
        # Suppliers already notified keep their match (they may be quoting); the others are re-ranked.
        request.matches.filter(notified_at__isnull=True).exclude(organisation_id__in=kept).delete()
        existing = {m.organisation_id: m for m in request.matches.all()}
        rows = []
        for position, item in enumerate(ranked, start=1):
            components = [c.as_json() for c in item.components]
            match = existing.get(item.organisation_id)
            if match is None:
                rows.append(
                    Match(
                        request=request,
                        organisation_id=item.organisation_id,
                        product_id=item.product_id,
                        rank=position,
                        score=item.score,
                        components=components,
                    )
                )
            else:
                match.rank, match.score, match.components, match.product_id = (
                    position,
                    item.score,
                    components,
                    item.product_id,
                )
                match.save(update_fields=["rank", "score", "components", "product"])
        Match.objects.bulk_create(rows)
        request.matched_at = timezone.now()
        request.save(update_fields=["matched_at"])
        request_id = request.pk
        transaction.on_commit(lambda: tasks.notify_matches.enqueue(request_id))
    return list(request.matches.all())


def close_request(user: Any, request: SourcingRequest) -> SourcingRequest:
    _own_request(user, request)
    if request.status not in (Status.OPEN, Status.DRAFT):
        raise NotPossibleNow(
            _("This request is %(status)s already.") % {"status": request.get_status_display()}
        )
    with transaction.atomic():
        now = timezone.now()
        # A conditional update: a request awarded meanwhile (another member, a page left open) stays awarded.
        if not SourcingRequest.objects.filter(pk=request.pk, status__in=(Status.OPEN, Status.DRAFT)).update(
            status=Status.CLOSED, closed_at=now, updated_at=now
        ):
            request.refresh_from_db(fields=["status"])
            raise NotPossibleNow(
                _("This request is %(status)s already.") % {"status": request.get_status_display()}
            )
        request.status, request.closed_at, request.updated_at = Status.CLOSED, now, now
        quoting = list(
            request.quotes.exclude(status=Quote.Status.WITHDRAWN).values_list("organisation_id", flat=True)
        )
        _notify(request, Notification.Kind.CLOSED, quoting)
        _audit(request.buyer, user, "sourcing_request_closed", request=request.pk)
    return request


def expire_due(today: dt.date | None = None) -> int:
    """Open requests whose deadline has passed become expired; returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(SourcingRequest.objects.select_for_update().filter(status=Status.OPEN, deadline__lt=today))
        for request in due:
            request.status = Status.EXPIRED
            request.closed_at = timezone.now()
            request.save(update_fields=["status", "closed_at", "updated_at"])
            _audit(request.buyer, None, "sourcing_request_expired", request=request.pk)
    return len(due)


def _notify(request: SourcingRequest, kind: str, organisation_ids: list[int], key: str = "") -> None:
    """In-app notices now; their e-mails through the worker once the transaction commits."""
    if not organisation_ids:
        return
    Notification.objects.bulk_create(
        [
            Notification(organisation_id=org, kind=kind, request=request, key=key)
            for org in set(organisation_ids)
        ],
        ignore_conflicts=True,
    )
    ids = list(
        Notification.objects.filter(
            request=request, kind=kind, key=key, organisation_id__in=organisation_ids, emailed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: tasks.deliver_notifications.enqueue(ids))


# --- Quotes ------------------------------------------------------------------------------------------------------


def submit_quote(
    user: Any,
    supplier: Organisation,
    request: SourcingRequest,
    raw: dict[str, Any],
    *,
    idempotency_key: str = "",
) -> Quote:
    """A supplier's offer; a second submission revises its quote while the request is open."""
    return quote_submission(user, supplier, request, raw, idempotency_key=idempotency_key)[0]


def quote_submission(
    user: Any,
    supplier: Organisation,
    request: SourcingRequest,
    raw: dict[str, Any],
    *,
    idempotency_key: str = "",
) -> tuple[Quote, str]:
    """``submit_quote``, saying what happened: ``"created"``, ``"revised"``, or ``"repeated"``.

    A quote is one per request and supplier, so a second submission is a revision, not a second quote. The
    ``idempotency_key`` tells a revision from a client retrying the same submission: the key of the
    submission that last wrote the quote, sent again, returns the quote as it is and changes nothing (no
    revision, no new notice to the buyer).
    """
    _check_supplier(user, supplier)
    key = (idempotency_key or "").strip()[:100]
    if key:
        same = Quote.objects.filter(request=request, organisation=supplier, idempotency_key=key).first()
        if same is not None:
            return same, "repeated"
    if supplier.pk == request.buyer_id:
        raise NotYours(_("An organisation cannot quote on its own request."))
    if request.status != Status.OPEN or request.deadline < timezone.localdate():
        raise NotPossibleNow(_("This request no longer takes quotes."))
    values, problems = clean_quote(raw)
    if values is None:
        raise QuoteInvalid(_("Some details of the quote need fixing."), fields=dict(problems.by_field))
    try:
        return _write_quote(user, supplier, request, values, key)
    except IntegrityError:
        # Two first submissions at once: the other one created the quote, so this one revises it (or, with
        # the same key, is the same submission).
        return _write_quote(user, supplier, request, values, key)


def _write_quote(
    user: Any, supplier: Organisation, request: SourcingRequest, values: QuoteValues, key: str
) -> tuple[Quote, str]:
    with transaction.atomic():
        quote = Quote.objects.select_for_update().filter(request=request, organisation=supplier).first()
        if quote is not None and key and quote.idempotency_key == key:
            return quote, "repeated"
        created = quote is None
        if quote is None:
            quote = Quote(request=request, organisation=supplier)
        quote.created_by = user
        quote.idempotency_key = key
        for name in values.STORED:
            setattr(quote, name, getattr(values, name))
        if quote.status == Quote.Status.WITHDRAWN:
            quote.status = Quote.Status.SUBMITTED
        match = request.matches.filter(organisation=supplier).first()
        quote.product_id = match.product_id if match else None
        quote.save()
        # Counted once per request: a quote withdrawn and submitted again is not a second answer.
        if created and match is not None:
            Responsiveness.objects.filter(organisation=supplier).update(quoted=F("quoted") + 1)
        _notify(
            request,
            Notification.Kind.QUOTE,
            [request.buyer_id],
            key=f"q{quote.pk}-{int(quote.updated_at.timestamp())}",
        )
        _audit(supplier, user, "quote_submitted", request=request.pk, quote=quote.pk)
    return quote, "created" if created else "revised"


def withdraw_quote(user: Any, quote: Quote) -> Quote:
    check_can_act_for(user, quote.organisation)
    if quote.status == Quote.Status.AWARDED:
        raise NotPossibleNow(_("An awarded quote cannot be withdrawn; write to the buyer instead."))
    quote.status = Quote.Status.WITHDRAWN
    quote.save(update_fields=["status", "updated_at"])
    return quote


def shortlist_quote(user: Any, quote: Quote, shortlisted: bool = True) -> Quote:
    _own_request(user, quote.request)
    if quote.request.status != Status.OPEN or quote.status not in (
        Quote.Status.SUBMITTED,
        Quote.Status.SHORTLISTED,
    ):
        raise NotPossibleNow(_("This quote cannot be shortlisted now."))
    with transaction.atomic():
        quote.status = Quote.Status.SHORTLISTED if shortlisted else Quote.Status.SUBMITTED
        quote.save(update_fields=["status", "updated_at"])
        if shortlisted:
            _notify(quote.request, Notification.Kind.SHORTLISTED, [quote.organisation_id], key=str(quote.pk))
    return quote


def award_quote(user: Any, quote: Quote) -> Quote:
    """The buyer chooses this quote: the request is awarded, the other quotes are told they were not chosen."""
    request = quote.request
    _own_request(user, request)
    awardable = (Quote.Status.SUBMITTED, Quote.Status.SHORTLISTED)
    if request.status not in (Status.OPEN, Status.CLOSED) or quote.status not in awardable:
        raise NotPossibleNow(_("This quote cannot be awarded now."))
    with transaction.atomic():
        now = timezone.now()
        # Conditional updates, so two awards at once (two members, a page left open) cannot both win: the
        # later one finds the request awarded already, and everything it did is rolled back.
        claimed = SourcingRequest.objects.filter(
            pk=request.pk, status__in=(Status.OPEN, Status.CLOSED)
        ).update(status=Status.AWARDED, closed_at=Coalesce(F("closed_at"), Value(now)), updated_at=now)
        if not claimed or not Quote.objects.filter(pk=quote.pk, status__in=awardable).update(
            status=Quote.Status.AWARDED, updated_at=now
        ):
            raise NotPossibleNow(_("This quote cannot be awarded now."))
        request.refresh_from_db(fields=["status", "closed_at", "updated_at"])
        quote.status, quote.updated_at = Quote.Status.AWARDED, now
        others = request.quotes.exclude(pk=quote.pk).filter(
            status__in=(Quote.Status.SUBMITTED, Quote.Status.SHORTLISTED)
        )
        other_ids = list(others.values_list("organisation_id", flat=True))
        others.update(status=Quote.Status.DECLINED, updated_at=timezone.now())
        _notify(request, Notification.Kind.AWARDED, [quote.organisation_id], key=str(quote.pk))
        _notify(request, Notification.Kind.NOT_CHOSEN, other_ids)
        _audit(request.buyer, user, "sourcing_request_awarded", request=request.pk, quote=quote.pk)
    return quote


# --- Conversation, reports, notifications -------------------------------------------------------------------


def post_message(user: Any, request: SourcingRequest, supplier: Organisation, body_raw: Any) -> ThreadMessage:
    """A message in the thread between the buyer and ``supplier``, written by either side."""
    if request.status == Status.DRAFT:
        raise NotPossibleNow(_("A draft has no conversation yet."))
    if supplier.pk == request.buyer_id:
        raise NotFound(_("There is no such conversation."))
    author = request.buyer
    if not can_act_for(user, request.buyer):
        check_can_act_for(user, supplier)
        author = supplier
    else:
        check_can_act_for(user, request.buyer)
        if not (
            request.matches.filter(organisation=supplier).exists()
            or request.quotes.filter(organisation=supplier).exists()
        ):
            raise NotFound(_("There is no such conversation."))
    body, problems = clean_message(body_raw)
    if problems:
        raise RequestInvalid(_("The message needs fixing."), fields=dict(problems.by_field))
    since = timezone.now() - dt.timedelta(hours=1)
    if (
        ThreadMessage.objects.filter(author_organisation=author, created_at__gte=since).count()
        >= MAX_MESSAGES_PER_HOUR
    ):
        raise LimitReached(
            _("You have sent %(count)d messages in the last hour, the most allowed. Try again later.")
            % {"count": MAX_MESSAGES_PER_HOUR}
        )
    with transaction.atomic():
        message = ThreadMessage.objects.create(
            request=request, supplier=supplier, author=user, author_organisation=author, body=body
        )
        other = supplier.pk if author.pk == request.buyer_id else request.buyer_id
        _notify(request, Notification.Kind.MESSAGE, [other], key=f"m{message.pk}")
    return message


def report(user: Any, request: SourcingRequest, reason: Any, quote: Quote | None = None) -> AbuseReport:
    text = str(reason or "").strip()
    if not text:
        message = _("Say what is wrong.")
        raise RequestInvalid(message, fields={"reason": [message]})
    if len(text) > 2000:
        message = _("A report can be at most %(max)d characters long.") % {"max": 2000}
        raise RequestInvalid(message, fields={"reason": [message]})
    return AbuseReport.objects.create(reporter=user, request=request, quote=quote, reason=text)


def mark_read(user: Any, organisation: Organisation, ids: list[int] | None = None) -> int:
    check_can_act_for(user, organisation)
    unread = Notification.objects.filter(organisation=organisation, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
