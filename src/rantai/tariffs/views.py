"""Pages: the tariff finder, the landed-cost calculator and the "where can I sell this?" panel.

Views read and check the form, call ``rates``, ``landed_cost`` and ``ranking`` (the same functions the API
and CLI use) and show their errors beside the fields they concern; they hold no tariff rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rantai.core.errors import RantaiError
from rantai.reference.models import Economy
from rantai.tariffs.landed_cost import landed_cost
from rantai.tariffs.ranking import rank_destinations
from rantai.tariffs.rates import applicable_rates


def economy_choices() -> list[tuple[str, str]]:
    return [(e.iso3, e.display_name) for e in Economy.objects.filter(is_apec=True).order_by("apec_name", "name_en")]


class RatesForm(forms.Form):
    origin = forms.ChoiceField(label=_("Made in"), choices=economy_choices)
    destination = forms.ChoiceField(label=_("Selling to"), choices=economy_choices)
    hs = forms.CharField(label=_("HS code (6 digits)"), max_length=20,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "0306.17"}))
    date = forms.DateField(label=_("Date of import"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=_("Today when left empty."))


class LandedCostForm(RatesForm):
    value = forms.DecimalField(label=_("FOB value"), min_value=Decimal(0), max_digits=18, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    freight = forms.DecimalField(label=_("Freight"), min_value=Decimal(0), max_digits=18, decimal_places=2,
                                 required=False)
    insurance = forms.DecimalField(label=_("Insurance"), min_value=Decimal(0), max_digits=18, decimal_places=2,
                                   required=False)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=Decimal("0.001"), max_digits=18, decimal_places=3,
                                  required=False, help_text=_("Needed where the duty is an amount per unit (kg, litre …)."))
    importer_has_id = forms.BooleanField(label=_("The importer has an importer identification number (API in Indonesia)"),
                                         required=False, initial=True)


def _apply_error(form: forms.Form, exc: RantaiError) -> str:
    """Field errors go beside their fields; the message is shown above the form."""
    for name, messages in exc.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, str(message))
    return str(exc.message)


def finder(request: HttpRequest) -> HttpResponse:
    form = RatesForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            context["answer"] = applicable_rates(data["origin"], data["destination"], data["hs"],
                                                 data["date"] or dt.date.today())
        except RantaiError as exc:
            context["error"] = _apply_error(form, exc)
    return render(request, "tariffs/finder.html", context)


def landed_cost_page(request: HttpRequest) -> HttpResponse:
    form = LandedCostForm(request.GET or None, initial={"currency": "USD", "importer_has_id": True})
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            context["cost"] = landed_cost(
                data["origin"], data["destination"], data["hs"], fob=data["value"], currency=data["currency"],
                freight=data["freight"] or Decimal(0), insurance=data["insurance"] or Decimal(0),
                on=data["date"] or dt.date.today(), importer_has_id=data["importer_has_id"],
                quantity=data["quantity"],
            )
        except RantaiError as exc:
            context["error"] = _apply_error(form, exc)
    return render(request, "tariffs/landed_cost.html", context)


def markets_panel(request: HttpRequest) -> HttpResponse:
    """The "where can I sell this?" fragment for an origin and HS subheading (product pages include it)."""
    context: dict[str, Any] = {"origin": request.GET.get("origin", ""), "hs": request.GET.get("hs", "")}
    status = 200
    try:
        context["ranks"] = rank_destinations(context["origin"], context["hs"], dt.date.today())
    except RantaiError as exc:
        context["error"] = str(exc.message)
        status = exc.status
    return render(request, "tariffs/_markets_panel.html", context, status=status)
