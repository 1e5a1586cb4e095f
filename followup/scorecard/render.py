"""Writing scorecards: JSON data, and every format to files in one call.

:func:`render` gives a scorecard as text (HTML, Markdown, JSON) or bytes (PDF) without
touching the disk; :func:`write` writes the same to files: the HTML, Markdown (with its
SVG charts beside it), PDF and JSON files, each atomically: a file is either the old one or
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
from followup.scorecard.card import Figures, Scorecard
from followup.scorecard.linked import asked_by_data
from followup.scorecard.period import Period
from followup.scoring.output import for_output

__all__ = ["FORMATS", "JSON_FORMAT", "render", "render_json", "scorecard_data", "write"]

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
        "reviews": [
            {**_plain(row), "change": row.change, **_taken_up(card, row.key)}
            for row in card.reviews
        ],
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
        **({"asked_by": asked_by_data(card.asked_by)} if card.asked_by else {}),
        **_publisher(card),
    }


def _taken_up(card: Scorecard, review: str) -> dict[str, Any]:
    """``{"taken_up": {"asks", "taken_up", "share", "unverified"}}`` for an NGO review
    with recorded links, else nothing."""
    found = card.taken_up.get(review)
    return {} if found is None else {"taken_up": _plain(found)}


def _publisher(card: Scorecard) -> dict[str, Any]:
    """``{"publisher": {"organisation", "url"}}`` for a branded card, else nothing."""
    brand = card.branding
    if brand is None or brand.organisation is None:
        return {}
    return {"publisher": {"organisation": brand.organisation, "url": brand.url}}


def render_json(card: Scorecard) -> str:
    """The scorecard as JSON text (keys in a fixed order, UTF-8, a final newline), its
    shares and scores rounded for output (:func:`followup.scoring.output.for_output`)."""
    data = for_output(scorecard_data(card))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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


def render(card: Scorecard, fmt: str, *, images: Mapping[str, str] | None = None) -> str | bytes:
    """``card`` in the format ``fmt``, in memory: ``"html"``, ``"md"`` or ``"json"`` as
    text, ``"pdf"`` as bytes. Nothing is written to disk.

    The HTML page is the one :func:`write` writes, byte for byte. The Markdown has no
    chart images unless ``images`` maps chart kinds to where their SVG files will be
    (relative to the Markdown; :meth:`Scorecard.charts` gives the SVG text), since a
    Markdown file cannot hold an image; the tables beside each chart carry its
    figures. JSON and Markdown need no matplotlib; HTML and PDF need the ``charts``
    extra (:class:`followup.charts.ChartsNotInstalledError` says so otherwise). Charts
    are drawn once per card and shared by every format and every later call.
    """
    from followup.scorecard import _drawn

    (wanted,) = check_formats([fmt])
    if images is not None and wanted != "md":
        raise FollowupError(f"images= is for the Markdown scorecard, not {wanted!r}")
    if wanted == "json":
        return render_json(card)
    if wanted == "md":
        from followup.scorecard.markdown import render_markdown

        return render_markdown(_drawn.document_of(card), images)
    if wanted == "html":
        from followup.scorecard.html import render_html

        svgs = _drawn.svgs(card)
        return render_html(_drawn.document_of(card), svgs, _drawn.compact_svgs(card))
    data = _drawn.pdf_data(card)
    typesetter = _typeset.start(card.language)
    try:
        return typesetter.typeset(data)
    finally:
        typesetter.close()


def write(
    card: Scorecard,
    directory: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    *,
    stem: str | None = None,
) -> list[Path]:
    """Write ``card`` into ``directory`` (made if missing) in each of ``formats``.

    Returns the paths written: ``<stem>.html``, ``.pdf``, ``.md`` (with
    ``<stem>-<chart>.svg`` beside it; without them when matplotlib is not installed),
    ``.json``. The files hold what :func:`render` gives (the charts drawn once, shared
    with any other render of the card).
    """
    from followup.scorecard import _drawn
    from followup.scorecard.html import render_html
    from followup.scorecard.markdown import render_markdown

    wanted = check_formats(formats)
    name = stem or default_stem(card)
    if "/" in name or "\\" in name or name.startswith("."):
        raise FollowupError(f"{name!r} is not a plain file name")
    directory.mkdir(parents=True, exist_ok=True)
    doc = _drawn.document_of(card)
    outputs: list[tuple[Path, bytes]] = []
    typesetter = _typeset.start(doc.language) if "pdf" in wanted else None
    try:
        with ThreadPoolExecutor(max_workers=1) as waiting:
            pdf: Future[bytes] | None = None
            if typesetter is not None:
                # Typst typesets on a process of its own while the charts of the HTML
                # page are drawn here: two cores work, and Typst's memory goes with it
                pdf = waiting.submit(typesetter.typeset, _drawn.pdf_data(card))
            svgs = _drawn.svgs(card) if "html" in wanted or _can_draw("md" in wanted) else {}
            if "html" in wanted:
                html = render_html(doc, svgs, _drawn.compact_svgs(card)).encode("utf-8")
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


def _can_draw(wanted: bool) -> bool:
    """True when charts are ``wanted`` and matplotlib can draw them: without it (a core
    install), the Markdown file is written without its chart images."""
    if not wanted:
        return False
    from followup.charts._missing import ChartsNotInstalledError, need_charts

    try:
        need_charts()
    except ChartsNotInstalledError:
        return False
    return True


def _svg_file(svg: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + svg).encode("utf-8")
