"""The scoring layer: pure functions from a loaded registry to result values.

No I/O, no matplotlib. Every number keeps the recommendation ids behind it; the
methodology is in ``docs/methodology.md``.
"""

from followup.scoring._responses import NO_RESPONSE, ResponseGroup, responses
from followup.scoring.agreement import AgreementReport, Judged, Judgement, PairAgreement, agreement
from followup.scoring.deadlines import Deadline, FollowUpItem, ReplyState, deadlines, elapsed
from followup.scoring.progress import (
    Change,
    Lineage,
    change,
    change_dates,
    lineages,
    period_ends,
    series,
)
from followup.scoring.rates import DEFINITIONS, Rate, rates, regressions
from followup.scoring.score import (
    DIMENSIONS,
    UNKNOWN,
    GroupScore,
    ScoreResult,
    implemented_levels,
    score,
)
from followup.scoring.status import LATEST, Policy, in_force
from followup.scoring.views import VerifiedView, scoped, verified_view

__all__ = [
    "DEFINITIONS",
    "DIMENSIONS",
    "LATEST",
    "NO_RESPONSE",
    "UNKNOWN",
    "AgreementReport",
    "Change",
    "Deadline",
    "FollowUpItem",
    "GroupScore",
    "Judged",
    "Judgement",
    "Lineage",
    "PairAgreement",
    "Policy",
    "Rate",
    "ReplyState",
    "ResponseGroup",
    "ScoreResult",
    "VerifiedView",
    "agreement",
    "change",
    "change_dates",
    "deadlines",
    "elapsed",
    "implemented_levels",
    "in_force",
    "lineages",
    "period_ends",
    "rates",
    "regressions",
    "responses",
    "scoped",
    "score",
    "series",
    "verified_view",
]
