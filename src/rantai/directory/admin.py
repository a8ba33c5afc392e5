"""The back office for organisations and everything the directory holds about them.

Admins may correct data here; each change is written to the audit trail like any other change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from rantai.directory import search_hooks
from rantai.directory.actions import recompute_size_class, record
from rantai.directory.models import (
    AuditEvent,
    BusinessActivity,
    Certification,
    CertificationType,
    IdentifierScheme,
    Membership,
    Organisation,
    OrganisationIdentifier,
    SizeClassRule,
    VerificationDocument,
    VerificationRequest,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


class IdentifierInline(admin.TabularInline):
    model = OrganisationIdentifier
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0
    fields = ["type", "number", "valid_until", "status"]
    fk_name = "organisation"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "economy", "city", "size_class", "verification_status", "created_at"]
    list_filter = ["kind", "verification_status", "size_class", "economy"]
    search_fields = ["name", "legal_name", "slug"]
    readonly_fields = ["size_class", "verified_agency", "verified_at", "created_at", "updated_at"]
    autocomplete_fields = ["isic", "kbli"]
    filter_horizontal = ["markets_served"]
    inlines = [MembershipInline, IdentifierInline, CertificationInline]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            recompute_size_class(obj)
            record(
                obj,
                request.user,
                "admin_changed" if change else "admin_created",
                fields=sorted(form.changed_data),
            )
            search_hooks.organisation_changed(obj.pk)


@admin.register(BusinessActivity)
class BusinessActivityAdmin(admin.ModelAdmin):
    list_display = ["scheme", "code", "title", "title_id"]
    list_filter = ["scheme"]
    search_fields = ["code", "title", "title_id"]
    raw_id_fields = ["parent", "isic"]


@admin.register(IdentifierScheme)
class IdentifierSchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "economy", "name", "regex", "example"]
    list_filter = ["economy"]
    search_fields = ["code", "name"]


@admin.register(SizeClassRule)
class SizeClassRuleAdmin(admin.ModelAdmin):
    list_display = ["economy", "measure", "currency", "micro_max", "small_max", "medium_max", "priority"]
    list_filter = ["economy"]


@admin.register(CertificationType)
class CertificationTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_id", "economy"]
    search_fields = ["code", "name", "name_id"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "type", "number", "valid_until", "status"]
    list_filter = ["status", "type"]
    search_fields = ["number", "organisation__name"]
    raw_id_fields = ["organisation", "verified_by"]


class VerificationDocumentInline(admin.TabularInline):
    model = VerificationDocument
    extra = 0
    readonly_fields = ["uploaded_at"]
    raw_id_fields = ["uploaded_by"]


@admin.register(VerificationRequest)
class VerificationRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "submitted_at", "agency", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "submitted_by", "decided_by"]
    inlines = [VerificationDocumentInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is evidence."""

    list_display = ["at", "organisation_name", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["organisation_name", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
