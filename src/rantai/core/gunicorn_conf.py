"""gunicorn settings for ``rantai serve`` (``--config python:rantai.core.gunicorn_conf``)."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Before a worker takes requests, load what its first classification would otherwise wait for.

    The classifier's index takes 0.1 s to read from its pickle under var/ and about 1 s to build when there is
    none; done inside a request it held the worker's other threads up too (the GIL), which showed as the slowest
    1% of answers under load.
    """
    from django.db import connections

    from rantai.classify.index import live_index, refresh

    refresh(live_index())
    connections.close_all()  # requests run in the worker's threads, each with its own connection
    worker.log.info("Worker %s: classifier ready", worker.pid)
