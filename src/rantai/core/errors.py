"""One error type for the whole platform.

Domain code raises ``RantaiError`` (or a subclass) with a stable ``code``, a translatable whole-sentence
``message``, optional per-field messages and the HTTP status the API and pages answer with. The API turns
every one into the same JSON shape: ``{"code", "message", "fields"}``.
"""

from __future__ import annotations

from typing import Any


class RantaiError(Exception):
    status = 400
    code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        fields: dict[str, list[Any]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.fields = fields or {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: [str(m) for m in msgs] for name, msgs in self.fields.items()},
        }


class NotFound(RantaiError):
    status = 404
    code = "not_found"


class ImportFileError(RantaiError):
    """A file being imported is malformed. Names the file, line and column; nothing was written."""

    code = "import_error"

    def __init__(self, path: object, line: int, column: int | str, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.problem = problem
        super().__init__(f"{self.path}, line {line}, column {column}: {problem}")
