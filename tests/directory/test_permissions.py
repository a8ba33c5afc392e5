"""Every edit endpoint and page refuses members of other organisations; every official endpoint and page
refuses officials of another economy (403)."""

from __future__ import annotations

import pytest

from rantai.directory import actions
from rantai.directory.models import Certification, OrganisationIdentifier, VerificationRequest
from tests.directory.conftest import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    identifier = actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")
    cert = actions.add_certification(world.owner, world.org, {"type": "halal", "number": "H-1"})
    request = actions.submit_verification(world.owner, world.org)
    return world, identifier, cert, request


def edit_api_calls(slug, identifier, cert, request):
    base = f"/api/v1/organisations/{slug}"
    return [
        ("patch", base, {"city": "Medan"}, "json"),
        ("delete", base, {"confirm": "Kopi Gayo Lestari"}, "json"),
        ("get", f"{base}/export", None, None),
        ("get", f"{base}/identifiers", None, None),
        ("post", f"{base}/identifiers", {"scheme": "id-npwp", "value": "012345678901000"}, "json"),
        ("delete", f"{base}/identifiers/{identifier.pk}", None, None),
        ("post", f"{base}/certifications", {"type": "sni", "number": "S-1"}, "multipart"),
        ("patch", f"{base}/certifications/{cert.pk}", {"number": "H-2"}, "json"),
        ("post", f"{base}/certifications/{cert.pk}/document", {"document": png_upload()}, "multipart"),
        ("delete", f"{base}/certifications/{cert.pk}", None, None),
        ("get", f"{base}/verification", None, None),
        ("post", f"{base}/verification", {"message": "again"}, "multipart"),
    ]


def official_api_calls(slug, cert, request):
    return [
        ("post", f"/api/v1/organisations/{slug}/certifications/{cert.pk}/review", {"approve": True}, "json"),
        ("post", f"/api/v1/verification-requests/{request.pk}/decision", {"decision": "approve"}, "json"),
        (
            "post",
            f"/api/v1/verification-requests/{request.pk}/decision",
            {"decision": "reject", "reason": "x"},
            "json",
        ),
        (
            "post",
            f"/api/v1/verification-requests/{request.pk}/decision",
            {"decision": "more_info", "reason": "x"},
            "json",
        ),
    ]


def call(client, method, url, data, kind, headers):
    if kind == "json":
        return getattr(client, method)(url, data, content_type="application/json", **headers)
    if kind == "multipart":
        return client.post(url, data, **headers)
    return getattr(client, method)(url, **headers)


def assert_nothing_changed(world, identifier, cert, request):
    world.org.refresh_from_db()
    assert world.org.city == ""
    assert OrganisationIdentifier.objects.filter(pk=identifier.pk).exists()
    assert OrganisationIdentifier.objects.filter(organisation=world.org).count() == 1
    assert Certification.objects.get(pk=cert.pk).status == "submitted"
    assert Certification.objects.filter(organisation=world.org).count() == 1
    request.refresh_from_db()
    assert request.status == "submitted"


def test_member_of_another_organisation_gets_403_on_every_edit_endpoint(client, setup):
    world, identifier, cert, request = setup
    headers = world.token(world.other_owner)
    for method, url, data, kind in edit_api_calls(world.org.slug, identifier, cert, request):
        response = call(client, method, url, data, kind, headers)
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["code"] == "not_allowed"
    assert_nothing_changed(world, identifier, cert, request)


def test_member_of_another_organisation_gets_403_on_official_endpoints(client, setup):
    world, identifier, cert, request = setup
    headers = world.token(world.other_owner)
    for method, url, data, kind in official_api_calls(world.org.slug, cert, request):
        assert call(client, method, url, data, kind, headers).status_code == 403, url
    assert client.get("/api/v1/official/queue", **headers).status_code == 403
    assert_nothing_changed(world, identifier, cert, request)


def test_official_of_another_economy_gets_403_on_every_endpoint(client, setup):
    world, identifier, cert, request = setup
    headers = world.token(world.foreign_official)
    calls = edit_api_calls(world.org.slug, identifier, cert, request) + official_api_calls(
        world.org.slug, cert, request
    )
    for method, url, data, kind in calls:
        response = call(client, method, url, data, kind, headers)
        assert response.status_code == 403, (method, url, response.content)
    # Their own queue holds nothing of Indonesia's.
    assert client.get("/api/v1/official/queue", **headers).json() == []
    assert_nothing_changed(world, identifier, cert, request)


def test_edit_pages_refuse_members_of_other_organisations(client, setup):
    world, identifier, cert, request = setup
    slug = world.org.slug
    client.force_login(world.other_owner)
    pages = [
        ("get", f"/o/{slug}/edit/", None),
        ("post", f"/o/{slug}/edit/", {"name": "Taken over"}),
        ("post", f"/o/{slug}/identifiers/", {"scheme": "id-npwp", "value": "012345678901000"}),
        ("post", f"/o/{slug}/identifiers/{identifier.pk}/remove/", {}),
        ("post", f"/o/{slug}/certifications/", {"type": "sni", "number": "S-1"}),
        ("post", f"/o/{slug}/certifications/{cert.pk}/remove/", {}),
        ("post", f"/o/{slug}/verification/", {"message": "x"}),
        ("get", f"/o/{slug}/export/", None),
        ("get", f"/o/{slug}/delete/", None),
        ("post", f"/o/{slug}/delete/", {"confirm": "Kopi Gayo Lestari"}),
        ("post", f"/o/{slug}/certifications/{cert.pk}/review/", {"approve": "yes"}),
        ("get", f"/official/requests/{request.pk}/", None),
        ("post", f"/official/requests/{request.pk}/", {"decision": "approve"}),
        ("get", "/official/queue/", None),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert_nothing_changed(world, identifier, cert, request)


def test_official_pages_refuse_officials_of_another_economy(client, setup):
    world, identifier, cert, request = setup
    slug = world.org.slug
    client.force_login(world.foreign_official)
    pages = [
        ("get", f"/official/requests/{request.pk}/", None),
        ("post", f"/official/requests/{request.pk}/", {"decision": "approve"}),
        ("post", f"/official/requests/{request.pk}/", {"decision": "reject", "reason": "x"}),
        ("post", f"/o/{slug}/certifications/{cert.pk}/review/", {"approve": "yes"}),
        ("get", f"/o/{slug}/edit/", None),
        ("post", f"/o/{slug}/edit/", {"name": "Taken over"}),
        ("get", f"/o/{slug}/export/", None),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert world.org.name not in client.get("/official/queue/").content.decode()
    assert_nothing_changed(world, identifier, cert, request)


def test_the_organisations_own_official_may_act(client, setup):
    world, _identifier, _cert, request = setup
    client.force_login(world.official)
    assert client.get(f"/official/requests/{request.pk}/").status_code == 200
    assert VerificationRequest.objects.get(pk=request.pk).status == "submitted"


def test_a_plain_member_may_edit_but_not_export_or_delete(client, setup):
    world, *_ = setup
    headers = world.token(world.member)
    ok = client.patch(
        f"/api/v1/organisations/{world.org.slug}",
        {"city": "Takengon"},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200 and ok.json()["city"] == "Takengon"
    assert client.get(f"/api/v1/organisations/{world.org.slug}/export", **headers).status_code == 403


def test_changes_need_a_token(client, setup):
    world, *_ = setup
    response = client.patch(
        f"/api/v1/organisations/{world.org.slug}", {"city": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
