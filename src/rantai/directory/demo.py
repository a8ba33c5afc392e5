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
    return logins


def _user(email: str, full_name: str, language: str, **flags: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name, preferred_language=language, email_verified=True, **flags
        )
    return user
