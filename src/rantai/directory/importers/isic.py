"""ISIC Rev. 4 structure as published by UNSD: columns ``Code, Description``.

Sections are letters (A to U), divisions 2 digits, groups 3, classes 4. A division's parent is the section
above it in the file; a group's and class's parents are their code prefixes. KBLI groups already loaded are
linked to their ISIC class. One transaction; importing the same bytes twice changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.directory.importers._activities import read_rows, write_activities
from rantai.directory.models import BusinessActivity
from rantai.reference.importers.sources import file_source

SOURCE_KEY = "unsd-isic-rev4"
CODE = re.compile(r"[A-U]|\d{2,4}")


def import_file(path: Path) -> list[str]:
    path = Path(path)
    with transaction.atomic():
        source, created = file_source(
            SOURCE_KEY,
            path,
            "International Standard Industrial Classification of All Economic Activities (ISIC), Rev. 4",
            "United Nations Statistics Division",
            url="https://unstats.un.org/unsd/classifications/Econ/isic",
            licence="UN terms of use",
        )
        if not created:
            return [
                f"ISIC Rev. 4: {path.name} (sha256 {source.sha256[:12]}…) was already imported; nothing changed"
            ]
        rows: dict[str, dict[str, object]] = {}
        parents: dict[str, str] = {}
        section = ""
        for row in read_rows(path, ("Code", "Description")):
            code, title = row.cells["Code"], row.cells["Description"]
            if not CODE.fullmatch(code):
                raise row.fail(path, "Code", f"{code!r} is not an ISIC section letter or 2- to 4-digit code")
            if not title:
                raise row.fail(path, "Description", "empty description")
            if code in rows:
                raise row.fail(path, "Code", f"code {code!r} appears twice")
            if code.isalpha():
                section = code
            elif len(code) == 2:
                if not section:
                    raise row.fail(path, "Code", f"division {code!r} comes before any section")
                parents[code] = section
            else:
                parent = code[:-1]
                if parent not in rows:
                    raise row.fail(path, "Code", f"{code!r} comes before its parent {parent!r}")
                parents[code] = parent
            rows[code] = {"title": title[:300]}
        if not rows:
            raise ImportFileError(path, 2, 1, "the file has no rows")
        added, updated = write_activities(BusinessActivity.Scheme.ISIC4, rows, source)
        by_code = dict(
            BusinessActivity.objects.filter(scheme=BusinessActivity.Scheme.ISIC4).values_list("code", "pk")
        )
        for code, parent in parents.items():
            BusinessActivity.objects.filter(scheme=BusinessActivity.Scheme.ISIC4, code=code).exclude(
                parent_id=by_code[parent]
            ).update(parent_id=by_code[parent])
        linked = link_kbli_to_isic()
    return [
        f"ISIC Rev. 4: {len(rows)} codes from {path.name}; {added} added, {updated} updated, {linked} KBLI linked"
    ]


def link_kbli_to_isic() -> int:
    """Point each KBLI group at the ISIC class of its first four digits (KBLI 2020 refines ISIC Rev. 4)."""
    classes = dict(
        BusinessActivity.objects.filter(
            scheme=BusinessActivity.Scheme.ISIC4, code__regex=r"^\d{4}$"
        ).values_list("code", "pk")
    )
    linked = 0
    for kbli in BusinessActivity.objects.filter(scheme=BusinessActivity.Scheme.KBLI2020).only(
        "code", "isic_id"
    ):
        isic_id = classes.get(kbli.code[:4])
        if isic_id is not None and kbli.isic_id != isic_id:
            BusinessActivity.objects.filter(pk=kbli.pk).update(isic_id=isic_id, parent_id=isic_id)
            linked += 1
    return linked
