from __future__ import annotations

from typing import Any

import pytest

from rantai.directory.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db: Any) -> Organisation:
    return OrganisationFactory(name="Kopi Gayo Lestari")


@pytest.fixture
def member(organisation: Organisation) -> Any:
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def outsider(db: Any) -> Any:
    """A member of another organisation."""
    return MembershipFactory(organisation=OrganisationFactory(name="Usaha Lain")).user


@pytest.fixture
def indonesian_member(organisation: Organisation) -> Any:
    user = UserFactory(preferred_language="id")
    MembershipFactory(organisation=organisation, user=user)
    return user


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
