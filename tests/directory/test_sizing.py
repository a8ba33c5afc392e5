"""Size class from Indonesia's PP 7/2021 thresholds, recomputed whenever its inputs change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rantai.directory import actions
from rantai.directory.models import AuditEvent, SizeClass
from tests.factories import MembershipFactory, OrganisationFactory, japan

pytestmark = pytest.mark.django_db

BILLION = 1_000_000_000


@pytest.fixture
def owner_and_org():
    org = OrganisationFactory()
    return MembershipFactory(organisation=org, role="owner").user, org


@pytest.mark.parametrize(
    ("annual_sales", "expected"),
    [
        (2 * BILLION, SizeClass.MICRO),
        (2 * BILLION + 1, SizeClass.SMALL),
        (15 * BILLION, SizeClass.SMALL),
        (15 * BILLION + 1, SizeClass.MEDIUM),
        (50 * BILLION, SizeClass.MEDIUM),
        (50 * BILLION + 1, SizeClass.LARGE),
    ],
)
def test_annual_sales_boundaries(owner_and_org, annual_sales, expected):
    owner, org = owner_and_org
    actions.update_profile(owner, org, {"annual_sales": annual_sales, "sales_currency": "IDR"})
    org.refresh_from_db()
    assert org.size_class == expected


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (BILLION, SizeClass.MICRO),
        (BILLION + 1, SizeClass.SMALL),
        (5 * BILLION, SizeClass.SMALL),
        (5 * BILLION + 1, SizeClass.MEDIUM),
        (10 * BILLION, SizeClass.MEDIUM),
        (10 * BILLION + 1, SizeClass.LARGE),
    ],
)
def test_business_capital_decides_when_sales_are_unknown(owner_and_org, capital, expected):
    owner, org = owner_and_org
    actions.update_profile(owner, org, {"business_capital": capital})
    org.refresh_from_db()
    assert org.size_class == expected


def test_sales_decide_over_capital_and_changes_are_audited(owner_and_org):
    owner, org = owner_and_org
    actions.update_profile(owner, org, {"business_capital": 500_000_000, "annual_sales": "20000000000"})
    org.refresh_from_db()
    assert org.size_class == SizeClass.MEDIUM
    assert org.annual_sales == Decimal("20000000000.00")
    event = AuditEvent.objects.filter(organisation=org, action="profile_updated").latest("at")
    assert "size_class" in event.detail["fields"]


def test_sales_in_another_currency_are_not_converted(owner_and_org):
    owner, org = owner_and_org
    actions.update_profile(owner, org, {"annual_sales": 100, "sales_currency": "USD"})
    org.refresh_from_db()
    assert org.size_class == SizeClass.UNKNOWN


def test_an_economy_without_a_rule_is_unknown():
    org = OrganisationFactory(economy=japan())
    owner = MembershipFactory(organisation=org, role="owner").user
    actions.update_profile(owner, org, {"annual_sales": 1, "employees": 3})
    org.refresh_from_db()
    assert org.size_class == SizeClass.UNKNOWN


def test_negative_amounts_are_field_errors_and_nothing_is_saved(owner_and_org):
    from rantai.core.errors import RantaiError

    owner, org = owner_and_org
    with pytest.raises(RantaiError) as caught:
        actions.update_profile(owner, org, {"annual_sales": -5, "city": "Takengon"})
    assert set(caught.value.fields) == {"annual_sales"}
    org.refresh_from_db()
    assert org.city == ""
