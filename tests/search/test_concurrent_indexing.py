"""Two transactions rewriting the same organisation's documents at once (two of its products saved together):
the second waits for the first and then rewrites the row — it must not fail on the document's key, which is
what delete-then-insert did on PostgreSQL (the 500s of ``bench/load.py`` creating products concurrently)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from rantai.search import indexing
from rantai.search.models import SupplierDocument
from tests.search.helpers import make_org, make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_writer_of_the_same_supplier_document_waits_and_succeeds(reference_data: None) -> None:
    org = make_org()
    make_product(org, title="Kopi arabika")
    first_wrote = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            first_wrote.wait(10)
            indexing.index_organisation(org.pk)  # blocks on the first transaction's row, then proceeds
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with transaction.atomic():
        indexing.index_organisation(org.pk)
        first_wrote.set()
        thread.join(1.0)  # give the second writer time to reach the row and wait on it
    thread.join(60)

    assert not thread.is_alive() and errors == []
    assert SupplierDocument.objects.filter(organisation_id=org.pk).count() == 1
