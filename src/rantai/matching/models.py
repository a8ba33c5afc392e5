"""Sourcing requests (RFQs), the suppliers matched to them, quotes, the conversation and notifications.

A buyer organisation posts a request; the match engine (``engine.py``) ranks supplier organisations for it
and stores the top ones as ``Match`` rows with the reason for each rank; the matched suppliers are notified
(``Notification``, in-app and by e-mail through the worker); they answer with a ``Quote``; the buyer
shortlists and awards one. ``ThreadMessage`` is the conversation between the buyer and one supplier about
one request. Quotes and messages are visible only to the two organisations concerned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rantai.catalogue.models import (
    PRICE_DIGITS,
    PRICE_PLACES,
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    Product,
    Unit,
)
from rantai.directory.models import CertificationType, Organisation
from rantai.reference.models import Economy, HsCode

DESCRIPTION_MAX_LENGTH = 2000
TITLE_MAX_LENGTH = 200


class SourcingRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        AWARDED = "awarded", _("awarded")
        EXPIRED = "expired", _("expired")

    buyer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sourcing_requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="sourcing_requests"
    )
    title = models.CharField(_("what you need"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    hs = models.ForeignKey(
        HsCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("HS code")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES)
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices)
    target_price = models.DecimalField(
        _("target price per unit"),
        max_digits=PRICE_DIGITS,
        decimal_places=PRICE_PLACES,
        null=True,
        blank=True,
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    destination = models.ForeignKey(
        Economy, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination economy")
    )
    incoterm = models.CharField(_("incoterm"), max_length=3, blank=True)
    certifications = models.ManyToManyField(
        CertificationType, blank=True, related_name="+", verbose_name=_("required certifications")
    )
    deadline = models.DateField(_("deadline for quotes"))
    diversify = models.BooleanField(
        _("prefer origins outside the economies I already buy from"), default=False
    )
    current_origins = models.JSONField(
        _("economies you already buy from"),
        default=list,
        blank=True,
        help_text="ISO 3166 alpha-3 codes the buyer declared; awarded requests add theirs.",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="matching_request_idempotency",
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="matching_request_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Match(models.Model):
    """One supplier organisation matched to a request, through its best-fitting product, with the reasons."""

    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="matches")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="matches")
    product = models.ForeignKey(Product, null=True, on_delete=models.SET_NULL, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    components = models.JSONField(default=list)  # [{"name", "value", "weight", "reason"}], see engine.py
    notified_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="matching_match_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} #{self.rank} {self.organisation_id}"


class Quote(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SHORTLISTED = "shortlisted", _("shortlisted")
        AWARDED = "awarded", _("awarded")
        DECLINED = "declined", _("not chosen")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="quotes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="quotes")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    price = models.DecimalField(_("price per unit"), max_digits=PRICE_DIGITS, decimal_places=PRICE_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    incoterm = models.CharField(_("incoterm"), max_length=3)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    valid_until = models.DateField(_("valid until"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(max_length=11, choices=Status.choices, default=Status.SUBMITTED)
    # The key of the submission that last wrote this quote: the same submission again (a client retrying)
    # changes nothing; another key is a revision.
    idempotency_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "price", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="matching_quote_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.price} {self.currency}"


class ThreadMessage(models.Model):
    """The conversation between the buyer and one supplier (``supplier``) about one request."""

    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="messages")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "supplier", "created_at"], name="matching_thread")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.supplier_id}: {self.body[:40]}"


class Notification(models.Model):
    """An in-app notice to an organisation's members; the e-mail copy is sent by the worker."""

    class Kind(models.TextChoices):
        MATCHED = "matched", _("a new sourcing request fits your catalogue")
        QUOTE = "quote", _("a new quote")
        MESSAGE = "message", _("a new message")
        SHORTLISTED = "shortlisted", _("your quote was shortlisted")
        AWARDED = "awarded", _("your quote won the award")
        NOT_CHOSEN = "not_chosen", _("another quote was chosen")
        CLOSED = "closed", _("the request was closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="notifications")
    # Makes a notice unique, so a job run twice creates nothing more (a quote id, a message id, or "").
    key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "request", "key"], name="matching_notification_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "read_at"], name="matching_unread")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.kind} {self.request_id}"


class Responsiveness(models.Model):
    """How often an organisation answered the requests it was matched to: the engine's prior for it."""

    organisation = models.OneToOneField(
        Organisation, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    matched = models.PositiveIntegerField(default=0)
    quoted = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.quoted}/{self.matched}"

    def rate(self) -> float:
        return self.quoted / self.matched if self.matched else 0.0


class AbuseReport(models.Model):
    """Someone reports a request, a quote or a message; platform admins review it in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        ACTED = "acted", _("acted on")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    request = models.ForeignKey(SourcingRequest, on_delete=models.CASCADE, related_name="reports")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("what is wrong"))
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.reason[:40]}"
