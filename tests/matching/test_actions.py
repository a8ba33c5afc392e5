"""State changes of matchmaking: what a buyer or supplier typed is checked per field, limits hold, quotes follow
the request's life, an award declines the others, and every change leaves its notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from rantai.accounts.errors import NotAllowed
from rantai.core.errors import NotFound
from rantai.directory.models import Organisation
from rantai.matching import actions, tasks
from rantai.matching.models import Notification, Quote, Responsiveness, SourcingRequest, ThreadMessage
from tests.matching.helpers import (
    buyer,
    in_days,
    organisation,
    posted,
    product,
    quote_raw,
    request_raw,
    supplier,
)

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def osaka() -> tuple[Organisation, Any]:
    return buyer("Osaka Fine Foods")


@pytest.fixture
def gayo() -> tuple[Organisation, Any]:
    org, owner = supplier("Kopi Gayo Lestari")
    product(org, owner, title="Kopi arabika Gayo, biji hijau")
    return org, owner


def field_errors(exc: pytest.ExceptionInfo[Any]) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in exc.value.fields.items()}


# --- What the buyer typed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity": "0"}, "quantity", "The quantity must be more than zero."),
        ({"quantity": 0}, "quantity", "The quantity must be more than zero."),
        ({"quantity": "-5"}, "quantity", "The value cannot be negative."),
        ({"quantity": "12.3456"}, "quantity", "Use at most 3 decimal places."),
        ({"quantity": 0.0001}, "quantity", "Use at most 3 decimal places."),
        (
            {"quantity": "a lot"},
            "quantity",
            "Enter a number with a dot before the decimals, such as 1250 or 12.5.",
        ),
        ({"quantity": ""}, "quantity", "A value is required."),
        ({"deadline": in_days(-1)}, "deadline", "The date is in the past."),
        ({"deadline": "31/12/2027"}, "deadline", "Enter a date as year-month-day, such as 2027-03-31."),
        ({"deadline": in_days(400)}, "deadline", "Choose a date within 366 days from today."),
        (
            {"unit": "bushel"},
            "unit",
            "bushel is not a unit we know; use one of kg, tonne, g, litre, piece, pair, "
            "set, dozen, carton, m, m2, m3.",
        ),
        ({"destination": "FRA"}, "destination", "FRA is not the ISO code of an APEC economy, such as IDN."),
        ({"destination": "XYZ"}, "destination", "XYZ is not the ISO code of an APEC economy, such as IDN."),
        ({"destination": ""}, "destination", "A value is required."),
        ({"certifications": ["halal", "kosher"]}, "certifications", "kosher is not a certification we know."),
        (
            {"hs_code": "0901"},
            "hs_code",
            "0901 is not a 6-digit subheading; choose one of the subheadings under it.",
        ),
        ({"currency": "XXQ"}, "currency", "XXQ is not an ISO 4217 currency code, such as IDR or USD."),
        (
            {"current_origins": ["IDN", "FRA"]},
            "current_origins",
            "FRA is not the ISO code of an APEC economy, such as IDN.",
        ),
    ],
)
def test_each_impossible_value_is_named_on_its_field(osaka, overrides, field, message) -> None:
    org, owner = osaka
    with pytest.raises(actions.RequestInvalid) as refused:
        actions.create_request(owner, org, request_raw(**overrides))
    assert refused.value.status == 400
    assert field_errors(refused) == {field: [message]}
    assert not SourcingRequest.objects.exists()


def test_every_problem_is_reported_at_once(osaka) -> None:
    org, owner = osaka
    raw = request_raw(title="", quantity="-1", unit="bushel", destination="XYZ", deadline=in_days(-3))
    with pytest.raises(actions.RequestInvalid) as refused:
        actions.create_request(owner, org, raw)
    assert set(refused.value.fields) == {"title", "quantity", "unit", "destination", "deadline"}


def test_a_valid_request_is_stored_as_typed(osaka) -> None:
    org, owner = osaka
    raw = request_raw(
        unit="kilogram", certifications="halal, haccp", current_origins="vnm idn", diversify="yes"
    )
    request, created = actions.create_request(owner, org, raw)
    assert created and request.status == SourcingRequest.Status.DRAFT
    assert (request.unit, request.quantity, request.destination_id, request.hs_id) == (
        "kg",
        2000,
        "JPN",
        "090111",
    )
    assert sorted(request.certifications.values_list("code", flat=True)) == ["haccp", "halal"]
    assert (request.current_origins, request.diversify) == (["IDN", "VNM"], True)


def test_only_a_buyer_organisation_posts_and_only_its_members(osaka, gayo) -> None:
    msme, msme_owner = gayo
    with pytest.raises(actions.NotYours):
        actions.create_request(msme_owner, msme, request_raw())
    org, _owner = osaka
    with pytest.raises(NotAllowed):
        actions.create_request(msme_owner, org, request_raw())
    assert not SourcingRequest.objects.exists()


# --- Idempotency ------------------------------------------------------------------------------------------------


def test_the_same_idempotency_key_returns_the_first_request(osaka) -> None:
    org, owner = osaka
    first, created = actions.create_request(owner, org, request_raw(), idempotency_key="rfq-2027-001")
    again, created_again = actions.create_request(
        owner, org, request_raw(title="Something else"), idempotency_key="rfq-2027-001"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.title == "Arabica green coffee beans"
    other, created_other = actions.create_request(owner, org, request_raw(), idempotency_key="rfq-2027-002")
    assert created_other and other.pk != first.pk

    elsewhere, _owner = buyer("Busan Trading", economy="KOR")
    _theirs, created_theirs = actions.create_request(
        _owner, elsewhere, request_raw(), idempotency_key="rfq-2027-001"
    )
    assert created_theirs, "a key is one buyer's: another buyer's same key is another request"
    assert SourcingRequest.objects.count() == 3


def test_a_submission_racing_one_with_the_same_key_returns_the_winner(osaka, monkeypatch) -> None:
    """Both passed the look-up before either saved: the unique constraint settles it, the loser returns the
    winner's request instead of failing."""
    org, owner = osaka
    real_values = actions._values
    winner: list[SourcingRequest] = []

    def other_submission_commits_meanwhile(raw: dict[str, Any]) -> Any:
        values = real_values(raw)
        winner.append(
            SourcingRequest.objects.create(
                buyer=org,
                title="The winner",
                language="en",
                quantity=1,
                unit="kg",
                destination_id="JPN",
                deadline=timezone.localdate(),
                idempotency_key="same-key",
            )
        )
        return values

    monkeypatch.setattr(actions, "_values", other_submission_commits_meanwhile)
    request, created = actions.create_request(owner, org, request_raw(), idempotency_key="same-key")
    assert not created and request.pk == winner[0].pk
    assert SourcingRequest.objects.count() == 1


# --- Opening ----------------------------------------------------------------------------------------------------


def test_opening_needs_an_hs_code(osaka) -> None:
    org, owner = osaka
    draft, _ = actions.create_request(owner, org, request_raw(hs_code=""))
    with pytest.raises(actions.RequestInvalid) as refused:
        actions.open_request(owner, draft)
    assert list(refused.value.fields) == ["hs_code"]
    draft.refresh_from_db()
    assert draft.status == SourcingRequest.Status.DRAFT

    with pytest.raises(actions.RequestInvalid):
        actions.create_request(owner, org, request_raw(hs_code=""), publish=True)
    assert SourcingRequest.objects.count() == 1, "a refused publication creates nothing"


def test_opening_matches_suppliers_at_once(osaka, gayo) -> None:
    org, owner = osaka
    request = posted(org, owner)
    assert request.status == SourcingRequest.Status.OPEN and request.opened_at and request.matched_at
    assert list(request.matches.values_list("organisation_id", "rank")) == [(gayo[0].pk, 1)]
    with pytest.raises(actions.NotPossibleNow):
        actions.open_request(owner, request)


def test_an_unverified_buyer_has_at_most_three_open_requests(osaka) -> None:
    org, owner = osaka
    for _ in range(actions.MAX_OPEN_UNVERIFIED):
        posted(org, owner)
    draft, _ = actions.create_request(owner, org, request_raw())
    with pytest.raises(actions.LimitReached) as refused:
        actions.open_request(owner, draft)
    assert refused.value.status == 429
    assert "verify Osaka Fine Foods" in str(refused.value.message)
    draft.refresh_from_db()
    assert draft.status == SourcingRequest.Status.DRAFT

    actions.close_request(owner, SourcingRequest.objects.filter(status="open").first())
    actions.open_request(owner, draft)  # one closed: room again

    verified, verified_owner = buyer("Tokyo Verified Imports", verified=True)
    for _ in range(actions.MAX_OPEN_UNVERIFIED + 1):
        posted(verified, verified_owner)
    assert verified.sourcing_requests.filter(status="open").count() == actions.MAX_OPEN_UNVERIFIED + 1


def test_a_buyer_creates_at_most_thirty_requests_a_day(osaka) -> None:
    org, owner = osaka
    for _ in range(actions.MAX_REQUESTS_PER_DAY):
        actions.create_request(owner, org, request_raw())
    with pytest.raises(actions.LimitReached) as refused:
        actions.create_request(owner, org, request_raw())
    assert refused.value.status == 429
    # A repeated submission is not a new request, so the limit does not refuse it.
    first = SourcingRequest.objects.order_by("pk").first()
    SourcingRequest.objects.filter(pk=first.pk).update(idempotency_key="k1")
    assert actions.create_request(owner, org, request_raw(), idempotency_key="k1") == (first, False)
    # Requests older than a day no longer count.
    SourcingRequest.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert actions.create_request(owner, org, request_raw())[1]


def test_only_a_draft_changes(osaka) -> None:
    org, owner = osaka
    draft, _ = actions.create_request(owner, org, request_raw())
    actions.update_request(owner, draft, request_raw(quantity="2500.5", title="Robusta"))
    draft.refresh_from_db()
    assert (draft.title, str(draft.quantity)) == ("Robusta", "2500.500")
    with pytest.raises(actions.RequestInvalid):
        actions.update_request(owner, draft, request_raw(quantity="0"))
    actions.open_request(owner, draft)
    with pytest.raises(actions.NotPossibleNow):
        actions.update_request(owner, draft, request_raw())


# --- Expiry -----------------------------------------------------------------------------------------------------


def test_the_daily_job_expires_open_requests_past_their_deadline(osaka) -> None:
    org, owner = osaka
    due = posted(org, owner)
    current = posted(org, owner)
    draft, _ = actions.create_request(owner, org, request_raw())
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    SourcingRequest.objects.filter(pk__in=[due.pk, draft.pk]).update(deadline=yesterday)

    assert tasks.expire_requests.call() == 1
    statuses = dict(SourcingRequest.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "expired", current.pk: "open", draft.pk: "draft"}
    assert SourcingRequest.objects.get(pk=due.pk).closed_at is not None
    assert tasks.expire_requests.call() == 0


# --- Quotes -----------------------------------------------------------------------------------------------------


def test_a_supplier_quotes_and_revises_one_quote(osaka, gayo) -> None:
    org, owner = osaka
    msme, msme_owner = gayo
    request = posted(org, owner)
    first, outcome = actions.quote_submission(msme_owner, msme, request, quote_raw())
    assert outcome == "created" and first.product_id == request.matches.get().product_id
    revised, outcome = actions.quote_submission(msme_owner, msme, request, quote_raw(price="5.90"))
    assert outcome == "revised" and revised.pk == first.pk
    assert (Quote.objects.count(), str(Quote.objects.get().price)) == (1, "5.90")


def test_quote_fields_are_checked(osaka, gayo) -> None:
    org, owner = osaka
    request = posted(org, owner)
    raw = quote_raw(price="0", currency="", incoterm="FOO", lead_time_days="2.5", valid_until=in_days(-1))
    with pytest.raises(actions.QuoteInvalid) as refused:
        actions.submit_quote(gayo[1], gayo[0], request, raw)
    assert set(refused.value.fields) == {"price", "currency", "incoterm", "lead_time_days", "valid_until"}
    assert not Quote.objects.exists()


def test_nobody_quotes_on_their_own_request(gayo) -> None:
    both, both_owner = organisation("Bali Both Ways", kind=Organisation.Kind.BOTH)
    request = posted(both, both_owner)
    with pytest.raises(actions.NotYours) as refused:
        actions.submit_quote(both_owner, both, request, quote_raw())
    assert "own request" in str(refused.value.message)
    pure_buyer, pure_owner = buyer("Only Buys Ltd")
    with pytest.raises(actions.NotYours):
        actions.submit_quote(pure_owner, pure_buyer, request, quote_raw())
    with pytest.raises(NotAllowed):
        actions.submit_quote(both_owner, gayo[0], request, quote_raw())
    assert not Quote.objects.exists()


def test_a_closed_or_past_deadline_request_takes_no_quote(osaka, gayo) -> None:
    org, owner = osaka
    msme, msme_owner = gayo
    draft, _ = actions.create_request(owner, org, request_raw())
    with pytest.raises(actions.NotPossibleNow):
        actions.submit_quote(msme_owner, msme, draft, quote_raw())
    past = posted(org, owner)
    SourcingRequest.objects.filter(pk=past.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    past.refresh_from_db()
    with pytest.raises(actions.NotPossibleNow):
        actions.submit_quote(msme_owner, msme, past, quote_raw())
    closed = actions.close_request(owner, posted(org, owner))
    with pytest.raises(actions.NotPossibleNow) as refused:
        actions.submit_quote(msme_owner, msme, closed, quote_raw())
    assert refused.value.status == 409
    assert not Quote.objects.exists()


def test_a_quote_repeated_with_its_key_changes_nothing(osaka, gayo) -> None:
    org, owner = osaka
    msme, msme_owner = gayo
    request = posted(org, owner)
    first, outcome = actions.quote_submission(msme_owner, msme, request, quote_raw(), idempotency_key="q-1")
    stamp = first.updated_at
    notices = Notification.objects.filter(kind=Kind.QUOTE).count()

    again, outcome_again = actions.quote_submission(
        msme_owner, msme, request, quote_raw(price="1.00"), idempotency_key="q-1"
    )
    assert (outcome, outcome_again) == ("created", "repeated")
    assert again.pk == first.pk
    stored = Quote.objects.get()
    assert (str(stored.price), stored.updated_at) == ("6.20", stamp)
    assert Notification.objects.filter(kind=Kind.QUOTE).count() == notices

    _revised, outcome = actions.quote_submission(
        msme_owner, msme, request, quote_raw(price="6.00"), idempotency_key="q-2"
    )
    assert outcome == "revised" and str(Quote.objects.get().price) == "6.00"
    # The key of an earlier revision is not the quote's last one: sent again, it is a revision too.
    assert (
        actions.quote_submission(msme_owner, msme, request, quote_raw(), idempotency_key="q-1")[1]
        == "revised"
    )


def test_two_first_quotes_at_once_make_one_quote(osaka, gayo, monkeypatch) -> None:
    """Both found no quote before either saved: the loser revises the winner's quote instead of failing."""
    org, owner = osaka
    msme, msme_owner = gayo
    request = posted(org, owner)
    real_clean = actions.clean_quote
    raced: list[int] = []

    def other_submission_commits_meanwhile(raw: dict[str, Any]) -> Any:
        values = real_clean(raw)
        if not raced:
            raced.append(
                Quote.objects.create(
                    request=request,
                    organisation=msme,
                    price=7,
                    currency="USD",
                    incoterm="FOB",
                    lead_time_days=10,
                    valid_until=timezone.localdate(),
                    idempotency_key="same",
                ).pk
            )
        return values

    monkeypatch.setattr(actions, "clean_quote", other_submission_commits_meanwhile)
    quote, outcome = actions.quote_submission(msme_owner, msme, request, quote_raw(), idempotency_key="same")
    assert (quote.pk, outcome) == (raced[0], "repeated")

    raced.clear()
    other = posted(org, owner)
    request = other  # the racing submission now lands on this request
    quote, outcome = actions.quote_submission(
        msme_owner, msme, other, quote_raw(price="6.10"), idempotency_key="b"
    )
    assert (quote.pk, outcome) == (raced[0], "revised")
    assert str(Quote.objects.get(pk=raced[0]).price) == "6.10"
    assert Quote.objects.count() == 2


def test_responsiveness_counts_a_request_once(osaka, gayo) -> None:
    """Matched once, quoted once: withdrawing and quoting again is still one answer to one request."""
    org, owner = osaka
    msme, msme_owner = gayo
    request = posted(org, owner)
    tasks.notify_matches.call(request.pk)
    quote = actions.submit_quote(msme_owner, msme, request, quote_raw())
    actions.withdraw_quote(msme_owner, quote)
    actions.submit_quote(msme_owner, msme, request, quote_raw(price="6.00"))
    record = Responsiveness.objects.get(organisation=msme)
    assert (record.matched, record.quoted) == (1, 1)


# --- Shortlist, award, close ------------------------------------------------------------------------------------


@pytest.fixture
def three_quotes(osaka) -> tuple[SourcingRequest, list[Quote], Any]:
    org, owner = osaka
    suppliers = [supplier(name) for name in ("Kopi Gayo", "Kopi Toraja", "Kopi Kintamani")]
    for msme, msme_owner in suppliers:
        product(msme, msme_owner, title=f"Kopi arabika {msme.name}")
    request = posted(org, owner)
    quotes = [
        actions.submit_quote(msme_owner, msme, request, quote_raw(price=f"6.{n}0"))
        for n, (msme, msme_owner) in enumerate(suppliers)
    ]
    return request, quotes, owner


def test_award_declines_the_other_quotes_and_tells_everyone(three_quotes, gayo) -> None:
    request, (winner, shortlisted, other), owner = three_quotes
    late, late_owner = gayo
    withdrawn = actions.submit_quote(late_owner, late, request, quote_raw())
    actions.withdraw_quote(late_owner, withdrawn)
    actions.shortlist_quote(owner, shortlisted)

    actions.award_quote(owner, winner)

    request.refresh_from_db()
    assert request.status == SourcingRequest.Status.AWARDED and request.closed_at is not None
    statuses = dict(Quote.objects.values_list("pk", "status"))
    assert statuses == {
        winner.pk: "awarded",
        shortlisted.pk: "declined",
        other.pk: "declined",
        withdrawn.pk: "withdrawn",
    }
    assert set(Notification.objects.filter(kind=Kind.AWARDED).values_list("organisation_id", flat=True)) == {
        winner.organisation_id
    }
    assert set(
        Notification.objects.filter(kind=Kind.NOT_CHOSEN).values_list("organisation_id", flat=True)
    ) == {
        shortlisted.organisation_id,
        other.organisation_id,
    }
    with pytest.raises(actions.NotPossibleNow):
        actions.award_quote(owner, Quote.objects.get(pk=other.pk))
    with pytest.raises(actions.NotPossibleNow):
        actions.withdraw_quote(Quote.objects.get(pk=winner.pk).created_by, Quote.objects.get(pk=winner.pk))


def test_two_awards_at_once_cannot_both_win(three_quotes) -> None:
    """Two members award different quotes from pages loaded before either award: the second is refused, and
    a close from a stale page leaves the award alone."""
    request, (first, second, _third), owner = three_quotes
    stale_first = Quote.objects.select_related("request").get(pk=first.pk)
    stale_second = Quote.objects.select_related("request").get(pk=second.pk)
    stale_request = SourcingRequest.objects.get(pk=request.pk)

    actions.award_quote(owner, stale_first)
    with pytest.raises(actions.NotPossibleNow):
        actions.award_quote(owner, stale_second)
    with pytest.raises(actions.NotPossibleNow):
        actions.close_request(owner, stale_request)

    assert list(Quote.objects.filter(status="awarded").values_list("pk", flat=True)) == [first.pk]
    assert SourcingRequest.objects.get(pk=request.pk).status == "awarded"
    assert not Notification.objects.filter(kind=Kind.AWARDED, organisation_id=second.organisation_id).exists()


def test_a_closed_request_can_still_be_awarded(three_quotes) -> None:
    request, (winner, *_others), owner = three_quotes
    actions.close_request(owner, request)
    assert set(
        Notification.objects.filter(kind=Kind.CLOSED).values_list("organisation_id", flat=True)
    ) == set(Quote.objects.values_list("organisation_id", flat=True))
    actions.award_quote(owner, Quote.objects.select_related("request").get(pk=winner.pk))
    assert SourcingRequest.objects.get(pk=request.pk).status == "awarded"


def test_only_the_buyer_shortlists_and_awards(three_quotes) -> None:
    _request, (quote, *_others), _owner = three_quotes
    with pytest.raises(NotAllowed):
        actions.shortlist_quote(quote.created_by, quote)
    with pytest.raises(NotAllowed):
        actions.award_quote(quote.created_by, quote)
    assert Quote.objects.get(pk=quote.pk).status == "submitted"


# --- Notices ----------------------------------------------------------------------------------------------------


def test_each_step_leaves_a_notice_for_the_other_side(osaka, gayo) -> None:
    org, owner = osaka
    msme, msme_owner = gayo
    request = posted(org, owner)
    assert tasks.notify_matches.call(request.pk) == 1
    quote = actions.submit_quote(msme_owner, msme, request, quote_raw())
    actions.shortlist_quote(owner, quote)
    question = actions.post_message(msme_owner, request, msme, "Bags of 60 kg?")
    answer = actions.post_message(owner, request, msme, "Yes, 60 kg jute bags.")

    notices = set(Notification.objects.values_list("organisation_id", "kind", "key"))
    assert notices == {
        (msme.pk, Kind.MATCHED, ""),
        (org.pk, Kind.QUOTE, f"q{quote.pk}-{int(quote.updated_at.timestamp())}"),
        (msme.pk, Kind.SHORTLISTED, str(quote.pk)),
        (org.pk, Kind.MESSAGE, f"m{question.pk}"),
        (msme.pk, Kind.MESSAGE, f"m{answer.pk}"),
    }
    assert [m.author_organisation_id for m in ThreadMessage.objects.all()] == [msme.pk, org.pk]

    assert actions.mark_read(msme_owner, msme) == 3
    assert Notification.objects.filter(organisation=msme, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(organisation=org, read_at__isnull=True).count() == 2
    with pytest.raises(NotAllowed):
        actions.mark_read(msme_owner, org)


def test_notices_are_emailed_to_owners_after_commit(
    settings, mailoutbox, django_capture_on_commit_callbacks, osaka, gayo
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    org, owner = osaka
    msme, msme_owner = gayo
    with django_capture_on_commit_callbacks(execute=True):
        request = posted(org, owner)
    assert [m.to for m in mailoutbox] == [[msme_owner.email]]
    assert "Arabica green coffee beans" in mailoutbox[0].body
    assert f"/sourcing/requests/{request.pk}/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_quote(msme_owner, msme, request, quote_raw())
    assert [m.to for m in mailoutbox[1:]] == [[owner.email]]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_buyer_writes_only_to_suppliers_it_matched_or_that_quoted(osaka, gayo) -> None:
    org, owner = osaka
    request = posted(org, owner)
    stranger, _stranger_owner = supplier("Not Matched")
    with pytest.raises(NotFound):
        actions.post_message(owner, request, stranger, "Hello?")
    with pytest.raises(actions.RequestInvalid):
        actions.post_message(owner, request, gayo[0], "   ")
    assert not ThreadMessage.objects.exists()
