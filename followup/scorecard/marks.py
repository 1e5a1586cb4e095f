"""The marks of a scorecard: every fact shown that is not yet verified, listed once.

A fact the registry marks ``unverified`` (a recommendation, its paragraph number, an
assessment, a piece of evidence, a review, a due date) carries the mark (†) wherever the
scorecard shows it, and the page lists each with the registry's explanation.
"""

from __future__ import annotations

from followup.i18n import message
from followup.model.records import Recommendation

__all__ = ["Marks"]


class Marks:
    """The facts shown with a mark, each with its explanation, once, in order."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._items: dict[tuple[str, str], None] = {}

    def sign(self, unverified: object) -> str:
        """The mark (" †") when ``unverified`` is set, else nothing."""
        return f" {message('scorecard.unverified_mark', self.language)}" if unverified else ""

    def add(self, what: str, mark: str) -> None:
        """Note that ``what`` is shown with a mark explained by ``mark``."""
        self._items[(what, mark)] = None

    def recommendation(self, rec: Recommendation, other: str | None) -> None:
        """A recommendation's own mark, its paragraph's, and ``other`` (an assessment's)."""
        if rec.unverified:
            self.add(rec.id, rec.unverified)
        if rec.source.unverified:
            what = message("scorecard.paragraph_number", self.language)
            self.add(f"{rec.id}: {what}", rec.source.unverified)
        if other and other != rec.unverified:
            self.add(rec.id, other)

    def items(self) -> tuple[tuple[str, str], ...]:
        """Each (what, explanation) once, in the order first noted."""
        return tuple(self._items)
