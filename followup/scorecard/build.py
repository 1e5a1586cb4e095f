"""The scorecard of a registry for a period: :func:`build` computes it.

:func:`build` computes everything a scorecard says (the headline of each scope, the
change since the previous period, per-theme and per-review tables, what moved and the
evidence behind it, the follow-up deadlines near or past, where the judges disagree, the
facts not yet verified) from the registry alone: the same registry and period always
give the same scorecard. It works on the registry's public view
(:func:`followup.model.public.public_view`), so nothing marked confidential can reach a
renderer. The value it returns is described in :mod:`followup.scorecard.card`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from followup.errors import FollowupError
from followup.i18n import check_language, message
from followup.model.linkdecision import LinkDecisions
from followup.model.public import public_view
from followup.model.records import Recommendation, Review
from followup.model.registry import Registry, UnknownIdError
from followup.scorecard.branding import Branding
from followup.scorecard.card import (
    DeadlineRow,
    Figures,
    FollowUpRow,
    LevelInfo,
    Row,
    Scorecard,
    ScorecardData,
)
from followup.scorecard.languages import ShownTexts
from followup.scorecard.linked import asked_by, taken_up
from followup.scorecard.marks import Marks
from followup.scorecard.movement import movement
from followup.scorecard.period import Period
from followup.scorecard.scopes import scope_figures
from followup.scoring.agreement import agreement
from followup.scoring.deadlines import deadlines, elapsed
from followup.scoring.progress import change, change_dates
from followup.scoring.score import UNKNOWN, ScoreResult, score
from followup.scoring.status import LATEST, Policy, in_force
from followup.scoring.views import verified_view

__all__ = [
    "HORIZON_DAYS",
    "build",
    "judge_name",
    "latest_period",
    "shared_scores",
    "short_label",
]

#: How far ahead a follow-up deadline counts as near, by default.
HORIZON_DAYS = 90

#: How long before the first assessment the score-over-time chart starts.
TREND_LEAD = dt.timedelta(days=183)


#: The scores the builds of a series share (see :func:`shared_scores`); None outside one.
_SHARED: ContextVar[dict[object, object] | None] = ContextVar("shared_scores", default=None)


@contextmanager
def shared_scores() -> Iterator[None]:
    """Builds made inside share the scores they compute, per registry, date and options:
    the score-over-time of each period of a series holds the dates of the periods before
    it, and each is computed once. Outside, each build computes its own."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _dated_facts(registry: Registry) -> list[dt.date]:
    days = [review.date for review in registry.reviews.values()]
    for rec in registry.recommendations.values():
        days.extend(entry.date for entry in rec.history if entry.date is not None)
    return days


def latest_period(
    registry: Registry, kind: str = "quarter", today: dt.date | None = None
) -> Period:
    """The period that holds the registry's latest dated fact (a review or a history entry)."""
    day = today or dt.date.today()
    days = [d for d in _dated_facts(registry) if d <= day]
    return Period.containing(max(days) if days else day, kind)


def short_label(review: Review) -> str:
    """A review's short label for charts: who made it and the year (``CCPR 2016``)."""
    return f"{review.author or review.mechanism.value} {review.date.year}"


def judge_name(
    registry: Registry, judge: str, language: str, texts: ShownTexts | None = None
) -> str:
    """The name of the judge ``judge`` (an id in the manifest), or the text as written.

    ``texts`` picks the name (and remembers it when shown in another language)."""
    found = registry.info.judge(judge)
    if found is None:
        return judge
    if texts is not None:
        return texts(found.name)
    return found.name.pick(language, default_language=registry.info.language)


def build(
    registry: Registry,
    period: str | Period | None = None,
    *,
    language: str | None = None,
    scale: str | None = None,
    policy: Policy = LATEST,
    horizon_days: int = HORIZON_DAYS,
    exclude_unverified: bool = False,
    today: dt.date | None = None,
    branding: Branding | None = None,
    links: LinkDecisions | None = None,
) -> Scorecard:
    """The scorecard of ``registry`` for ``period`` (``"2025-Q3"``; None: the latest
    period with data, see :func:`latest_period`), in ``language`` (the registry's
    language when None).

    Figures are as of the period's last day (or ``today`` while the period runs) and
    compared with the previous period's last day. ``scale`` and ``policy`` are those of
    :func:`followup.score`; follow-up deadlines within ``horizon_days`` of that date, or
    past with no reply known, are listed. ``exclude_unverified`` computes every figure
    without the recommendations and assessments marked unverified
    (:func:`followup.scoring.views.verified_view`); the page says which way it was made.
    ``branding`` (:class:`followup.scorecard.Branding`) names who publishes it.
    ``links`` (the registry's decisions on suggested links) shows, for each
    recommendation of an accepted cluster, how many bodies ask the same thing; an NGO
    review's share of asks taken up by a UN body comes from the registry's own
    ``relates_to`` fields, with or without ``links``.
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
    check_language(lang)  # an unknown language fails here, naming the ones available
    if the_period.start > day:
        raise FollowupError(f"period {the_period} has not begun yet (today is {day})")
    view = public_view(registry)
    shown = view.registry  # what the page may show (deadlines, marks)
    left_out = (0, 0)
    reg = shown
    if exclude_unverified:
        verified = verified_view(shown)
        reg = verified.registry
        left_out = (verified.recommendations_left_out, verified.assessments_left_out)
    default = reg.info.language
    texts = ShownTexts(lang, default)  # remembers each text shown in another language
    as_of = min(the_period.end, day)
    previous = the_period.previous
    before = previous.end
    scale_id = scale or reg.info.default_scale
    if scale_id not in reg.scales:
        raise UnknownIdError("scale", scale_id, reg.scales)
    the_scale = reg.scales[scale_id]

    def at_in(among: Registry, day: dt.date, by: str | tuple[str, ...] = ()) -> ScoreResult:
        # recommendations count from their review's date on
        def present(rec: Recommendation) -> bool:
            return among.reviews[rec.review].date <= day

        return score(among, by, as_of=day, where=present, scale=scale_id, policy=policy)

    shared = _SHARED.get()

    def at(day: dt.date, by: str | tuple[str, ...] = ()) -> ScoreResult:
        if shared is None:
            return at_in(reg, day, by)
        # the registry is kept with its results, so that its id names it while they live
        key = (id(registry), exclude_unverified, scale_id, policy, day, by)
        found = shared.get(key)
        if not isinstance(found, ScoreResult):
            found = shared[key] = at_in(reg, day, by)
            shared[("registry", id(registry))] = registry
        return found

    def name(judge: str) -> str:
        return judge_name(reg, judge, lang, texts)

    now_all, then_all = at(as_of), at(before)
    by_theme, by_theme_then = at(as_of, "theme"), at(before, "theme")
    by_review, by_review_then = at(as_of, "review"), at(before, "review")
    theme_review = at(as_of, ("theme", "review"))
    scopes = scope_figures(
        reg,
        language=lang,
        scale=the_scale,
        policy=policy,
        as_of=as_of,
        before=before,
        at=at_in,
        judge_name=name,
        texts=texts,
    )

    theme_labels = {t.id: texts(t.label) for t in reg.info.themes}
    review_titles = {r.id: texts(r.title) for r in reg.reviews.values()}
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
    review_marks = {r.id: r.unverified for r in reg.reviews.values() if r.unverified}

    marks = Marks(lang)
    for row in reviews:  # shown in the review table, and by short label in the charts
        if row.key in review_marks:
            short = short_label(reg.reviews[row.key])
            marks.add(f"{row.label} ({short})", review_marks[row.key])

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
        moved.append(movement(rec, new, old_level, texts, name(new.by)))
    moved.sort(key=lambda m: (m.date, m.rec_id))
    for m in moved:
        rec = reg.recommendations[m.rec_id]
        entry = in_force(rec, as_of, scale_id, default_scale, policy)
        marks.recommendation(rec, entry.unverified if entry else None)
        for ev in m.evidence:
            if ev.unverified:
                marks.add(f"{m.rec_id}: {ev.citation}", ev.unverified)

    grade_scale = shown.scales.get("hrc-follow-up")
    follow_up = deadlines(shown, as_of) if grade_scale else ()
    due_rows = []
    for d in follow_up:  # every procedure is drawn in the timeline chart: mark them all
        if d.due_unverified:
            marks.add(message("scorecard.due", lang) + f": {d.review}", d.due_unverified)
        for item in d.items:
            rec = shown.recommendations[item.rec_id]
            marks.recommendation(rec, None)
            for response in rec.undated_responses:
                if response.unverified:
                    marks.add(
                        f"{item.rec_id}: " + message("scorecard.reply_undated", lang),
                        response.unverified,
                    )
        near = d.due is not None and d.days_left is not None and 0 <= d.days_left <= horizon_days
        if not (near or d.overdue or (d.due is not None and d.due < as_of)):
            continue
        due_rows.append(
            DeadlineRow(
                review=d.review,
                label=review_titles.get(d.review, d.review),
                due=d.due,
                due_unverified=d.due_unverified,
                days_left=d.days_left,
                overdue=d.overdue,
                replied=d.replied,
                items=tuple(
                    FollowUpRow(
                        i.rec_id,
                        i.paragraph,
                        i.replied_on,
                        i.grade,
                        i.graded_on,
                        i.unverified,
                        reply=i.reply,
                    )
                    for i in d.items
                ),
                reply=d.reply,
                overdue_by=elapsed(d.due, as_of) if d.overdue and d.due is not None else None,
            )
        )

    report = agreement(reg, as_of, scale=scale_id)
    for judged in report.contested:
        rec = reg.recommendations[judged.rec_id]
        marks.recommendation(rec, None)
        for j in judged.judgements:
            if j.unverified:
                marks.add(f"{judged.rec_id}: {name(j.judge)}", j.unverified)
            for cited in j.evidence:
                if cited.unverified:
                    marks.add(f"{judged.rec_id}: {cited.citation}", cited.unverified)

    # after every other mark, so that a scorecard without links lists them as before
    clustered = asked_by(reg, links, as_of, marks)
    asks_taken_up = taken_up(reg, as_of, marks)

    changed = tuple(d for d in change_dates(reg, scale=scale_id) if d <= as_of)
    # the trend starts the day before the first change (no score exists earlier)
    first_review = min((r.date for r in reg.reviews.values()), default=as_of)
    start = max(
        first_review,
        (changed[0] - dt.timedelta(days=1)) if changed else the_period.start - TREND_LEAD,
    )
    trend_dates = sorted({start, *changed, as_of})
    trend = tuple(at(d, "mechanism") for d in trend_dates)
    review_dates = tuple(
        (r.date, short_label(r) + marks.sign(r.unverified))
        for r in sorted(reg.reviews.values(), key=lambda r: (r.date, r.id))
        if start <= r.date <= as_of
    )
    levels = (
        *(LevelInfo(lv.id, texts(lv.label), lv.colour, lv.score) for lv in the_scale.levels),
        LevelInfo(UNKNOWN, message("level.unknown", lang), None, None),
    )
    return Scorecard(
        registry_id=reg.info.id,
        title=texts(reg.info.title),
        description=texts(reg.info.description),
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
        scopes=scopes,
        reviews_count=sum(1 for r in reg.reviews.values() if r.date <= as_of),
        themes=themes,
        reviews=reviews,
        moved=tuple(moved),
        deadlines=tuple(due_rows),
        horizon_days=horizon_days,
        unverified=tuple((what, texts(note)) for what, note in marks.items()),
        withheld=view.withheld,
        exclude_unverified=exclude_unverified,
        left_out=left_out,
        judged=report.contested,
        agreement=report.pairs,
        judge_names={j.id: name(j.id) for j in reg.info.judges},
        texts={j.rec_id: texts(reg.recommendations[j.rec_id].text) for j in report.contested},
        review_marks=review_marks,
        foreign=texts.foreign,
        branding=branding,
        asked_by=clustered,
        taken_up=asks_taken_up,
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
            # chart labels carry the review's mark, as every shown fact does
            review_labels={
                r.id: short_label(r) + marks.sign(r.unverified) for r in reg.reviews.values()
            },
            review_dates=review_dates,
        ),
    )
