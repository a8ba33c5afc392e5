"""Error codes of the catalogue; the API and pages turn them into 4xx answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rantai.core.errors import RantaiError

if TYPE_CHECKING:
    from rantai.catalogue.importers.spreadsheet import ImportProblem


class ProductInvalid(RantaiError):
    code = "product_invalid"


class PhotoInvalid(RantaiError):
    code = "photo_invalid"


class CatalogueImportRefused(RantaiError):
    """A spreadsheet had problems; nothing was written. ``problems`` lists every one, in file order."""

    code = "catalogue_import_refused"

    def __init__(self, message: Any, problems: list[ImportProblem]) -> None:
        fields: dict[str, list[Any]] = {}
        for problem in problems:
            fields.setdefault(problem.key, []).append(problem.message)
        super().__init__(message, fields=fields)
        self.problems = problems
