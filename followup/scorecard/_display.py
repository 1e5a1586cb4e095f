"""A scorecard in Python and Jupyter: a short ``repr`` and a notebook view.

``repr(card)`` names the registry, period, language and date and counts what the card
holds, in one line (not every field of a value that runs to tens of thousands of
characters). ``_repr_html_`` shows the title, the headline figures (as the page puts
them, in the card's language) and the charts as inline SVG, the same drawings
:meth:`~followup.scorecard.card.Scorecard.render` puts in the HTML page: a card shown
in a notebook and then rendered draws each chart once. Without matplotlib the view says
which extra draws the charts, and shows the figures.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from followup.errors import FollowupError
from followup.scorecard._drawn import document_of, svgs
from followup.scorecard.blocks import Chart, Heading, Headline, Paragraph

if TYPE_CHECKING:
    from followup.scorecard.card import Scorecard

__all__ = ["notebook_html", "short_repr"]

#: Numbers the charts' element ids on a notebook page, so two cards shown in one
#: notebook never share an id.
_views = itertools.count(1)


def short_repr(card: Scorecard) -> str:
    """One line: ``<Scorecard kazakhstan 2025-Q3 en as of 2025-09-30: 29 recommendations,
    21 assessed, score 0.15; 9 themes, 4 reviews, 1 moved, 1 deadline>``."""
    head = card.headline
    score = "none" if head.score is None else f"{head.score:.2f}"
    counts = ", ".join(
        (
            _count(len(card.themes), "theme"),
            _count(card.reviews_count, "review"),
            f"{len(card.moved)} moved",
            _count(len(card.deadlines), "deadline"),
        )
    )
    return (
        f"<Scorecard {card.registry_id} {card.period} {card.language} as of "
        f"{card.as_of.isoformat()}: {_count(head.total, 'recommendation')}, "
        f"{head.assessed} assessed, score {score}; {counts}>"
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def notebook_html(card: Scorecard) -> str:
    """The card's title, headline figures and charts as an HTML fragment."""
    doc = document_of(card)
    lang, direction = escape(doc.language), escape(doc.direction)
    parts = [
        f'<div lang="{lang}" dir="{direction}" class="followup-scorecard">',
        f"<h2>{escape(doc.title)}</h2>",
        f"<p><em>{escape(doc.subtitle)}</em></p>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading) and block.anchor == "method":
            break  # the headline ends where the method begins
        parts.append(_block(block))
    try:
        drawn = svgs(card)
    except FollowupError as error:  # no matplotlib: the figures, and what draws charts
        parts.append(f"<p><em>{escape(str(error))}</em></p>")
        drawn = {}
    view = next(_views)
    from followup.scorecard.html import inline_svg

    for block in doc.blocks:
        if isinstance(block, Chart) and block.kind in drawn:
            svg = inline_svg(drawn[block.kind], f"fu{view}-{block.kind}", block.title)
            parts.append(f'<figure style="margin:1em 0;overflow-x:auto">{svg}</figure>')
    parts.append("</div>")
    return "\n".join(parts)


def _block(block: object) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return f"<p><small>{text}</small></p>" if block.style == "note" else f"<p>{text}</p>"
    if isinstance(block, Headline):
        rows = "".join(
            Markup(
                "<tr><th scope='row' style='text-align:start'>{}</th><td>{}</td><td>{}</td></tr>"
            ).format(stat.label, Markup("<strong>{}</strong>").format(stat.value), stat.detail)
            for stat in block.stats
        )
        return f"<table>{rows}</table>"
    return ""
