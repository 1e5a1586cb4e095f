"""A scope: which recommendations and whose judgements a headline figure counts.

A registry may mix recommendations of UN mechanisms with an NGO's own, and judgements
by several judges. A published figure must say which it counts. A :class:`Scope` names
the mechanisms and reviews whose recommendations count (none named: all) and the judges
whose assessments count (none named: all). The manifest's ``headline:`` chooses the
scope of a registry's scorecard headline; without it, the scorecard shows UN
mechanisms' recommendations and NGOs' own side by side.
"""

from __future__ import annotations

from attrs import field, frozen

from followup.model._validators import _ids
from followup.model.text import Text
from followup.model.values import Mechanism

__all__ = ["Scope"]


@frozen
class Scope:
    """Which recommendations (mechanisms, reviews) and whose judgements (judges) count."""

    label: Text | None = None
    mechanisms: tuple[Mechanism, ...] = ()
    reviews: tuple[str, ...] = field(default=(), validator=_ids)
    judges: tuple[str, ...] = field(default=(), validator=_ids)

    def counts_review(self, review_id: str, mechanism: Mechanism) -> bool:
        """True when recommendations of this review are in the scope."""
        if self.mechanisms and mechanism not in self.mechanisms:
            return False
        return not self.reviews or review_id in self.reviews

    def counts_judge(self, judge: str) -> bool:
        """True when this judge's assessments are in the scope."""
        return not self.judges or judge in self.judges
