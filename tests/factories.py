"""factory_boy factories shared by the whole test suite. Add yours below; keep defaults realistic."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from rantai.accounts.models import ApiToken, TradeOfficial, User
from rantai.core.models import DataSource
from rantai.directory.models import Membership, Organisation
from rantai.reference.models import Economy

DEFAULT_PASSWORD = "kopi-gayo-takengon-2026"


class DataSourceFactory(DjangoModelFactory):
    class Meta:
        model = DataSource
        django_get_or_create = ("key", "version")

    key = "tests"
    version = "1"
    kind = DataSource.Kind.FACTS
    title = "Rows written by the test suite"
    publisher = "Rantai tests"


class EconomyFactory(DjangoModelFactory):
    """Gets the economy when reference data is loaded, creates it otherwise. Pass real ISO codes."""

    class Meta:
        model = Economy
        django_get_or_create = ("iso3",)

    iso3 = "IDN"
    iso2 = "ID"
    iso_numeric = "360"
    name_en = "Indonesia"
    name_id = "Indonesia"
    is_apec = True
    currency = "IDR"
    source = factory.SubFactory(DataSourceFactory)


def indonesia() -> Economy:
    return EconomyFactory()


def japan() -> Economy:
    return EconomyFactory(
        iso3="JPN", iso2="JP", iso_numeric="392", name_en="Japan", name_id="Jepang", currency="JPY"
    )


def france() -> Economy:
    """An economy outside APEC."""
    return EconomyFactory(
        iso3="FRA",
        iso2="FR",
        iso_numeric="250",
        name_en="France",
        name_id="Prancis",
        is_apec=False,
        currency="EUR",
    )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.id")
    full_name = factory.Faker("name")
    preferred_language = "en"
    email_verified = True
    password = factory.django.Password(DEFAULT_PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Usaha Contoh {n}")
    kind = Organisation.Kind.MSME
    economy = factory.LazyFunction(indonesia)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class TradeOfficialFactory(DjangoModelFactory):
    class Meta:
        model = TradeOfficial

    user = factory.SubFactory(UserFactory)
    economy = factory.LazyFunction(indonesia)
    agency = "Kementerian Perdagangan"


def api_token(user: User, name: str = "tests") -> tuple[ApiToken, str]:
    """A token and its secret (tokens are only ever issued together with their secret)."""
    return ApiToken.issue(user, name)
