"""The API, the page and its reusable fragment, in both languages."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_api_post_and_get_answer_the_cli_shape(client: Client):
    posted = client.post("/api/v1/classify", data=json.dumps({"text": "kopi bubuk luwak sangrai 250 gram", "top": 3}),
                         content_type="application/json")
    got = client.get("/api/v1/classify", {"q": "roasted coffee", "top": 2})

    assert posted.status_code == 200 and got.status_code == 200
    body = posted.json()
    assert {"text", "lang", "candidates", "low_confidence"} <= set(body)
    assert len(body["candidates"]) == 3 and body["candidates"][0]["hs6"] == "090121"
    assert set(body["candidates"][0]) == {"hs6", "score", "description", "why"}
    assert got.json()["candidates"][0]["hs6"] == "090121"


@pytest.mark.django_db
@pytest.mark.parametrize(("payload", "code"), [({"text": "  "}, "classify_input"), ({"text": "a\u0000b"}, "invalid_character"),
                                               ({"text": "kopi", "top": 99}, "validation_error")])
def test_api_bad_input_answers_the_uniform_error(client: Client, payload: dict[str, object], code: str):
    response = client.post("/api/v1/classify", data=json.dumps(payload), content_type="application/json")

    assert response.status_code in (400, 422)
    assert set(response.json()) == {"code", "message", "fields"} and response.json()["code"] == code


@pytest.mark.django_db
def test_api_over_long_text_has_a_notice(client: Client):
    response = client.post("/api/v1/classify", data=json.dumps({"text": "teh hijau " * 400}),
                           content_type="application/json")

    assert response.status_code == 200 and "2000" in response.json()["notice"]


@pytest.mark.django_db
def test_page_shows_the_hierarchy_and_loads_the_script_from_a_file(client: Client):
    html = client.get("/classify/", {"q": "kopi bubuk sangrai"}).content.decode()

    assert "0901.21" in html and "Chapter 09" in html and "Heading 0901" in html and "Section II" in html
    assert 'src="/static/classify/suggest.js"' in html
    assert "<script>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "why", "low"), [("", "Why this code", "Low confidence"),
                                                     ("/id", "Mengapa kode ini", "Keyakinan rendah")])
def test_fragment_renders_in_both_languages(client: Client, prefix: str, why: str, low: str):
    found = client.get(f"{prefix}/classify/suggest/", {"q": "kemeja batik katun pria"}).content.decode()
    unsure = client.get(f"{prefix}/classify/suggest/", {"q": "zzqx vrrbl"}).content.decode()

    assert "6205.20" in found and why in found and "<html" not in found
    assert low in unsure


@pytest.mark.django_db
def test_fragment_reports_bad_input_without_failing(client: Client):
    response = client.get("/id/classify/suggest/", {"q": "kopi\u0001"})

    assert response.status_code == 200
    assert "karakter kontrol" in response.content.decode()
