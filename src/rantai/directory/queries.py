"""Reads for pages and the API: profiles, who sees contact details, completeness, export readiness,
the officials' queue and the owners' data export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.errors import NotAllowed
from rantai.accounts.queries import (
    can_act_for,
    check_can_act_for,
    is_official,
    is_owner,
    memberships_of,
    official_economy,
)
from rantai.core.errors import NotFound
from rantai.directory.models import (
    AuditEvent,
    Certification,
    Membership,
    Organisation,
    VerificationRequest,
)


def product_model() -> type[Model] | None:
    """The catalogue's Product model when the catalogue app is installed (the directory works without it)."""
    if not apps.is_installed("rantai.catalogue"):
        return None
    return apps.get_model("catalogue", "Product")


def organisation_by_slug(slug: str) -> Organisation:
    organisation = Organisation.objects.select_related("economy", "isic", "kbli").filter(slug=slug).first()
    if organisation is None:
        raise NotFound(_("There is no organisation at this address."))
    return organisation


def can_see_contacts(user: Any, organisation: Organisation) -> bool:
    """Contact details are for signed-in people whose own organisation is verified, officials and members."""
    if user is None or not user.is_authenticated:
        return False
    if is_official(user) or can_act_for(user, organisation):
        return True
    return Membership.objects.filter(
        user=user, organisation__verification_status=Organisation.VerificationStatus.VERIFIED
    ).exists()


def can_edit(user: Any, organisation: Organisation) -> bool:
    return can_act_for(user, organisation)


def owned_organisation(user: Any) -> Organisation | None:
    """The organisation a signed-in person manages on the dashboard (the first they own, else belong to)."""
    memberships = memberships_of(user)
    owned = [m for m in memberships if m.role == Membership.Role.OWNER]
    chosen = owned or memberships
    return chosen[0].organisation if chosen else None


def certifications_of(organisation: Organisation) -> list[Certification]:
    return list(organisation.certifications.select_related("type").order_by("type__name", "-valid_until"))


def products_of(organisation: Organisation, published_only: bool = True) -> list[Any]:
    product = product_model()
    if product is None:
        return []
    products = product._default_manager.filter(organisation=organisation)
    if published_only:
        products = products.filter(status="published")
    return list(products.select_related("hs").order_by("title"))


def product_count(organisation: Organisation) -> int:
    product = product_model()
    return 0 if product is None else product._default_manager.filter(organisation=organisation).count()


# Completeness and export readiness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    done: bool
    todo: str  # what to do next, a whole sentence


@dataclass(frozen=True)
class Completeness:
    score: int
    items: list[Item]

    @property
    def next_steps(self) -> list[str]:
        return [item.todo for item in self.items if not item.done]


def completeness(organisation: Organisation) -> Completeness:
    """0-100: the share of profile items filled in, and what to do next for the rest."""
    org = organisation
    items = [
        Item("legal_name", bool(org.legal_name), _("Add your legal name as registered.")),
        Item("location", bool(org.province and org.city), _("Add the province and city you work from.")),
        Item(
            "description", len(org.description) >= 40, _("Describe what you make or sell in a few sentences.")
        ),
        Item("languages", bool(org.languages), _("List the languages you can do business in.")),
        Item(
            "contacts",
            bool(org.contact_name and (org.contact_email or org.contact_phone)),
            _("Add a contact person with an e-mail address or telephone number."),
        ),
        Item("year_founded", org.year_founded is not None, _("Add the year your business was founded.")),
        Item("employees", org.employees is not None, _("Add how many people work for you.")),
        Item(
            "size",
            org.annual_sales is not None or org.business_capital is not None,
            _("Add your annual sales or business capital so buyers and programmes know your size."),
        ),
        Item(
            "activity",
            org.isic_id is not None or org.kbli_id is not None,
            _("Choose your business activity (KBLI or ISIC code)."),
        ),
        Item("identifiers", org.identifiers.exists(), _("Add a registration number such as your NIB.")),
        Item("markets", org.markets_served.exists(), _("List the markets you already sell to.")),
        Item(
            "certifications",
            org.certifications.exists(),
            _("Add your certifications, such as halal or PIRT."),
        ),
        Item(
            "verified",
            org.is_verified,
            _("Ask a trade official of your economy to verify your organisation."),
        ),
    ]
    score = round(100 * sum(item.done for item in items) / len(items))
    return Completeness(score, items)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    done: bool
    hint: str


def export_readiness(organisation: Organisation, today: dt.date | None = None) -> list[Check]:
    """What a buyer abroad will look for before the first order."""
    today = today or timezone.now().date()
    org = organisation
    products = products_of(org)
    valid_certifications = org.certifications.verified().valid_on(today)
    if products:
        relevant = valid_certifications.filter(products__in=[p.pk for p in products]).exists()
    else:
        relevant = False
    checks = [
        Check(
            "verified",
            _("Verified by a trade official"),
            org.is_verified,
            _("Submit your registration numbers and documents for verification."),
        ),
        Check(
            "products",
            _("At least one published product"),
            bool(products),
            _("Publish at least one product in your catalogue."),
        ),
        Check(
            "hs_codes",
            _("HS codes on all published products"),
            bool(products) and all(getattr(p, "hs_id", None) for p in products),
            _("Give every published product its HS 2022 subheading."),
        ),
        Check(
            "certification",
            _("A valid, verified certification for your products"),
            relevant,
            _("Link a valid, verified certification (such as halal or BPOM) to your products."),
        ),
        Check(
            "contacts",
            _("Contact details"),
            bool(org.contact_email or org.contact_phone),
            _("Add a contact e-mail address or telephone number."),
        ),
        Check(
            "markets",
            _("Markets already served"),
            org.markets_served.exists(),
            _("List the markets you already sell to, even nearby ones."),
        ),
        Check(
            "identifiers",
            _("Registration number"),
            org.identifiers.exists(),
            _("Add your business registration number."),
        ),
    ]
    return checks


def expiring_certifications(organisation: Organisation, within_days: int = 30) -> list[Certification]:
    today = timezone.now().date()
    return list(
        organisation.certifications.select_related("type").filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=within_days)
        )
    )


# Officials ------------------------------------------------------------------------------------------------------


def verification_queue(user: Any) -> QuerySet[VerificationRequest]:
    """Open requests of the official's own economy, oldest first."""
    economy = official_economy(user)
    if economy is None:
        raise NotAllowed(_("Only trade officials can see the verification queue."))
    return (
        VerificationRequest.objects.filter(
            organisation__economy=economy,
            status__in=[VerificationRequest.Status.SUBMITTED, VerificationRequest.Status.MORE_INFO],
        )
        .select_related("organisation", "organisation__economy", "submitted_by")
        .order_by("status", "submitted_at")
    )


def request_for_review(user: Any, request_id: int) -> VerificationRequest:
    request = (
        VerificationRequest.objects.select_related("organisation", "organisation__economy")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound(_("This verification request does not exist."))
    from rantai.accounts.queries import official_acts_for

    if not official_acts_for(user, request.organisation.economy_id):
        raise NotAllowed(_("Only a trade official of this organisation's economy can do this."))
    return request


def audit_trail(organisation: Organisation) -> QuerySet[AuditEvent]:
    return organisation.audit_events.select_related("actor").order_by("at", "pk")


# Privacy --------------------------------------------------------------------------------------------------------


def check_owner(user: Any, organisation: Organisation) -> None:
    check_can_act_for(user, organisation)
    if not is_owner(user, organisation):
        raise NotAllowed(_("Only an owner of this organisation can do this."))


def _row(instance: Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete field of a row as JSON-friendly values (files as their stored names)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if hasattr(value, "name") and not isinstance(value, str):  # files
            value = value.name or ""
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        data[field.name] = value
    return data


def export_organisation(user: Any, organisation: Organisation) -> dict[str, Any]:
    """Everything Rantai holds about the organisation, for its owners."""
    check_owner(user, organisation)
    org = organisation
    data: dict[str, Any] = {
        "format": "rantai-organisation-export/1",
        "exported_at": timezone.now().isoformat(),
        "organisation": {
            **_row(org),
            "markets_served": sorted(org.markets_served.values_list("iso3", flat=True)),
        },
        "members": [
            {
                "email": m.user.email,
                "full_name": m.user.full_name,
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in org.memberships.select_related("user").order_by("joined_at")
        ],
        "identifiers": [_row(i) for i in org.identifiers.all()],
        "certifications": [_row(c) for c in org.certifications.all()],
        "verification_requests": [
            {**_row(r), "documents": [_row(d) for d in r.documents.all()]}
            for r in org.verification_requests.prefetch_related("documents")
        ],
        "audit_events": [_row(e) for e in audit_trail(org)],
        "products": [],
    }
    product = product_model()
    if product is not None:
        rows: QuerySet[Any] = product._default_manager.filter(organisation=org)
        p: Any
        for p in rows.prefetch_related("texts", "photos", "certifications"):
            data["products"].append(
                {
                    **_row(p),
                    "texts": [_row(t) for t in p.texts.all()],
                    "photos": [_row(ph) for ph in p.photos.all()],
                    "certifications": [c.pk for c in p.certifications.all()],
                }
            )
    return data
