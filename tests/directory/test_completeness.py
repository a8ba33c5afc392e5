"""Profile completeness and the export-readiness checklist on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from rantai.directory import actions, queries
from rantai.directory.models import Certification
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_empty_profile_lists_what_to_do_next():
    org = OrganisationFactory()
    result = queries.completeness(org)
    assert result.score == 0
    assert "Add a registration number such as your NIB." in result.next_steps
    assert len(result.next_steps) == len(result.items)


def test_filling_in_raises_the_score_and_removes_the_steps():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner").user
    actions.update_profile(
        owner,
        org,
        {"legal_name": "CV Contoh", "province": "Aceh", "city": "Takengon", "languages": "id, en",
         "contact_name": "Siti", "contact_email": "siti@example.id", "year_founded": 2016, "employees": 4,
         "annual_sales": 1_000_000, "markets_served": ["MYS"]},
    )  # fmt: skip
    actions.set_identifier(owner, org, "id-nib", "9120001234567")
    org.refresh_from_db()
    result = queries.completeness(org)
    done = {item.key for item in result.items if item.done}
    assert done == {"legal_name", "location", "languages", "contacts", "year_founded", "employees", "size",
                    "identifiers", "markets"}  # fmt: skip
    assert result.score == round(100 * 9 / 13)
    assert "Add a registration number such as your NIB." not in result.next_steps


def test_readiness_needs_a_verified_valid_certification(world):
    checks = {c.key: c.done for c in queries.export_readiness(world.org)}
    assert checks["verified"] is False and checks["contacts"] is False
    Certification.objects.create(
        organisation=world.org, type_id="halal", number="X1", status="verified",
        valid_until=dt.date.today() + dt.timedelta(days=300),
    )  # fmt: skip
    actions.update_profile(world.owner, world.org, {"contact_phone": "+62 812 3456 7890"})
    checks = {c.key: c.done for c in queries.export_readiness(world.org)}
    assert checks["contacts"] is True
    # No published product yet, so no certification is relevant to products.
    assert checks["products"] is False and checks["certification"] is False


def test_dashboard_shows_score_and_next_steps_in_indonesian(client, world):
    client.force_login(world.owner)
    page = client.get("/id/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="completeness-score">0%' in html
    assert "Tambahkan nomor registrasi seperti NIB Anda." in html
