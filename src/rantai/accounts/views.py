"""Pages for people: sign-up, e-mail verification, sign-in, profile with language and API tokens.

Views validate input and call ``accounts.actions``; they hold no rules of their own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rantai.accounts import actions, queries
from rantai.accounts.forms import ApiTokenForm, LocalisedPasswordResetForm, ProfileForm, SignUpForm
from rantai.accounts.models import User
from rantai.core.errors import RantaiError

# Sign-up logs the person in itself; with django-axes first in AUTHENTICATION_BACKENDS the
# backend must be named.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
RESEND_INTERVAL_SECONDS = 60


def _with_language(response: HttpResponseBase, language: str) -> HttpResponseBase:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response


def _url_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.sign_up(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                preferred_language=data["preferred_language"],
                organisation_name=data["organisation_name"],
                organisation_kind=data["organisation_kind"],
                economy=data["economy"],
            )
        except RantaiError as exc:
            for field, problems in exc.fields.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, str(problem))
            if not exc.fields:
                form.add_error(None, str(exc.message))
        else:
            login(request, user, backend=MODEL_BACKEND)
            translation.activate(user.preferred_language)
            messages.success(
                request,
                _("Welcome to Rantai. We sent a link to %(email)s: follow it to verify your address.")
                % {"email": user.email},
            )
            return _with_language(
                redirect(_url_in(user.preferred_language, "accounts:profile")), user.preferred_language
            )
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = actions.verify_email(token)
    except RantaiError as exc:
        return render(
            request,
            "accounts/verify_failed.html",
            {"message": exc.message, "expired": exc.code == "verification_link_expired"},
            status=exc.status,
        )
    return render(request, "accounts/verify_done.html", {"verified_user": user})


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if user.email_verified:
        messages.info(request, _("Your e-mail address is already verified."))
    elif not cache.add(f"accounts:resend-verification:{user.pk}", 1, RESEND_INTERVAL_SECONDS):
        messages.warning(request, _("We sent a link a moment ago. Please wait a minute before asking again."))
    else:
        actions.send_verification_email(user)
        messages.success(request, _("We sent a new verification link to %(email)s.") % {"email": user.email})
    return redirect("accounts:profile")


class SignInView(auth_views.LoginView):
    """Django's sign-in; afterwards pages switch to the language the person chose."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        _with_language(response, language)
        return response


def _profile_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = _signed_in_user(request)
    context: dict[str, Any] = {
        "profile_form": ProfileForm(instance=user),
        "token_form": ApiTokenForm(),
        "memberships": queries.memberships_of(user),
        "tokens": queries.active_api_tokens(user),
        "official": user.official if queries.is_official(user) else None,
        "new_token_secret": None,
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponseBase:
    user = _signed_in_user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk))
        if form.is_valid():
            language = form.cleaned_data["preferred_language"]
            actions.set_profile(user, full_name=form.cleaned_data["full_name"], preferred_language=language)
            with translation.override(language):
                messages.success(request, _("Your profile is saved."))
            return _with_language(HttpResponseRedirect(_url_in(language, "accounts:profile")), language)
        context = _profile_context(request, profile_form=form)
        return render(request, "accounts/profile.html", context, status=400)
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        context = _profile_context(request, token_form=form)
        return render(request, "accounts/profile.html", context, status=400)
    token, secret = actions.issue_api_token(user, form.cleaned_data["name"])
    # Shown in this response only: the secret is never stored, so it is not put in the session either.
    return render(
        request,
        "accounts/profile.html",
        _profile_context(request, new_token_secret=secret, new_token=token),
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        actions.revoke_api_token(_signed_in_user(request), token_id)
    except RantaiError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The API token is revoked; programs using it can no longer sign in."))
    return redirect("accounts:profile")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = LocalisedPasswordResetForm
