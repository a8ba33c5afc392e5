"""Back office for reference data. Read-mostly: the loaders own these rows, so officials search and inspect
them, and may correct only the facts DOMAIN.md marks as starting values (VAT, valuation, agreement dates).
A correction made here is overwritten by the next load of the facts file, so lasting fixes go in the TOML."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rantai.reference.models import (
    Agreement,
    AgreementParty,
    Economy,
    EssentialGood,
    EssentialGoodsList,
    HsCode,
    HsCorrelation,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows come from importers: adding or deleting them by hand would break traceability to a source."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Economy)
class EconomyAdmin(ReadOnlyAdmin):
    list_display = ["iso3", "name_en", "name_id", "apec_name", "is_apec", "currency", "vat_rate",
                    "valuation_basis", "facts_need_verification", "facts_as_of"]  # fmt: skip
    list_filter = ["is_apec", "valuation_basis", "facts_need_verification"]
    search_fields = ["iso3", "iso2", "iso_numeric", "name_en", "name_id", "apec_name"]
    readonly_fields = ["iso3", "iso2", "iso_numeric", "name_en", "source"]
    # Only the facts an official may need to confirm are editable.
    fields = ["iso3", "iso2", "iso_numeric", "name_en", "name_id", "apec_name", "is_apec", "currency",
              "languages", "vat_name", "vat_rate", "vat_note", "valuation_basis", "facts_need_verification",
              "facts_as_of", "source"]  # fmt: skip

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.has_perm("reference.change_economy"))


@admin.register(HsCode)
class HsCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "section", "description"]
    list_filter = ["level", "section"]
    search_fields = ["code", "description", "description_id"]
    list_select_related = ["source"]
    raw_id_fields = ["parent"]


@admin.register(HsCorrelation)
class HsCorrelationAdmin(ReadOnlyAdmin):
    list_display = ["hs2022", "other_version", "other_code", "relationship"]
    list_filter = ["other_version", "relationship"]
    search_fields = ["hs2022__code", "other_code"]
    raw_id_fields = ["hs2022"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    fields = ["economy", "in_force_on", "withdrawn_on", "source"]
    readonly_fields = ["economy", "source"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "code", "signed_on", "origin_document", "desta_number",
                    "facts_need_verification"]  # fmt: skip
    list_filter = ["facts_need_verification", ("desta_number", admin.EmptyFieldListFilter)]
    search_fields = ["code", "short_name", "name", "parties__economy__iso3", "parties__economy__name_en"]
    readonly_fields = ["code", "desta_number", "source"]
    inlines = [AgreementPartyInline]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.has_perm("reference.change_agreement"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Agreement], search_term: str
    ) -> tuple[QuerySet[Agreement], bool]:
        # Searching through parties joins many rows per agreement; show each agreement once.
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset, True


class EssentialGoodInline(admin.TabularInline):
    model = EssentialGood
    fields = ["hs", "category", "listed_code", "listed_version", "relationship", "note"]
    readonly_fields = ["hs", "category", "listed_code", "listed_version", "relationship", "note"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EssentialGoodsList)
class EssentialGoodsListAdmin(ReadOnlyAdmin):
    list_display = ["key", "name", "source"]
    search_fields = ["key", "name"]
    inlines = [EssentialGoodInline]


@admin.register(EssentialGood)
class EssentialGoodAdmin(ReadOnlyAdmin):
    list_display = ["hs", "category", "goods_list", "listed_code", "listed_version", "relationship"]
    list_filter = ["goods_list", "category", "listed_version", "relationship"]
    search_fields = ["hs__code", "listed_code", "note", "hs__description"]
    list_select_related = ["hs", "goods_list"]
