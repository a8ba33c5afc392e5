"""Forms that render the catalogue pages. They only shape input; ``rules.clean_product`` decides what is valid,
so a form, the API and a spreadsheet row get the same checks and the same messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rantai.catalogue.models import INCOTERMS_2020, Product, Unit
from rantai.directory.models import Certification, Organisation


class ProductForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), required=False, help_text=_("Your own product code."))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        help_text=_("Type what you sell: HS codes are suggested below the HS code field as you type."),
        # Suggestions come from classify:suggest (set in __init__, in the active language).
        widget=forms.TextInput(
            attrs={"data-classify-target": "hs-suggestions", "data-classify-field": "id_hs_code"}
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.CharField(
        label=_("Language of the title"),
        required=False,
        help_text=_("Two-letter code, such as id or en."),
        widget=forms.TextInput(attrs={"size": 3}),
    )
    hs_code = forms.CharField(
        label=_("HS code"), required=False, help_text=_("The 6-digit HS 2022 subheading.")
    )
    national_line = forms.CharField(label=_("National tariff line"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=[("", "—"), *Unit.choices])
    min_order = forms.CharField(
        label=_("Minimum order"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    monthly_capacity = forms.CharField(
        label=_("Monthly capacity"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    price_min = forms.CharField(
        label=_("Lowest price"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    price_max = forms.CharField(
        label=_("Highest price"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    currency = forms.CharField(
        label=_("Currency"), required=False, help_text=_("ISO 4217 code, such as IDR or USD.")
    )
    incoterms = forms.MultipleChoiceField(
        label=_("Incoterms"),
        required=False,
        choices=[(rule, rule) for rule in INCOTERMS_2020],
        widget=forms.CheckboxSelectMultiple,
    )
    lead_time_days = forms.CharField(
        label=_("Lead time in days"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    certifications = forms.ModelMultipleChoiceField(
        label=_("Certifications"),
        required=False,
        queryset=Certification.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["data-classify-suggest"] = reverse("classify:suggest")
        field = self.fields["certifications"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            Certification.objects.filter(organisation=organisation)
            .exclude(status=Certification.Status.REJECTED)
            .select_related("type")
        )

    def add_rule_errors(self, fields: dict[str, list[Any]]) -> None:
        for name, messages in fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class TranslationForm(forms.Form):
    language = forms.CharField(
        label=_("Language"), help_text=_("Two-letter code, such as en or ja."), max_length=8
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhotoForm(forms.Form):
    # A FileField, not an ImageField: the content check with its own messages is in ``photos.prepare_photo``.
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An .xlsx or .csv file with the template's columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


STATUS_FILTER = [("", _("All")), *Product.Status.choices]
