"""Importers of official business-activity classifications, one module per format."""

from __future__ import annotations

from pathlib import Path

from rantai.core.errors import RantaiError

FORMATS = ("isic", "kbli")


def import_activities(path: Path, format: str | None = None) -> list[str]:
    """``rantai data import activities --format isic|kbli PATH``."""
    from rantai.directory.importers import isic, kbli

    if format == "isic":
        return isic.import_file(path)
    if format == "kbli":
        return kbli.import_file(path)
    raise RantaiError(f"Give --format isic or --format kbli for business activities (got {format!r}).")
