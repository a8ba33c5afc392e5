"""KBLI 2020 five-digit groups (Klasifikasi Baku Lapangan Usaha Indonesia): columns ``kode, kbli, deskripsi``.

Titles are Indonesian (often upper-case in the source; stored in sentence case). Each group is linked to the
ISIC Rev. 4 class of its first four digits when ISIC is loaded, and takes that class's English title. One
transaction; importing the same bytes twice changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.directory.importers._activities import read_rows, write_activities
from rantai.directory.importers.isic import link_kbli_to_isic
from rantai.directory.models import BusinessActivity
from rantai.reference.importers.sources import file_source

SOURCE_KEY = "bps-kbli-2020"
CODE = re.compile(r"\d{5}")


def _sentence_case(title: str) -> str:
    return title[:1].upper() + title[1:].lower() if title.isupper() else title


def import_file(path: Path) -> list[str]:
    path = Path(path)
    with transaction.atomic():
        source, created = file_source(
            SOURCE_KEY,
            path,
            "Klasifikasi Baku Lapangan Usaha Indonesia (KBLI) 2020, five-digit groups",
            "Badan Pusat Statistik (BPS), Peraturan BPS No. 2/2020",
            url="https://www.bps.go.id/",
        )
        if not created:
            return [
                f"KBLI 2020: {path.name} (sha256 {source.sha256[:12]}…) was already imported; nothing changed"
            ]
        isic_titles = dict(
            BusinessActivity.objects.filter(
                scheme=BusinessActivity.Scheme.ISIC4, code__regex=r"^\d{4}$"
            ).values_list("code", "title")
        )
        rows: dict[str, dict[str, object]] = {}
        for row in read_rows(path, ("kode", "kbli", "deskripsi")):
            code, title = row.cells["kode"], row.cells["kbli"]
            if not CODE.fullmatch(code):
                raise row.fail(path, "kode", f"{code!r} is not a five-digit KBLI code")
            if not title:
                raise row.fail(path, "kbli", "empty title")
            if code in rows:
                raise row.fail(path, "kode", f"code {code!r} appears twice")
            title_id = _sentence_case(title)[:300]
            rows[code] = {
                "title": isic_titles.get(code[:4], title_id)[:300],
                "title_id": title_id,
                "description": row.cells["deskripsi"],
            }
        if not rows:
            raise ImportFileError(path, 2, 1, "the file has no rows")
        added, updated = write_activities(BusinessActivity.Scheme.KBLI2020, rows, source)
        linked = link_kbli_to_isic()
    return [
        f"KBLI 2020: {len(rows)} groups from {path.name}; {added} added, {updated} updated, {linked} linked to ISIC"
    ]
