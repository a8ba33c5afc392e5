"""Who may do what: every endpoint, every role, own or somebody else's object, as one table.

The world (built fresh for every case): organisation A, an Indonesian MSME, with its owner and a member, a
draft and a published product, an identifier, a certification, a pending verification request and an API
token of its owner; organisation B, a Japanese buyer, with its owner; a trade official of Indonesia (A's
economy), one of Japan, and a platform admin. Every row acts on A's objects, so for ``owner`` and ``member``
the object is their own, for everybody else it is somebody else's. Sourcing: B posted an open request (``rfq``,
matched to A, which quoted on it and wrote in their thread) and keeps a draft (``rfq_draft``); there B is the
owner and A the supplier.

Adding an endpoint: add a ``Row`` to ``ROWS`` (or ``WEB_ROWS``). ``expect`` gives a status per role; roles not
named get ``default``. API rows are sent with the role's bearer token, web rows with the role signed in.
A row may name a ``check`` run after the request, to prove a refused request changed nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from rantai.accounts.models import ApiToken, TradeOfficial, User
from rantai.catalogue import actions as catalogue_actions
from rantai.catalogue.models import Product, ProductPhoto
from rantai.classify.models import ClassificationDecision
from rantai.directory.models import (
    Certification,
    IdentifierScheme,
    Membership,
    Organisation,
    OrganisationIdentifier,
    VerificationRequest,
)
from rantai.matching.models import Match, Quote, SourcingRequest, ThreadMessage
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TradeOfficialFactory,
    UserFactory,
    api_token,
    japan,
)

ROLES = ("anonymous", "owner", "member", "other_owner", "official_same", "official_other", "admin")


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    users: dict[str, User | None]
    tokens: dict[str, str]
    draft: Product
    published: Product
    identifier: OrganisationIdentifier | None
    verification: VerificationRequest
    owner_token: ApiToken
    certification: Certification
    photo: ProductPhoto
    rfq: SourcingRequest
    rfq_draft: SourcingRequest
    quote: Quote

    def fill(self, template: str) -> str:
        return template.format(
            org=self.org.slug,
            org_id=self.org.pk,
            draft=self.draft.pk,
            published=self.published.pk,
            identifier=self.identifier.pk if self.identifier else 0,
            verification=self.verification.pk,
            owner_token=self.owner_token.pk,
            certification=self.certification.pk,
            photo=self.photo.pk,
            rfq=self.rfq.pk,
            rfq_draft=self.rfq_draft.pk,
            quote=self.quote.pk,
        )


def _product(org: Organisation, user: User, sku: str, status: str) -> Product:
    return catalogue_actions.create_product(
        org,
        user,
        {"sku": sku, "title": f"Kopi {sku}", "language": "id", "hs_code": "090111", "unit": "kg", "status": status},
    )


def build_world() -> World:
    org = OrganisationFactory(name="Kopi Gayo Lestari")
    other_org = OrganisationFactory(name="Osaka Fine Foods", kind=Organisation.Kind.BUYER, economy=japan())
    owner = MembershipFactory(organisation=org, role=Membership.Role.OWNER).user
    member = MembershipFactory(organisation=org, role=Membership.Role.MEMBER).user
    other_owner = MembershipFactory(organisation=other_org, role=Membership.Role.OWNER).user
    official_same = TradeOfficialFactory(economy=org.economy).user
    official_other = TradeOfficialFactory(economy=japan(), agency="METI").user
    admin = UserFactory(is_staff=True, is_superuser=True)
    users: dict[str, User | None] = {
        "anonymous": None,
        "owner": owner,
        "member": member,
        "other_owner": other_owner,
        "official_same": official_same,
        "official_other": official_other,
        "admin": admin,
    }
    tokens = {role: api_token(user)[1] for role, user in users.items() if user is not None}
    owner_token = ApiToken.objects.filter(user=owner).get()
    draft = _product(org, owner, "GAYO-DRAFT", "draft")
    published = _product(org, owner, "GAYO-PUB", "published")
    identifier = None
    if IdentifierScheme.objects.filter(pk="id-nib").exists():
        identifier = OrganisationIdentifier.objects.create(organisation=org, scheme_id="id-nib", value="9120001234567")
    verification = VerificationRequest.objects.create(organisation=org, submitted_by=owner, message="Mohon verifikasi")
    assert TradeOfficial.objects.count() == 2
    certification = Certification.objects.create(organisation=org, type_id="halal", number="ID311100001234")
    photo = catalogue_actions.add_photo(draft, owner, png("photo.png"))
    rfq, rfq_draft, quote = _sourcing(other_org, other_owner, org, owner, published)
    return World(
        org, other_org, users, tokens, draft, published, identifier, verification, owner_token, certification, photo,
        rfq, rfq_draft, quote,
    )


def _sourcing(
    buyer: Organisation, buyer_owner: User, supplier: Organisation, supplier_owner: User, product: Product
) -> tuple[SourcingRequest, SourcingRequest, Quote]:
    """B's open request matched to A (rows written directly: the engine has its own tests), A's quote and
    message on it, and B's draft."""
    today = dt.date.today()
    values = {"buyer": buyer, "created_by": buyer_owner, "language": "en", "hs_id": "090111", "quantity": 2000,
              "unit": "kg", "destination_id": "JPN", "deadline": today + dt.timedelta(days=30)}
    rfq = SourcingRequest.objects.create(title="Arabica green coffee beans", status="open", **values)
    rfq_draft = SourcingRequest.objects.create(title="Robusta for next season", **values)
    Match.objects.create(request=rfq, organisation=supplier, product=product, rank=1, score=0.8, components=[])
    quote = Quote.objects.create(
        request=rfq, organisation=supplier, product=product, created_by=supplier_owner, price=6, currency="USD",
        incoterm="FOB", lead_time_days=30, valid_until=today + dt.timedelta(days=60),
    )
    ThreadMessage.objects.create(
        request=rfq, supplier=supplier, author=supplier_owner, author_organisation=supplier, body="60 kg bags?"
    )
    return rfq, rfq_draft, quote


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


CSV_CATALOGUE = (
    "sku,title,description,language,hs_code,national_line,unit,min_order,monthly_capacity,price_min,price_max,"
    "currency,incoterms,lead_time_days,status\r\nIMP-1,Kopi impor,,id,090111,,kg,,,,,,,,draft\r\n"
)


def uploads() -> dict[str, Any]:
    """Fresh file objects for multipart rows (an upload can be read once)."""
    return {
        "image": png("photo2.png"),
        "file": SimpleUploadedFile("catalogue.csv", CSV_CATALOGUE.encode(), content_type="text/csv"),
        "document": SimpleUploadedFile("halal.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    }


def expect(default: int, **per_role: int) -> dict[str, int]:
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: per_role.get(role, default) for role in ROLES}


def members(ok: int, *, anonymous: int, refused: int = 403, **others: int) -> dict[str, int]:
    """Owners and members of A may; anonymous gets ``anonymous``; everybody else ``refused``."""
    return expect(refused, anonymous=anonymous, owner=ok, member=ok, **others)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]
    body: dict[str, Any] | None = None
    multipart: tuple[str, ...] = ()  # names of file fields sent with the body as multipart/form-data
    check: Callable[[World, str, int], None] | None = None
    note: str = ""
    id: str = field(default="")

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")


def _product_unchanged_unless_allowed(world: World, role: str, status: int) -> None:
    product = Product.objects.filter(pk=world.draft.pk).first()
    if status >= 400:
        assert product is not None and product.title == "Kopi GAYO-DRAFT", f"{role} was refused yet changed it"


def _org_kept_unless_allowed(world: World, role: str, status: int) -> None:
    if status >= 400:
        assert Organisation.objects.filter(pk=world.org.pk).exists(), f"{role} was refused yet deleted it"


def _token_active_unless_owner(world: World, role: str, status: int) -> None:
    revoked = ApiToken.objects.get(pk=world.owner_token.pk).revoked_at is not None
    assert revoked == (role == "owner"), f"{role}: owner's token revoked={revoked}"


def _quote_kept_unless_allowed(world: World, role: str, status: int) -> None:
    state = Quote.objects.get(pk=world.quote.pk).status
    if status >= 400:
        assert state == Quote.Status.SUBMITTED, f"{role} was refused yet changed the quote ({state})"


def _rfq_kept_unless_allowed(world: World, role: str, status: int) -> None:
    state = SourcingRequest.objects.get(pk=world.rfq.pk).status
    if status >= 400:
        assert state == SourcingRequest.Status.OPEN, f"{role} was refused yet changed the request ({state})"


def _verification_pending_unless_official(world: World, role: str, status: int) -> None:
    state = VerificationRequest.objects.get(pk=world.verification.pk).status
    if role != "official_same":
        assert state == VerificationRequest.Status.SUBMITTED, f"{role} decided a request ({state})"


def _ruled_only_if_allowed(world: World, role: str, status: int) -> None:
    ruled = ClassificationDecision.objects.filter(kind="ruling").exists()
    assert ruled == (role in ("official_same", "official_other", "admin")), f"answered {status}, ruling recorded={ruled}"


PUBLIC = expect(200)
RULERS = expect(403, official_same=201, official_other=201, admin=201)
TOKEN_ONLY = expect(200, anonymous=401)
# Sourcing: B (other_owner) is the buyer, A (owner, member) the matched supplier; officials and the admin belong
# to no organisation, so a request is not shown to exist for them.
SEEN_BY_BOTH = expect(404, anonymous=401, owner=200, member=200, other_owner=200)
BUYER = expect(404, anonymous=401, owner=403, member=403, other_owner=200)
BUYER_DRAFT = expect(404, anonymous=401, other_owner=200)
SUPPLIER = expect(404, anonymous=401, owner=200, member=200, other_owner=403)
MEMBERS_OF_ANY = expect(403, anonymous=401, owner=200, member=200, other_owner=200)

API_ROWS = [
    # accounts
    Row("GET", "/api/v1/me", TOKEN_ONLY),
    Row("GET", "/api/v1/organisations/mine", TOKEN_ONLY),
    # reference (public)
    Row("GET", "/api/v1/hs?q=coffee", PUBLIC),
    Row("GET", "/api/v1/hs/090111", PUBLIC),
    Row("GET", "/api/v1/hs/convert?version=HS2017&code=090111", PUBLIC),
    Row("GET", "/api/v1/economies", PUBLIC),
    Row("GET", "/api/v1/economies/IDN", PUBLIC),
    Row("GET", "/api/v1/identifier-schemes", PUBLIC),
    Row("GET", "/api/v1/certification-types", PUBLIC),
    # directory
    Row("GET", "/api/v1/organisations/{org}", PUBLIC),
    Row("PATCH", "/api/v1/organisations/{org}", members(200, anonymous=401), body={"city": "Bener Meriah"}),
    Row(
        "DELETE", "/api/v1/organisations/{org}", expect(403, anonymous=401, owner=204),
        body={"confirm": "Kopi Gayo Lestari"}, check=_org_kept_unless_allowed,
    ),
    Row("GET", "/api/v1/organisations/{org}/export", expect(403, anonymous=401, owner=200)),
    Row("GET", "/api/v1/organisations/{org}/identifiers", members(200, anonymous=401, official_same=200)),
    Row(
        "POST", "/api/v1/organisations/{org}/identifiers", members(201, anonymous=401),
        body={"scheme": "id-npwp", "value": "012345678901000"},
    ),
    Row("DELETE", "/api/v1/organisations/{org}/identifiers/{identifier}", members(204, anonymous=401)),
    Row("GET", "/api/v1/organisations/{org}/certifications", PUBLIC),
    Row(
        "POST", "/api/v1/organisations/{org}/certifications", members(201, anonymous=401),
        body={"type": "haccp", "number": "HACCP-77"}, multipart=("_",),
    ),
    Row(
        "PATCH", "/api/v1/organisations/{org}/certifications/{certification}", members(200, anonymous=401),
        body={"issuer": "LPPOM"},
    ),
    Row(
        "POST", "/api/v1/organisations/{org}/certifications/{certification}/document",
        members(200, anonymous=401), body={}, multipart=("document",),
    ),
    Row("DELETE", "/api/v1/organisations/{org}/certifications/{certification}", members(204, anonymous=401)),
    Row(
        "POST", "/api/v1/organisations/{org}/certifications/{certification}/review",
        expect(403, anonymous=401, official_same=200), body={"approve": True},
    ),
    Row(
        "POST", "/api/v1/organisations/{org}/verification", members(409, anonymous=401),
        body={"message": "Sekali lagi"}, multipart=("_",),
        note="members get past the guard and meet the rule that one request is open at a time",
    ),
    Row("GET", "/api/v1/organisations/{org}/verification", members(200, anonymous=401, official_same=200)),
    Row(
        "POST", "/api/v1/verification-requests/{verification}/decision",
        expect(403, anonymous=401, official_same=200),
        body={"decision": "approve"}, check=_verification_pending_unless_official,
    ),
    Row("GET", "/api/v1/official/queue", expect(403, anonymous=401, official_same=200, official_other=200)),
    # catalogue
    Row("GET", "/api/v1/organisations/{org_id}/products", members(200, anonymous=401)),
    Row(
        "POST", "/api/v1/organisations/{org_id}/products", members(201, anonymous=401),
        body={"sku": "NEW-1", "title": "Kopi baru", "language": "id", "hs_code": "090111", "unit": "kg"},
    ),
    Row("GET", "/api/v1/products", PUBLIC),
    Row("GET", "/api/v1/products/{published}", PUBLIC),
    Row("GET", "/api/v1/products/{draft}", members(200, anonymous=404, refused=404),
        note="a draft is not shown to exist outside its organisation"),
    Row(
        "PATCH", "/api/v1/products/{draft}", members(200, anonymous=401),
        body={"title": "Changed by someone"}, check=_product_unchanged_unless_allowed,
    ),
    Row("DELETE", "/api/v1/products/{draft}", members(204, anonymous=401), check=_product_unchanged_unless_allowed),
    Row("POST", "/api/v1/products/{draft}/publish", members(200, anonymous=401)),
    Row("POST", "/api/v1/products/{published}/unpublish", members(200, anonymous=401)),
    Row(
        "PUT", "/api/v1/products/{draft}/texts/en", members(200, anonymous=401),
        body={"title": "Gayo arabica coffee"},
    ),
    Row("DELETE", "/api/v1/products/{draft}/texts/en", members(204, anonymous=401)),
    Row("POST", "/api/v1/products/{draft}/photos", members(201, anonymous=401), body={}, multipart=("image",)),
    Row("DELETE", "/api/v1/products/{draft}/photos/{photo}", members(204, anonymous=401)),
    Row(
        "POST", "/api/v1/organisations/{org_id}/catalogue/import", members(200, anonymous=401),
        body={}, multipart=("file",),
    ),
    Row("GET", "/api/v1/catalogue/template?format=csv", PUBLIC),
    Row("GET", "/api/v1/organisations/{org_id}/catalogue/export?format=csv", members(200, anonymous=401)),
    # classification (public)
    Row("GET", "/api/v1/classify?q=kopi+arabika", PUBLIC),
    Row("POST", "/api/v1/classify", PUBLIC, body={"text": "kopi arabika biji"}),
    Row(
        "POST", "/api/v1/classify/rulings", RULERS | {"anonymous": 401}, body={"text": "kopi luwak", "hs6": "090121"},
        check=_ruled_only_if_allowed, note="trade officials of any economy and platform admins rule",
    ),
    # search and tariffs (public)
    Row("GET", "/api/v1/search/products?q=kopi", PUBLIC),
    Row("GET", "/api/v1/search/suppliers?q=kopi", PUBLIC),
    # No tariff schedule is loaded in this world: everybody gets the same "no schedule" answer, nobody a 401/403.
    Row("GET", "/api/v1/tariffs/rates?origin=IDN&destination=JPN&hs=090111", expect(404)),
    Row("GET", "/api/v1/tariffs/landed-cost?origin=IDN&destination=JPN&hs=090111&value=1000", expect(404)),
    Row("GET", "/api/v1/markets?origin=IDN&hs=090111", PUBLIC),
    Row("GET", "/api/v1/markets/brief?origin=IDN&hs=090111", PUBLIC),
    # sourcing requests and matchmaking
    Row(
        "POST", "/api/v1/sourcing/requests", expect(403, anonymous=401, other_owner=201),
        body={"title": "Green coffee", "hs_code": "090111", "quantity": "100", "unit": "kg", "destination": "JPN",
              "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat()},
        note="A is an MSME, not a buyer; officials and the admin belong to no organisation",
    ),
    Row("GET", "/api/v1/sourcing/requests", MEMBERS_OF_ANY),
    Row("GET", "/api/v1/sourcing/requests/{rfq}", SEEN_BY_BOTH),
    Row("GET", "/api/v1/sourcing/requests/{rfq_draft}", BUYER_DRAFT, note="a draft is its buyer's alone"),
    Row("PATCH", "/api/v1/sourcing/requests/{rfq_draft}", BUYER_DRAFT, body={"quantity": "900"}),
    Row("POST", "/api/v1/sourcing/requests/{rfq_draft}/open", BUYER_DRAFT),
    Row("POST", "/api/v1/sourcing/requests/{rfq}/close", BUYER, check=_rfq_kept_unless_allowed),
    Row("GET", "/api/v1/sourcing/requests/{rfq}/matches", BUYER),
    Row(
        "POST", "/api/v1/sourcing/requests/{rfq}/quotes", SUPPLIER,
        body={"price": "5.5", "currency": "USD", "incoterm": "FOB", "lead_time_days": 20,
              "valid_until": (dt.date.today() + dt.timedelta(days=40)).isoformat()},
        note="the buyer cannot quote on its own request",
    ),
    Row("GET", "/api/v1/sourcing/requests/{rfq}/quotes", SEEN_BY_BOTH, note="each side sees what is theirs"),
    Row("POST", "/api/v1/sourcing/quotes/{quote}/withdraw", SUPPLIER, check=_quote_kept_unless_allowed),
    Row("POST", "/api/v1/sourcing/quotes/{quote}/shortlist", BUYER, check=_quote_kept_unless_allowed),
    Row("DELETE", "/api/v1/sourcing/quotes/{quote}/shortlist", BUYER),
    Row("POST", "/api/v1/sourcing/quotes/{quote}/award", BUYER, check=_quote_kept_unless_allowed),
    Row("GET", "/api/v1/sourcing/requests/{rfq}/threads/{org_id}/messages", SEEN_BY_BOTH),
    Row(
        "POST", "/api/v1/sourcing/requests/{rfq}/threads/{org_id}/messages",
        expect(404, anonymous=401, owner=201, member=201, other_owner=201), body={"body": "Yes, 60 kg."},
    ),
    Row(
        "POST", "/api/v1/sourcing/requests/{rfq}/reports",
        expect(404, anonymous=401, owner=201, member=201, other_owner=201), body={"reason": "Spam"},
    ),
    Row("GET", "/api/v1/sourcing/notifications", TOKEN_ONLY),
    Row("POST", "/api/v1/sourcing/notifications/read", TOKEN_ONLY, body={}),
    Row("GET", "/api/v1/sourcing/open", MEMBERS_OF_ANY),
    Row(
        "GET", "/api/v1/sourcing/official/summary", expect(403, anonymous=401, official_same=200, official_other=200),
        note="aggregates of the official's own economy",
    ),
]

SIGN_IN = 302  # pages answer anonymous visitors with a redirect to the sign-in page

WEB_ROWS = [
    Row("GET", "/accounts/profile/", expect(200, anonymous=SIGN_IN)),
    Row(
        "POST", "/accounts/profile/tokens/{owner_token}/revoke/", expect(302), check=_token_active_unless_owner,
        note="somebody else's token id is refused with a message and left alone",
    ),
    Row("GET", "/admin/", expect(302, admin=200), note="non-staff are sent to the admin sign-in"),
    Row("GET", "/admin/accounts/user/", expect(302, admin=200)),
    Row("GET", "/o/{org}/", PUBLIC),
    Row("GET", "/o/{org}/edit/", members(200, anonymous=SIGN_IN)),
    Row("GET", "/o/{org}/export/", expect(403, anonymous=SIGN_IN, owner=200)),
    Row("GET", "/dashboard/", expect(200, anonymous=SIGN_IN)),
    Row("GET", "/official/queue/", expect(403, anonymous=SIGN_IN, official_same=200, official_other=200)),
    Row("GET", "/official/requests/{verification}/", expect(403, anonymous=SIGN_IN, official_same=200)),
    Row("GET", "/catalogue/", expect(403, anonymous=SIGN_IN, owner=200, member=200, other_owner=200),
        note="people who belong to no organisation have no catalogue"),
    Row("GET", "/catalogue/{draft}/", members(200, anonymous=SIGN_IN)),
    Row("POST", "/catalogue/{draft}/delete/", members(302, anonymous=SIGN_IN),
        check=_product_unchanged_unless_allowed),
    Row("GET", "/p/{published}/", PUBLIC),
    Row("POST", "/classify/rulings/", RULERS | {"anonymous": SIGN_IN, "official_same": 302, "official_other": 302,
        "admin": 302}, body={"text": "kopi luwak", "hs6": "090121"}, check=_ruled_only_if_allowed),
    Row("GET", "/p/{draft}/", members(200, anonymous=404, refused=404)),
]

ROWS = API_ROWS + WEB_ROWS


def _cases() -> list[Any]:
    return [pytest.param(row, id=f"{row.method} {row.path}") for row in ROWS]


class _Undo(Exception):
    """Raised to roll a role's request back, so every role meets the same world."""


def _send(client: Client, world: World, row: Row, role: str) -> int:
    path = world.fill(row.path)
    method = getattr(client, row.method.lower())
    kwargs: dict[str, Any] = {}
    if row.api:
        if role != "anonymous":
            kwargs["headers"] = {"Authorization": f"Bearer {world.tokens[role]}"}
        if row.multipart:
            files = uploads()
            kwargs["data"] = {**(row.body or {}), **{name: files[name] for name in row.multipart if name in files}}
        elif row.body is not None:
            kwargs.update(data=row.body, content_type="application/json")
    else:
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        if row.body is not None:
            kwargs["data"] = row.body
    return int(method(path, **kwargs).status_code)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.parametrize("row", _cases())
def test_authorisation_matrix(row: Row) -> None:
    """Every role in turn against the same world; each role's changes are rolled back before the next."""
    world = build_world()
    wrong = []
    for role in ROLES:
        client = Client()
        try:
            with transaction.atomic():
                status = _send(client, world, row, role)
                if status != row.expect[role]:
                    wrong.append(f"{role}: {status}, expected {row.expect[role]}")
                elif row.check is not None:
                    try:
                        row.check(world, role, status)
                    except AssertionError as exc:
                        wrong.append(f"{role}: {exc}")
                raise _Undo
        except _Undo:
            pass
    assert not wrong, f"{row.method} {row.path} ({row.note}):\n" + "\n".join(wrong)


def test_the_matrix_covers_every_api_operation() -> None:
    """A new API operation without a row fails here, so nobody forgets to decide who may call it."""
    from rantai.api.main import api

    schema = api.get_openapi_schema()
    covered = {(row.method, row.path.split("?")[0]) for row in API_ROWS}
    placeholder = {
        "{slug}": "{org}", "{org_id}": "{org_id}", "{product_id}": "{draft}", "{request_id}": "{verification}",
        "{identifier_id}": "{identifier}", "{certification_id}": "{certification}", "{photo_id}": "{photo}",
        "{code}": "090111", "{iso3}": "IDN", "{language}": "en", "{rfq_id}": "{rfq}", "{quote_id}": "{quote}",
        "{supplier_id}": "{org_id}",
    }
    missing = []
    for raw_path, operations in schema["paths"].items():
        path = raw_path
        for theirs, ours in placeholder.items():
            path = path.replace(theirs, ours)
        for method in operations:
            key = (method.upper(), path)
            alternatives = {
                key,
                (key[0], key[1].replace("{draft}", "{published}")),
                (key[0], key[1].replace("{rfq}", "{rfq_draft}")),
            }
            if path.endswith("/document"):
                alternatives.add((key[0], path))
            if not alternatives & covered and (method.upper(), raw_path) not in NOT_IN_MATRIX:
                missing.append(f"{method.upper()} {raw_path}")
    assert not missing, "API operations with no row in the authorisation matrix:\n" + "\n".join(sorted(missing))


# Operations deliberately left out, with the reason (public reference data needs no per-role row; the rest are
# covered through a sibling operation with the same guard).
NOT_IN_MATRIX: set[tuple[str, str]] = set()
