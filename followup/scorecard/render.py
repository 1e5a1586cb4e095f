"""Writing scorecards: JSON data, and every format to files in one call.

:func:`write` draws each chart once, then writes the HTML, Markdown (with its SVG
charts beside it), PDF and JSON files, each atomically: a file is either the old one or
the complete new one, never half-written, and never written through a symbolic link
(see :mod:`followup.registry.outputs`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs

from followup.errors import FollowupError
from followup.registry.outputs import check_outputs, write_output
from followup.scorecard import _typeset
from followup.scorecard.blocks import Chart
from followup.scorecard.card import Figures, Scorecard
from followup.scorecard.period import Period

__all__ = ["FORMATS", "JSON_FORMAT", "render_json", "scorecard_data", "write"]

#: The formats :func:`write` knows, with their file suffixes.
FORMATS = {"html": ".html", "pdf": ".pdf", "md": ".md", "json": ".json"}

#: The name and version of the JSON layout, written in every JSON scorecard.
JSON_FORMAT = ("followup-scorecard", 1)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


def _figures(figures: Figures | None) -> Any:
    return None if figures is None else _plain(figures)


def scorecard_data(card: Scorecard) -> dict[str, Any]:
    """The scorecard's figures and tables as JSON-ready data (no charts: their data
    are the tables)."""
    from followup import __version__

    return {
        "format": JSON_FORMAT[0],
        "format_version": JSON_FORMAT[1],
        "followup": __version__,
        "registry": {
            "id": card.registry_id,
            "title": card.title,
            "version": card.version,
            "licence": card.licence,
        },
        "language": card.language,
        "period": {
            "id": str(card.period),
            "label": card.period.label(card.language),
            "start": card.period.start.isoformat(),
            "end": card.period.end.isoformat(),
        },
        "as_of": card.as_of.isoformat(),
        "previous": {"id": str(card.previous), "as_of": card.previous_as_of.isoformat()},
        "scale": card.scale,
        "levels": _plain(card.levels),
        "headline": _figures(card.headline),
        "scopes": [
            {
                **_plain(scope),
                "change": scope.change,
                "rates": [{**_plain(rate), "share": rate.share} for rate in scope.rates],
            }
            for scope in card.scopes
        ],
        "exclude_unverified": card.exclude_unverified,
        "left_out": {"recommendations": card.left_out[0], "assessments": card.left_out[1]},
        "previous_headline": _figures(card.previous_headline),
        "change": card.change,
        "reviews_count": card.reviews_count,
        "themes": [{**_plain(row), "change": row.change} for row in card.themes],
        "reviews": [{**_plain(row), "change": row.change} for row in card.reviews],
        "moved": _plain(card.moved),
        "deadlines": _plain(card.deadlines),
        "horizon_days": card.horizon_days,
        "unverified": [{"what": what, "mark": mark} for what, mark in card.unverified],
        "withheld": card.withheld,
        "judged": [
            {"rec_id": j.rec_id, "contested": j.contested, "judgements": _plain(j.judgements)}
            for j in card.judged
        ],
        "agreement": _plain(card.agreement),
    }


def render_json(card: Scorecard) -> str:
    """The scorecard as JSON text (keys in a fixed order, UTF-8, a final newline)."""
    return json.dumps(scorecard_data(card), ensure_ascii=False, indent=2) + "\n"


def check_formats(formats: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``formats`` checked against :data:`FORMATS` (a clear error names the known ones)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise FollowupError(
            f"unknown scorecard format {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


def default_stem(card: Scorecard) -> str:
    """The file name (without suffix) of a scorecard: ``kazakhstan-2025-Q3-en``."""
    return f"{card.registry_id}-{card.period}-{card.language}"


def write(
    card: Scorecard,
    directory: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    *,
    stem: str | None = None,
) -> list[Path]:
    """Write ``card`` into ``directory`` (made if missing) in each of ``formats``.

    Returns the paths written: ``<stem>.html``, ``.pdf``, ``.md`` (with
    ``<stem>-<chart>.svg`` beside it), ``.json``.
    """
    from followup.charts import svg_text
    from followup.scorecard.html import render_html
    from followup.scorecard.layout import document
    from followup.scorecard.markdown import render_markdown

    wanted = check_formats(formats)
    name = stem or default_stem(card)
    if "/" in name or "\\" in name or name.startswith("."):
        raise FollowupError(f"{name!r} is not a plain file name")
    directory.mkdir(parents=True, exist_ok=True)
    doc = document(card)
    outputs: list[tuple[Path, bytes]] = []
    typesetter = _typeset.start(doc.language) if "pdf" in wanted else None
    try:
        with ThreadPoolExecutor(max_workers=1) as waiting:
            pdf: Future[bytes] | None = None
            if typesetter is not None:
                from followup.scorecard.pdf import pdf_inputs

                # Typst typesets on a process of its own while the charts of the HTML
                # page are drawn here: two cores work, and Typst's memory goes with it
                pdf = waiting.submit(typesetter.typeset, pdf_inputs(doc))
            svgs: dict[str, str] = {}
            if "html" in wanted or "md" in wanted:
                for block in doc.blocks:
                    if isinstance(block, Chart):
                        svgs[block.kind] = svg_text(block.draw(None))
            if "html" in wanted:
                html = render_html(doc, svgs).encode("utf-8")
                outputs.append((directory / f"{name}.html", html))
            if "md" in wanted:
                images = {}
                for kind, svg in svgs.items():
                    image = f"{name}-{kind}.svg"
                    images[kind] = image
                    outputs.append((directory / image, _svg_file(svg)))
                markdown = render_markdown(doc, images).encode("utf-8")
                outputs.append((directory / f"{name}.md", markdown))
            if pdf is not None:
                outputs.append((directory / f"{name}.pdf", pdf.result()))
    finally:
        if typesetter is not None:
            typesetter.close()
    if "json" in wanted:
        outputs.append((directory / f"{name}.json", render_json(card).encode("utf-8")))
    check_outputs(path for path, _ in outputs)  # no link among them: refused before any write
    for path, data in outputs:  # everything is rendered before the first file is written
        write_output(path, data)
    return [path for path, _ in outputs]


def _svg_file(svg: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + svg).encode("utf-8")
