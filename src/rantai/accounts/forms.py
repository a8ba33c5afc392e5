"""Forms for people pages. Labels and help text are whole translatable sentences; Django renders
field errors with ids the inputs point at through ``aria-describedby``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import User
from rantai.core.tasks import send_email_after_commit
from rantai.directory.models import Organisation
from rantai.reference.models import Economy


def economy_label(economy: Economy) -> str:
    """The name in the reader's language; in English, APEC's own name where it has one ("Chinese Taipei").

    Indonesian names of APEC members are stated facts that already follow APEC usage.
    """
    if translation.get_language() == "id" and economy.name_id:
        return economy.name_id
    return economy.display_name


def economy_choices() -> list[tuple[Any, Any]]:
    """APEC economies first, then every other economy, each group in alphabetical order."""
    apec: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for economy in Economy.objects.only("iso3", "name_en", "name_id", "apec_name", "is_apec"):
        (apec if economy.is_apec else others).append((economy.iso3, economy_label(economy)))
    apec.sort(key=lambda choice: choice[1])
    others.sort(key=lambda choice: choice[1])
    return [("", _("Choose an economy")), (_("APEC economies"), apec), (_("Other economies"), others)]


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("You sign in with this address. We send a link to it to confirm it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=_("At least 10 characters; not a common password and not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        help_text=_("Type the same password again so we know it has no typing mistake."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and e-mails reach you in this language."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        help_text=_("The trade name your customers know."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Your organisation is"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
    )
    economy = forms.ModelChoiceField(
        label=_("Economy"),
        queryset=Economy.objects.all(),
        to_field_name="iso3",
        help_text=_("Where your organisation is registered."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("preferred_language", translation.get_language() or "en")
        # Setting choices keeps the queryset for validation and groups the list for people.
        economy_field = self.fields["economy"]
        assert isinstance(economy_field, forms.ModelChoiceField)
        economy_field.choices = economy_choices()

    def clean_email(self) -> str:
        email: str = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists. Sign in or reset your password."),
                code="email_taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            mismatch = forms.ValidationError(_("The two passwords differ."), code="mismatch")
            self.add_error("password2", mismatch)
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and e-mails reach you in this language."),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": _("Full name")}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say where the token is used, for example “stock sync on our shop server”."),
    )


class LocalisedPasswordResetForm(PasswordResetForm):
    """Queues the reset mail for the worker, in the language the person chose, with a link to ``SITE_URL``."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language() or "en"
        with translation.override(language):
            context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        send_email_after_commit(subject, body, [to_email])
