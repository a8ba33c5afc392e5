"""Pages: the public organisation profile, its edit page, the MSME dashboard and the officials' queue.

Views validate input and call ``directory.actions`` or ``queries``; a ``NotAllowed`` answers 403 and a
``NotFound`` 404, as in the API.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rantai.accounts.errors import EmailNotVerified, NotAllowed
from rantai.accounts.queries import is_owner, official_acts_for
from rantai.core.errors import NotFound, RantaiError
from rantai.directory import actions, queries
from rantai.directory.forms import (
    CertificationForm,
    CertificationReviewForm,
    DecisionForm,
    DeleteForm,
    IdentifierForm,
    ProfileForm,
    VerificationForm,
)
from rantai.directory.models import Organisation, VerificationRequest

View = Callable[..., HttpResponseBase]


def answers_errors(view: View) -> View:
    """Turn the domain's refusals into the pages' 403 and 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except (NotAllowed, EmailNotVerified) as exc:
            return render(request, "directory/forbidden.html", {"message": exc.message}, status=403)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc

    return wrapper


def _apply_errors(form: forms.Form, exc: RantaiError) -> None:
    for field, problems in exc.fields.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))
    if not exc.fields:
        form.add_error(None, str(exc.message))


def _check_member(request: HttpRequest, org: Organisation) -> None:
    from rantai.accounts.queries import check_can_act_for

    check_can_act_for(request.user, org)


# Public profile ------------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@answers_errors
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    org = queries.organisation_by_slug(slug)
    context = {
        "org": org,
        "show_contacts": queries.can_see_contacts(request.user, org),
        "can_edit": queries.can_edit(request.user, org),
        "certifications": queries.certifications_of(org),
        "identifiers": org.identifiers.select_related("scheme")
        if queries.can_edit(request.user, org)
        else [],
        "products": queries.products_of(org),
        "markets": org.markets_served.all(),
    }
    return render(request, "directory/organisation.html", context)


# Editing -------------------------------------------------------------------------------------------------------


def _edit_context(org: Organisation, **forms_: Any) -> dict[str, Any]:
    return {
        "org": org,
        "profile_form": forms_.get("profile_form") or ProfileForm(initial=ProfileForm.initial_for(org)),
        "identifier_form": forms_.get("identifier_form") or IdentifierForm(economy_id=org.economy_id),
        "certification_form": forms_.get("certification_form") or CertificationForm(),
        "verification_form": forms_.get("verification_form") or VerificationForm(),
        "identifiers": org.identifiers.select_related("scheme"),
        "certifications": queries.certifications_of(org),
        "open_request": org.verification_requests.filter(
            status__in=[VerificationRequest.Status.SUBMITTED, VerificationRequest.Status.MORE_INFO]
        ).first(),
        "is_owner": False,
    }


def _render_edit(request: HttpRequest, org: Organisation, status: int = 200, **forms_: Any) -> HttpResponse:
    context = _edit_context(org, **forms_)
    context["is_owner"] = is_owner(request.user, org)
    return render(request, "directory/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def edit_organisation(request: HttpRequest, slug: str) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    _check_member(request, org)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                actions.update_profile(request.user, org, form.cleaned_data)
            except RantaiError as exc:
                if exc.status == 403:
                    raise
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("directory:edit", slug=org.slug)
        return _render_edit(request, org, status=400, profile_form=form)
    return _render_edit(request, org)


@login_required
@require_POST
@answers_errors
def add_identifier(request: HttpRequest, slug: str) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    _check_member(request, org)
    form = IdentifierForm(request.POST, economy_id=org.economy_id)
    if form.is_valid():
        try:
            actions.set_identifier(request.user, org, form.cleaned_data["scheme"], form.cleaned_data["value"])
        except RantaiError as exc:
            if exc.status == 403:
                raise
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The registration number is saved."))
            return redirect("directory:edit", slug=org.slug)
    return _render_edit(request, org, status=400, identifier_form=form)


@login_required
@require_POST
@answers_errors
def remove_identifier(request: HttpRequest, slug: str, identifier_id: int) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    actions.remove_identifier(request.user, org, identifier_id)
    messages.success(request, _("The registration number is removed."))
    return redirect("directory:edit", slug=org.slug)


@login_required
@require_POST
@answers_errors
def add_certification(request: HttpRequest, slug: str) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    _check_member(request, org)
    form = CertificationForm(request.POST, request.FILES)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "document"}
        try:
            actions.add_certification(request.user, org, data, form.cleaned_data.get("document"))
        except RantaiError as exc:
            if exc.status == 403:
                raise
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The certification is saved. A trade official will verify it."))
            return redirect("directory:edit", slug=org.slug)
    return _render_edit(request, org, status=400, certification_form=form)


@login_required
@require_POST
@answers_errors
def delete_certification(request: HttpRequest, slug: str, certification_id: int) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    certification = org.certifications.filter(pk=certification_id).first()
    if certification is None:
        raise NotFound(_("This certification does not exist."))
    actions.delete_certification(request.user, certification)
    messages.success(request, _("The certification is removed."))
    return redirect("directory:edit", slug=org.slug)


@login_required
@require_POST
@answers_errors
def submit_verification(request: HttpRequest, slug: str) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    _check_member(request, org)
    form = VerificationForm(request.POST)
    form.is_valid()
    message = form.cleaned_data.get("message", "")
    documents = request.FILES.getlist("documents")
    waiting = org.verification_requests.filter(status=VerificationRequest.Status.MORE_INFO).first()
    try:
        if waiting is not None:
            actions.resubmit_verification(request.user, waiting, message, documents)
        else:
            actions.submit_verification(request.user, org, message, documents)
    except RantaiError as exc:
        if exc.status == 403:
            raise
        form.add_error(None, str(exc.message))
        return _render_edit(request, org, status=400, verification_form=form)
    messages.success(request, _("Your verification request is sent to the trade officials of your economy."))
    return redirect("directory:dashboard")


# Privacy -------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
@answers_errors
def export_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = queries.organisation_by_slug(slug)
    data = queries.export_organisation(request.user, org)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="rantai-{org.slug}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def delete_organisation(request: HttpRequest, slug: str) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    queries.check_owner(request.user, org)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_organisation(request.user, org, form.cleaned_data["confirm"])
        except RantaiError as exc:
            if exc.status == 403:
                raise
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The organisation and its data are deleted."))
            return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "directory/delete.html", {"org": org, "form": form}, status=status)


# Dashboard -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    org = queries.owned_organisation(request.user)
    context: dict[str, Any] = {"org": org}
    if org is not None:
        context.update(
            completeness=queries.completeness(org),
            checklist=queries.export_readiness(org),
            product_count=queries.product_count(org),
            expiring=queries.expiring_certifications(org),
            latest_request=org.verification_requests.order_by("-submitted_at").first(),
        )
    return render(request, "directory/dashboard.html", context)


# Officials -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
@answers_errors
def official_queue(request: HttpRequest) -> HttpResponse:
    requests = list(queries.verification_queue(request.user))
    return render(request, "directory/queue.html", {"requests": requests})


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def review_request(request: HttpRequest, request_id: int) -> HttpResponseBase:
    verification = queries.request_for_review(request.user, request_id)
    org = verification.organisation
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "approve":
                actions.approve_verification(request.user, verification)
            elif decision == "reject":
                actions.reject_verification(request.user, verification, reason)
            else:
                actions.ask_for_more(request.user, verification, reason)
        except RantaiError as exc:
            if exc.status == 403:
                raise
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your decision is recorded and the organisation is told."))
            return redirect("directory:queue")
    context = {
        "verification": verification,
        "org": org,
        "form": form,
        "identifiers": org.identifiers.select_related("scheme"),
        "certifications": queries.certifications_of(org),
        "documents": verification.documents.all(),
        "trail": queries.audit_trail(org),
        "review_form": CertificationReviewForm(),
    }
    return render(request, "directory/review.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@answers_errors
def review_certification(request: HttpRequest, slug: str, certification_id: int) -> HttpResponseBase:
    org = queries.organisation_by_slug(slug)
    if not official_acts_for(request.user, org.economy_id):
        raise NotAllowed(_("Only a trade official of this organisation's economy can do this."))
    certification = org.certifications.filter(pk=certification_id).first()
    if certification is None:
        raise NotFound(_("This certification does not exist."))
    form = CertificationReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_certification(
                request.user,
                certification,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["reason"],
            )
        except RantaiError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your decision on the certification is recorded."))
    back = request.POST.get("next", "")
    if back.isdigit():
        return redirect("directory:review", request_id=int(back))
    return redirect("directory:organisation", slug=org.slug)
