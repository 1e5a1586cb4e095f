"""A scorecard :class:`~followup.scorecard.blocks.Document` as an A4 PDF, typeset by Typst.

The layout is a Typst template shipped with the package
(``followup/scorecard/templates/scorecard.typ``); the scorecard reaches it as data, never
as markup: :func:`document_data` turns the document into JSON, which the template reads
from ``sys.inputs`` and sets string by string, so no registry text can turn into Typst
markup whatever characters it holds. Charts are drawn by matplotlib, laid out at the
size they have on the page and embedded as SVG (vector graphics, text as paths) carried
in the same JSON: no temporary file is written, nothing is fetched from the network.

The PDF is tagged and meets PDF/UA-1 (Typst refuses to write it otherwise): headings are
H1 to H3 and make the outline (bookmarks), tables have header cells (TH) repeated on
each page they run over, every chart is a Figure with its alternative text, the
catalogue carries the document's language and any text in another language (an English
note in a Russian scorecard) carries its own, which also picks Typst's hyphenation
dictionary for it. Arabic is set right to left, tables mirrored.

>>> data = render_pdf(document)            # doctest: +SKIP
>>> write_pdf(document, "scorecard.pdf")   # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from followup.errors import FollowupError
from followup.i18n import message, text_direction
from followup.registry.outputs import write_output
from followup.scorecard.blocks import (
    SEPARATOR,
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    ItemList,
    Paragraph,
    Table,
)

if TYPE_CHECKING:
    from typst import Fonts

__all__ = [
    "PDF_STANDARD",
    "PdfError",
    "document_data",
    "pdf_inputs",
    "render_pdf",
    "typeset_data",
    "typst_source",
    "write_pdf",
]

#: What Typst checks the PDF against; it refuses to write a file that breaks it.
PDF_STANDARD: Final = "ua-1"

MM = 72 / 25.4
#: The content area of the template's A4 page, in points (210 x 297 mm less margins).
CONTENT_W = (210 - 2 * 18) * MM
CONTENT_H = (297 - 24 - 26) * MM
CHART_MAX_SHARE = 0.6  # of the content area's height

#: A row whose text is longer than this may break across pages; shorter ones never do.
BREAKABLE_ROW = 1500

_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{4}[-_])?([A-Za-z]{2}))?")


class PdfError(FollowupError):
    """Typst could not typeset the scorecard (the message says why)."""


# -- public ---------------------------------------------------------------------------


def render_pdf(document: Document) -> bytes:
    """``document`` as the bytes of an A4 PDF file (the same bytes for the same document).

    Raises :class:`followup.fonts.FontMissing` when a font the language needs is not
    installed (Typst is never left to pick another one).
    """
    return typeset_data(pdf_inputs(document), document.language)


def pdf_inputs(document: Document) -> str:
    """What the template reads for ``document``: its :func:`document_data` as JSON, set
    in the fonts of its language (raises :class:`followup.fonts.FontMissing` when none
    is installed)."""
    from followup import fonts

    families = fonts.require(document.language)
    return json.dumps(document_data(document, families), ensure_ascii=False)


def typeset_data(data: str, language: str) -> bytes:
    """The PDF Typst makes of ``data`` (:func:`pdf_inputs`) in ``language``'s fonts."""
    import typst

    from followup import fonts

    try:
        pdf, warnings = typst.compile_with_warnings(
            typst_source(),
            font_paths=_fonts(fonts.font_files(language)),
            format="pdf",
            sys_inputs={"data": data},
            pdf_standards=[PDF_STANDARD],
            pdf_tags=True,
            timestamp=0,
        )
    except typst.TypstError as error:
        raise PdfError(f"Typst could not typeset the PDF scorecard: {error.message}") from error
    for warning in warnings:
        if "unknown font family" in warning.message:
            raise fonts.FontMissing(language, fonts.script_of(language))
    assert isinstance(pdf, bytes)
    return pdf


def write_pdf(document: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``document`` as a PDF to ``path`` and return the path.

    The document is rendered in full first, then written to a temporary file in the same
    directory and renamed over ``path``: if anything fails, no file is left behind and an
    older file at ``path`` is kept whole. A symbolic link at ``path`` is refused
    (:class:`followup.registry.outputs.UnsafeOutput`), never followed.
    """
    target = Path(path)
    data = render_pdf(document)
    return write_output(target, data)


@cache
def typst_source() -> bytes:
    """The Typst template every PDF scorecard is typeset with."""
    return files("followup.scorecard").joinpath("templates/scorecard.typ").read_bytes()


# -- the document as data -------------------------------------------------------------


def document_data(document: Document, families: tuple[str, ...] | None = None) -> dict[str, Any]:
    """What the template reads: ``document`` as JSON-ready data, charts as SVG text.

    Texts stay plain strings (the template never parses them); a text in another
    language than the document's carries ``{"lang", "region", "dir"}``; colours are
    ``#rrggbb`` or ``None``; links are kept only for http(s) addresses. ``families`` are
    the fonts to set it in (by default :func:`followup.fonts.families` of its language).
    """
    from followup import fonts

    blocks: list[dict[str, Any]] = []
    previous: Block | None = None
    for block in document.blocks:
        blocks.append(_block(block, previous, document.language))
        previous = block
    title = document.title.strip()
    return {
        "lang": _typst_lang(document.language) or _typst_lang("en"),
        "dir": document.direction,
        "fonts": list(families if families is not None else fonts.families(document.language)),
        "title": title,
        "title-runs": [
            {"text": t, "lang": _lang(k, document.language)} for t, k in document.title_runs()
        ],
        # PDF/UA wants a title; a document without one is named by what it has
        "meta-title": title or document.subtitle.strip() or document.footer.strip() or "—",
        "subtitle": document.subtitle.strip(),
        "footer": document.footer,
        "page-label": message("scorecard.page", document.language, page="{page}", pages="{pages}"),
        "separator": SEPARATOR,
        "blocks": blocks,
        **_branding(document),
    }


def _branding(document: Document) -> dict[str, Any]:
    """The publisher's line and accent colour for the template (nothing unbranded)."""
    brand = document.branding
    if brand is None:
        return {}
    out: dict[str, Any] = {}
    if brand.colour is not None:
        out["accent"] = brand.colour
    if brand.organisation is not None:
        out["publisher"] = {
            "name": brand.organisation,
            "url": brand.url,
            "logo": brand.svg_logo(),
        }
    return out


def _lang(tag: str | None, document: str) -> dict[str, str | None] | None:
    """``tag`` as Typst takes it, or ``None`` for the document's own language."""
    return None if not tag or tag == document else _typst_lang(tag)


def _typst_lang(tag: str) -> dict[str, str | None] | None:
    """A language tag as Typst takes it (ISO 639 code, region, direction), or ``None``
    for a tag Typst cannot take."""
    match = _LANG.match(tag)
    if match is None:
        return None
    region = match.group(2)
    return {
        "lang": match.group(1).lower(),
        "region": region.upper() if region else None,
        "dir": text_direction(tag),
    }


def _block(block: Block, previous: Block | None, language: str) -> dict[str, Any]:
    match block:
        case Heading():
            return {"kind": "heading", "text": block.text, "level": min(max(block.level, 2), 6)}
        case Paragraph():
            lang = _lang(block.lang, language)
            runs = [{"text": t, "lang": _lang(k, language)} for t, k in block.runs()]
            return {
                "kind": "paragraph",
                "text": block.text,
                "style": block.style,
                "lang": lang,
                "runs": runs,
            }
        case Headline():
            stats = [{"label": s.label, "value": s.value, "detail": s.detail} for s in block.stats]
            return {"kind": "headline", "stats": stats}
        case Table():
            # a caption that only repeats the heading just above it is left out
            same = isinstance(previous, Heading) and previous.text == block.caption
            caption = None if same or not block.caption.strip() else block.caption
            rows = [[_cell(cell, language) for cell in row] for row in block.rows]
            return {
                "kind": "table",
                "caption": caption,
                "header": list(block.header),
                "rows": rows,
                "numeric": list(block.numeric),
                "widths": list(block.widths),
                "breakable": [sum(len(c.shown) for c in row) > BREAKABLE_ROW for row in block.rows],
                "words": _column_words(rows, len(block.header)),
            }
        case Chart():
            return _chart(block)
        case ItemList():
            items = [
                {"text": item, "lang": _lang(block.lang_of(k), language)}
                for k, item in enumerate(block.items)
            ]
            return {"kind": "list", "items": items}


def _cell(cell: Cell, language: str) -> dict[str, Any]:
    return {
        "parts": [{"text": part.text, "url": part.url} for part in cell.parts()],
        "colour": _colour(cell.colour),
        "detail": cell.detail or None,
        "lang": _lang(cell.lang, language) if cell.text else None,
    }


#: Where a text is cut into words for :func:`_column_words`: characters every regular
#: expression engine counts as white space (Typst splits the words further as it does).
_SPACES = re.compile(r"[ \t\n\r]+")


def _column_words(rows: list[list[dict[str, Any]]], columns: int) -> list[dict[str, Any]]:
    """Each column's distinct words, for the template to size the column by its widest:
    ``{"plain" | "swatch": {"body": words, "detail": words}}`` (cells with a level's
    swatch apart, as it widens them), each set of words one string, space-separated.

    The template measured every word of every cell before, and a table of 1,400 rows
    repeats most of its words: measuring each distinct word once gives the same widths.
    """
    out: list[dict[str, Any]] = []
    for k in range(columns):
        groups: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
        for row in rows:
            cell = row[k]
            body, detail = groups.setdefault(
                "plain" if cell["colour"] is None else "swatch", ({}, {})
            )
            text = SEPARATOR.join(part["text"] for part in cell["parts"])
            body.update(dict.fromkeys(_SPACES.split(text)))
            if cell["detail"] is not None:
                detail.update(dict.fromkeys(_SPACES.split(cell["detail"])))
        out.append(
            {
                name: {
                    "body": " ".join(w for w in body if w),
                    "detail": " ".join(w for w in detail if w),
                }
                for name, (body, detail) in groups.items()
            }
        )
    return out


def _colour(colour: str | None) -> str | None:
    from matplotlib.colors import is_color_like, to_hex

    return to_hex(colour) if colour is not None and is_color_like(colour) else None


def _chart(block: Chart) -> dict[str, Any]:
    """The chart drawn for the page: as wide as the page's content at most, and at most
    60% of it high. It is laid out again at that size (text keeps its size in points, the
    plot gets smaller), then embedded at 100%, as SVG with its text as paths."""
    from followup.charts import svg_text

    figure = block.draw(None)
    natural_w, natural_h = (float(v) * 72 for v in figure.get_size_inches())
    width = min(natural_w, CONTENT_W)
    height = min(natural_h, CHART_MAX_SHARE * CONTENT_H)
    if (width, height) != (natural_w, natural_h):
        figure.set_size_inches(width / 72, height / 72)
    return {"kind": "chart", "svg": svg_text(figure), "alt": block.alt, "width": width}


# -- fonts ----------------------------------------------------------------------------


@cache
def _fonts(paths: tuple[Path, ...]) -> Fonts:
    """Typst's font book: the system's fonts and the folders of ``paths`` (the
    language's own font files, found by :mod:`followup.fonts`), read once per process."""
    import typst

    folders = sorted({str(path.parent) for path in paths})
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True, font_paths=folders)
