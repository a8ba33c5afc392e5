from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rantai.accounts.models import User
from rantai.directory.models import Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TradeOfficialFactory,
    UserFactory,
    api_token,
    japan,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent_mail(settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Iterator[Any]:
    """Mail jobs run in-process when queued on commit (tests run inside a transaction)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    class Outbox:
        messages = mailoutbox

        def committing(self) -> Any:
            return django_capture_on_commit_callbacks(execute=True)

    yield Outbox()


@dataclass
class World:
    org: Organisation
    owner: User
    member: User
    other_org: Organisation
    other_owner: User
    official: User
    foreign_official: User

    def token(self, user: User) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)[1]}"}


@pytest.fixture
def world(db: Any) -> World:
    owner = UserFactory(email="siti@kopigayo.id", preferred_language="id")
    org = OrganisationFactory(name="Kopi Gayo Lestari")
    MembershipFactory(organisation=org, user=owner, role="owner")
    member = MembershipFactory(organisation=org, role="member").user
    other_owner = UserFactory(email="owner@lain.id")
    other_org = OrganisationFactory(name="Batik Lain")
    MembershipFactory(organisation=other_org, user=other_owner, role="owner")
    official = TradeOfficialFactory(agency="Kementerian Perdagangan").user
    foreign_official = TradeOfficialFactory(economy=japan(), agency="METI").user
    return World(org, owner, member, other_org, other_owner, official, foreign_official)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "halal.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "nib.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", content_type="application/pdf"
    )
