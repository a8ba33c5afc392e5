from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from rantai.reference.models import HsCode


@pytest.fixture
def reference_data(django_db_blocker: Any) -> None:
    """Transactional tests (those driving a real worker or CLI) empty the database after them; the reference
    data every test database starts with is loaded again when an earlier one took it away."""
    with django_db_blocker.unblock():
        if not HsCode.objects.filter(code="090111").exists():
            call_command("data", "load-reference", verbosity=0)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
