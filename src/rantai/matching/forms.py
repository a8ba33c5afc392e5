"""Forms that render the sourcing pages. They only shape input: ``rules.clean_request`` and ``clean_quote``
decide what is valid, so a page, the API and the command line give the same checks and the same messages."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rantai.catalogue.models import INCOTERM_NAMES, INCOTERMS_2020, Unit
from rantai.directory.models import CertificationType, Organisation
from rantai.matching.models import SourcingRequest
from rantai.matching.rules import MAX_VALIDITY_DAYS, MESSAGE_MAX_LENGTH
from rantai.reference.models import Economy

DATE_INPUT = {"type": "date"}


def new_token() -> str:
    """A token for one rendering of the request form: the same token twice creates one request."""
    return secrets.token_urlsafe(24)


def economy_name(economy: Economy) -> str:
    if (translation.get_language() or "").startswith("id") and economy.name_id:
        return economy.name_id
    return economy.display_name


def apec_choices() -> list[tuple[str, str]]:
    rows = [(e.iso3, economy_name(e)) for e in Economy.objects.filter(is_apec=True)]
    return sorted(rows, key=lambda row: row[1])


def incoterm_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((rule, f"{rule} — {INCOTERM_NAMES[rule]}") for rule in INCOTERMS_2020)]


class _RuleErrors:
    """Put the domain's per-field messages next to the fields (the rest above the form)."""

    def add_rule_errors(self: Any, error: Any) -> None:
        """The error's message above the form, each field's problems next to the field."""
        self.add_error(None, str(error.message))
        for name, problems in error.fields.items():
            for problem in problems:
                if str(problem) != str(error.message) or name in self.fields:
                    self.add_error(name if name in self.fields else None, str(problem))


class RequestForm(_RuleErrors, forms.Form):
    org = forms.TypedChoiceField(label=_("Buyer organisation"), coerce=int, choices=())
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("What you need"),
        required=False,
        help_text=_("Name the goods as a supplier would, such as “ground robusta coffee, 250 g bags”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("Grade, packaging, specifications, delivery schedule."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.CharField(
        label=_("Language of the request"),
        required=False,
        help_text=_("Two-letter code, such as id or en."),
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
    )
    hs_code = forms.CharField(
        label=_("HS code"),
        required=False,
        help_text=_(
            "The 6-digit HS 2022 subheading. Needed to publish; choose one of the suggestions below."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}),
    )
    quantity = forms.CharField(
        label=_("Quantity"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=[("", "—"), *Unit.choices])
    target_price = forms.CharField(
        label=_("Target price per unit"),
        required=False,
        help_text=_("Optional. Suppliers see it."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        help_text=_("ISO 4217 code, such as IDR or USD."),
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
    )
    destination = forms.ChoiceField(label=_("Destination economy"), required=False, choices=())
    incoterm = forms.ChoiceField(label=_("Incoterm"), required=False, choices=())
    certifications = forms.MultipleChoiceField(
        label=_("Required certifications"), required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.CharField(
        label=_("Deadline for quotes"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )
    diversify = forms.BooleanField(
        label=_("Prefer origins outside the economies I already buy from"), required=False
    )
    current_origins = forms.MultipleChoiceField(
        label=_("Economies you already buy from"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    RULE_FIELDS = (
        "title",
        "description",
        "language",
        "hs_code",
        "quantity",
        "unit",
        "target_price",
        "currency",
        "destination",
        "incoterm",
        "certifications",
        "deadline",
        "diversify",
        "current_origins",
    )

    def __init__(self, *args: Any, buyers: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = translation.get_language() or "en"
        economies = apec_choices()
        self._choose("org", [(o.pk, o.name) for o in buyers])
        if len(buyers) == 1:  # nothing to choose
            self.fields["org"].widget = forms.HiddenInput()
        self._choose("destination", [("", "—"), *economies])
        self._choose("current_origins", economies)
        self._choose("incoterm", incoterm_choices())
        self._choose(
            "certifications",
            [(c.code, c.display_name(language[:2])) for c in CertificationType.objects.all()],
        )
        # The classifier's suggestions follow what the buyer types as the need (classify/suggest.js).
        self.fields["title"].widget.attrs.update(
            {
                "data-classify-suggest": reverse("classify:suggest"),
                "data-classify-target": "hs-suggestions",
                "data-classify-field": self["hs_code"].id_for_label,
            }
        )
        for name in ("certifications", "current_origins"):
            self.fields[name].widget.attrs["class"] = "choice-grid"

    def _choose(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def raw(self) -> dict[str, Any]:
        """The cleaned input as the domain's rules read it."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.RULE_FIELDS}

    @staticmethod
    def initial_for(sourcing: SourcingRequest) -> dict[str, Any]:
        return {
            "org": sourcing.buyer_id,
            "title": sourcing.title,
            "description": sourcing.description,
            "language": "" if sourcing.language == "und" else sourcing.language,
            "hs_code": sourcing.hs_id or "",
            "quantity": f"{sourcing.quantity.normalize():f}",
            "unit": sourcing.unit,
            "target_price": "" if sourcing.target_price is None else f"{sourcing.target_price:f}",
            "currency": sourcing.currency,
            "destination": sourcing.destination_id,
            "incoterm": sourcing.incoterm,
            "certifications": list(sourcing.certifications.values_list("code", flat=True)),
            "deadline": sourcing.deadline.isoformat(),
            "diversify": sourcing.diversify,
            "current_origins": list(sourcing.current_origins or []),
        }


class QuoteForm(_RuleErrors, forms.Form):
    org = forms.IntegerField(widget=forms.HiddenInput)
    price = forms.CharField(
        label=_("Price per unit"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        help_text=_("ISO 4217 code, such as IDR or USD."),
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
    )
    incoterm = forms.ChoiceField(label=_("Incoterm"), required=False, choices=())
    lead_time_days = forms.CharField(
        label=_("Lead time in days"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    valid_until = forms.CharField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    message = forms.CharField(
        label=_("Message to the buyer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["incoterm"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = incoterm_choices()

    def raw(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("price", "currency", "incoterm", "lead_time_days", "valid_until", "message")
        }


def quote_initial(sourcing: SourcingRequest, supplier: Organisation, quote: Any = None) -> dict[str, Any]:
    if quote is not None:
        return {
            "org": supplier.pk,
            "price": f"{quote.price:f}",
            "currency": quote.currency,
            "incoterm": quote.incoterm,
            "lead_time_days": quote.lead_time_days,
            "valid_until": quote.valid_until.isoformat(),
            "message": quote.message,
        }
    today = dt.date.today()
    valid = min(
        max(sourcing.deadline, today) + dt.timedelta(days=30), today + dt.timedelta(days=MAX_VALIDITY_DAYS)
    )
    return {
        "org": supplier.pk,
        "currency": sourcing.currency,
        "incoterm": sourcing.incoterm,
        "valid_until": valid.isoformat(),
    }


class MessageForm(_RuleErrors, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class ReportForm(_RuleErrors, forms.Form):
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("What is wrong"),
        required=False,
        help_text=_("Platform administrators read every report."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )
