"""The HTML scorecard: one self-contained file (inline CSS and SVG, no network).

Rendered with Jinja2 with autoescaping on, so every text from the registry (a
recommendation, a note, a title) reaches the page escaped; only the charts' SVG, made
here by matplotlib from escaped labels, is inserted as markup. The page has headings,
table headers with scopes, alt text on every chart, a layout that fits a phone, and
print rules for A4.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from attrs import evolve

from followup.i18n import message
from followup.scorecard.blocks import SEPARATOR, Cell, Chart, Document, Heading, Table, linkable

if TYPE_CHECKING:
    import jinja2

__all__ = ["inline_svg", "render_html"]

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("followup.scorecard", "templates"),
        autoescape=True,  # every {{ value }} is escaped unless it is Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _css() -> str:
    return files("followup.scorecard").joinpath("templates/scorecard.css").read_text("utf-8")


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """``svg`` ready to sit inside an HTML page: its ids prefixed with ``prefix`` (so two
    charts on one page never share an id), ``role="img"`` and ``label`` as its
    accessible name."""
    from markupsafe import escape

    svg = _METADATA.sub("", svg)  # matplotlib's RDF block: nothing a reader needs
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def render_html(document: Document, svgs: dict[str, str] | None = None) -> str:
    """The page for ``document``; ``svgs`` maps chart kinds to SVG text (drawn here
    from the document's charts when not given)."""
    from markupsafe import Markup

    from followup.charts import svg_text

    made: dict[str, Markup] = {}
    for block in document.blocks:
        if isinstance(block, Chart):
            svg = (svgs or {}).get(block.kind)
            if svg is None:
                svg = svg_text(block.draw(None))
            made[block.kind] = Markup(inline_svg(svg, f"c-{block.kind}", block.alt))
    blocks = tuple(
        _safe_links(block) if isinstance(block, Table) else block for block in document.blocks
    )
    toc = [
        (b.anchor, b.text) for b in blocks if isinstance(b, Heading) and b.anchor and b.level == 2
    ]
    from followup import __version__

    template = _environment().get_template("scorecard.html.j2")
    return template.render(
        doc=evolve(document, blocks=blocks),
        css=Markup(_css()),
        svgs=made,
        toc=toc,
        toc_label=message("scorecard.contents", document.language),
        separator=SEPARATOR,
        version=__version__,
    )


def _safe_links(table: Table) -> Table:
    """The table with links only where the URL is http(s): a cell's ``url`` and each of
    its ``links`` (the template shows ``Cell.parts()``, which checks them again)."""
    return evolve(table, rows=tuple(tuple(_safe_cell(cell) for cell in row) for row in table.rows))


def _safe_cell(cell: Cell) -> Cell:
    links = tuple(k if linkable(k.url) else evolve(k, url=None) for k in cell.links)
    return evolve(cell, url=cell.url if linkable(cell.url) else None, links=links)
