"""Sourcing pages: buyers post requests and compare the matched suppliers and their quotes; suppliers find the
requests that fit their catalogue, quote and talk with the buyer; trade officials see aggregates.

Views shape input and call ``matching.actions`` (changes) or ``matching.queries`` (reads), which decide who may
see and do what: a ``NotFound`` answers 404 (a stranger cannot tell a request exists), a refusal 403, and every
other ``RantaiError`` is shown to the person as a message or next to the field it concerns.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rantai.accounts.errors import NotAllowed
from rantai.accounts.queries import can_act_for
from rantai.classify.engine import classify
from rantai.classify.text import ClassifyInputError
from rantai.core.errors import NotFound, RantaiError
from rantai.directory.models import Organisation
from rantai.matching import actions, queries
from rantai.matching.forms import MessageForm, QuoteForm, ReportForm, RequestForm, new_token, quote_initial
from rantai.matching.models import Notification, Quote, SourcingRequest
from rantai.reference.models import HsCode

View = Callable[..., HttpResponseBase]
Status = SourcingRequest.Status
BUYER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.BOTH)
SUPPLIER_KINDS = (Organisation.Kind.MSME, Organisation.Kind.BOTH)
DEFAULT_DEADLINE_DAYS = 14


def answers_errors(view: View) -> View:
    """A ``NotFound`` is a 404; a refusal (403) is the "not allowed" page; any other refusal is shown as is."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except RantaiError as exc:
            return render(request, "directory/forbidden.html", {"message": exc.message}, status=exc.status)

    return wrapper


def _reraise_refusal(exc: RantaiError) -> None:
    """Refusals (403, 404) go to ``answers_errors``; the rest are the person's to fix."""
    if exc.status in (403, 404):
        raise exc


def _buyers(user: Any) -> list[Organisation]:
    return [o for o in queries.organisations_of(user) if o.kind in BUYER_KINDS]


def _suppliers(user: Any) -> list[Organisation]:
    return [o for o in queries.organisations_of(user) if o.kind in SUPPLIER_KINDS]


def _to_request(sourcing: SourcingRequest | int) -> HttpResponseBase:
    return redirect("matching:request", request_id=sourcing if isinstance(sourcing, int) else sourcing.pk)


def _show_errors(request: HttpRequest, exc: RantaiError) -> None:
    messages.error(request, str(exc.message))
    for problems in exc.fields.values():
        for problem in problems:
            if str(problem) != str(exc.message):
                messages.error(request, str(problem))


def _mark_seen(request: HttpRequest, sourcing: SourcingRequest) -> None:
    """Opening a request reads its notices for the organisations the person acts for."""
    unread = Notification.objects.filter(
        request=sourcing,
        read_at__isnull=True,
        organisation__in=queries.organisations_of(request.user),
    ).select_related("organisation")
    by_org: dict[int, tuple[Organisation, list[int]]] = {}
    for notice in unread:
        by_org.setdefault(notice.organisation_id, (notice.organisation, []))[1].append(notice.pk)
    for organisation, ids in by_org.values():
        try:
            actions.mark_read(request.user, organisation, ids)
        except RantaiError:
            continue  # e.g. an e-mail address not verified yet: the notices stay unread


# --- Overview ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everything sourcing for one person: notices, the requests of their buyer organisations and the open
    requests that fit the catalogue of their supplier organisations."""
    buyers = _buyers(request.user)
    suppliers = _suppliers(request.user)
    return render(
        request,
        "matching/home.html",
        {
            "notifications": queries.unread_notifications(request.user),
            "buyers": [(b, list(queries.requests_of(b)[:10])) for b in buyers],
            "suppliers": [(s, queries.open_requests_for(s, limit=20)) for s in suppliers],
            "has_organisation": bool(queries.organisations_of(request.user)),
        },
    )


@login_required
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    buyers = _buyers(request.user)
    return render(
        request,
        "matching/mine.html",
        {"buyers": [(b, list(queries.requests_of(b))) for b in buyers]},
    )


@login_required
@require_POST
@answers_errors
def mark_read(request: HttpRequest) -> HttpResponseBase:
    wanted = request.POST.get("notification", "")
    notices = Notification.objects.filter(
        organisation__in=queries.organisations_of(request.user), read_at__isnull=True
    )
    if wanted:
        if not wanted.isdigit():
            raise NotFound(_("There is no such notification."))
        notices = notices.filter(pk=int(wanted))
    organisations = {n.organisation_id: n.organisation for n in notices.select_related("organisation")}
    ids = list(notices.values_list("pk", flat=True))
    for organisation in organisations.values():
        actions.mark_read(request.user, organisation, ids)
    if not wanted:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("matching:home")


# --- Posting and editing a request -------------------------------------------------------------------------------


def _suggestions(title: str, field: str) -> dict[str, Any]:
    """Context of ``classify/_suggest.html`` for the words already typed, so the suggestions show on a page
    sent back with errors, and without JavaScript; ``field`` is the HS input a suggestion fills."""
    if not title.strip():
        return {"result": None, "error": "", "field": field}
    try:
        return {"result": classify(title, top=5), "error": "", "field": field}
    except ClassifyInputError as exc:
        return {"result": None, "error": str(exc.message), "field": field}


def _render_form(
    request: HttpRequest, form: RequestForm, sourcing: SourcingRequest | None, status: int = 200
) -> HttpResponse:
    title = str(form["title"].value() or "")
    context = {"form": form, "sourcing": sourcing, **_suggestions(title, form["hs_code"].id_for_label)}
    return render(request, "matching/form.html", context, status=status)


def _initial(request: HttpRequest, buyers: list[Organisation]) -> dict[str, Any]:
    wanted = request.GET.get("org", "")
    buyer = next((b for b in buyers if str(b.pk) == wanted), buyers[0])
    economy = buyer.economy
    return {
        "org": buyer.pk,
        "token": new_token(),
        "language": (translation.get_language() or "en")[:2],
        "destination": economy.iso3 if economy.is_apec else "",
        "currency": economy.currency,
        "deadline": (timezone.localdate() + dt.timedelta(days=DEFAULT_DEADLINE_DAYS)).isoformat(),
    }


def _published_message(request: HttpRequest, sourcing: SourcingRequest) -> None:
    count = sourcing.matches.count()
    messages.success(
        request,
        translation.ngettext(
            "Your request is open: %(count)d supplier matched and is told.",
            "Your request is open: %(count)d suppliers matched and are told.",
            count,
        )
        % {"count": count},
    )


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def request_create(request: HttpRequest) -> HttpResponseBase:
    buyers = _buyers(request.user)
    if not buyers:
        raise NotAllowed(
            _("Only members of a buyer organisation can post sourcing requests; set its kind on its profile.")
        )
    if request.method != "POST":
        return _render_form(request, RequestForm(buyers=buyers, initial=_initial(request, buyers)), None)
    form = RequestForm(request.POST, buyers=buyers)
    if form.is_valid():
        buyer = next(b for b in buyers if b.pk == form.cleaned_data["org"])
        publish = request.POST.get("action") == "publish"
        try:
            sourcing, created = actions.create_request(
                request.user,
                buyer,
                form.raw(),
                idempotency_key=form.cleaned_data["token"] or "",
                publish=publish,
            )
        except actions.RequestInvalid as exc:
            form.add_rule_errors(exc)
        except RantaiError as exc:
            _reraise_refusal(exc)
            messages.error(request, str(exc.message))
        else:
            if not created:
                messages.info(request, _("This request was already saved; here it is."))
            elif sourcing.status == Status.OPEN:
                _published_message(request, sourcing)
            else:
                messages.success(
                    request, _("Your request is saved as a draft; only your organisation sees it.")
                )
            return _to_request(sourcing)
    return _render_form(request, form, None, status=400)


def _own_draft(request: HttpRequest, request_id: int) -> SourcingRequest:
    sourcing = queries.get_request(request.user, request_id)
    if not queries.is_buyer_member(request.user, sourcing):
        raise NotAllowed(_("Only the buyer's members can change this request."))
    return sourcing


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def request_edit(request: HttpRequest, request_id: int) -> HttpResponseBase:
    sourcing = _own_draft(request, request_id)
    if sourcing.status != Status.DRAFT:
        messages.error(request, _("Only a draft can be changed; close this request and post a new one."))
        return _to_request(sourcing)
    buyers = [sourcing.buyer]
    if request.method != "POST":
        return _render_form(
            request, RequestForm(buyers=buyers, initial=RequestForm.initial_for(sourcing)), sourcing
        )
    form = RequestForm(request.POST, buyers=buyers)
    if form.is_valid():
        try:
            actions.update_request(request.user, sourcing, form.raw())
            if request.POST.get("action") == "publish":
                actions.open_request(request.user, sourcing)
        except actions.RequestInvalid as exc:
            form.add_rule_errors(exc)
        except RantaiError as exc:
            _reraise_refusal(exc)
            messages.error(request, str(exc.message))
        else:
            if sourcing.status == Status.OPEN:
                _published_message(request, sourcing)
            else:
                messages.success(request, _("Your changes were saved."))
            return _to_request(sourcing)
    return _render_form(request, form, sourcing, status=400)


@login_required
@require_POST
@answers_errors
def request_open(request: HttpRequest, request_id: int) -> HttpResponseBase:
    sourcing = _own_draft(request, request_id)
    try:
        actions.open_request(request.user, sourcing)
    except actions.RequestInvalid as exc:
        _show_errors(request, exc)
        return redirect("matching:edit", request_id=sourcing.pk)
    except RantaiError as exc:
        _reraise_refusal(exc)
        messages.error(request, str(exc.message))
    else:
        _published_message(request, sourcing)
    return _to_request(sourcing)


@login_required
@require_POST
@answers_errors
def request_close(request: HttpRequest, request_id: int) -> HttpResponseBase:
    sourcing = _own_draft(request, request_id)
    try:
        actions.close_request(request.user, sourcing)
    except RantaiError as exc:
        _reraise_refusal(exc)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The request is closed; it takes no more quotes."))
    return _to_request(sourcing)


# --- The request page --------------------------------------------------------------------------------------------


def _supplier_panels(
    request: HttpRequest, sourcing: SourcingRequest, bound: QuoteForm | None = None
) -> list[dict[str, Any]]:
    """One panel per supplier organisation of the person: its quote, the form to send or revise it."""
    panels = []
    takes_quotes = sourcing.is_open and sourcing.deadline >= timezone.localdate()
    for supplier in _suppliers(request.user):
        if supplier.pk == sourcing.buyer_id:
            continue
        quote = sourcing.quotes.filter(organisation=supplier).first()
        auto_id = f"id_quote{supplier.pk}_%s"  # one form per organisation on the page: distinct ids
        if bound is not None and bound.data.get("org") == str(supplier.pk):
            form = bound
            form.auto_id = auto_id
        else:
            live = quote if quote is not None and quote.status != Quote.Status.WITHDRAWN else None
            form = QuoteForm(initial=quote_initial(sourcing, supplier, live), auto_id=auto_id)
        panels.append(
            {
                "organisation": supplier,
                "quote": quote,
                "form": form,
                "takes_quotes": takes_quotes,
                "message_count": sourcing.messages.filter(supplier=supplier).count(),
            }
        )
    return panels


def _render_request(
    request: HttpRequest,
    sourcing: SourcingRequest,
    *,
    quote_form: QuoteForm | None = None,
    report_form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_buyer = queries.is_buyer_member(user, sourcing)
    context: dict[str, Any] = {
        "sourcing": sourcing,
        "is_buyer": is_buyer,
        "certifications": list(sourcing.certifications.all()),
        "panels": _supplier_panels(request, sourcing, quote_form) if sourcing.status != Status.DRAFT else [],
        "report_form": report_form or ReportForm(),
        "today": timezone.localdate(),
    }
    if is_buyer:
        quotes = list(queries.quotes_for(user, sourcing))
        quoted = {q.organisation_id for q in quotes}
        context.update(
            matches=queries.matches_for(sourcing),
            quotes=quotes,
            # Conversations with suppliers that have not quoted (those that did are reached from their quote).
            threads=[o for o in queries.threads_of(sourcing) if o.pk not in quoted],
            can_choose=sourcing.status in (Status.OPEN, Status.CLOSED),
        )
    return render(request, "matching/request.html", context, status=status)


@login_required
@require_GET
@answers_errors
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    sourcing = queries.get_request(request.user, request_id)
    _mark_seen(request, sourcing)
    return _render_request(request, sourcing)


# --- Quotes ------------------------------------------------------------------------------------------------------


@login_required
@require_POST
@answers_errors
def quote_submit(request: HttpRequest, request_id: int) -> HttpResponseBase:
    sourcing = queries.get_request(request.user, request_id)
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return _render_request(request, sourcing, quote_form=form, status=400)
    supplier = next((s for s in _suppliers(request.user) if s.pk == form.cleaned_data["org"]), None)
    if supplier is None:
        raise NotAllowed(_("You are not a member of this organisation."))
    revising = sourcing.quotes.filter(organisation=supplier).exclude(status=Quote.Status.WITHDRAWN).exists()
    try:
        actions.submit_quote(request.user, supplier, sourcing, form.raw())
    except actions.QuoteInvalid as exc:
        form.add_rule_errors(exc)
        return _render_request(request, sourcing, quote_form=form, status=400)
    except RantaiError as exc:
        _reraise_refusal(exc)
        messages.error(request, str(exc.message))
        return _to_request(sourcing)
    if revising:
        messages.success(request, _("Your quote is revised; the buyer is told."))
    else:
        messages.success(request, _("Your quote is sent to the buyer."))
    return _to_request(sourcing)


def _quote_action(
    request: HttpRequest, quote_id: int, act: Callable[[Quote], Any], done: str
) -> HttpResponseBase:
    quote = queries.get_quote(request.user, quote_id)
    try:
        act(quote)
    except RantaiError as exc:
        _reraise_refusal(exc)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return _to_request(quote.request_id)


@login_required
@require_POST
@answers_errors
def quote_withdraw(request: HttpRequest, quote_id: int) -> HttpResponseBase:
    return _quote_action(
        request,
        quote_id,
        lambda quote: actions.withdraw_quote(request.user, quote),
        _("Your quote is withdrawn. You can send a new one while the request is open."),
    )


@login_required
@require_POST
@answers_errors
def quote_shortlist(request: HttpRequest, quote_id: int) -> HttpResponseBase:
    shortlisted = request.POST.get("shortlisted", "1") != "0"
    return _quote_action(
        request,
        quote_id,
        lambda quote: actions.shortlist_quote(request.user, quote, shortlisted),
        _("The quote is on your shortlist; the supplier is told.")
        if shortlisted
        else _("The quote is off your shortlist."),
    )


@login_required
@require_POST
@answers_errors
def quote_award(request: HttpRequest, quote_id: int) -> HttpResponseBase:
    return _quote_action(
        request,
        quote_id,
        lambda quote: actions.award_quote(request.user, quote),
        _(
            "The request is awarded. The supplier is told, and the other suppliers that quoted are told they were not chosen."
        ),
    )


# --- Conversation and reports ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@answers_errors
def thread(request: HttpRequest, request_id: int, supplier_id: int) -> HttpResponseBase:
    sourcing = queries.get_request(request.user, request_id)
    supplier = Organisation.objects.filter(pk=supplier_id).select_related("economy").first()
    if supplier is None or supplier.pk == sourcing.buyer_id or sourcing.status == Status.DRAFT:
        raise NotFound(_("There is no such conversation."))
    is_buyer = queries.is_buyer_member(request.user, sourcing)
    conversation = queries.thread(request.user, sourcing, supplier)
    if (
        is_buyer
        and not can_act_for(request.user, supplier)
        and not (
            sourcing.matches.filter(organisation=supplier).exists()
            or sourcing.quotes.filter(organisation=supplier).exists()
            or conversation.exists()
        )
    ):
        raise NotFound(_("There is no such conversation."))
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.post_message(request.user, sourcing, supplier, form.cleaned_data["body"])
        except RantaiError as exc:
            _reraise_refusal(exc)
            if exc.fields:
                form.add_rule_errors(exc)
            else:
                messages.error(request, str(exc.message))
            status = 400
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("matching:thread", request_id=sourcing.pk, supplier_id=supplier.pk)
    _mark_seen(request, sourcing)
    return render(
        request,
        "matching/thread.html",
        {
            "sourcing": sourcing,
            "supplier": supplier,
            "is_buyer": is_buyer,
            # Each message with whether the reader's side wrote it.
            "conversation": [
                (m, (m.author_organisation_id == sourcing.buyer_id) == is_buyer) for m in conversation
            ],
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
@answers_errors
def report(request: HttpRequest, request_id: int) -> HttpResponseBase:
    sourcing = queries.get_request(request.user, request_id)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _render_request(request, sourcing, report_form=form, status=400)
    quote = None
    if form.cleaned_data.get("quote"):
        quote = queries.get_quote(request.user, form.cleaned_data["quote"])
        if quote.request_id != sourcing.pk:
            raise NotFound(_("There is no such quote."))
    try:
        actions.report(request.user, sourcing, form.cleaned_data["reason"], quote=quote)
    except RantaiError as exc:
        _reraise_refusal(exc)
        form.add_rule_errors(exc)
        return _render_request(request, sourcing, report_form=form, status=400)
    messages.success(request, _("Thank you. The platform's administrators will review your report."))
    return _to_request(sourcing)


# --- Officials ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
@answers_errors
def official(request: HttpRequest) -> HttpResponse:
    summary = queries.official_summary(request.user)
    if summary is None:
        raise NotAllowed(_("Only trade officials see the sourcing summary of their economy."))
    labels = dict(Status.choices)
    by_status = [
        (labels[s], summary["requests_by_status"].get(s, 0)) for s in Status.values if s != Status.DRAFT
    ]
    chapters = HsCode.objects.in_bulk([code for code, _count in summary["top_chapters"]])
    return render(
        request,
        "matching/official.html",
        {
            "summary": summary,
            "by_status": by_status,
            "chapters": [(code, chapters.get(code), count) for code, count in summary["top_chapters"]],
        },
    )
