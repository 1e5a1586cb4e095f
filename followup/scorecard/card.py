"""The scorecard as one plain value: what it says, already computed, in one language.

:func:`followup.scorecard.build` makes a :class:`Scorecard`; the layout and the
renderers only format what it holds, so every format says the same thing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, overload

from attrs import field, frozen

from followup.model.scales import Scale
from followup.scorecard._drawn import Drawn
from followup.scorecard.branding import Branding
from followup.scorecard.linked import AskedBy, TakenUp
from followup.scorecard.period import Period
from followup.scoring.agreement import Judged, PairAgreement
from followup.scoring.deadlines import Deadline, ReplyState
from followup.scoring.progress import Change
from followup.scoring.rates import Rate
from followup.scoring.score import GroupScore, ScoreResult

__all__ = [
    "DeadlineRow",
    "EvidenceRef",
    "Figures",
    "FollowUpRow",
    "LevelInfo",
    "Movement",
    "Row",
    "ScopeFigures",
    "Scorecard",
    "ScorecardData",
]


@frozen
class LevelInfo:
    """A level of the scorecard's scale, in the scorecard's language."""

    id: str
    label: str
    colour: str | None
    score: float | None


@frozen
class Figures:
    """The figures of a group of recommendations as of a date."""

    total: int
    assessed: int
    scored: int
    score: float | None
    coverage: float | None
    rate: float | None  # implemented or partially implemented, of the scored
    counts: Mapping[str, int]  # per level id, and "unknown"

    @classmethod
    def of(cls, group: GroupScore) -> Figures:
        """The figures of one group of a score result."""
        return cls(
            total=group.total,
            assessed=group.assessed,
            scored=group.scored,
            score=group.score,
            coverage=group.coverage,
            rate=group.implementation_rate,
            counts=dict(group.counts),
        )


@frozen
class Row:
    """One line of the per-theme or per-review table."""

    key: str  # the theme or review id
    label: str
    figures: Figures
    previous_score: float | None  # the same group's score at the previous period's end
    date: dt.date | None = None  # a review's date
    mechanism: str | None = None  # a review's mechanism

    @property
    def change(self) -> float | None:
        """The score's change since the previous period (None if either is missing)."""
        if self.figures.score is None or self.previous_score is None:
            return None
        return self.figures.score - self.previous_score


@frozen
class EvidenceRef:
    """A cited source behind an assessment."""

    citation: str  # the document symbol or the URL
    url: str | None
    title: str | None
    date: dt.date | None
    unverified: str | None


@frozen
class Movement:
    """A recommendation whose status changed during the period."""

    rec_id: str
    review: str
    paragraph: str | None
    text: str
    before: str  # level id at the previous period's end ("unknown": not assessed)
    after: str  # level id at the period's end
    date: dt.date  # the assessment that set ``after`` (when it was recorded)
    by: str  # the judge's name (or the free text of an older registry)
    evidence: tuple[EvidenceRef, ...]
    note: str | None
    unverified: str | None  # the recommendation's or the assessment's mark
    fact_date: dt.date | None = None  # the date of the fact the assessment reflects


@frozen
class FollowUpRow:
    """A paragraph under follow-up: the State's reply and the Committee's grade."""

    rec_id: str
    paragraph: str | None
    replied_on: dt.date | None
    grade: str | None
    graded_on: dt.date | None
    unverified: bool
    reply: ReplyState = "none"  # recorded, undated (known, not dated) or none known


@frozen
class DeadlineRow:
    """A follow-up procedure whose deadline is near or past as of the scorecard's date."""

    review: str
    label: str
    due: dt.date | None
    due_unverified: str | None
    days_left: int | None  # negative once past
    overdue: bool  # past due and no reply known (never when a reply is known undated)
    replied: bool
    items: tuple[FollowUpRow, ...]
    reply: ReplyState = "none"
    overdue_by: tuple[int, int, int] | None = None  # years, months, days past due


@frozen
class ScopeFigures:
    """The headline of one scope: whose recommendations, whose judgements, the figures."""

    key: str  # "un", "ngo", "all" or "headline" (the manifest's scope)
    label: str
    mechanisms: tuple[str, ...]  # the mechanisms of the reviews counted
    reviews: int  # reviews counted (made on or before the date)
    judges: tuple[str, ...]  # names of the judges whose assessments are in force
    figures: Figures
    previous: Figures | None
    rates: tuple[Rate, ...]  # the implementation rate under each named definition
    regressed: tuple[str, ...]  # recommendations whose level in force is a regression

    @property
    def change(self) -> float | None:
        """The score's change since the previous period."""
        before = self.previous.score if self.previous else None
        if self.figures.score is None or before is None:
            return None
        return self.figures.score - before


@frozen
class ScorecardData:
    """The scoring results the scorecard's charts are drawn from."""

    by_theme: ScoreResult
    by_review: ScoreResult
    theme_review: ScoreResult
    trend: tuple[ScoreResult, ...]  # by mechanism, at each change date up to ``as_of``
    trend_changed: tuple[dt.date, ...]  # the dates an assessment changed something
    change: Change  # from the previous period's end to ``as_of``
    follow_up: tuple[Deadline, ...]  # every follow-up procedure as of ``as_of``
    scale: Scale
    grade_scale: Scale | None
    theme_labels: Mapping[str, str]
    review_labels: Mapping[str, str]  # short labels (``CCPR 2016``) for charts
    review_dates: tuple[tuple[dt.date, str], ...]


@frozen
class Scorecard:
    """What a scorecard says about a registry for a period, in one language.

    Render it with :meth:`render` (in memory: HTML, Markdown and JSON text, PDF bytes)
    or :meth:`write` (to files); :meth:`charts` gives its charts as SVG text and
    :meth:`to_dict` its figures as plain data.
    """

    registry_id: str
    title: str
    description: str | None
    version: str
    licence: str | None
    language: str
    period: Period
    as_of: dt.date
    previous: Period
    previous_as_of: dt.date
    scale: str
    levels: tuple[LevelInfo, ...]  # worst first, then "unknown"
    headline: Figures  # all recommendations shown (of the scopes together)
    previous_headline: Figures | None  # None when no recommendation existed then
    scopes: tuple[ScopeFigures, ...]  # the headline, one block per scope
    reviews_count: int
    themes: tuple[Row, ...]
    reviews: tuple[Row, ...]
    moved: tuple[Movement, ...]
    deadlines: tuple[DeadlineRow, ...]
    horizon_days: int
    unverified: tuple[tuple[str, str], ...]  # (what, the mark) for facts shown here
    withheld: int  # confidential items left out
    data: ScorecardData
    exclude_unverified: bool = False  # figures computed without unverified facts
    left_out: tuple[int, int] = (0, 0)  # (recommendations, assessments) left out then
    judged: tuple[Judged, ...] = ()  # recommendations judged by two or more judges
    agreement: tuple[PairAgreement, ...] = ()
    judge_names: Mapping[str, str] = field(factory=dict)
    texts: Mapping[str, str] = field(factory=dict)  # the texts of the judged recommendations
    review_marks: Mapping[str, str] = field(factory=dict)  # review id -> its mark
    # each registry text shown in another language than ``language``, with its language
    foreign: Mapping[str, str] = field(factory=dict)
    branding: Branding | None = None  # who publishes it: name, site, logo, colour, CSS
    # recommendations of accepted clusters asked by two or more bodies, by id
    asked_by: Mapping[str, AskedBy] = field(factory=dict)
    # for each NGO review with recorded links, the share of its asks a UN body took up
    taken_up: Mapping[str, TakenUp] = field(factory=dict)
    # the document and charts, made once for every format (not part of the value)
    _drawn: Drawn = field(init=False, factory=Drawn, eq=False, repr=False, hash=False)

    @property
    def change(self) -> float | None:
        """The headline score's change since the previous period."""
        before = self.previous_headline.score if self.previous_headline else None
        if self.headline.score is None or before is None:
            return None
        return self.headline.score - before

    def lang_of(self, text: str | None) -> str | None:
        """The language of ``text`` when the scorecard shows it in another language than
        its own (a note the registry has only in English), else ``None``."""
        return self.foreign.get(text) if text else None

    def level(self, level_id: str) -> LevelInfo:
        """The level ``level_id`` (or ``unknown``) of the scorecard's scale."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def to_dict(self) -> dict[str, object]:
        """The scorecard as JSON-ready data (see :func:`followup.scorecard.render_json`)."""
        from followup.scorecard.render import scorecard_data

        return scorecard_data(self)

    @overload
    def render(self, fmt: Literal["pdf"]) -> bytes: ...
    @overload
    def render(
        self, fmt: Literal["html", "md", "json"], *, images: Mapping[str, str] | None = None
    ) -> str: ...
    @overload
    def render(self, fmt: str, *, images: Mapping[str, str] | None = None) -> str | bytes: ...
    def render(self, fmt: str, *, images: Mapping[str, str] | None = None) -> str | bytes:
        """The scorecard as ``"html"``, ``"md"`` or ``"json"`` text, or ``"pdf"`` bytes,
        made in memory (see :func:`followup.scorecard.render`); charts are drawn once
        per scorecard and shared by every format.

        >>> page = card.render("html")   # doctest: +SKIP
        """
        from followup.scorecard.render import render

        return render(self, fmt, images=images)

    def charts(self, *, compact: bool = False) -> dict[str, str]:
        """The scorecard's charts as SVG text by kind (``status``, ``trend``,
        ``heatmap``, ``transitions``, ``timeline``), as the HTML page inlines them;
        ``compact``: their drawings for phones. Drawn once, shared with :meth:`render`;
        needs the ``charts`` extra."""
        from followup.scorecard import _drawn

        return _drawn.compact_svgs(self) if compact else _drawn.svgs(self)

    def __repr__(self) -> str:
        from followup.scorecard._display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter's view: the headline figures and the charts (inline SVG)."""
        from followup.scorecard._display import notebook_html

        return notebook_html(self)

    def write(
        self,
        directory: str | os.PathLike[str],
        formats: Sequence[str] = ("html", "pdf"),
        *,
        stem: str | None = None,
    ) -> list[Path]:
        """Write the scorecard into ``directory`` in each of ``formats``; the paths."""
        from followup.scorecard.render import write

        return write(self, Path(directory), tuple(formats), stem=stem)
