from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from tests.factories import DEFAULT_PASSWORD

LINK = re.compile(r"https?://\S+")


def signup_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "siti@kopigayo.id",
        "full_name": "Siti Rahmawati",
        "password1": DEFAULT_PASSWORD,
        "password2": DEFAULT_PASSWORD,
        "preferred_language": "en",
        "organisation_name": "Kopi Gayo Lestari",
        "organisation_kind": "msme",
        "economy": "IDN",
    }
    data.update(overrides)
    return data


def link_in(body: str) -> str:
    """The site path of the one link in a mail, checked to point at SITE_URL."""
    links = LINK.findall(body)
    assert len(links) >= 1, body
    link = links[0]
    site = settings.SITE_URL.rstrip("/")
    assert link.startswith(site + "/"), link
    return link[len(site) :]
