"""Scales: ordered sets of levels with scores, and the scales followup knows built in."""

from __future__ import annotations

import re
from collections.abc import Mapping

from attrs import evolve, field, frozen

from followup.model.text import Text
from followup.model.values import check_colour, check_id, check_score

__all__ = ["BUILTIN_SCALES", "HRC_FOLLOW_UP", "IMPLEMENTATION", "Level", "Scale", "check_level_id"]

_LEVEL_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$")


def check_level_id(value: str) -> str:
    """A level id: letters (either case), digits and ``.-_`` inside, up to 50 characters."""
    if not _LEVEL_ID.match(value):
        raise ValueError(f"{value!r} is not a valid level id (e.g. 'implemented', 'B')")
    return value


def _level_id(_i: object, _a: object, value: str) -> None:
    check_level_id(value)


def _score(_i: object, _a: object, value: float | None) -> None:
    if value is not None:
        check_score(value)


def _colour(_i: object, _a: object, value: str | None) -> None:
    if value is not None:
        check_colour(value)


def _scale_id(_i: object, _a: object, value: str) -> None:
    check_id(value)


@frozen
class Level:
    """One step of a scale. ``score`` is None for levels that carry no score (no information)."""

    id: str = field(validator=_level_id)
    label: Text
    score: float | None = field(default=None, validator=_score)
    description: Text | None = None
    colour: str | None = field(default=None, validator=_colour)


def _levels(_i: object, _a: object, levels: tuple[Level, ...]) -> None:
    if not levels:
        raise ValueError("a scale needs at least one level")
    ids = [level.id for level in levels]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"level ids repeated: {', '.join(duplicates)}")


@frozen
class Scale:
    """An ordered set of levels, worst first, each with an optional score in [0, 1]."""

    id: str = field(validator=_scale_id)
    label: Text
    levels: tuple[Level, ...] = field(validator=_levels)
    description: Text | None = None

    @property
    def level_ids(self) -> tuple[str, ...]:
        """The level ids, worst first."""
        return tuple(level.id for level in self.levels)

    def level(self, level_id: str) -> Level:
        """The level with this id; KeyError naming the allowed ids otherwise."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(f"{level_id!r} is not a level of scale {self.id!r}: {self.level_ids}")

    def __contains__(self, level_id: object) -> bool:
        return any(level.id == level_id for level in self.levels)


def with_scores(scale: Scale, scores: Mapping[str, float | None]) -> Scale:
    """``scale`` with some levels' scores replaced (levels not in it are ignored)."""
    levels = tuple(
        evolve(level, score=scores[level.id]) if level.id in scores else level
        for level in scale.levels
    )
    return evolve(scale, levels=levels)


def _t(en: str, ru: str) -> Text:
    return Text.of({"en": en, "ru": ru})


IMPLEMENTATION = Scale(
    id="implementation",
    label=_t("Implementation status", "Статус выполнения"),
    description=_t(
        "The categories NGOs and UPR Info use, plus regression and missing information.",
        "Категории, используемые НПО и UPR Info, а также регресс и отсутствие информации.",
    ),
    levels=(
        Level(
            "regressed",
            _t("Regressed", "Регресс"),
            0.0,
            colour="#7f0000",
            description=_t(
                "Measures were taken against the recommendation.",
                "Приняты меры, противоречащие рекомендации.",
            ),
        ),
        Level("not-implemented", _t("Not implemented", "Не выполнена"), 0.0, colour="#d7301f"),
        Level(
            "partially-implemented",
            _t("Partially implemented", "Выполнена частично"),
            0.5,
            colour="#fdae61",
        ),
        Level("implemented", _t("Implemented", "Выполнена"), 1.0, colour="#1a9850"),
        Level("no-information", _t("No information", "Нет информации"), None, colour="#bdbdbd"),
    ),
)

HRC_FOLLOW_UP = Scale(
    id="hrc-follow-up",
    label=_t("Human Rights Committee follow-up grade", "Оценка Комитета по правам человека"),
    description=_t(
        "Grades the Human Rights Committee gives a State's follow-up information.",
        "Оценки, которые Комитет по правам человека даёт информации о последующих мерах.",
    ),
    levels=(
        Level(
            "E",
            _t(
                "E: contrary to or rejecting the recommendation",
                "E: противоречит рекомендации или отвергает её",
            ),
            0.0,
            colour="#7f0000",
        ),
        Level(
            "D",
            _t("D: no cooperation with the Committee", "D: нет сотрудничества с Комитетом"),
            None,  # a reporting failure, not an implementation level (docs/methodology.md)
            colour="#d7301f",
        ),
        Level("C", _t("C: not satisfactory", "C: неудовлетворительно"), 0.25, colour="#fc8d59"),
        Level(
            "B",
            _t("B: partially satisfactory", "B: частично удовлетворительно"),
            0.6,
            colour="#fee08b",
        ),
        Level(
            "A",
            _t("A: largely satisfactory", "A: в основном удовлетворительно"),
            1.0,
            colour="#1a9850",
        ),
    ),
)

BUILTIN_SCALES: Mapping[str, Scale] = {s.id: s for s in (IMPLEMENTATION, HRC_FOLLOW_UP)}
