"""Where the judges disagree: several judges' latest word on the same recommendations.

When the State, an NGO, the national human-rights institution and the Committee have
each assessed a recommendation, :func:`agreement` puts their latest judgements (as of a
date) side by side, marks the recommendation *contested* when they differ, and measures
how far each pair of judges agrees over the recommendations both judged: Krippendorff's
alpha for ordinal data, with the count of recommendations behind it.

Judges may use different scales (the Committee grades A-E, an NGO says "partially
implemented"). Every judgement is read on one *common* scale (the registry's default,
unless asked otherwise): a level of another scale is mapped through the registry's
``equivalences:`` for that scale, else through :data:`DEFAULT_EQUIVALENCES`; a level with
no equivalent, or with no score (*no information*), has no common level and neither
makes a recommendation contested nor counts in alpha. Ordinal alpha uses the rank of
each level on the common scale (worst first), so only the order of levels matters, not
their scores. How to read alpha is in ``docs/agreement.md``.

Pure: no I/O. Confidential assessments count if the registry given holds them: pass
the public view (:func:`followup.model.public.public_view`) for anything published.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from attrs import frozen

from followup.errors import FollowupError
from followup.model.dates import DateLike, as_optional_date
from followup.model.records import Assessment, Evidence
from followup.model.registry import Registry, UnknownIdError
from followup.model.scales import Scale
from followup.scoring.equivalence import DEFAULT_EQUIVALENCES, equivalences_of

__all__ = [
    "DEFAULT_EQUIVALENCES",
    "NO_SHARED",
    "NO_VARIATION",
    "TOO_FEW",
    "AgreementNotInstalledError",
    "AgreementReport",
    "Judged",
    "Judgement",
    "OverallAgreement",
    "PairAgreement",
    "agreement",
    "common_level",
]


class AgreementNotInstalledError(FollowupError):
    """Krippendorff's alpha was asked for and the ``agreement`` extra is not installed."""

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(
            f"cannot compute agreement between judges without {missing}, which is not "
            'installed; install the agreement extra: pip install "followup[agreement]" '
            '(from a checkout: pip install ".[agreement]")'
        )


#: Why alpha is undefined, by case (also shown by the CLI and the scorecard).
NO_SHARED = "no shared recommendation with a level on the common scale"
TOO_FEW = "fewer than 2 shared recommendations"
NO_VARIATION = "no variation in the levels used"


@frozen
class Judgement:
    """One judge's latest assessment of one recommendation as of a date.

    ``level`` is on the assessment's own ``scale``; ``common`` is that level read on the
    common scale (None when it has no equivalent there, or no score).
    """

    judge: str
    level: str
    scale: str
    common: str | None
    date: dt.date
    fact_date: dt.date | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


@frozen
class Judged:
    """One recommendation judged by two or more judges (judges in manifest order,
    undeclared ones after, by id)."""

    rec_id: str
    judgements: tuple[Judgement, ...]

    @property
    def contested(self) -> bool:
        """True when two judgements have different common levels (None ignored)."""
        return len({j.common for j in self.judgements if j.common is not None}) > 1

    def judgement(self, judge: str) -> Judgement | None:
        """This judge's judgement of the recommendation, or None."""
        return next((j for j in self.judgements if j.judge == judge), None)


@frozen
class PairAgreement:
    """How far two judges agree over the recommendations both judged.

    ``units`` counts the recommendations both judged with a common level; ``agreed``
    those where both gave the same one. ``alpha`` is Krippendorff's alpha (ordinal), or
    None with the ``reason`` when it is undefined.
    """

    judges: tuple[str, str]
    units: int
    alpha: float | None
    agreed: int
    reason: str | None


@frozen
class OverallAgreement:
    """Krippendorff's alpha over all judges at once (missing judgements allowed).

    ``units`` counts the recommendations with a common level from two or more judges;
    ``agreed`` those where all those levels are the same.
    """

    judges: tuple[str, ...]
    units: int
    alpha: float | None
    agreed: int
    reason: str | None


@frozen
class AgreementReport:
    """The judges' agreement as of a date, on a common scale."""

    as_of: dt.date
    scale: str
    judged: tuple[Judged, ...]
    pairs: tuple[PairAgreement, ...]
    overall: OverallAgreement = OverallAgreement((), 0, None, 0, NO_SHARED)

    @property
    def contested(self) -> tuple[Judged, ...]:
        """The recommendations whose judges differ, in registry order."""
        return tuple(j for j in self.judged if j.contested)

    @property
    def judges(self) -> tuple[str, ...]:
        """Every judge with a judgement in :attr:`judged`, in manifest order."""
        return self.overall.judges


def agreement(
    registry: Registry, as_of: DateLike | None = None, *, scale: str | None = None
) -> AgreementReport:
    """Each judge's latest judgement, as of ``as_of`` (today), of every recommendation
    two or more judges assessed; which are contested; and alpha for every pair of
    judges, on the common ``scale`` (the registry's default scale).

    :class:`UnknownIdError` if ``scale`` is not a scale of the registry.
    """
    day = as_optional_date(as_of, "as_of") or dt.date.today()
    common_id = scale or registry.info.default_scale
    try:
        common = registry.scales[common_id]
    except KeyError:
        raise UnknownIdError("scale", common_id, registry.scales) from None
    rank = {lv.id: i for i, lv in enumerate(lv for lv in common.levels if lv.score is not None)}
    order = {j.id: i for i, j in enumerate(registry.info.judges)}

    def judge_key(judge: str) -> tuple[int, str]:
        return order.get(judge, len(order)), judge

    judged = []
    for rec in registry.recommendations.values():
        latest: dict[str, Assessment] = {}
        for entry in rec.history:  # oldest first: a later one replaces an earlier one
            if type(entry) is Assessment and entry.date <= day:
                latest[entry.by] = entry
        if len(latest) < 2:
            continue
        judgements = tuple(
            _judgement(registry, common, latest[judge]) for judge in sorted(latest, key=judge_key)
        )
        judged.append(Judged(rec.id, judgements))

    judges = sorted({j.judge for item in judged for j in item.judgements}, key=judge_key)
    levels = {
        (item.rec_id, j.judge): rank[j.common]
        for item in judged
        for j in item.judgements
        if j.common is not None
    }
    pairs = []
    for first, second in itertools.combinations(judges, 2):
        shared = [
            item.rec_id
            for item in judged
            if item.judgement(first) is not None and item.judgement(second) is not None
        ]
        if not shared:
            continue
        rows = [[levels.get((rec_id, judge)) for rec_id in shared] for judge in (first, second)]
        alpha, units, agreed, reason = _alpha(rows, len(rank))
        pairs.append(PairAgreement((first, second), units, alpha, agreed, reason))
    rows = [[levels.get((item.rec_id, judge)) for item in judged] for judge in judges]
    alpha, units, agreed, reason = _alpha(rows, len(rank))
    overall = OverallAgreement(tuple(judges), units, alpha, agreed, reason)
    return AgreementReport(day, common.id, tuple(judged), tuple(pairs), overall)


def common_level(registry: Registry, common: Scale, assessment: Assessment) -> str | None:
    """The level of ``common`` an assessment reads as, or None (no equivalent, no score).

    An assessment on ``common`` reads as itself; one on another scale goes through the
    registry's ``equivalences`` for that scale, else :data:`DEFAULT_EQUIVALENCES`.
    """
    scale_id = assessment.scale or registry.info.default_scale
    own = registry.scales.get(scale_id)
    if own is not None and assessment.status in own and own.level(assessment.status).score is None:
        return None
    if scale_id == common.id:
        target: str | None = assessment.status
    else:
        target = equivalences_of(registry, scale_id).get(assessment.status)
    if target is None or target not in common or common.level(target).score is None:
        return None
    return target


def _judgement(registry: Registry, common: Scale, entry: Assessment) -> Judgement:
    return Judgement(
        judge=entry.by,
        level=entry.status,
        scale=entry.scale or registry.info.default_scale,
        common=common_level(registry, common, entry),
        date=entry.date,
        fact_date=entry.fact_date,
        evidence=entry.evidence,
        unverified=entry.unverified,
    )


def _alpha(
    rows: Sequence[Sequence[int | None]], domain: int
) -> tuple[float | None, int, int, str | None]:
    """Ordinal alpha of ``rows`` (one per judge: a rank per unit, or None), with the
    units behind it (those with two or more ranks), the units whose ranks all agree,
    and why alpha is undefined, if it is."""
    kept = [c for c in zip(*rows, strict=True) if sum(v is not None for v in c) >= 2]
    values = [{v for v in c if v is not None} for c in kept]
    units, agreed = len(kept), sum(len(v) == 1 for v in values)
    if units == 0:
        return None, 0, 0, NO_SHARED
    if units < 2:
        return None, units, agreed, TOO_FEW
    if len(set().union(*values)) < 2:
        return None, units, agreed, NO_VARIATION
    try:
        import krippendorff  # and so numpy: loaded only when an alpha is computed
        import numpy as np
    except ImportError as error:
        raise AgreementNotInstalledError(error.name or "krippendorff") from error

    data = [[np.nan if v is None else float(v) for v in row] for row in zip(*kept, strict=True)]
    value = krippendorff.alpha(
        reliability_data=data,
        level_of_measurement="ordinal",
        value_domain=[float(i) for i in range(domain)],
    )
    return float(value), units, agreed, None
