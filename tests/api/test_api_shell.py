"""The API shell: OpenAPI document, token authentication and one error format for every 4xx."""

from __future__ import annotations

import pytest

from rantai.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def assert_error_shape(body: dict, code: str) -> None:
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]


def test_openapi_document_lists_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "Rantai API"
    assert "/api/v1/me" in spec["paths"]
    assert any(path.startswith("/api/v1/hs") for path in spec["paths"])


def test_unknown_endpoint_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


def test_missing_token_is_401_in_the_uniform_format(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert_error_shape(response.json(), "unauthenticated")


def test_valid_token_identifies_the_user_and_revoked_token_does_not(client):
    user = User.objects.create_user("owner@example.id", "a-long-password-1")
    token, secret = ApiToken.issue(user, "laptop")
    assert secret.startswith("rnt_")
    assert secret not in token.key_hash  # only a hash is stored

    ok = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert ok.status_code == 200
    assert ok.json()["email"] == "owner@example.id"

    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401


def test_error_message_follows_the_requested_language(client):
    response = client.get("/api/v1/me", headers={"Accept-Language": "id"})
    assert response.status_code == 401
    assert response.json()["message"] != "A valid API token is required."
