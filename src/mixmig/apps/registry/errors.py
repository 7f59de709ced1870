"""Input errors that name the field (and row) that was wrong and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field}: {self.message}"

    def as_dict(self) -> dict:
        out: dict = {"field": self.field, "message": str(self.message)}
        if self.row is not None:
            out["row"] = self.row
        return out


class InvalidInput(ValueError):
    """One or more fields were wrong; nothing was written."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class NotVisible(LookupError):
    """The record does not exist or is outside the caller's scope (faces answer 404 either way)."""


class NotPermitted(PermissionError):
    """The caller's role does not allow this action (faces answer 403)."""


class Merged(NotVisible):
    """The person was merged into another one (``survivor_number``); faces may redirect there."""

    def __init__(self, message: str, survivor_number: str):
        super().__init__(message)
        self.survivor_number = survivor_number
