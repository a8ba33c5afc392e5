"""Contact details only for verified organisations' people and officials; owners export and delete."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from rantai.directory import actions
from rantai.directory.models import AuditEvent, Certification, Organisation, VerificationDocument
from tests.directory.conftest import pdf_upload, png_upload
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+62 812 3456 7890"


@pytest.fixture
def with_contacts(world):
    actions.update_profile(world.owner, world.org, {"contact_name": "Siti", "contact_phone": PHONE,
                                                    "contact_email": "dagang@kopigayo.id"})  # fmt: skip
    return world


def test_contacts_hidden_from_anonymous_and_unverified(client, with_contacts):
    world = with_contacts
    url = f"/o/{world.org.slug}/"
    assert PHONE not in client.get(url).content.decode()
    assert client.get(f"/api/v1/organisations/{world.org.slug}").json()["contacts"] is None
    client.force_login(world.other_owner)  # their organisation is not verified
    assert PHONE not in client.get(url).content.decode()
    assert (
        client.get(f"/api/v1/organisations/{world.org.slug}", **world.token(world.other_owner)).json()[
            "contacts"
        ]
        is None
    )


def test_contacts_shown_to_verified_organisations_and_officials(client, with_contacts):
    world = with_contacts
    Organisation.objects.filter(pk=world.other_org.pk).update(verification_status="verified")
    client.force_login(world.other_owner)
    assert PHONE in client.get(f"/o/{world.org.slug}/").content.decode()
    api = client.get(f"/api/v1/organisations/{world.org.slug}", **world.token(world.other_owner)).json()
    assert api["contacts"]["phone"] == PHONE
    client.force_login(world.foreign_official)
    assert PHONE in client.get(f"/o/{world.org.slug}/").content.decode()


def test_export_contains_everything(client, with_contacts):
    world = with_contacts
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    actions.add_certification(world.owner, world.org, {"type": "halal", "number": "H-1"}, png_upload())
    actions.submit_verification(world.owner, world.org, "please", [pdf_upload()])
    client.force_login(world.owner)
    response = client.get(f"/o/{world.org.slug}/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["organisation"]["contact_phone"] == PHONE
    assert [i["value"] for i in data["identifiers"]] == ["9120001234567"]
    assert data["certifications"][0]["number"] == "H-1" and data["certifications"][0]["document"]
    assert data["verification_requests"][0]["message"] == "please"
    assert len(data["verification_requests"][0]["documents"]) == 1
    assert {m["email"] for m in data["members"]} == {"siti@kopigayo.id", world.member.email}
    assert "verification_submitted" in [e["action"] for e in data["audit_events"]]
    assert isinstance(data["products"], list)


def test_delete_needs_the_name_and_removes_everything_but_the_audit_trail(client, with_contacts):
    world = with_contacts
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    cert = actions.add_certification(world.owner, world.org, {"type": "halal", "number": "H-1"}, png_upload())
    actions.submit_verification(world.owner, world.org, "", [pdf_upload()])
    files = [cert.document.name, VerificationDocument.objects.get().file.name]
    assert all(default_storage.exists(name) for name in files)
    org_id = world.org.pk

    client.force_login(world.owner)
    wrong = client.post(f"/o/{world.org.slug}/delete/", {"confirm": "kopi"})
    assert wrong.status_code == 400 and Organisation.objects.filter(pk=org_id).exists()

    response = client.post(f"/o/{world.org.slug}/delete/", {"confirm": "Kopi Gayo Lestari"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org_id).exists()
    assert not Certification.objects.exists() and not VerificationDocument.objects.exists()
    events = AuditEvent.objects.filter(organisation_name="Kopi Gayo Lestari")
    assert events.filter(action="organisation_deleted").exists()
    assert events.count() >= 5 and not events.exclude(organisation=None).exists()


def test_deleted_files_are_removed_after_commit(world, django_capture_on_commit_callbacks):
    cert = actions.add_certification(world.owner, world.org, {"type": "halal", "number": "H-1"}, png_upload())
    name = cert.document.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_organisation(world.owner, world.org, "Kopi Gayo Lestari")
    assert not default_storage.exists(name)


def test_only_owners_delete(world):
    from rantai.accounts.errors import NotAllowed

    with pytest.raises(NotAllowed):
        actions.delete_organisation(world.member, world.org, "Kopi Gayo Lestari")
    assert Organisation.objects.filter(pk=world.org.pk).exists()


def test_other_organisations_are_untouched(world):
    keep = OrganisationFactory(name="Tetap Ada")
    MembershipFactory(organisation=keep, user=UserFactory(), role="owner")
    actions.delete_organisation(world.owner, world.org, "Kopi Gayo Lestari")
    assert Organisation.objects.filter(pk=keep.pk).exists()
