"""Short reprs and Jupyter tables of the model's values (counts and ids, never every field).

The default attrs repr of a registry writes out every recommendation and history entry
(tens of thousands of characters); these say what a value is in one line, and show a
small HTML table in a notebook. Registry text in HTML is always escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup.model.records import Recommendation, Review
    from followup.model.registry import Registry
    from followup.model.text import Text

__all__ = [
    "MAX_ROWS",
    "recommendation_html",
    "recommendation_repr",
    "registry_html",
    "registry_repr",
    "review_html",
    "review_repr",
    "shorten",
]

#: Rows a notebook table shows before it says how many more there are.
MAX_ROWS = 50

_STYLE = "text-align:left"


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def _listed(values: Iterable[str], limit: int = 4) -> str:
    items = list(values)
    shown = ",".join(shorten(v, 24) for v in items[:limit])
    return shown + (f",+{len(items) - limit}" if len(items) > limit else "")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _text(text: Text | None, limit: int) -> str:
    return "" if text is None else shorten(text.pick(), limit)


def _table(head: Iterable[str], rows: Iterable[Iterable[object]], total: int) -> str:
    cells = "".join(f'<th style="{_STYLE}">{_esc(h)}</th>' for h in head)
    out = [f"<table><thead><tr>{cells}</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    if total > MAX_ROWS:
        out.append(f"<p>… and {total - MAX_ROWS} more</p>")
    return "".join(out)


# -- records ---------------------------------------------------------------------------


def review_repr(review: Review) -> str:
    """``<Review 'ccpr-2016' CCPR KAZ 2016-08-09>``."""
    return f"<Review {review.id!r} {review.mechanism.value} {review.state} {_day(review.date)}>"


def recommendation_repr(rec: Recommendation) -> str:
    """``<Recommendation 'r1' review='ccpr-2016' themes=assembly history=3: 'Abolish…'>``;
    a confidential recommendation's text is not shown."""
    parts = [f"<Recommendation {rec.id!r} review={rec.review!r}"]
    if rec.themes:
        parts.append(f"themes={_listed(rec.themes)}")
    parts.append(f"history={len(rec.history)}")
    text = "(confidential)" if rec.confidential else repr(_text(rec.text, 60))
    return " ".join(parts) + f": {text}>"


def _latest_status(rec: Recommendation) -> str:
    latest = rec.latest_assessment()
    if latest is None:
        return "not assessed"
    scale = f" ({latest.scale})" if latest.scale else ""
    return f"{latest.status}{scale} on {_day(latest.date)} by {latest.by}"


def recommendation_html(rec: Recommendation) -> str:
    """A recommendation's text, source and latest status, as an HTML block."""
    source = rec.source.document + (f" ¶{rec.source.paragraph}" if rec.source.paragraph else "")
    text = "(confidential)" if rec.confidential else _text(rec.text, 2000)
    link = (
        f' <a href="{_esc(rec.source.url)}">link</a>'
        if rec.source.url and rec.source.url.startswith(("https://", "http://"))
        else ""
    )
    return (
        f"<div><strong>{_esc(rec.id)}</strong> ({_esc(rec.review)})"
        f"<p>{_esc(text)}</p>"
        f"<p>Source: {_esc(source)}{link}<br>"
        f"Latest status: {_esc(_latest_status(rec))}<br>"
        f"History: {len(rec.responses)} responses, {len(rec.assessments)} assessments</p></div>"
    )


def review_html(review: Review) -> str:
    """A review's mechanism, State, date and title, as an HTML block."""
    return (
        f"<div><strong>{_esc(review.id)}</strong>: {_esc(review.mechanism.value)}, "
        f"{_esc(review.state)}, {_esc(_day(review.date))}<p>{_esc(_text(review.title, 300))}</p>"
        "</div>"
    )


# -- a registry --------------------------------------------------------------------------


def registry_repr(registry: Registry) -> str:
    """``<Registry 'kaz' (KAZ) version 2025.3: 4 reviews, 120 recommendations>``."""
    info = registry.info
    return (
        f"<Registry {info.id!r} ({_listed(info.states, 5)}) version {shorten(info.version, 30)}: "
        f"{len(registry.reviews)} reviews, {len(registry.recommendations)} recommendations>"
    )


def unverified_count(registry: Registry) -> int:
    """Reviews, recommendations and history entries marked ``unverified``."""
    count = sum(1 for review in registry.reviews.values() if review.unverified)
    for rec in registry.recommendations.values():
        count += bool(rec.unverified) + sum(1 for entry in rec.history if entry.unverified)
    return count


def registry_html(registry: Registry) -> str:
    """A registry's summary: States, its reviews (date, recommendations, assessed),
    totals and how many records are unverified."""
    info = registry.info
    per_review: dict[str, list[int]] = {rid: [0, 0] for rid in registry.reviews}
    for rec in registry.recommendations.values():
        counts = per_review.setdefault(rec.review, [0, 0])
        counts[0] += 1
        counts[1] += bool(rec.assessments)
    rows = [
        (rid, review.mechanism.value, _day(review.date), *per_review[rid])
        for rid, review in list(registry.reviews.items())[:MAX_ROWS]
    ]
    assessed = sum(c[1] for c in per_review.values())
    table = _table(
        ("review", "mechanism", "date", "recommendations", "assessed"), rows, len(registry.reviews)
    )
    return (
        f"<div><strong>{_esc(_text(info.title, 200))}</strong> "
        f"({_esc(info.id)}, version {_esc(info.version)})"
        f"<p>States: {_esc(', '.join(info.states))}<br>"
        f"{len(registry.reviews)} reviews, {len(registry.recommendations)} recommendations, "
        f"{assessed} with an assessment, {unverified_count(registry)} unverified records</p>"
        f"{table}</div>"
    )
