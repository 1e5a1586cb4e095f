"""The scorecard of a registry for a period, as one plain value.

:func:`build` computes everything a scorecard says (the headline figures, the change
since the previous period, per-theme and per-review tables, what moved and the evidence
behind it, the follow-up deadlines near or past, the facts not yet verified) from the
registry alone: the same registry and period always give the same scorecard. It works on
the registry's public view (:func:`followup.model.public.public_view`), so nothing marked
confidential can reach a renderer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from attrs import frozen

from followup.errors import FollowupError
from followup.i18n import catalogue, message
from followup.model.public import public_view
from followup.model.records import Assessment, Evidence, Recommendation, Review
from followup.model.registry import Registry, UnknownIdError
from followup.model.scales import Scale
from followup.model.text import Text, pick
from followup.scorecard.period import Period
from followup.scoring.deadlines import Deadline, deadlines
from followup.scoring.progress import Change, change, change_dates
from followup.scoring.score import UNKNOWN, GroupScore, ScoreResult, score
from followup.scoring.status import LATEST, Policy, in_force

__all__ = [
    "DeadlineRow",
    "EvidenceRef",
    "Figures",
    "FollowUpRow",
    "LevelInfo",
    "Movement",
    "Row",
    "Scorecard",
    "ScorecardData",
    "build",
    "latest_period",
]

#: How far ahead a follow-up deadline counts as near, by default.
HORIZON_DAYS = 90

#: How long before the first assessment the score-over-time chart starts.
TREND_LEAD = dt.timedelta(days=183)


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
    date: dt.date  # the assessment that set ``after``
    by: str
    evidence: tuple[EvidenceRef, ...]
    note: str | None
    unverified: str | None  # the recommendation's or the assessment's mark


@frozen
class FollowUpRow:
    """A paragraph under follow-up: the State's reply and the Committee's grade."""

    rec_id: str
    paragraph: str | None
    replied_on: dt.date | None
    grade: str | None
    graded_on: dt.date | None
    unverified: bool


@frozen
class DeadlineRow:
    """A follow-up procedure whose deadline is near or past as of the scorecard's date."""

    review: str
    label: str
    due: dt.date | None
    due_unverified: str | None
    days_left: int | None  # negative once past
    overdue: bool
    replied: bool
    items: tuple[FollowUpRow, ...]


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

    Render it with :meth:`write` (HTML, PDF, Markdown, JSON) or the functions of
    :mod:`followup.scorecard`; :meth:`to_dict` gives the figures as plain data.
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
    headline: Figures
    previous_headline: Figures | None  # None when no recommendation existed then
    reviews_count: int
    themes: tuple[Row, ...]
    reviews: tuple[Row, ...]
    moved: tuple[Movement, ...]
    deadlines: tuple[DeadlineRow, ...]
    horizon_days: int
    unverified: tuple[tuple[str, str], ...]  # (what, the mark) for facts shown here
    withheld: int  # confidential items left out
    data: ScorecardData

    @property
    def change(self) -> float | None:
        """The headline score's change since the previous period."""
        before = self.previous_headline.score if self.previous_headline else None
        if self.headline.score is None or before is None:
            return None
        return self.headline.score - before

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


def _dated_facts(registry: Registry) -> list[dt.date]:
    days = [review.date for review in registry.reviews.values()]
    for rec in registry.recommendations.values():
        days.extend(entry.date for entry in rec.history)
    return days


def latest_period(
    registry: Registry, kind: str = "quarter", today: dt.date | None = None
) -> Period:
    """The period that holds the registry's latest dated fact (a review or a history entry)."""
    day = today or dt.date.today()
    days = [d for d in _dated_facts(registry) if d <= day]
    return Period.containing(max(days) if days else day, kind)


def _text(value: Text | None, language: str, default: str) -> str | None:
    return None if value is None else pick(value, language, default_language=default)


def short_label(review: Review) -> str:
    """A review's short label for charts: who made it and the year (``CCPR 2016``)."""
    return f"{review.author or review.mechanism.value} {review.date.year}"


def _evidence(items: tuple[Evidence, ...], language: str, default: str) -> tuple[EvidenceRef, ...]:
    return tuple(
        EvidenceRef(
            citation=item.citation,
            url=item.url,
            title=_text(item.title, language, default),
            date=item.date,
            unverified=item.unverified,
        )
        for item in items
    )


def build(
    registry: Registry,
    period: str | Period | None = None,
    *,
    language: str | None = None,
    scale: str | None = None,
    policy: Policy = LATEST,
    horizon_days: int = HORIZON_DAYS,
    today: dt.date | None = None,
) -> Scorecard:
    """The scorecard of ``registry`` for ``period`` (``"2025-Q3"``; None: the latest
    period with data, see :func:`latest_period`), in ``language`` (the registry's
    language when None).

    Figures are as of the period's last day (or ``today`` while the period runs) and
    compared with the previous period's last day. ``scale`` and ``policy`` are those of
    :func:`followup.score`; follow-up deadlines within ``horizon_days`` of that date, or
    past and unanswered, are listed.
    """
    day = today or dt.date.today()
    the_period = (
        latest_period(registry, today=day)
        if period is None
        else period
        if isinstance(period, Period)
        else Period.parse(period)
    )
    lang = language or registry.info.language
    catalogue(lang)  # an unknown language fails here, naming the ones available
    if the_period.start > day:
        raise FollowupError(f"period {the_period} has not begun yet (today is {day})")
    view = public_view(registry)
    reg = view.registry
    default = reg.info.language
    as_of = min(the_period.end, day)
    previous = the_period.previous
    before = previous.end
    scale_id = scale or reg.info.default_scale
    if scale_id not in reg.scales:
        raise UnknownIdError("scale", scale_id, reg.scales)
    the_scale = reg.scales[scale_id]

    def at(day: dt.date, by: str | tuple[str, ...] = ()) -> ScoreResult:
        # recommendations count from their review's date on
        def present(rec: Recommendation) -> bool:
            return reg.reviews[rec.review].date <= day

        return score(reg, by, as_of=day, where=present, scale=scale_id, policy=policy)

    now_all, then_all = at(as_of), at(before)
    by_theme, by_theme_then = at(as_of, "theme"), at(before, "theme")
    by_review, by_review_then = at(as_of, "review"), at(before, "review")
    theme_review = at(as_of, ("theme", "review"))

    theme_labels = {t.id: t.label.pick(lang, default_language=default) for t in reg.info.themes}
    review_titles = {
        r.id: r.title.pick(lang, default_language=default) for r in reg.reviews.values()
    }
    then_theme = {g.key[0]: g.score for g in by_theme_then.groups}
    then_review = {g.key[0]: g.score for g in by_review_then.groups}
    theme_order = [t.id for t in reg.info.themes]
    themes = tuple(
        Row(
            key=g.key[0],
            label=theme_labels.get(g.key[0], g.key[0]),
            figures=Figures.of(g),
            previous_score=then_theme.get(g.key[0]),
        )
        for g in sorted(
            by_theme.groups,
            key=lambda g: (
                theme_order.index(g.key[0]) if g.key[0] in theme_order else 10**6,
                g.key,
            ),
        )
    )
    reviews = tuple(
        Row(
            key=g.key[0],
            label=review_titles[g.key[0]],
            figures=Figures.of(g),
            previous_score=then_review.get(g.key[0]),
            date=reg.reviews[g.key[0]].date,
            mechanism=reg.reviews[g.key[0]].mechanism.value,
        )
        for g in sorted(by_review.groups, key=lambda g: (reg.reviews[g.key[0]].date, g.key))
    )

    unverified: list[tuple[str, str]] = []
    moved = []
    default_scale = reg.info.default_scale
    for rec in reg.recommendations.values():
        if reg.reviews[rec.review].date > as_of:
            continue
        old = in_force(rec, before, scale_id, default_scale, policy)
        new = in_force(rec, as_of, scale_id, default_scale, policy)
        old_level = old.status if old else UNKNOWN
        if new is None or new.status == old_level or new.date <= before:
            continue
        moved.append(_movement(rec, new, old_level, lang, default))
    moved.sort(key=lambda m: (m.date, m.rec_id))
    for m in moved:
        if m.unverified:
            unverified.append((m.rec_id, m.unverified))
        for ev in m.evidence:
            if ev.unverified:
                unverified.append((f"{m.rec_id}: {ev.citation}", ev.unverified))

    grade_scale = reg.scales.get("hrc-follow-up")
    follow_up = deadlines(reg, as_of) if grade_scale else ()
    due_rows = []
    for d in follow_up:
        near = d.due is not None and d.days_left is not None and 0 <= d.days_left <= horizon_days
        if not (near or d.overdue):
            continue
        due_rows.append(
            DeadlineRow(
                review=d.review,
                label=review_titles[d.review],
                due=d.due,
                due_unverified=d.due_unverified,
                days_left=d.days_left,
                overdue=d.overdue,
                replied=d.replied,
                items=tuple(
                    FollowUpRow(
                        i.rec_id, i.paragraph, i.replied_on, i.grade, i.graded_on, i.unverified
                    )
                    for i in d.items
                ),
            )
        )
        if d.due_unverified:
            unverified.append((message("scorecard.due", lang) + f": {d.review}", d.due_unverified))
        for item in d.items:
            mark = reg.recommendations[item.rec_id].unverified
            if mark:
                unverified.append((item.rec_id, mark))

    changed = tuple(d for d in change_dates(reg, scale=scale_id) if d <= as_of)
    # the trend starts a little before the first assessment (no score exists earlier)
    first_review = min((r.date for r in reg.reviews.values()), default=as_of)
    start = max(first_review, (changed[0] if changed else the_period.start) - TREND_LEAD)
    trend_dates = sorted({start, *changed, as_of})
    trend = tuple(at(d, "mechanism") for d in trend_dates)
    levels = (
        *(
            LevelInfo(lv.id, lv.label.pick(lang, default_language=default), lv.colour, lv.score)
            for lv in the_scale.levels
        ),
        LevelInfo(UNKNOWN, message("level.unknown", lang), None, None),
    )
    return Scorecard(
        registry_id=reg.info.id,
        title=reg.info.title.pick(lang, default_language=default),
        description=_text(reg.info.description, lang, default),
        version=reg.info.version,
        licence=reg.info.licence,
        language=lang,
        period=the_period,
        as_of=as_of,
        previous=previous,
        previous_as_of=before,
        scale=scale_id,
        levels=levels,
        headline=Figures.of(now_all.overall),
        previous_headline=Figures.of(then_all.overall) if then_all.overall.total else None,
        reviews_count=sum(1 for r in reg.reviews.values() if r.date <= as_of),
        themes=themes,
        reviews=reviews,
        moved=tuple(moved),
        deadlines=tuple(due_rows),
        horizon_days=horizon_days,
        unverified=tuple(dict.fromkeys(unverified)),
        withheld=view.withheld,
        data=ScorecardData(
            by_theme=by_theme,
            by_review=by_review,
            theme_review=theme_review,
            trend=trend,
            trend_changed=changed,
            change=change(reg, before, as_of, scale=scale_id, policy=policy),
            follow_up=follow_up,
            scale=the_scale,
            grade_scale=grade_scale,
            theme_labels=theme_labels,
            review_labels={r.id: short_label(r) for r in reg.reviews.values()},
            review_dates=tuple(
                (r.date, short_label(r))
                for r in sorted(reg.reviews.values(), key=lambda r: (r.date, r.id))
                if start <= r.date <= as_of
            ),
        ),
    )


def _movement(
    rec: Recommendation, new: Assessment, old_level: str, language: str, default: str
) -> Movement:
    return Movement(
        rec_id=rec.id,
        review=rec.review,
        paragraph=rec.paragraph or rec.source.paragraph,
        text=rec.text.pick(language, default_language=default),
        before=old_level,
        after=new.status,
        date=new.date,
        by=new.by,
        evidence=_evidence(new.evidence, language, default),
        note=_text(new.note, language, default),
        unverified=rec.unverified or new.unverified,
    )
