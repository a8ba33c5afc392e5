from __future__ import annotations

from django.contrib import admin

from rantai.directory.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "economy", "city", "created_at"]
    list_filter = ["kind", "economy"]
    search_fields = ["name", "legal_name"]
    inlines = [MembershipInline]
