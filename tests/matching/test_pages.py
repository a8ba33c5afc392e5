"""The sourcing pages as a buyer and a supplier use them on a phone: posting a request, comparing the matched
suppliers and their quotes, quoting, talking, awarding; and who may see what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from rantai.directory.models import Membership, Organisation
from rantai.matching import tasks
from rantai.matching.models import AbuseReport, Notification, Quote, SourcingRequest, ThreadMessage
from tests.catalogue.helpers import make_product
from tests.factories import MembershipFactory, OrganisationFactory, TradeOfficialFactory, UserFactory, japan

pytestmark = pytest.mark.django_db


def owner_of(organisation: Organisation, **user) -> object:
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.OWNER, user=UserFactory(**user)
    ).user


@pytest.fixture
def buyer() -> Organisation:
    return OrganisationFactory(name="Tokyo Bean Traders", kind=Organisation.Kind.BUYER, economy=japan())


@pytest.fixture
def buyer_user(buyer):
    return owner_of(buyer)


@pytest.fixture
def supplier() -> Organisation:
    return OrganisationFactory(name="Kopi Gayo Lestari", kind=Organisation.Kind.MSME)


@pytest.fixture
def supplier_user(supplier):
    user = owner_of(supplier)
    make_product(supplier, user, "GAYO-1")
    return user


@pytest.fixture
def rival() -> Organisation:
    return OrganisationFactory(name="Kopi Toraja Sejahtera", kind=Organisation.Kind.MSME)


@pytest.fixture
def rival_user(rival):
    user = owner_of(rival)
    make_product(rival, user, "TORAJA-1", title="Kopi arabika Toraja, biji hijau")
    return user


def request_data(buyer: Organisation, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "org": buyer.pk,
        "token": "form-token-1",
        "title": "Green arabica coffee beans",
        "description": "Grade 1, wet hulled, in 60 kg bags.",
        "language": "en",
        "hs_code": "090111",
        "quantity": "2000",
        "unit": "kg",
        "target_price": "6.50",
        "currency": "USD",
        "destination": "JPN",
        "incoterm": "FOB",
        "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
        "action": "publish",
    }
    data.update(overrides)
    return data


def quote_data(supplier: Organisation, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "org": supplier.pk,
        "price": "6.20",
        "currency": "USD",
        "incoterm": "FOB",
        "lead_time_days": "30",
        "valid_until": (dt.date.today() + dt.timedelta(days=40)).isoformat(),
        "message": "Fresh crop from Takengon, samples on request.",
    }
    data.update(overrides)
    return data


def signed_in(user, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


@pytest.fixture
def published(buyer, buyer_user, supplier_user, rival_user) -> SourcingRequest:
    response = signed_in(buyer_user).post("/sourcing/new/", request_data(buyer))
    assert response.status_code == 302, response.content.decode()[:2000]
    return SourcingRequest.objects.get(buyer=buyer)


# --- Posting a request ---------------------------------------------------------------------------------------------


def test_the_form_suggests_hs_codes_as_the_buyer_types(buyer_user):
    page = signed_in(buyer_user).get("/sourcing/new/").content.decode()
    assert 'data-classify-suggest="/classify/suggest/"' in page
    assert 'data-classify-target="hs-suggestions"' in page
    assert 'id="hs-suggestions"' in page
    assert 'data-classify-field="id_hs_code"' in page  # a suggestion's button fills this field
    assert "classify/suggest.js" in page
    assert re.search(r'<input type="hidden" name="token" value="[\w-]{20,}"', page)


def test_a_page_sent_back_shows_the_suggestions_for_the_words_typed(buyer, buyer_user):
    response = signed_in(buyer_user).post(
        "/sourcing/new/", request_data(buyer, hs_code="", quantity="", title="green arabica coffee beans")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "0901.11" in page and 'data-hs-use="090111" data-hs-field="id_hs_code"' in page


def test_buyer_saves_a_draft_then_publishes_it(buyer, buyer_user, supplier, supplier_user):
    client = signed_in(buyer_user)
    response = client.post("/sourcing/new/", request_data(buyer, action="draft"))
    sourcing = SourcingRequest.objects.get(buyer=buyer)
    assert response.status_code == 302 and response["Location"] == f"/sourcing/requests/{sourcing.pk}/"
    assert sourcing.status == SourcingRequest.Status.DRAFT
    assert not sourcing.matches.exists()
    page = client.get(response["Location"]).content.decode()
    assert "badge-draft" in page and "only your organisation sees it" in page

    edit = client.get(f"/sourcing/requests/{sourcing.pk}/edit/")
    assert edit.status_code == 200 and 'value="Green arabica coffee beans"' in edit.content.decode()
    response = client.post(
        f"/sourcing/requests/{sourcing.pk}/edit/", request_data(buyer, quantity="3000", action="publish")
    )
    assert response.status_code == 302
    sourcing.refresh_from_db()
    assert sourcing.status == SourcingRequest.Status.OPEN
    assert sourcing.quantity == 3000
    assert sourcing.matches.filter(organisation=supplier).exists()
    # An open request is no longer a draft to edit.
    assert client.get(f"/sourcing/requests/{sourcing.pk}/edit/").status_code == 302


def test_publishing_a_draft_without_hs_code_says_what_to_fix(buyer, buyer_user):
    client = signed_in(buyer_user)
    client.post("/sourcing/new/", request_data(buyer, hs_code="", action="draft"))
    sourcing = SourcingRequest.objects.get(buyer=buyer)
    response = client.post(f"/sourcing/requests/{sourcing.pk}/open/", follow=True)
    assert "Choose the HS code of the goods before opening the request" in response.content.decode()
    sourcing.refresh_from_db()
    assert sourcing.status == SourcingRequest.Status.DRAFT


def test_a_double_submit_with_the_same_token_creates_one_request(buyer, buyer_user):
    client = signed_in(buyer_user)
    first = client.post("/sourcing/new/", request_data(buyer))
    second = client.post("/sourcing/new/", request_data(buyer))
    assert SourcingRequest.objects.filter(buyer=buyer).count() == 1
    assert first["Location"] == second["Location"]
    client.post("/sourcing/new/", request_data(buyer, token="form-token-2"))
    assert SourcingRequest.objects.filter(buyer=buyer).count() == 2


def test_bad_input_shows_errors_next_to_the_fields_in_indonesian(buyer):
    user = owner_of(buyer, preferred_language="id")
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    response = signed_in(user).post(
        "/id/sourcing/new/", request_data(buyer, title="", quantity="-3", currency="XYZ", deadline=past)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Beberapa rincian permintaan perlu diperbaiki." in page
    assert "Tanggalnya sudah lewat." in page
    assert "XYZ bukan kode mata uang ISO 4217" in page
    assert "Sebutkan apa yang Anda butuhkan" in page
    # Each message sits in the field it is about.
    assert re.search(r'field-invalid">.*?id="id_deadline".*?Tanggalnya sudah lewat', page, re.S) or re.search(
        r'field-invalid">(?:(?!class="field).)*Tanggalnya sudah lewat', page, re.S
    )
    assert page.count("field-invalid") >= 4
    assert not SourcingRequest.objects.exists()


def test_a_limit_reached_is_said_on_the_form(monkeypatch, published, buyer, buyer_user):
    from rantai.matching import actions

    monkeypatch.setattr(actions, "MAX_OPEN_UNVERIFIED", 1)
    response = signed_in(buyer_user).post("/sourcing/new/", request_data(buyer, token="form-token-3"))
    assert response.status_code == 400
    assert "An organisation not yet verified can have 1 open requests at once." in response.content.decode()
    assert SourcingRequest.objects.filter(buyer=buyer).count() == 1


def test_only_buyer_organisations_post_requests(supplier_user):
    response = signed_in(supplier_user).get("/sourcing/new/")
    assert response.status_code == 403


# --- Matches, quotes, award ----------------------------------------------------------------------------------------


def test_buyer_sees_ranked_matches_with_their_reasons(published, buyer_user, supplier, rival):
    page = signed_in(buyer_user).get(f"/sourcing/requests/{published.pk}/").content.decode()
    assert supplier.name in page and rival.name in page
    assert "HS code match" in page and "Product relevance" in page
    assert "Same HS subheading (090111)." in page
    assert re.search(r'<meter min="0" max="100"[^>]*value="\d+"', page)
    assert "Why this supplier" in page


def test_matches_and_reasons_are_in_indonesian_under_id(published, buyer_user):
    page = signed_in(buyer_user).get(f"/id/sourcing/requests/{published.pk}/").content.decode()
    assert "Subpos HS yang sama (090111)." in page
    assert "Kecocokan kode HS" in page


def test_supplier_quotes_then_buyer_shortlists_and_awards(
    published, buyer_user, supplier, supplier_user, rival, rival_user
):
    url = f"/sourcing/requests/{published.pk}/"
    supplier_client = signed_in(supplier_user)
    page = supplier_client.get(url).content.decode()
    assert "Send a quote" in page and "Green arabica coffee beans" in page
    assert "Why this supplier" not in page  # the ranking is the buyer's

    response = supplier_client.post(f"{url}quote/", quote_data(supplier))
    assert response.status_code == 302
    quote = Quote.objects.get(request=published, organisation=supplier)
    assert str(quote.price) == "6.20"
    revised = supplier_client.post(f"{url}quote/", quote_data(supplier, price="6.10"), follow=True)
    assert "Your quote is revised" in revised.content.decode()
    assert Quote.objects.filter(request=published, organisation=supplier).count() == 1

    rival_client = signed_in(rival_user)
    rival_client.post(f"{url}quote/", quote_data(rival, price="5.90"))
    rival_quote = Quote.objects.get(request=published, organisation=rival)

    buyer_client = signed_in(buyer_user)
    page = buyer_client.get(url).content.decode()
    assert "6.10 USD" in page and "5.90 USD" in page

    buyer_client.post(f"/sourcing/quotes/{quote.pk}/shortlist/", {"shortlisted": "1"})
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SHORTLISTED

    response = buyer_client.post(f"/sourcing/quotes/{quote.pk}/award/", follow=True)
    assert "The request is awarded." in response.content.decode()
    published.refresh_from_db()
    quote.refresh_from_db()
    rival_quote.refresh_from_db()
    assert published.status == SourcingRequest.Status.AWARDED
    assert quote.status == Quote.Status.AWARDED
    assert rival_quote.status == Quote.Status.DECLINED

    buyer_page = buyer_client.get(url).content.decode()
    assert re.search(
        rf'<h3 id="quote-{quote.pk}">Kopi Gayo Lestari</h3>\s*<span class="badge badge-awarded">',
        buyer_page,
    )
    winner_page = supplier_client.get(url).content.decode()
    assert "Your quote won the award." in winner_page
    loser_page = rival_client.get(url).content.decode()
    assert "Not chosen" in loser_page
    assert supplier.name not in loser_page and "6.10" not in loser_page

    # Awarding again is refused with a message, not an error page.
    again = buyer_client.post(f"/sourcing/quotes/{rival_quote.pk}/award/", follow=True)
    assert again.status_code == 200
    assert "This quote cannot be awarded now." in again.content.decode()


def test_quote_errors_are_shown_next_to_the_fields(published, supplier, supplier_user):
    response = signed_in(supplier_user).post(
        f"/sourcing/requests/{published.pk}/quote/", quote_data(supplier, price="0", incoterm="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some details of the quote need fixing." in page
    assert "The price must be more than zero." in page
    assert not Quote.objects.exists()


def test_supplier_withdraws_its_quote(published, supplier, supplier_user):
    client = signed_in(supplier_user)
    client.post(f"/sourcing/requests/{published.pk}/quote/", quote_data(supplier))
    quote = Quote.objects.get()
    client.post(f"/sourcing/quotes/{quote.pk}/withdraw/")
    quote.refresh_from_db()
    assert quote.status == Quote.Status.WITHDRAWN


def test_a_closed_request_takes_no_quote_and_says_so(published, buyer_user, supplier, supplier_user):
    signed_in(buyer_user).post(f"/sourcing/requests/{published.pk}/close/")
    published.refresh_from_db()
    assert published.status == SourcingRequest.Status.CLOSED
    response = signed_in(supplier_user).post(
        f"/sourcing/requests/{published.pk}/quote/", quote_data(supplier), follow=True
    )
    assert response.status_code == 200
    assert "This request no longer takes quotes." in response.content.decode()
    assert not Quote.objects.exists()


def test_a_supplier_cannot_shortlist_or_award(published, supplier, supplier_user):
    client = signed_in(supplier_user)
    client.post(f"/sourcing/requests/{published.pk}/quote/", quote_data(supplier))
    quote = Quote.objects.get()
    assert client.post(f"/sourcing/quotes/{quote.pk}/award/").status_code == 403
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SUBMITTED


# --- Conversation, reports, notifications --------------------------------------------------------------------------


def test_buyer_and_supplier_talk_in_their_thread(published, buyer_user, supplier, supplier_user, rival_user):
    url = f"/sourcing/requests/{published.pk}/messages/{supplier.pk}/"
    supplier_client = signed_in(supplier_user)
    assert supplier_client.post(url, {"body": "Do you need washed or wet-hulled beans?"}).status_code == 302
    buyer_client = signed_in(buyer_user)
    page = buyer_client.get(url).content.decode()
    assert "Do you need washed or wet-hulled beans?" in page
    buyer_client.post(url, {"body": "Wet-hulled, please."})
    assert list(ThreadMessage.objects.values_list("body", flat=True)) == [
        "Do you need washed or wet-hulled beans?",
        "Wet-hulled, please.",
    ]
    assert "Wet-hulled, please." in supplier_client.get(url).content.decode()
    # Another supplier cannot read it.
    assert signed_in(rival_user).get(url).status_code == 404
    # An empty message is refused next to the field.
    empty = supplier_client.post(url, {"body": "  "})
    assert empty.status_code == 400 and "Write a message." in empty.content.decode()


def test_anyone_who_sees_the_request_can_report_it(published, rival_user):
    client = signed_in(rival_user)
    empty = client.post(f"/sourcing/requests/{published.pk}/report/", {"reason": ""})
    assert empty.status_code == 400 and "Say what is wrong." in empty.content.decode()
    client.post(f"/sourcing/requests/{published.pk}/report/", {"reason": "This looks like a fake buyer."})
    report = AbuseReport.objects.get()
    assert report.request == published and report.status == AbuseReport.Status.OPEN


def test_supplier_sees_fitting_requests_and_notifications(published, supplier, supplier_user):
    tasks.notify_matches.call(published.pk)
    notice = Notification.objects.get(organisation=supplier, kind=Notification.Kind.MATCHED)
    client = signed_in(supplier_user)
    page = client.get("/sourcing/").content.decode()
    assert "A new sourcing request fits your catalogue" in page
    assert f"/sourcing/requests/{published.pk}/" in page
    assert "Open requests that fit the catalogue of Kopi Gayo Lestari" in page
    dashboard = client.get("/dashboard/").content.decode()
    assert "1 new notification" in dashboard and "1 open request fits your catalogue." in dashboard
    client.post("/sourcing/notifications/read/", {"notification": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_buyer_lists_its_requests_with_counts(published, buyer_user):
    page = signed_in(buyer_user).get("/sourcing/requests/").content.decode()
    assert "Green arabica coffee beans" in page
    assert f'<td class="number">{published.matches.count()}</td>' in page


# --- Who sees what -------------------------------------------------------------------------------------------------


def test_strangers_get_a_404_and_visitors_sign_in(published):
    stranger = UserFactory()
    assert signed_in(stranger).get(f"/sourcing/requests/{published.pk}/").status_code == 404
    assert Client().get(f"/sourcing/requests/{published.pk}/").status_code == 302


def test_a_draft_is_seen_by_its_buyer_only(buyer, buyer_user, supplier_user):
    signed_in(buyer_user).post("/sourcing/new/", request_data(buyer, action="draft"))
    sourcing = SourcingRequest.objects.get()
    assert signed_in(supplier_user).get(f"/sourcing/requests/{sourcing.pk}/").status_code == 404


def test_a_supplier_does_not_see_another_suppliers_quote(published, supplier, supplier_user, rival_user):
    signed_in(supplier_user).post(
        f"/sourcing/requests/{published.pk}/quote/",
        quote_data(supplier, price="7.77", message="Secret terms"),
    )
    quote = Quote.objects.get()
    client = signed_in(rival_user)
    page = client.get(f"/sourcing/requests/{published.pk}/").content.decode()
    assert "7.77" not in page and "Secret terms" not in page
    assert client.post(f"/sourcing/quotes/{quote.pk}/withdraw/").status_code == 404


def test_an_official_sees_the_summary_only(published, supplier, buyer_user):
    official = TradeOfficialFactory().user
    client = signed_in(official)
    response = client.get("/sourcing/official/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Suppliers matched to requests" in page
    assert "Green arabica coffee beans" not in page and supplier.name not in page
    assert client.get(f"/sourcing/requests/{published.pk}/").status_code == 404
    assert signed_in(buyer_user).get("/sourcing/official/").status_code == 403


def test_every_post_needs_the_csrf_token(buyer, buyer_user, published, supplier, supplier_user):
    response = signed_in(buyer_user, enforce_csrf=True).post(
        "/sourcing/new/", request_data(buyer, token="t-9")
    )
    assert response.status_code == 403
    assert SourcingRequest.objects.count() == 1
    client = signed_in(supplier_user, enforce_csrf=True)
    assert client.post(f"/sourcing/requests/{published.pk}/quote/", quote_data(supplier)).status_code == 403
    assert not Quote.objects.exists()
    page = client.get(f"/sourcing/requests/{published.pk}/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 3
