"""A small world of buyers and suppliers with real published products (indexed for search, as the engine reads
them), and valid sourcing requests to start from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rantai.catalogue.models import Product
from rantai.directory.models import Certification, Membership, Organisation, VerificationStatus
from rantai.matching import actions
from rantai.matching.models import SourcingRequest
from rantai.reference.models import Economy
from tests.catalogue.helpers import make_product
from tests.factories import MembershipFactory, OrganisationFactory


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def organisation(
    name: str, *, kind: str = Organisation.Kind.MSME, economy: str = "IDN", verified: bool = False
) -> tuple[Organisation, Any]:
    """An organisation and its owner (e-mail verified, so they may act for it)."""
    org = OrganisationFactory(
        name=name,
        kind=kind,
        economy=Economy.objects.get(iso3=economy),
        verification_status=VerificationStatus.VERIFIED if verified else VerificationStatus.UNVERIFIED,
    )
    owner = MembershipFactory(organisation=org, role=Membership.Role.OWNER).user
    return org, owner


def buyer(
    name: str = "Osaka Fine Foods", *, economy: str = "JPN", verified: bool = False
) -> tuple[Organisation, Any]:
    return organisation(name, kind=Organisation.Kind.BUYER, economy=economy, verified=verified)


def supplier(name: str, *, economy: str = "IDN", verified: bool = False) -> tuple[Organisation, Any]:
    return organisation(name, kind=Organisation.Kind.MSME, economy=economy, verified=verified)


def certified(org: Organisation, code: str = "halal") -> Certification:
    return Certification.objects.create(
        organisation=org,
        type_id=code,
        number=f"{code.upper()}-{org.pk}",
        status=Certification.Status.VERIFIED,
    )


def product(org: Organisation, owner: Any, sku: str | None = None, **overrides: Any) -> Product:
    """A published product (coffee, 090111, by the kilogram unless overridden)."""
    values: dict[str, Any] = {"status": "published", "description": ""}
    values.update(overrides)
    return make_product(org, owner, sku or f"SKU-{org.pk}-{Product.objects.count() + 1}", **values)


def request_raw(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "title": "Arabica green coffee beans",
        "description": "Washed process, grade 1, for our roastery.",
        "language": "en",
        "hs_code": "090111",
        "quantity": "2000",
        "unit": "kg",
        "target_price": "6.50",
        "currency": "USD",
        "destination": "JPN",
        "incoterm": "FOB",
        "certifications": [],
        "deadline": in_days(30),
    }
    raw.update(overrides)
    return raw


def posted(buyer_org: Organisation, buyer_owner: Any, **overrides: Any) -> SourcingRequest:
    """An open request of ``buyer_org`` (matched at once)."""
    request, created = actions.create_request(buyer_owner, buyer_org, request_raw(**overrides), publish=True)
    assert created
    return request


def quote_raw(**overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "price": "6.20",
        "currency": "USD",
        "incoterm": "FOB",
        "lead_time_days": "30",
        "valid_until": in_days(60),
        "message": "Gayo arabica, washed, 60 kg jute bags.",
    }
    raw.update(overrides)
    return raw
