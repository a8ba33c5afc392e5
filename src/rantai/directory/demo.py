"""A small demo data set so a fresh install has someone to sign in as and something to look at.

Only for local, non-production instances: the passwords are printed and well known.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rantai.accounts.models import TradeOfficial, User
from rantai.directory.models import Membership, Organisation
from rantai.reference.models import Economy


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_PASSWORD = "rantai-demo-2026"  # noqa: S105 -- printed on purpose; refused in production

ORGANISATIONS = [
    # (owner e-mail, full name, language, organisation, kind, economy, city)
    ("umkm@rantai.test", "Siti Rahmawati", "id", "Kopi Gayo Lestari", Organisation.Kind.MSME, "IDN", "Takengon"),
    ("buyer@rantai.test", "Kenji Sato", "en", "Osaka Fine Foods", Organisation.Kind.BUYER, "JPN", "Osaka"),
]


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    admin = _user("admin@rantai.test", "Platform Admin", "en", is_staff=True, is_superuser=True)
    logins.append(DemoLogin("platform admin", admin.email, DEMO_PASSWORD))
    for email, full_name, language, org_name, kind, economy, city in ORGANISATIONS:
        user = _user(email, full_name, language)
        organisation, _ = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": kind, "economy": Economy.objects.get(pk=economy), "city": city}
        )
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": Membership.Role.OWNER}
        )
        logins.append(DemoLogin(f"{organisation.get_kind_display()} owner ({economy})", email, DEMO_PASSWORD))
    official = _user("official@rantai.test", "Budi Santoso", "id")
    TradeOfficial.objects.get_or_create(
        user=official,
        defaults={"economy": Economy.objects.get(pk="IDN"), "agency": "Kementerian Perdagangan"},
    )
    logins.append(DemoLogin("trade official (IDN)", official.email, DEMO_PASSWORD))
    _complete_demo_msme(official)
    from rantai.catalogue.demo import load_demo_products  # the catalogue builds on the directory

    load_demo_products()
    return logins


def _complete_demo_msme(official: User) -> None:
    """Kopi Gayo Lestari: a filled-in profile, NIB and NPWP, KBLI coffee processing (when KBLI is loaded), a
    halal certification and the organisation itself verified by Kementerian Perdagangan."""
    import datetime as dt

    from django.utils import timezone

    from rantai.directory.models import (
        BusinessActivity,
        Certification,
        CertificationType,
        IdentifierScheme,
        OrganisationIdentifier,
        VerificationRequest,
    )
    from rantai.directory.sizing import size_class_for

    organisation = Organisation.objects.get(name="Kopi Gayo Lestari")
    if organisation.is_verified:
        return
    now = timezone.now()
    organisation.legal_name = "CV Kopi Gayo Lestari"
    organisation.province = "Aceh"
    organisation.description = (
        "Kopi arabika Gayo dari petani kecil di dataran tinggi Aceh Tengah, diolah basah dan dijemur di rumah jemur."
    )
    organisation.description_language = "id"
    organisation.languages = ["id", "en"]
    organisation.contact_name = "Siti Rahmawati"
    organisation.contact_email = "umkm@rantai.test"
    organisation.contact_phone = "+62 812 0000 0000"
    organisation.year_founded = 2016
    organisation.employees = 12
    organisation.annual_sales = 1_800_000_000
    organisation.sales_currency = "IDR"
    organisation.kbli = BusinessActivity.objects.filter(scheme="kbli2020", code="10761").first()
    organisation.size_class = size_class_for(organisation)
    organisation.verification_status = Organisation.VerificationStatus.VERIFIED
    organisation.verified_agency = "Kementerian Perdagangan"
    organisation.verified_at = now
    organisation.save()
    organisation.markets_served.set(Economy.objects.filter(iso3__in=["MYS", "SGP"]))
    for scheme, value in (("id-nib", "9120001234567"), ("id-npwp", "012345678901000")):
        if IdentifierScheme.objects.filter(pk=scheme).exists():
            OrganisationIdentifier.objects.get_or_create(organisation=organisation, scheme_id=scheme, value=value)
    if CertificationType.objects.filter(pk="halal").exists():
        Certification.objects.get_or_create(
            organisation=organisation,
            type_id="halal",
            number="ID31110000123450521",
            defaults={
                "issuer": "BPJPH",
                "valid_from": dt.date(2024, 5, 21),
                "valid_until": dt.date(2028, 5, 20),
                "status": Certification.Status.VERIFIED,
                "verified_by": official,
                "verified_at": now,
            },
        )
    VerificationRequest.objects.get_or_create(
        organisation=organisation,
        defaults={
            "status": VerificationRequest.Status.APPROVED,
            "submitted_by": User.objects.filter(email="umkm@rantai.test").first(),
            "decided_by": official,
            "agency": "Kementerian Perdagangan",
            "decided_at": now,
        },
    )


def _user(email: str, full_name: str, language: str, **flags: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name, preferred_language=language, email_verified=True, **flags
        )
    return user
