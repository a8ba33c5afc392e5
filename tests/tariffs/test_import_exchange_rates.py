"""Exchange-rate tables uploaded by administrators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.reference.loaders import IMPORTERS
from rantai.tariffs.models import ExchangeRate

pytestmark = pytest.mark.django_db


def test_import_then_same_file_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("currency,per_usd,on\nIDR,16250.5,2026-01-02\nJPY,157.3,2026-01-02\n", encoding="utf-8")
    assert IMPORTERS["exchange-rates"](path) == ["rates.csv: 2 exchange rates for IDR, JPY."]
    rate = ExchangeRate.objects.get(currency="IDR")
    assert (rate.per_usd, rate.on) == (Decimal("16250.5"), dt.date(2026, 1, 2))
    assert "already imported" in IMPORTERS["exchange-rates"](path)[0]
    assert ExchangeRate.objects.count() == 2


def test_bad_rate_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("currency,per_usd,on\nIDR,16250.5,2026-01-02\nJPY,-1,2026-01-02\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        IMPORTERS["exchange-rates"](path)
    assert (caught.value.line, caught.value.column) == (3, "2 (per_usd)")
    assert not ExchangeRate.objects.exists()


def test_admin_upload(client, django_user_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = django_user_model.objects.create_superuser(email="ops@example.org", password="pw-for-tests-only")
    client.force_login(admin)
    page = client.get("/admin/tariffs/exchangerate/upload/")
    assert page.status_code == 200
    path = tmp_path / "rates.csv"
    path.write_text("currency,per_usd,on\nIDR,16250.5,2026-01-02\n", encoding="utf-8")
    with path.open("rb") as handle:
        answer = client.post("/admin/tariffs/exchangerate/upload/", {"file": handle})
    assert answer.status_code == 302
    assert ExchangeRate.objects.get().currency == "IDR"
