"""From a :class:`~followup.scorecard.build.Scorecard` to a :class:`Document`: what the
scorecard says, section by section, in its language, with numbers formatted.

Every renderer (HTML, Markdown, PDF) draws this one document, so the formats cannot
drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup.i18n import counted, format_date, format_number, message
from followup.scorecard.blocks import Block, Chart, Document, Heading, ItemList, Paragraph
from followup.scorecard.card import Scorecard
from followup.scorecard.headline import headline_blocks
from followup.scorecard.languages import fallback_notice
from followup.scorecard.linked import taken_up_text
from followup.scorecard.tables import (
    agreement_table,
    deadline_table,
    judges_table,
    mark,
    moved_table,
    review_table,
    theme_review_table,
    theme_table,
    trend_table,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure, FigureBase

    from followup.scoring.deadlines import Deadline

__all__ = ["CHART_KINDS", "charts", "document"]

#: The charts of a scorecard, in the order they appear.
CHART_KINDS = ("status", "trend", "heatmap", "transitions", "timeline")


def _version() -> str:
    from followup import __version__

    return __version__


def charts(card: Scorecard) -> dict[str, Chart]:
    """The scorecard's charts by kind (each drawn only when asked)."""
    from followup import charts as ch

    lang, data = card.language, card.data
    out: dict[str, Chart] = {}

    def chart(
        kind: str,
        title: str,
        draw: Callable[[FigureBase | None, bool], Figure],
        items: list[str] | None = None,
    ) -> None:
        # the alt text lists the figures of a chart no table holds (``items``)
        alt = (
            message("scorecard.chart_alt", lang, title=title)
            if items is None
            else message(
                "scorecard.chart_alt_listed",
                lang,
                title=title,
                items=message("scorecard.separator", lang).join(items),
            )
        )
        # ``draw(target, compact)``: the full-size chart, or the phone version
        out[kind] = Chart(
            kind,
            title,
            alt,
            lambda target: draw(target, False),
            draw_compact=lambda: draw(None, True),
        )

    dimension = message("dimension.theme", lang)
    title = message("chart.status_title", lang, dimension=dimension)
    chart(
        "status",
        title,
        lambda target, compact: ch.status_distribution(
            data.by_theme,
            data.scale,
            labels=data.theme_labels,
            language=lang,
            title=title,
            figure=target,
            compact=compact,
        ),
    )
    mechanisms = {
        g.key[0]: message(f"mechanism.{g.key[0]}", lang) for r in data.trend for g in r.groups
    }
    title_trend = message("chart.score_title", lang, dimension=message("dimension.mechanism", lang))
    chart(
        "trend",
        title_trend,
        lambda target, compact: ch.score_over_time(
            data.trend,
            labels=mechanisms,
            marks=data.review_dates,
            changed=data.trend_changed,
            language=lang,
            title=title_trend,
            figure=target,
            compact=compact,
        ),
    )
    title_heat = message("chart.heatmap_title", lang)
    chart(
        "heatmap",
        title_heat,
        lambda target, compact: ch.score_heatmap(
            data.theme_review,
            row_labels=data.theme_labels,
            column_labels=data.review_labels,
            language=lang,
            title=title_heat,
            figure=target,
            compact=compact,
        ),
    )
    title_moves = message(
        "chart.transitions_title",
        lang,
        before=format_date(card.previous_as_of, lang, "short"),
        after=format_date(card.as_of, lang, "short"),
    )
    chart(
        "transitions",
        title_moves,
        lambda target, compact: ch.transitions(
            data.change,
            data.scale,
            language=lang,
            title=title_moves,
            figure=target,
            compact=compact,
        ),
    )
    grade_scale = data.grade_scale
    if data.follow_up and grade_scale is not None:
        title_time = message("chart.timeline_title", lang)
        chart(
            "timeline",
            title_time,
            lambda target, compact: ch.follow_up_timeline(
                data.follow_up,
                as_of=card.as_of,
                grade_scale=grade_scale,
                labels=data.review_labels,
                language=lang,
                title=title_time,
                figure=target,
                compact=compact,
            ),
            [_procedure(card, d) for d in data.follow_up],
        )
    return out


def _procedure(card: Scorecard, deadline: Deadline) -> str:
    """One follow-up procedure in words, as the timeline draws it."""
    lang = card.language
    due = (
        format_date(deadline.due, lang, "short") + mark(deadline.due_unverified, lang)
        if deadline.due
        else message("chart.timeline_unknown_due", lang)
    )
    reply = {
        "recorded": message("scorecard.reply_recorded", lang),
        "undated": message("scorecard.reply_undated", lang),
        "none": message("scorecard.not_replied", lang),
    }[deadline.reply]
    label = card.data.review_labels.get(deadline.review, deadline.review)
    due_text = message(
        "scorecard.label_value", lang, label=message("scorecard.due", lang), value=due
    )
    line = message("scorecard.separator", lang).join((due_text, reply))
    return message("scorecard.label_value", lang, label=label, value=line)


def document(card: Scorecard) -> Document:
    """The scorecard as a :class:`Document` for the renderers."""
    lang = card.language
    made = charts(card)
    blocks: list[Block] = []
    if card.description:
        blocks.append(Paragraph(card.description, "lead", card.lang_of(card.description)))
    blocks.extend(headline_blocks(card))
    if card.withheld:  # said up front, next to what the figures count
        blocks.append(
            Paragraph(
                message(
                    "scorecard.withheld",
                    lang,
                    items=counted("counted.confidential", card.withheld, lang),
                ),
                "note",
            )
        )
    # how to read the figures, next to them (not at the end)
    blocks.append(Heading(message("scorecard.method", lang), 2, "method"))
    scores = message("scorecard.separator", lang).join(
        message(
            "scorecard.label_value",
            lang,
            label=lv.label,
            value=format_number(lv.score, lang, 2).rstrip("0").rstrip(",.") or "0",
        )
        for lv in card.levels
        if lv.score is not None
    )
    level_spans = tuple(
        (lv.label, found) for lv in card.levels if (found := card.lang_of(lv.label))
    )
    text = message("scorecard.method_text", lang, scores=scores)
    blocks.append(Paragraph(text, spans=level_spans))
    blocks.append(made["trend"])
    blocks.append(Paragraph(message("scorecard.trend_table_intro", lang), "note"))
    blocks.append(trend_table(card))
    blocks.append(made["status"])
    blocks.append(Heading(message("scorecard.by_theme", lang), 2, "by-theme"))
    blocks.append(theme_table(card))
    blocks.append(made["heatmap"])
    blocks.append(theme_review_table(card))
    blocks.append(Heading(message("scorecard.by_review", lang), 2, "by-review"))
    blocks.append(review_table(card))
    for row in card.reviews:  # an NGO review: how many of its asks the UN took up
        if (asks := card.taken_up.get(row.key)) is not None:
            label = row.label + mark(card.review_marks.get(row.key), lang)
            spans = ((row.label, other),) if (other := card.lang_of(row.label)) else ()
            blocks.append(Paragraph(taken_up_text(asks, label, lang), spans=spans))
    blocks.append(Heading(message("scorecard.moved", lang), 2, "moved"))
    start = format_date(card.period.start, lang)
    end = format_date(card.as_of, lang)
    if card.moved:
        blocks.append(Paragraph(message("scorecard.moved_intro", lang, start=start, end=end)))
        blocks.append(moved_table(card))
        for m in card.moved:
            if m.note:
                spans = ((m.note, lang_of),) if (lang_of := card.lang_of(m.note)) else ()
                blocks.append(Paragraph(f"{m.rec_id}: {m.note}", "note", spans=spans))
    else:
        blocks.append(Paragraph(message("scorecard.moved_none", lang)))
    blocks.append(made["transitions"])
    blocks.append(Heading(message("scorecard.follow_up", lang), 2, "follow-up"))
    days = card.horizon_days
    if card.deadlines:
        blocks.append(Paragraph(counted("scorecard.follow_up_intro", days, lang, date=end)))
        blocks.append(deadline_table(card))
    else:
        blocks.append(Paragraph(counted("scorecard.follow_up_none", days, lang, date=end)))
    if "timeline" in made:
        blocks.append(made["timeline"])
    blocks.append(Heading(message("scorecard.judges", lang), 2, "judges"))
    day = {"date": end}
    if card.judged:
        blocks.append(Paragraph(message("scorecard.judges_intro", lang, **day)))
        blocks.append(judges_table(card))
    else:
        blocks.append(Paragraph(message("scorecard.judges_none", lang, **day)))
    if card.agreement:
        blocks.append(Paragraph(message("scorecard.agreement_intro", lang), "note"))
        blocks.append(agreement_table(card))
    if card.unverified:
        blocks.append(Heading(message("scorecard.unverified", lang), 2, "unverified"))
        blocks.append(Paragraph(message("scorecard.unverified_intro", lang)))
        blocks.append(
            ItemList(
                tuple(f"{what}: {mark}" for what, mark in card.unverified),
                tuple(card.lang_of(mark) for _, mark in card.unverified),
            )
        )
    footer = message(
        "scorecard.source",
        lang,
        registry=card.registry_id,
        version=card.version,
        followup=_version(),
    )
    if card.licence:
        footer += " " + message("scorecard.licence", lang, licence=card.licence)
    notice = fallback_notice(lang, blocks)
    if notice is not None:  # said once, at the top, before any such text
        blocks.insert(1 if card.description else 0, notice)
    found = card.lang_of(card.title)
    return Document(
        title_spans=((card.title, found),) if found else (),
        language=lang,
        title=message("scorecard.title", lang, registry=card.title),
        subtitle=message(
            "scorecard.subtitle",
            lang,
            period=card.period.label(lang),
            date=format_date(card.as_of, lang),
        ),
        blocks=tuple(blocks),
        footer=footer,
        branding=card.branding,
    )
