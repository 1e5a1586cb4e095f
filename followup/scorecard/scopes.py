"""The headline of a scorecard, one block per scope: whose recommendations, whose judges.

A registry that mixes UN mechanisms' recommendations with an NGO's own must not add
them up into one "compliance" figure: an NGO's asks graded on the day they were made
are a baseline, not implementation. Without a ``headline:`` scope in the manifest the
scorecard therefore shows UN mechanisms' recommendations and NGOs' (and national
institutions') own side by side; with one, it shows that scope alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from attrs import evolve

from followup.i18n import message
from followup.model.judges import Role
from followup.model.records import Recommendation
from followup.model.registry import Registry
from followup.model.scales import Scale
from followup.model.scope import Scope
from followup.model.text import Text
from followup.model.values import Mechanism
from followup.scorecard.card import Figures, ScopeFigures
from followup.scoring.rates import rates, regressions
from followup.scoring.score import ScoreResult
from followup.scoring.status import Policy, in_force
from followup.scoring.views import scoped

__all__ = ["default_scopes", "scope_figures"]

_OWN = (Mechanism.NGO, Mechanism.NHRI)

Score = Callable[[Registry, dt.date], ScoreResult]


def default_scopes(
    registry: Registry, language: str, texts: Callable[[Text], str] | None = None
) -> tuple[tuple[str, str, Scope], ...]:
    """(key, label, scope) of each headline block: the manifest's, or UN and NGO apart.

    ``texts`` picks the manifest's label (a scorecard's :class:`ShownTexts`)."""
    info = registry.info
    # the State judging itself counts only where a registry's headline names its judge
    independent = tuple(j.id for j in info.judges if j.role is not Role.STATE)
    judges = () if len(independent) == len(info.judges) else independent  # () : all
    if info.headline is not None:
        named = info.headline.label
        label = (
            (texts(named) if texts else named.pick(language, default_language=info.language))
            if named
            else message("scorecard.scope_headline", language)
        )
        scope = info.headline if info.headline.judges else evolve(info.headline, judges=judges)
        return (("headline", label, scope),)
    present = {r.mechanism for r in registry.reviews.values()}
    un = tuple(sorted(m for m in present if m not in _OWN))
    own = tuple(sorted(m for m in present if m in _OWN))
    out = []
    if un:
        out.append(
            ("un", message("scorecard.scope_un", language), Scope(mechanisms=un, judges=judges))
        )
    if own:
        out.append(
            ("ngo", message("scorecard.scope_ngo", language), Scope(mechanisms=own, judges=judges))
        )
    return tuple(out)


def scope_figures(
    registry: Registry,
    *,
    language: str,
    scale: Scale,
    policy: Policy,
    as_of: dt.date,
    before: dt.date,
    at: Score,
    judge_name: Callable[[str], str],
    texts: Callable[[Text], str] | None = None,
) -> tuple[ScopeFigures, ...]:
    """The figures of each headline scope as of ``as_of``, compared with ``before``."""
    out = []
    default = registry.info.default_scale
    for key, label, scope in default_scopes(registry, language, texts):
        view = scoped(registry, scope)
        now, then = at(view, as_of), at(view, before)
        in_scope: list[Recommendation] = [
            rec for rec in view.recommendations.values() if rec.id in _ids(now)
        ]
        judges = sorted(
            {
                found.by
                for rec in in_scope
                if (found := in_force(rec, as_of, scale.id, default, policy)) is not None
            }
        )
        reviews = [r for r in view.reviews.values() if r.date <= as_of]
        out.append(
            ScopeFigures(
                key=key,
                label=label,
                mechanisms=tuple(sorted({r.mechanism.value for r in reviews})),
                reviews=len(reviews),
                judges=tuple(judge_name(j) for j in judges),
                figures=Figures.of(now.overall),
                previous=Figures.of(then.overall) if then.overall.total else None,
                rates=rates(view, now.overall, scale, as_of),
                regressed=regressions(view, now.overall, scale),
            )
        )
    return tuple(out)


def _ids(result: ScoreResult) -> set[str]:
    return {i for ids in result.overall.ids.values() for i in ids}
