from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

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
