"""/api/v1/sourcing: every endpoint for every role, own and others' objects; what each role sees; idempotency;
field errors in the client's language; the acting organisation.

The world (fresh for every case): Osaka Fine Foods, a Japanese buyer, with a member; its open request R,
matched to Kopi Gayo (an Indonesian MSME, with a member) which quoted on it and wrote in their thread; Kopi
Toraja, another Indonesian MSME not matched (its listing is tea), which quoted too; a draft D of Osaka; a
trade official of Indonesia; a platform admin.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from rantai.directory.models import Membership, Organisation
from rantai.matching import actions, tasks
from rantai.matching.models import AbuseReport, Notification, Quote, SourcingRequest
from tests.factories import MembershipFactory, TradeOfficialFactory, UserFactory, api_token
from tests.matching.helpers import buyer, organisation, posted, product, quote_raw, request_raw, supplier

ROLES = ("anonymous", "buyer", "supplier", "other_supplier", "official", "admin")
BASE = "/api/v1/sourcing"


@dataclass
class World:
    buyer: Organisation
    supplier: Organisation
    other: Organisation
    request: SourcingRequest
    draft: SourcingRequest
    quote: Quote
    other_quote: Quote
    users: dict[str, Any]
    tokens: dict[str, str]

    def fill(self, template: str) -> str:
        return template.format(
            rfq=self.request.pk,
            draft=self.draft.pk,
            quote=self.quote.pk,
            supplier=self.supplier.pk,
            other_quote=self.other_quote.pk,
        )

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        found = {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}
        return {**found, **extra}


def build_world() -> World:
    osaka, _osaka_owner = buyer("Osaka Fine Foods")
    buyer_member = MembershipFactory(organisation=osaka, role=Membership.Role.MEMBER).user
    gayo, gayo_owner = supplier("Kopi Gayo Lestari")
    product(gayo, gayo_owner, title="Kopi arabika Gayo, biji hijau")
    supplier_member = MembershipFactory(organisation=gayo, role=Membership.Role.MEMBER).user
    toraja, toraja_owner = supplier("Teh Toraja")
    product(toraja, toraja_owner, title="Teh hijau Toraja", hs_code="090210")
    other_member = MembershipFactory(organisation=toraja, role=Membership.Role.MEMBER).user

    request = posted(osaka, buyer_member)
    assert list(request.matches.values_list("organisation_id", flat=True)) == [gayo.pk]
    tasks.notify_matches.call(request.pk)
    quote = actions.submit_quote(supplier_member, gayo, request, quote_raw())
    other_quote = actions.submit_quote(other_member, toraja, request, quote_raw(price="7.10"))
    actions.post_message(supplier_member, request, gayo, "Do you need 60 kg jute bags?")
    draft, _ = actions.create_request(buyer_member, osaka, request_raw(title="Robusta for next season"))
    users = {
        "anonymous": None,
        "buyer": buyer_member,
        "supplier": supplier_member,
        "other_supplier": other_member,
        "official": TradeOfficialFactory().user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    tokens = {role: api_token(user)[1] for role, user in users.items() if user is not None}
    return World(osaka, gayo, toraja, request, draft, quote, other_quote, users, tokens)


def expect(default: int, **per_role: int) -> dict[str, int]:
    assert not set(per_role) - set(ROLES)
    return {role: per_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: dict[str, Any] | None = None


BUYER_ONLY = expect(404, anonymous=401, buyer=200, supplier=403, other_supplier=403)
DRAFT_ONLY = expect(404, anonymous=401, buyer=200)
QUOTE_BUYER = expect(404, anonymous=401, buyer=200, supplier=403)
SIGNED_IN = expect(200, anonymous=401)

ROWS = [
    Row("POST", "/requests", expect(403, anonymous=401, buyer=201), body=request_raw()),
    Row("GET", "/requests", expect(200, anonymous=401, official=403, admin=403)),
    Row("GET", "/requests/{rfq}", expect(200, anonymous=401, official=404, admin=404)),
    Row("GET", "/requests/{draft}", DRAFT_ONLY),
    Row("PATCH", "/requests/{draft}", DRAFT_ONLY, body={"quantity": "2500"}),
    Row("PATCH", "/requests/{rfq}", {**BUYER_ONLY, "buyer": 409}, body={"quantity": "2500"}),
    Row("POST", "/requests/{draft}/open", DRAFT_ONLY),
    Row("POST", "/requests/{rfq}/close", BUYER_ONLY),
    Row("GET", "/requests/{rfq}/matches", BUYER_ONLY),
    Row(
        "POST",
        "/requests/{rfq}/quotes",
        expect(404, anonymous=401, buyer=403, supplier=200, other_supplier=200),
        body=quote_raw(price="6.00"),
    ),
    Row("GET", "/requests/{rfq}/quotes", expect(200, anonymous=401, official=404, admin=404)),
    Row("POST", "/quotes/{quote}/withdraw", expect(404, anonymous=401, buyer=403, supplier=200)),
    Row("POST", "/quotes/{quote}/shortlist", QUOTE_BUYER),
    Row("DELETE", "/quotes/{quote}/shortlist", QUOTE_BUYER),
    Row("POST", "/quotes/{quote}/award", QUOTE_BUYER),
    Row(
        "GET",
        "/requests/{rfq}/threads/{supplier}/messages",
        expect(404, anonymous=401, buyer=200, supplier=200),
    ),
    Row(
        "POST",
        "/requests/{rfq}/threads/{supplier}/messages",
        expect(404, anonymous=401, buyer=201, supplier=201),
        body={"body": "Yes, 60 kg bags please."},
    ),
    Row(
        "POST",
        "/requests/{rfq}/reports",
        expect(201, anonymous=401, official=404, admin=404),
        body={"reason": "This looks like spam."},
    ),
    Row("GET", "/notifications", SIGNED_IN),
    Row("POST", "/notifications/read", SIGNED_IN, body={}),
    Row("GET", "/open", expect(200, anonymous=401, official=403, admin=403)),
    Row("GET", "/official/summary", expect(403, anonymous=401, official=200)),
]


class _Undo(Exception):
    pass


def send(
    client: Client, world: World, method: str, path: str, role: str, body: Any = None, **headers: str
) -> Any:
    kwargs: dict[str, Any] = {"headers": world.headers(role, **headers)}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method.lower())(BASE + world.fill(path), **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.path}" for r in ROWS])
def test_every_endpoint_for_every_role(row: Row) -> None:
    """Each role meets the same world: its changes are rolled back before the next role's turn."""
    world = build_world()
    wrong = []
    for role in ROLES:
        try:
            with transaction.atomic():
                response = send(Client(), world, row.method, row.path, role, row.body)
                if response.status_code != row.expect[role]:
                    wrong.append(
                        f"{role}: {response.status_code} {response.content[:200]!r}, "
                        f"expected {row.expect[role]}"
                    )
                elif response.status_code >= 400:
                    body = response.json()
                    if set(body) != {"code", "message", "fields"}:
                        wrong.append(f"{role}: error body {body}")
                raise _Undo
        except _Undo:
            pass
    assert not wrong, f"{row.method} {row.path}:\n" + "\n".join(wrong)


def test_the_table_covers_every_sourcing_operation() -> None:
    from rantai.api.main import api

    covered = {(row.method, row.path) for row in ROWS}
    names = {"{rfq_id}": "{rfq}", "{quote_id}": "{quote}", "{supplier_id}": "{supplier}"}
    missing = []
    for raw_path, operations in api.get_openapi_schema()["paths"].items():
        if not raw_path.startswith(BASE):
            continue
        path = raw_path.removeprefix(BASE)
        for theirs, ours in names.items():
            path = path.replace(theirs, ours)
        for method in operations:
            if (method.upper(), path) not in covered and (
                method.upper(),
                path.replace("{rfq}", "{draft}"),
            ) not in covered:
                missing.append(f"{method.upper()} {raw_path}")
    assert not missing, missing


# --- What each role sees ---------------------------------------------------------------------------------------


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def get(client: Client, world: World, path: str, role: str, **headers: str) -> Any:
    response = send(client, world, "GET", path, role, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_quotes_are_seen_only_by_the_buyer_and_the_quoting_organisation(client, world) -> None:
    seen = {
        role: {q["id"] for q in get(client, world, "/requests/{rfq}/quotes", role)}
        for role in ("buyer", "supplier", "other_supplier")
    }
    assert seen == {
        "buyer": {world.quote.pk, world.other_quote.pk},
        "supplier": {world.quote.pk},
        "other_supplier": {world.other_quote.pk},
    }
    for role in ("other_supplier", "official", "admin"):
        assert send(client, world, "POST", "/quotes/{quote}/withdraw", role).status_code in (403, 404)
    reported = send(
        client,
        world,
        "POST",
        "/requests/{rfq}/reports",
        "other_supplier",
        {"reason": "Price too low to be true", "quote": world.quote.pk},
    )
    assert reported.status_code == 404, "another supplier's quote cannot even be named in a report"
    reported = send(
        client,
        world,
        "POST",
        "/requests/{rfq}/reports",
        "buyer",
        {"reason": "Price too low to be true", "quote": world.quote.pk},
    )
    assert reported.status_code == 201 and reported.json()["quote"] == world.quote.pk
    assert AbuseReport.objects.get().reporter == world.users["buyer"]


def test_a_request_shows_its_counts_and_the_buyers_origins_only_to_the_buyer(client, world) -> None:
    mine = get(client, world, "/requests/{rfq}", "buyer")
    assert (mine["quote_count"], mine["match_count"], mine["current_origins"]) == (2, 1, [])
    assert (mine["status"], mine["hs_code"], mine["quantity"], mine["buyer_name"]) == (
        "open",
        "090111",
        "2000.000",
        "Osaka Fine Foods",
    )
    theirs = get(client, world, "/requests/{rfq}", "supplier")
    assert (theirs["quote_count"], theirs["match_count"], theirs["current_origins"]) == (None, None, None)
    listed = get(client, world, "/requests", "buyer")
    assert [r["id"] for r in listed] == [world.draft.pk, world.request.pk]
    assert [r["id"] for r in get(client, world, "/requests?status=open", "buyer")] == [world.request.pk]
    assert [r["id"] for r in get(client, world, "/requests?offset=1&limit=1", "buyer")] == [world.request.pk]
    assert get(client, world, "/requests", "supplier") == []


def test_matches_carry_their_components_and_reasons(client, world) -> None:
    (match,) = get(client, world, "/requests/{rfq}/matches", "buyer")
    assert (match["rank"], match["organisation_id"], match["organisation"], match["economy"]) == (
        1,
        world.supplier.pk,
        "Kopi Gayo Lestari",
        "IDN",
    )
    assert match["notified"] and 0 < match["score"] <= 1
    names = [c["name"] for c in match["components"]]
    assert names[:2] == ["relevance", "hs_match"] and "duty" in names
    hs = next(c for c in match["components"] if c["name"] == "hs_match")
    assert (hs["label"], hs["reason"], hs["text"]) == (
        "HS code match",
        "subheading",
        "Same HS subheading (090111).",
    )
    duty = next(c for c in match["components"] if c["name"] == "duty")
    assert duty["text"] == "No tariff schedule of Japan is loaded for this code: duty not compared."


def test_a_thread_is_seen_by_its_two_sides(client, world) -> None:
    for role in ("buyer", "supplier"):
        messages = get(client, world, "/requests/{rfq}/threads/{supplier}/messages", role)
        assert [(m["body"], m["from_buyer"]) for m in messages] == [("Do you need 60 kg jute bags?", False)]
    answer = send(
        client, world, "POST", "/requests/{rfq}/threads/{supplier}/messages", "buyer", {"body": "Yes."}
    )
    assert answer.status_code == 201 and answer.json()["from_buyer"]
    # The other supplier has its own, empty thread with the buyer.
    other = send(
        client, world, "GET", f"/requests/{{rfq}}/threads/{world.other.pk}/messages", "other_supplier"
    )
    assert other.status_code == 200 and other.json() == []
    nowhere = send(client, world, "GET", "/requests/{rfq}/threads/999999999/messages", "buyer")
    assert nowhere.status_code == 404


def test_notifications_are_listed_per_organisation_and_marked_read(client, world) -> None:
    notices = get(client, world, "/notifications", "supplier")
    assert [(n["kind"], n["request"], n["organisation"]) for n in notices] == [
        ("matched", world.request.pk, world.supplier.pk)
    ]
    assert notices[0]["text"] == "a new sourcing request fits your catalogue"
    kinds = sorted(n["kind"] for n in get(client, world, "/notifications", "buyer"))
    assert kinds == ["message", "quote", "quote"]
    marked = send(client, world, "POST", "/notifications/read", "buyer", {"ids": [notices[0]["id"]]})
    assert marked.json() == {"marked": 0}, "another organisation's notice is not marked"
    assert send(client, world, "POST", "/notifications/read", "supplier", {}).json() == {"marked": 1}
    assert get(client, world, "/notifications", "supplier") == []
    assert Notification.objects.filter(organisation=world.buyer, read_at__isnull=True).count() == 3


def test_open_requests_fit_the_suppliers_catalogue(client, world) -> None:
    assert [r["id"] for r in get(client, world, "/open", "supplier")] == [world.request.pk]
    assert get(client, world, "/open", "other_supplier") == []  # tea: neither matched nor in its code
    shown = get(client, world, "/open", "supplier")[0]
    assert shown["quote_count"] is None and shown["current_origins"] is None


def test_officials_see_aggregates_only(client, world) -> None:
    summary = get(client, world, "/official/summary", "official")
    assert summary == {
        "economy": "IDN",
        "requests_by_status": {},
        "requests_into": 0,
        "quotes_by_suppliers": 2,
        "awards_won": 0,
        "suppliers_matched": 1,
        "top_chapters": [{"chapter": "09", "requests": 1}],
    }
    japan = TradeOfficialFactory(economy=world.buyer.economy, agency="METI").user
    _token, secret = api_token(japan)
    summary = client.get(f"{BASE}/official/summary", headers={"Authorization": f"Bearer {secret}"}).json()
    assert (summary["economy"], summary["requests_by_status"], summary["requests_into"]) == (
        "JPN",
        {"open": 1},
        1,
    )
    for path in ("/requests/{rfq}", "/requests/{rfq}/quotes", "/requests/{rfq}/matches"):
        assert send(client, world, "GET", path, "official").status_code == 404


# --- Creating, changing, quoting ---------------------------------------------------------------------------------


def test_field_errors_come_in_the_clients_language(client, world) -> None:
    body = request_raw(
        quantity="-3", deadline="2020-01-01", unit="bushel", destination="FRA", certifications=["x"]
    )
    response = send(client, world, "POST", "/requests", "buyer", body, **{"Accept-Language": "id"})
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "request_invalid"
    assert answer["message"] == "Beberapa rincian permintaan perlu diperbaiki."
    assert answer["fields"]["quantity"] == ["Nilainya tidak boleh negatif."]
    assert answer["fields"]["deadline"] == ["Tanggalnya sudah lewat."]
    assert set(answer["fields"]) == {"quantity", "deadline", "unit", "destination", "certifications"}
    english = send(client, world, "POST", "/requests", "buyer", {**request_raw(), "quantity": 0}).json()
    assert english["fields"] == {"quantity": ["The quantity must be more than zero."]}
    too_precise = send(
        client, world, "POST", "/requests", "buyer", {**request_raw(), "quantity": 1.0005}
    ).json()
    assert too_precise["fields"] == {"quantity": ["Use at most 3 decimal places."]}
    quote = send(
        client,
        world,
        "POST",
        "/requests/{rfq}/quotes",
        "supplier",
        quote_raw(price="-1", incoterm=""),
        **{"Accept-Language": "id"},
    ).json()
    assert quote["code"] == "quote_invalid" and set(quote["fields"]) == {"price", "incoterm"}
    assert SourcingRequest.objects.count() == 2


def test_creating_with_an_idempotency_key_twice_creates_one_request(client, world) -> None:
    key = {"Idempotency-Key": "osaka-2027-0042"}
    first = send(client, world, "POST", "/requests", "buyer", request_raw(), **key)
    again = send(client, world, "POST", "/requests", "buyer", request_raw(title="Changed my mind"), **key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert SourcingRequest.objects.count() == 3
    fresh = send(client, world, "POST", "/requests", "buyer", request_raw(), **{"Idempotency-Key": "other"})
    assert fresh.status_code == 201
    too_long = send(
        client, world, "POST", "/requests", "buyer", request_raw(), **{"Idempotency-Key": "k" * 101}
    )
    assert too_long.status_code == 422 and too_long.json()["code"] == "validation_error"


def test_publishing_at_creation_opens_and_matches(client, world) -> None:
    created = send(client, world, "POST", "/requests", "buyer", {**request_raw(), "publish": True})
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["match_count"]) == ("open", 1)
    no_code = send(client, world, "POST", "/requests", "buyer", {**request_raw(hs_code=""), "publish": True})
    assert no_code.status_code == 400 and list(no_code.json()["fields"]) == ["hs_code"]


def test_a_patch_changes_only_what_it_sends(client, world) -> None:
    response = send(
        client, world, "PATCH", "/requests/{draft}", "buyer", {"quantity": "750.5", "unit": "tonne"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["quantity"], body["unit"], body["destination"]) == (
        "Robusta for next season",
        "750.500",
        "tonne",
        "JPN",
    )
    cleared = send(client, world, "PATCH", "/requests/{draft}", "buyer", {"hs_code": None}).json()
    assert cleared["hs_code"] is None
    opened = send(client, world, "POST", "/requests/{draft}/open", "buyer")
    assert opened.status_code == 400 and opened.json()["fields"]["hs_code"]


def test_a_quote_with_its_idempotency_key_again_changes_nothing(client, world) -> None:
    key = {"Idempotency-Key": "gayo-quote-1"}
    revised = send(
        client, world, "POST", "/requests/{rfq}/quotes", "supplier", quote_raw(price="5.80"), **key
    )
    assert revised.status_code == 200 and revised.json()["price"] == "5.80"
    buyer_notices = Notification.objects.filter(organisation=world.buyer).count()
    repeated = send(
        client, world, "POST", "/requests/{rfq}/quotes", "supplier", quote_raw(price="5.80"), **key
    )
    assert repeated.status_code == 200 and repeated.json() == revised.json()
    assert Notification.objects.filter(organisation=world.buyer).count() == buyer_notices

    newcomer, newcomer_owner = supplier("Kopi Kintamani")
    _token, secret = api_token(newcomer_owner)
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "kintamani-1"}
    url = f"{BASE}/requests/{world.request.pk}/quotes"
    first = client.post(url, quote_raw(), content_type="application/json", headers=headers)
    again = client.post(url, quote_raw(), content_type="application/json", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert Quote.objects.filter(organisation=newcomer).count() == 1


def test_award_through_the_api(client, world) -> None:
    awarded = send(client, world, "POST", "/quotes/{quote}/award", "buyer")
    assert awarded.status_code == 200 and awarded.json()["status"] == "awarded"
    statuses = {q["id"]: q["status"] for q in get(client, world, "/requests/{rfq}/quotes", "buyer")}
    assert statuses == {world.quote.pk: "awarded", world.other_quote.pk: "declined"}
    again = send(client, world, "POST", "/quotes/{other_quote}/award", "buyer")
    assert again.status_code == 409 and again.json()["code"] == "not_possible_now"
    closed = send(client, world, "POST", "/requests/{rfq}/close", "buyer")
    assert closed.status_code == 409
    late = send(client, world, "POST", "/requests/{rfq}/quotes", "other_supplier", quote_raw())
    assert late.status_code == 409


# --- The acting organisation -------------------------------------------------------------------------------------


def test_the_acting_organisation_is_the_one_named_or_the_only_one_that_fits(client, world) -> None:
    person = world.users["supplier"]  # a member of Kopi Gayo (MSME) …
    second_buyer, _owner = buyer("Gayo Imports KK")
    MembershipFactory(organisation=second_buyer, user=person)  # … and of a buyer
    created = send(client, world, "POST", "/requests", "supplier", request_raw())
    assert created.status_code == 201 and created.json()["buyer"] == second_buyer.pk, "the only buyer acts"
    quoted = send(client, world, "POST", "/requests/{rfq}/quotes", "supplier", quote_raw(price="6.05"))
    assert quoted.status_code == 200 and quoted.json()["organisation"] == world.supplier.pk, (
        "the only supplier"
    )

    both, _both_owner = organisation("Gayo Both Ways", kind=Organisation.Kind.BOTH)
    MembershipFactory(organisation=both, user=person)
    ambiguous = send(
        client, world, "POST", "/requests", "supplier", request_raw(), **{"Accept-Language": "id"}
    )
    assert ambiguous.status_code == 400
    assert ambiguous.json()["code"] == "organisation_required"
    assert ambiguous.json()["fields"] == {
        "organisation": [
            "Anda anggota beberapa organisasi: sebutkan organisasi mana yang bertindak dengan parameter organisation "
            "(id-nya)."
        ]
    }
    named = send(client, world, "POST", f"/requests?organisation={both.pk}", "supplier", request_raw())
    assert named.status_code == 201 and named.json()["buyer"] == both.pk
    listed = get(client, world, f"/requests?organisation={both.pk}", "supplier")
    assert [r["id"] for r in listed] == [named.json()["id"]]

    not_mine = send(client, world, "GET", f"/requests?organisation={world.other.pk}", "supplier")
    assert not_mine.status_code == 403 and not_mine.json()["code"] == "not_allowed"
    missing = send(client, world, "GET", "/requests?organisation=999999999", "supplier")
    assert missing.status_code == 404
    huge = send(client, world, "GET", f"/requests?organisation={2**70}", "supplier")
    assert huge.status_code == 422


def test_an_unverified_email_cannot_act(client, world) -> None:
    person = world.users["buyer"]
    person.email_verified = False
    person.save()
    response = send(client, world, "POST", "/requests", "buyer", request_raw())
    assert response.status_code == 403 and response.json()["code"] == "email_not_verified"


def test_the_daily_limit_answers_429(client, world, monkeypatch) -> None:
    monkeypatch.setattr(actions, "MAX_REQUESTS_PER_DAY", 2)
    response = send(client, world, "POST", "/requests", "buyer", request_raw())
    assert response.status_code == 429 and response.json()["code"] == "limit_reached"


# --- Concurrency -------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_submission_arriving_twice_at_once_creates_one_request(reference_data) -> None:
    osaka, owner = buyer("Osaka Fine Foods")
    _token, secret = api_token(owner)
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "double-click"}
    start = threading.Barrier(2)
    answers: list[tuple[int, int]] = []

    def submit() -> None:
        try:
            start.wait()
            response = Client().post(
                f"{BASE}/requests", request_raw(), content_type="application/json", headers=headers
            )
            answers.append((response.status_code, response.json().get("id", 0)))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(status for status, _id in answers) == [200, 201]
    assert len({request_id for _status, request_id in answers}) == 1
    assert SourcingRequest.objects.filter(buyer=osaka).count() == 1


# --- Hostile input ------------------------------------------------------------------------------------------------

HOSTILE_REQUESTS = [
    {"quantity": "1e400"},
    {"quantity": "-1e400"},
    {"quantity": "NaN"},
    {"target_price": "Infinity"},
    {"quantity": ["1"]},
    {"quantity": {"value": 1}},
    {"title": "kopi " * 5000},
    {"deadline": "9999-99-99"},
    {"deadline": 20270101},
    {"certifications": ["halal"] * 51},
    {"certifications": "halal"},
    {"current_origins": ["' OR 1=1 --"]},
    {"destination": "<script>"},
    {"hs_code": "9" * 40},
    {"diversify": "perhaps"},
]


def test_hostile_values_are_refused_without_a_server_error(world) -> None:
    client = Client(raise_request_exception=False)
    problems = []
    for overrides in HOSTILE_REQUESTS:
        for method, path in (("POST", "/requests"), ("PATCH", "/requests/{draft}")):
            body = {**request_raw(), **overrides} if method == "POST" else overrides
            response = send(client, world, method, path, "buyer", body)
            if response.status_code not in (400, 422) or set(response.json()) != {
                "code",
                "message",
                "fields",
            }:
                problems.append(f"{method} {path} {str(overrides)[:60]}: {response.status_code}")
    for overrides in (
        {"price": "1e400"},
        {"lead_time_days": 10**30},
        {"valid_until": "never"},
        {"price": [1]},
    ):
        response = send(
            client, world, "POST", "/requests/{rfq}/quotes", "supplier", {**quote_raw(), **overrides}
        )
        if response.status_code not in (400, 422):
            problems.append(f"quote {overrides}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert SourcingRequest.objects.count() == 2
