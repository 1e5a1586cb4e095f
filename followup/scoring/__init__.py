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
    NO_RESPONSE,
    UNKNOWN,
    GroupScore,
    ResponseGroup,
    ScoreResult,
    implemented_levels,
    responses,
    score,
)
from followup.scoring.status import LATEST, Policy, in_force

__all__ = [
    "DIMENSIONS",
    "LATEST",
    "NO_RESPONSE",
    "UNKNOWN",
    "Change",
    "Deadline",
    "FollowUpItem",
    "GroupScore",
    "Lineage",
    "Policy",
    "ResponseGroup",
    "ScoreResult",
    "change",
    "change_dates",
    "deadlines",
    "implemented_levels",
    "in_force",
    "lineages",
    "period_ends",
    "responses",
    "score",
    "series",
]
