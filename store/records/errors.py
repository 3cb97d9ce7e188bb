"""Errors the store raises; each renders as one line a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error aftercall reports to a user as one line."""


class ValidationError(StoreError):
    """Input that does not fit the interchange format; names the field and, on import, the line."""

    def __init__(self, field: str, message: str, where: str | None = None) -> None:
        self.field = field
        self.message = message
        self.where = where
        super().__init__(str(self))

    def at(self, where: str) -> ValidationError:
        """The same error located at `where` (e.g. "line 7")."""
        return ValidationError(self.field, self.message, where)

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{self.where}: {text}" if self.where else text


class NotFoundError(StoreError):
    """No reflection (or more than one) matches the id given."""


class ConflictError(StoreError):
    """A write that would clobber something: an existing id, another member's record."""


class ReadOnlyStoreError(StoreError):
    """The store was written by a newer aftercall; this one only reads it."""


class StoreBusyError(StoreError):
    """Another aftercall process held the file lock for too long."""
