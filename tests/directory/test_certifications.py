"""Certifications: documents checked by content and size; officials verify; owners reminded before expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rantai.core.errors import RantaiError
from rantai.directory import actions
from rantai.directory.models import AuditEvent, Certification
from rantai.directory.tasks import send_expiry_reminders
from rantai.directory.uploads import MAX_DOCUMENT_BYTES
from tests.directory.conftest import pdf_upload, png_bytes, png_upload

pytestmark = pytest.mark.django_db

HALAL = {"type": "halal", "number": "ID31110000123450521", "issuer": "BPJPH"}


def test_a_png_and_a_pdf_are_accepted_and_stored_with_their_real_extension(world):
    cert = actions.add_certification(
        world.owner, world.org, HALAL, SimpleUploadedFile("scan.pdf", png_bytes())
    )
    assert cert.document.name.endswith(".png")
    pdf = actions.add_certification(world.member, world.org, {**HALAL, "number": "2"}, pdf_upload("x.jpg"))
    assert pdf.document.name.endswith(".pdf")
    assert AuditEvent.objects.filter(organisation=world.org, action="certification_added").count() == 2


def test_a_text_file_named_png_is_refused(world):
    fake = SimpleUploadedFile("halal.png", b"this is not an image at all", content_type="image/png")
    with pytest.raises(RantaiError) as caught:
        actions.add_certification(world.owner, world.org, HALAL, fake)
    assert caught.value.code == "file_type"
    assert not Certification.objects.exists()


def test_an_oversize_file_is_refused(world):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, content_type="application/pdf")
    with pytest.raises(RantaiError) as caught:
        actions.add_certification(world.owner, world.org, HALAL, big)
    assert caught.value.code == "file_too_large"
    assert not Certification.objects.exists()


def test_upload_page_shows_the_error_in_indonesian(client, world):
    client.force_login(world.owner)
    page = client.post(
        f"/id/o/{world.org.slug}/certifications/",
        {**HALAL, "document": SimpleUploadedFile("a.jpg", b"GIF89a not really")},
    )
    assert page.status_code == 400
    assert "Unggah berkas PDF, JPEG, atau PNG." in page.content.decode()
    assert not Certification.objects.exists()


def test_api_upload_and_expiry_before_start_is_a_field_error(client, world):
    bad = client.post(
        f"/api/v1/organisations/{world.org.slug}/certifications",
        {**HALAL, "valid_from": "2025-01-01", "valid_until": "2024-01-01"},
        **world.token(world.owner),
    )
    assert bad.status_code == 400
    assert "valid_until" in bad.json()["fields"]
    ok = client.post(
        f"/api/v1/organisations/{world.org.slug}/certifications",
        {**HALAL, "valid_until": "2027-01-01", "document": png_upload()},
        **world.token(world.owner),
    )
    assert ok.status_code == 201
    assert ok.json()["has_document"] is True and ok.json()["verified"] is False


def test_an_official_verifies_and_the_owner_is_told_in_their_language(world, sent_mail):
    cert = actions.add_certification(world.owner, world.org, HALAL)
    with sent_mail.committing():
        actions.review_certification(world.official, cert, approve=True)
    cert.refresh_from_db()
    assert cert.is_verified and cert.verified_by == world.official
    assert Certification.objects.verified().count() == 1
    assert [m.to for m in sent_mail.messages] == [["siti@kopigayo.id"]]
    assert "Sertifikat halal" in sent_mail.messages[0].body


def test_changing_a_verified_certification_sends_it_back_for_verification(world):
    cert = actions.add_certification(world.owner, world.org, HALAL)
    actions.review_certification(world.official, cert, approve=True)
    actions.update_certification(world.owner, cert, {"number": "NEW-1"})
    cert.refresh_from_db()
    assert cert.status == Certification.Status.SUBMITTED and cert.verified_by is None


def test_is_valid_on():
    cert = Certification(valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 12, 31))
    assert cert.is_valid_on(dt.date(2025, 12, 31))
    assert not cert.is_valid_on(dt.date(2026, 1, 1))
    assert not cert.is_valid_on(dt.date(2024, 12, 31))


def test_expiry_reminder_is_sent_once_in_the_owners_language(world, sent_mail):
    today = dt.date(2026, 3, 1)
    soon = Certification.objects.create(
        organisation=world.org, type_id="halal", number="H-1", valid_until=today + dt.timedelta(days=30)
    )
    Certification.objects.create(
        organisation=world.org, type_id="pirt", number="P-1", valid_until=today + dt.timedelta(days=45)
    )
    Certification.objects.create(
        organisation=world.org, type_id="sni", number="S-1", valid_until=today - dt.timedelta(days=1)
    )
    with sent_mail.committing():
        assert send_expiry_reminders(today) == 1
    with sent_mail.committing():
        assert send_expiry_reminders(today) == 0
        assert send_expiry_reminders(today + dt.timedelta(days=10)) == 0
    assert len(sent_mail.messages) == 1
    message = sent_mail.messages[0]
    assert message.to == ["siti@kopigayo.id"]
    assert "H-1" in message.body and "Sertifikat halal" in message.body
    assert "kedaluwarsa" in message.subject
    soon.refresh_from_db()
    assert soon.reminder_sent_on == today


def test_the_reminder_job_is_a_daily_job():
    from rantai.core.schedule import DAILY_JOBS

    assert "rantai.directory.tasks.remind_expiring_certifications" in DAILY_JOBS
