"""The scoring layer: pure functions from a loaded registry to result values.

No I/O, no matplotlib. Every number keeps the recommendation ids behind it; the
methodology is in ``docs/methodology.md``.
"""

from followup.scoring.deadlines import Deadline, FollowUpItem, deadlines
from followup.scoring.progress import (
    Change,
    Lineage,
    change,
    change_dates,
    lineages,
    period_ends,
    series,
)
from followup.scoring.score import (
    DIMENSIONS,
    UNKNOWN,
    GroupScore,
    ScoreResult,
    implemented_levels,
    score,
)
from followup.scoring.status import LATEST, Policy, in_force

__all__ = [
    "DIMENSIONS",
    "LATEST",
    "UNKNOWN",
    "Change",
    "Deadline",
    "FollowUpItem",
    "GroupScore",
    "Lineage",
    "Policy",
    "ScoreResult",
    "change",
    "change_dates",
    "deadlines",
    "implemented_levels",
    "in_force",
    "lineages",
    "period_ends",
    "score",
    "series",
]
