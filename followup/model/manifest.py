"""The manifest (``registry.yaml``): what a registry is, who keeps it, its themes,
scales, judges and headline scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import field, frozen

from followup.model._validators import (
    _id,
    _nonempty,
    _nonempty_all,
    _opt_date,
    _opt_nonempty,
    _opt_url,
    _states,
)
from followup.model.judges import Judge
from followup.model.scales import Scale, check_level_id
from followup.model.scope import Scope
from followup.model.text import Text, is_language_tag
from followup.model.values import check_id, check_nonempty

__all__ = ["Maintainer", "RegistryInfo", "Theme"]


@frozen
class Maintainer:
    """Someone who keeps the registry."""

    name: str = field(validator=_nonempty)
    email: str | None = field(default=None, validator=_opt_nonempty)
    url: str | None = field(default=None, validator=_opt_url)
    role: str | None = field(default=None, validator=_opt_nonempty)


@frozen
class Theme:
    """A theme recommendations can be grouped under, with the rights it concerns."""

    id: str = field(validator=_id)
    label: Text
    rights: tuple[str, ...] = field(default=(), validator=_nonempty_all)
    description: Text | None = None


def _language(_i: object, _a: object, value: str) -> None:
    if not is_language_tag(value):
        raise ValueError(f"{value!r} is not a language tag such as 'en'")


def _version(_i: object, _a: object, value: str) -> None:
    check_nonempty(value)


def _score_overrides(
    _i: object, _a: object, value: Mapping[str, Mapping[str, float | None]]
) -> None:
    for scale_id, levels in value.items():
        check_id(scale_id)
        for level_id, score in levels.items():
            if score is not None and (
                isinstance(score, bool) or not 0.0 <= score <= 1.0 or score != score  # noqa: PLR0124
            ):
                raise ValueError(f"score {score!r} of {scale_id}/{level_id} is outside 0..1")


def _judges(_i: object, _a: object, value: tuple[Judge, ...]) -> None:
    ids = [j.id for j in value]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"judge ids listed more than once: {', '.join(repeated)}")


def _equivalences(_i: object, _a: object, value: Mapping[str, Mapping[str, str | None]]) -> None:
    for scale_id, levels in value.items():
        check_id(scale_id)
        for level_id, target in levels.items():
            check_level_id(level_id)
            if target is not None:
                check_level_id(target)


@frozen
class RegistryInfo:
    """The manifest: what a registry is, its dataset version, themes and scales."""

    id: str = field(validator=_id)
    title: Text
    version: str = field(validator=_version)
    states: tuple[str, ...] = field(validator=_states)
    language: str = field(default="en", validator=_language)
    description: Text | None = None
    licence: str | None = field(default=None, validator=_opt_nonempty)
    maintainers: tuple[Maintainer, ...] = ()
    themes: tuple[Theme, ...] = ()
    scales: tuple[str | Scale, ...] = ()
    default_scale: str = field(default="implementation", validator=_id)
    updated: dt.date | None = field(default=None, validator=_opt_date)
    #: Level scores this registry uses instead of the scales' own: {scale: {level: score}}.
    scores: Mapping[str, Mapping[str, float | None]] = field(
        factory=dict, validator=_score_overrides
    )
    #: Which recommendations and judges the scorecard headline counts (None: UN
    #: mechanisms and NGOs side by side).
    headline: Scope | None = None
    #: Who makes the assessments: ``by:`` names one of these ids.
    judges: tuple[Judge, ...] = field(default=(), validator=_judges)
    #: Levels of other scales read on the default scale, to compare judges who use
    #: different scales: {scale: {level: default-scale level, or None for none}}.
    equivalences: Mapping[str, Mapping[str, str | None]] = field(
        factory=dict, validator=_equivalences
    )

    def judge(self, judge_id: str) -> Judge | None:
        """The declared judge with this id, or None."""
        return next((j for j in self.judges if j.id == judge_id), None)
