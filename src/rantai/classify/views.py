"""The classification page and the suggestion fragment other forms embed (``classify/_suggest.html``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rantai.accounts.errors import NotAllowed
from rantai.classify.actions import check_can_rule, record_ruling, ruling_role
from rantai.classify.engine import LOW_CONFIDENCE, MAX_TOP, classify
from rantai.classify.text import MAX_CHARS, ClassifyInputError
from rantai.core.errors import RantaiError


def suggestions(request: HttpRequest) -> dict[str, Any]:
    """Template context for ``classify/_suggest.html`` from ``?q=`` (and ``?economy=``)."""
    text = request.GET.get("q", "")
    # A form that embeds the suggestions names its HS field: each candidate then gets a "use this code" button.
    field = request.GET.get("field", "")
    field = field if field.replace("_", "").replace("-", "").isalnum() else ""
    economy = (request.GET.get("economy") or "").strip().upper()[:3] or None
    if not text.strip():
        return {"query": text, "result": None, "error": "", "field": field}
    try:
        top = max(1, min(int(request.GET.get("top", 5)), MAX_TOP))
    except ValueError:
        top = 5
    try:
        result = classify(text, top=top, economy=economy)
    except ClassifyInputError as exc:
        return {"query": text, "result": None, "error": str(exc.message), "field": field}
    return {"query": text, "result": result, "error": "", "threshold": LOW_CONFIDENCE, "field": field}


class RulingForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Product, as the ruling describes it"),
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hs6 = forms.CharField(
        label=gettext_lazy("HS 2022 subheading ruled"),
        max_length=12,
        help_text=gettext_lazy("Six digits, such as 0901.21."),
    )


@require_GET
def classify_page(request: HttpRequest) -> HttpResponse:
    context = suggestions(request)
    if ruling_role(request.user):
        context["ruling_form"] = RulingForm(initial={"text": context["query"]})
    return render(request, "classify/page.html", context)


@login_required
@require_POST
def record_ruling_view(request: HttpRequest) -> HttpResponse:
    """A trade official's classification ruling: the classifier uses it for the next query."""
    try:
        check_can_rule(request.user)
    except NotAllowed as exc:
        return render(request, "directory/forbidden.html", {"message": exc.message}, status=403)
    form = RulingForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        try:
            record_ruling(request.user, text, form.cleaned_data["hs6"])
        except RantaiError as exc:
            for name, problems in exc.fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, str(problem))
        else:
            messages.success(request, _("The ruling is recorded; the classifier uses it from now on."))
            return redirect(f"{reverse('classify:page')}?{urlencode({'q': text})}")
    context = suggestions(request) | {"query": request.POST.get("text", ""), "ruling_form": form}
    return render(request, "classify/page.html", context, status=400)


@require_GET
def suggest_fragment(request: HttpRequest) -> HttpResponse:
    """Only the suggestions, for the page's live search and for forms that embed them."""
    return render(request, "classify/_suggest.html", suggestions(request))
