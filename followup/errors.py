"""The exception family of followup: everything it raises on purpose is a FollowupError."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.registry.report import Report

__all__ = ["FollowupError", "RegistryError"]


class FollowupError(Exception):
    """Root of every error followup raises on purpose (bad input, not bugs)."""


class RegistryError(FollowupError):
    """A registry could not be loaded: :attr:`report` lists every problem found.

    The message is the compiler-style text of the report's errors, so printing the
    exception tells the user what to fix, where.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        head = f"{len(errors)} error(s) in registry"
        body = "\n".join(p.to_text() for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{head}\n{body}{more}")
