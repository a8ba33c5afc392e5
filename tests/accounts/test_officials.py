"""Trade officials are appointed by admins only and act for their own economy; role helpers."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from rantai.accounts import queries
from rantai.accounts.errors import EmailNotVerified, NotAllowed
from rantai.accounts.models import TradeOfficial
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TradeOfficialFactory,
    UserFactory,
    indonesia,
    japan,
)

pytestmark = pytest.mark.django_db


def test_command_appoints_an_official_of_one_economy():
    user = UserFactory(email="pejabat@kemendag.go.id")
    indonesia()

    call_command(
        "officials",
        "add",
        "Pejabat@Kemendag.go.id",
        "--economy",
        "idn",
        "--agency",
        "Kementerian Perdagangan",
    )

    official = TradeOfficial.objects.get(user=user)
    assert (official.economy_id, official.agency, official.active) == ("IDN", "Kementerian Perdagangan", True)
    assert queries.is_official(user)
    assert queries.official_economy(user).iso3 == "IDN"
    assert queries.official_acts_for(user, "IDN")
    assert not queries.official_acts_for(user, japan())


def test_command_refuses_unknown_user_and_unknown_economy():
    with pytest.raises(CommandError, match="No user"):
        call_command("officials", "add", "nobody@example.id", "--economy", "IDN", "--agency", "Kemendag")
    UserFactory(email="pejabat@kemendag.go.id")
    with pytest.raises(CommandError, match="No economy"):
        call_command("officials", "add", "pejabat@kemendag.go.id", "--economy", "XXX", "--agency", "Kemendag")
    assert not TradeOfficial.objects.exists()


def test_ended_appointment_no_longer_counts():
    official = TradeOfficialFactory()
    call_command("officials", "remove", official.user.email)
    user = type(official.user).objects.get(pk=official.user.pk)
    assert not queries.is_official(user)
    assert queries.official_economy(user) is None
    assert not queries.official_acts_for(user, "IDN")


def test_people_who_are_not_officials():
    assert not queries.is_official(UserFactory())
    assert queries.official_economy(UserFactory()) is None


def test_owner_and_member_act_for_their_organisation_only():
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    member = MembershipFactory(organisation=organisation, role="member").user
    outsider = UserFactory()

    assert queries.can_act_for(owner, organisation) and queries.is_owner(owner, organisation)
    assert queries.can_act_for(member, organisation) and not queries.is_owner(member, organisation)
    assert not queries.can_act_for(outsider, organisation) and not queries.is_owner(outsider, organisation)
    # An official of the same economy does not act for its businesses.
    assert not queries.can_act_for(TradeOfficialFactory().user, organisation)


def test_acting_for_an_organisation_needs_a_verified_address():
    organisation = OrganisationFactory()
    unverified = MembershipFactory(organisation=organisation, user=UserFactory(email_verified=False)).user
    with pytest.raises(EmailNotVerified):
        queries.check_can_act_for(unverified, organisation)
    with pytest.raises(NotAllowed):
        queries.check_can_act_for(UserFactory(), organisation)
    queries.check_can_act_for(MembershipFactory(organisation=organisation).user, organisation)


def test_platform_admin_is_staff_and_superuser():
    assert queries.is_platform_admin(UserFactory(is_staff=True, is_superuser=True))
    assert not queries.is_platform_admin(UserFactory(is_staff=True))
    assert not queries.is_platform_admin(UserFactory(is_staff=True, is_superuser=True, is_active=False))
