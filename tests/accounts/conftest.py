from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def sent_mail(settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Iterator[Any]:
    """Run mail jobs in-process as soon as they are queued on commit, and give the outbox.

    Mail is queued for the worker when a transaction commits; tests run inside a transaction, so
    the commit hooks are captured and run, and the task backend sends at once.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    class Outbox:
        messages = mailoutbox

        def committing(self) -> Any:
            return django_capture_on_commit_callbacks(execute=True)

    yield Outbox()
