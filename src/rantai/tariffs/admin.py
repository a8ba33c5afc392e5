"""Back office for tariff data. Schedules and lines come from importers and are read-only here (a hand edit
would break traceability to the source file); exchange rates are uploaded as a CSV from the changelist."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from rantai.core.errors import RantaiError
from rantai.tariffs.importers import exchange_rates
from rantai.tariffs.models import ExchangeRate, ImportTax, Schedule, TariffLine


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Schedule)
class ScheduleAdmin(ReadOnly):
    list_display = ["economy", "regime", "agreement", "partner_group", "year", "hs_version", "valid_from",
                    "valid_to", "format"]  # fmt: skip
    list_filter = ["regime", "format", "hs_version", "economy"]
    search_fields = ["economy__iso3", "partner_group", "label", "agreement__code"]
    list_select_related = ["economy", "agreement"]


@admin.register(TariffLine)
class TariffLineAdmin(ReadOnly):
    list_display = ["national_code", "hs6", "rate_text", "kind", "ad_valorem", "specific_amount",
                    "specific_currency", "specific_unit", "schedule"]  # fmt: skip
    list_filter = ["kind", "schedule__economy", "schedule__regime"]
    search_fields = ["=national_code", "=hs6", "description"]
    list_select_related = ["schedule__economy", "schedule__agreement"]
    show_full_result_count = False


@admin.register(ImportTax)
class ImportTaxAdmin(admin.ModelAdmin):
    list_display = ["economy", "tax", "name", "rate", "basis", "hs_prefix", "valid_from", "valid_to"]
    list_filter = ["economy", "tax"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Exchange-rate CSV (currency, per_usd, on)"))


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnly):
    list_display = ["currency", "per_usd", "on", "source"]
    list_filter = ["currency"]
    date_hierarchy = "on"
    change_list_template = "admin/tariffs/exchangerate/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path("upload/", self.admin_site.admin_view(self.upload), name="tariffs_exchangerate_upload")
        return [upload, *super().get_urls()]

    def upload(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("tariffs.add_exchangerate"):
            return HttpResponse(status=403)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / Path(uploaded.name).name
                with target.open("wb") as out:
                    for chunk in uploaded.chunks():
                        out.write(chunk)
                try:
                    for line in exchange_rates.import_file(target):
                        messages.success(request, line)
                except RantaiError as exc:
                    messages.error(request, str(exc.message))
                    return HttpResponseRedirect(reverse("admin:tariffs_exchangerate_upload"))
            return HttpResponseRedirect(reverse("admin:tariffs_exchangerate_changelist"))
        context: dict[str, Any] = {**self.admin_site.each_context(request), "form": form,
                                   "title": _("Upload exchange rates"), "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/tariffs/exchangerate/upload.html", context)
