"""Verification by a trade official of the organisation's own economy, with an audit trail of every step."""

from __future__ import annotations

import pytest

from rantai.core.errors import RantaiError
from rantai.directory import actions
from rantai.directory.models import AuditEvent, VerificationRequest
from tests.directory.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_submit_ask_resubmit_approve_end_to_end(client, world, sent_mail):
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    # The owner submits on the page, with a document.
    client.force_login(world.owner)
    with sent_mail.committing():
        response = client.post(
            f"/o/{world.org.slug}/verification/", {"message": "NIB attached", "documents": [pdf_upload()]}
        )
    assert response.status_code == 302
    request = VerificationRequest.objects.get(organisation=world.org)
    assert request.documents.count() == 1
    world.org.refresh_from_db()
    assert world.org.verification_status == "pending"

    # The official sees it in the queue and asks for more.
    client.force_login(world.official)
    queue = client.get("/official/queue/")
    assert world.org.name in queue.content.decode()
    refused = client.post(f"/official/requests/{request.pk}/", {"decision": "more_info", "reason": ""})
    assert refused.status_code == 400
    with sent_mail.committing():
        client.post(
            f"/official/requests/{request.pk}/", {"decision": "more_info", "reason": "Please add the NPWP."}
        )
    request.refresh_from_db()
    assert request.status == "more_info"

    # The owner answers through the API.
    with sent_mail.committing():
        answer = client.post(
            f"/api/v1/organisations/{world.org.slug}/verification",
            {"message": "NPWP added"},
            **world.token(world.owner),
        )
    assert answer.status_code == 201 and answer.json()["status"] == "submitted"

    # The official approves through the API.
    with sent_mail.committing():
        decided = client.post(
            f"/api/v1/verification-requests/{request.pk}/decision",
            {"decision": "approve"},
            content_type="application/json",
            **world.token(world.official),
        )
    assert decided.status_code == 200
    world.org.refresh_from_db()
    assert world.org.is_verified and world.org.verified_agency == "Kementerian Perdagangan"

    page = client.get(f"/o/{world.org.slug}/").content.decode()
    assert "Verified by Kementerian Perdagangan" in page

    trail = list(AuditEvent.objects.filter(organisation=world.org).values_list("action", "actor__email"))
    assert trail == [
        ("identifier_set", "siti@kopigayo.id"),
        ("verification_submitted", "siti@kopigayo.id"),
        ("verification_more_info", world.official.email),
        ("verification_resubmitted", "siti@kopigayo.id"),
        ("verification_approved", world.official.email),
    ]
    subjects = [m.subject for m in sent_mail.messages]
    assert len(subjects) == 4 and all(m.to == ["siti@kopigayo.id"] for m in sent_mail.messages)
    assert "terverifikasi" in subjects[-1]  # the owner reads Indonesian


def test_reject_needs_a_reason_and_is_audited(world):
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    request = actions.submit_verification(world.owner, world.org)
    with pytest.raises(RantaiError) as caught:
        actions.reject_verification(world.official, request, "  ")
    assert "reason" in caught.value.fields
    actions.reject_verification(world.official, request, "The NIB belongs to another business.")
    world.org.refresh_from_db()
    assert world.org.verification_status == "rejected"
    event = AuditEvent.objects.get(action="verification_rejected")
    assert event.detail["reason"] == "The NIB belongs to another business."
    assert event.detail["agency"] == "Kementerian Perdagangan"


def test_submitting_needs_an_identifier_and_only_one_open_request(world):
    with pytest.raises(RantaiError):
        actions.submit_verification(world.owner, world.org)
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    actions.submit_verification(world.owner, world.org)
    with pytest.raises(RantaiError) as caught:
        actions.submit_verification(world.owner, world.org)
    assert caught.value.status == 409


def test_a_decision_cannot_be_taken_twice(world):
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    request = actions.submit_verification(world.owner, world.org)
    actions.approve_verification(world.official, request)
    with pytest.raises(RantaiError) as caught:
        actions.reject_verification(world.official, request, "late")
    assert caught.value.status == 409
