"""The web app's own pages: the assessment form and short message pages.

Every value that reaches a page (a recommendation id, a judge's name, what a user
typed, an error message) goes through :func:`html.escape`; nothing is inserted as
markup. The pages carry no script and load nothing from the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from attrs import frozen

__all__ = ["Choice", "FormChoices", "form_page", "message_page", "nav_bar"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 1.5rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1a1a1a; }
label { display: block; font-weight: 600; margin-top: 1rem; }
.hint { display: block; font-weight: 400; color: #555; font-size: 0.9rem; }
input, select, textarea { width: 100%; box-sizing: border-box; font: inherit;
       padding: 0.35rem; margin-top: 0.25rem; }
textarea { min-height: 4.5rem; }
button { margin-top: 1.25rem; font: inherit; padding: 0.5rem 1.25rem; }
.errors { border: 2px solid #b00020; padding: 0.5rem 1rem; background: #fff4f4; }
.errors li { white-space: pre-wrap; }
"""

_NAV_STYLE = """
nav.webapp { font: 0.95rem system-ui, sans-serif; padding: 0.5rem 1rem; background: #eef2f7; }
nav.webapp p { margin: 0.25rem 0; }
nav.webapp a { color: #0b4f9c; }
"""


@frozen
class Choice:
    """One option of a select: the value posted and the label shown."""

    value: str
    label: str


@frozen
class FormChoices:
    """What the form offers: recommendations, levels (grouped by scale), judges."""

    recommendations: tuple[Choice, ...]
    levels: tuple[tuple[str, tuple[Choice, ...]], ...]  # (scale label, its levels)
    judges: tuple[Choice, ...]  # empty: the registry declares none, ``by`` is free text
    language: str
    title: str


def _page(title: str, body: str, language: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _options(choices: Iterable[Choice], selected: str) -> str:
    return "".join(
        f'<option value="{escape(c.value)}"{" selected" if c.value == selected else ""}>'
        f"{escape(c.label)}</option>"
        for c in choices
    )


def _select(name: str, label: str, hint: str, options: str, *, required: bool = True) -> str:
    need = " required" if required else ""
    return (
        f'<label for="{name}">{escape(label)} <span class="hint">{escape(hint)}</span></label>'
        f'<select id="{name}" name="{name}"{need}>{options}</select>'
    )


def _input(name: str, label: str, hint: str, value: str, *, required: bool = False) -> str:
    need = " required" if required else ""
    return (
        f'<label for="{name}">{escape(label)} <span class="hint">{escape(hint)}</span></label>'
        f'<input id="{name}" name="{name}" type="text" value="{escape(value)}"{need}>'
    )


def _textarea(name: str, label: str, hint: str, value: str) -> str:
    return (
        f'<label for="{name}">{escape(label)} <span class="hint">{escape(hint)}</span></label>'
        f'<textarea id="{name}" name="{name}">{escape(value)}</textarea>'
    )


def form_page(
    choices: FormChoices,
    values: Mapping[str, str],
    errors: Sequence[str] = (),
    *,
    today: dt.date,
) -> str:
    """The assessment form, filled with ``values``, with ``errors`` listed above it."""
    value = {**{"on": today.isoformat()}, **values}.get
    parts = [f"<h1>Record an assessment</h1>\n<p>{escape(choices.title)}</p>"]
    if errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in errors)
        parts.append(
            '<div class="errors" role="alert" id="errors"><p><strong>Nothing was recorded'
            f"</strong>; correct the form and send it again:</p><ul>{items}</ul></div>"
        )
    recs = _options(
        (Choice("", "(choose a recommendation)"), *choices.recommendations), value("rec") or ""
    )
    levels = "".join(
        f'<optgroup label="{escape(scale)}">{_options(group, value("level") or "")}</optgroup>'
        for scale, group in choices.levels
    )
    if choices.judges:
        judge = _select(
            "by",
            "Judged by",
            "a judge declared in the registry",
            _options(choices.judges, value("by") or ""),
        )
    else:
        judge = _input("by", "Judged by", "who judged", value("by") or "", required=True)
    parts.append(
        '<form method="post" action="/assess" accept-charset="utf-8" '
        'enctype="application/x-www-form-urlencoded">'
        + _select("rec", "Recommendation", "its id and latest status", recs)
        + _select("level", "Level", "the level of implementation judged", levels)
        + _input(
            "on",
            "Date of the judgement",
            "2025-06-30, 2025-06 or 2025",
            value("on") or "",
            required=True,
        )
        + judge
        + _textarea(
            "evidence",
            "Evidence",
            "one URL or document symbol a line (optional)",
            value("evidence") or "",
        )
        + _input(
            "fact_date",
            "Date of the fact",
            "when what was judged happened (optional)",
            value("fact_date") or "",
        )
        + _textarea("note", "Note", "on the judgement (optional)", value("note") or "")
        + _input(
            "unverified",
            "Not yet verified",
            "what still needs checking (optional)",
            value("unverified") or "",
        )
        + '<button type="submit" id="record">Record the assessment</button></form>'
    )
    parts.append('<p><a href="/">Back to the scorecard</a></p>')
    return _page("Record an assessment", "\n".join(parts), choices.language)


def message_page(title: str, text: str, language: str = "en") -> str:
    """A short page saying what went wrong (or what happened), and where to go."""
    body = (
        f'<h1>{escape(title)}</h1>\n<p id="message">{escape(text)}</p>\n'
        '<p><a href="/">The scorecard</a></p>'
    )
    return _page(title, body, language)


def nav_bar(recorded: str | None) -> str:
    """The bar the app puts at the top of the scorecard: links, and what was recorded."""
    done = f'<p role="status" id="recorded">Recorded: {escape(recorded)}</p>' if recorded else ""
    return (
        '<nav class="webapp" aria-label="Web app">'
        f"<style>{_NAV_STYLE}</style>"
        f"{done}"
        '<p><a href="/assess">Record an assessment</a> · '
        '<a href="/scores.json?by=theme">Scores by theme (JSON)</a></p></nav>'
    )
