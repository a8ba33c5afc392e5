from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

os.environ.setdefault("RANTAI_PROFILE", "test")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The workplace's folder of real official files (read in place, never copied)."""
    path = Path(os.environ.get("RANTAI_DATA_DIR", REPO.parent / "shared" / "data"))
    if not (path / "SOURCES.md").exists():
        pytest.fail(f"RANTAI_DATA_DIR={path} holds no shared data; ./dev test sets it to ../shared/data.")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Every test database starts with the reference data a fresh install has."""
    with django_db_blocker.unblock():
        call_command("data", "load-reference", verbosity=0)


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Iterator[None]:
    """Each test starts in English. A request to an /id/ page activates Indonesian for the thread, and Django
    does not switch it back afterwards, so without this a test's language would depend on the one before."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def reference_data(django_db_blocker: Any) -> None:
    """Transactional tests (those driving a real worker or CLI, or several connections) empty the database after
    them; the reference data every test database starts with is loaded again when an earlier one took it away."""
    from rantai.reference.models import HsCode

    with django_db_blocker.unblock():
        if not HsCode.objects.filter(code="090111").exists():
            call_command("data", "load-reference", verbosity=0)
