"""Page forms. They only shape input: the checks with their messages are in ``profile`` and ``actions``,
shared with the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.directory.i18n import localised
from rantai.directory.models import CertificationType, IdentifierScheme, Organisation


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Trade name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), required=False)
    province = forms.CharField(label=_("Province or state"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    description = forms.CharField(
        label=_("What you make or sell"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_language = forms.CharField(label=_("Language of the description (e.g. id)"), required=False)
    languages = forms.CharField(label=_("Languages you do business in (e.g. id, en)"), required=False)
    website = forms.CharField(label=_("Website"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), required=False)
    contact_email = forms.CharField(label=_("Contact e-mail address"), required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), required=False)
    year_founded = forms.CharField(label=_("Year founded"), required=False)
    employees = forms.CharField(label=_("Number of employees"), required=False)
    annual_sales = forms.CharField(label=_("Annual sales"), required=False)
    business_capital = forms.CharField(
        label=_("Business capital"), required=False, help_text=_("Excluding land and buildings.")
    )
    sales_currency = forms.CharField(label=_("Currency of sales and capital (e.g. IDR)"), required=False)
    kbli = forms.CharField(label=_("KBLI code (5 digits)"), required=False)
    isic = forms.CharField(label=_("ISIC Rev. 4 code"), required=False)
    markets_served = forms.CharField(
        label=_("Markets already served"), required=False, help_text=_("Economy codes, e.g. MYS, SGP, JPN.")
    )

    @staticmethod
    def initial_for(org: Organisation) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(org, name) for name in ProfileForm.base_fields if name not in
                                   ("languages", "markets_served", "isic", "kbli")}  # fmt: skip
        initial["languages"] = ", ".join(org.languages)
        initial["markets_served"] = ", ".join(sorted(org.markets_served.values_list("iso3", flat=True)))
        initial["isic"] = org.isic.code if org.isic else ""
        initial["kbli"] = org.kbli.code if org.kbli else ""
        return {k: ("" if v is None else v) for k, v in initial.items()}


class IdentifierForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Kind of number"))
    value = forms.CharField(label=_("Number"), max_length=60)

    def __init__(self, *args: Any, economy_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schemes = IdentifierScheme.objects.filter(economy_id=economy_id)
        self.fields["scheme"].choices = [(s.code, localised(s.name, s.name_id)) for s in schemes]  # type: ignore[attr-defined]


class CertificationForm(forms.Form):
    type = forms.ChoiceField(label=_("Certification"))
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(
        label=_("Certificate (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.code, localised(t.name, t.name_id)) for t in CertificationType.objects.all()]


class VerificationForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the trade official"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("more_info", _("Ask for more information")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or question (required unless you approve)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CertificationReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Verified")), ("no", _("Not verified"))],
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), required=False)


class DeleteForm(forms.Form):
    confirm = forms.CharField(label=_("Type the trade name to confirm"))
