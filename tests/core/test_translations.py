"""Every catalogue is complete in Bahasa Indonesia: no empty and no fuzzy (machine-guessed) entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import rantai

CATALOGUES = sorted(Path(rantai.__file__).parent.glob("**/locale/id/LC_MESSAGES/django.po"))


def test_every_app_with_user_facing_text_has_a_catalogue():
    apps = {po.relative_to(Path(rantai.__file__).parent).parts[0] for po in CATALOGUES}
    assert {"accounts", "api", "core", "directory", "reference", "web"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_fully_translated(po_path):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{po_path}: untranslated entries"
    assert fuzzy == [], f"{po_path}: fuzzy entries need a human check"
