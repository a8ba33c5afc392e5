"""Matchmaking in the admin: platform administrators look into requests and act on abuse reports."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rantai.matching.models import (
    AbuseReport,
    Match,
    Notification,
    Quote,
    Responsiveness,
    SourcingRequest,
    ThreadMessage,
)


class MatchInline(admin.TabularInline[Match, SourcingRequest]):
    model = Match
    extra = 0
    fields = ("rank", "organisation", "product", "score", "notified_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class QuoteInline(admin.TabularInline[Quote, SourcingRequest]):
    model = Quote
    extra = 0
    fields = ("organisation", "price", "currency", "incoterm", "lead_time_days", "status")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(SourcingRequest)
class SourcingRequestAdmin(admin.ModelAdmin[SourcingRequest]):
    list_display = ("title", "buyer", "status", "hs", "destination", "deadline", "created_at")
    list_filter = ("status", "destination", "diversify", "unit")
    search_fields = ("title", "description", "buyer__name", "hs__code")
    list_select_related = ("buyer", "hs", "destination")
    raw_id_fields = ("buyer", "created_by", "hs")
    filter_horizontal = ("certifications",)
    readonly_fields = ("idempotency_key", "created_at", "updated_at", "opened_at", "closed_at", "matched_at")
    date_hierarchy = "created_at"
    inlines = (MatchInline, QuoteInline)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ("request", "rank", "organisation", "score", "notified_at", "emailed_at")
    list_filter = ("notified_at",)
    search_fields = ("request__title", "organisation__name")
    list_select_related = ("request", "organisation")
    raw_id_fields = ("request", "organisation", "product")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin[Quote]):
    list_display = ("request", "organisation", "price", "currency", "incoterm", "status", "updated_at")
    list_filter = ("status", "currency", "incoterm")
    search_fields = ("request__title", "organisation__name")
    list_select_related = ("request", "organisation")
    raw_id_fields = ("request", "organisation", "product", "created_by")
    readonly_fields = ("created_at", "updated_at")


@admin.register(ThreadMessage)
class ThreadMessageAdmin(admin.ModelAdmin[ThreadMessage]):
    list_display = ("request", "supplier", "author_organisation", "created_at")
    list_filter = ("created_at",)
    search_fields = ("request__title", "supplier__name", "body")
    list_select_related = ("request", "supplier", "author_organisation")
    raw_id_fields = ("request", "supplier", "author", "author_organisation")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("organisation", "kind", "request", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "read_at", "emailed_at")
    search_fields = ("organisation__name", "request__title")
    list_select_related = ("organisation", "request")
    raw_id_fields = ("organisation", "request")


@admin.register(Responsiveness)
class ResponsivenessAdmin(admin.ModelAdmin[Responsiveness]):
    list_display = ("organisation", "matched", "quoted")
    search_fields = ("organisation__name",)
    raw_id_fields = ("organisation",)


@admin.register(AbuseReport)
class AbuseReportAdmin(admin.ModelAdmin[AbuseReport]):
    list_display = ("created_at", "request", "quote", "reporter", "short_reason", "status")
    list_editable = ("status",)
    list_filter = ("status", "created_at")
    search_fields = ("reason", "request__title", "reporter__email")
    list_select_related = ("request", "quote", "reporter")
    raw_id_fields = ("request", "quote", "reporter")
    readonly_fields = ("created_at",)
    actions = ("mark_acted", "mark_dismissed")

    @admin.display(description=_("what is wrong"))
    def short_reason(self, report: AbuseReport) -> str:
        return report.reason[:80]

    @admin.action(description=_("Mark the selected reports as acted on"))
    def mark_acted(self, request: HttpRequest, queryset: QuerySet[AbuseReport]) -> None:
        queryset.update(status=AbuseReport.Status.ACTED)

    @admin.action(description=_("Dismiss the selected reports"))
    def mark_dismissed(self, request: HttpRequest, queryset: QuerySet[AbuseReport]) -> None:
        queryset.update(status=AbuseReport.Status.DISMISSED)
