"""The HTML scorecard: one self-contained file (inline CSS and SVG, no network).

Rendered with Jinja2 with autoescaping on, so every text from the registry (a
recommendation, a note, a title) reaches the page escaped; only the charts' SVG, made
here by matplotlib from escaped labels, is inserted as markup. The page has headings,
table headers with scopes, alt text on every chart, a layout that fits a phone, and
print rules for A4.

The page carries its language and writing direction (``<html lang dir>``; CSS logical
properties mirror it for Arabic), and marks each text shown in another language with
``lang`` (and ``dir`` when that language runs the other way). Each chart is inlined
twice when it has a drawing for phones (:attr:`Chart.draw_compact`): CSS shows the full
one on wide screens and the compact one below 600 px. On a phone each table row reads
as a card of labelled figures, so no key figure hides off-screen. docs/accessibility.md
says how the page is checked (axe-core in headless Chromium, every language, two widths).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from attrs import evolve

from followup.i18n import message, text_direction
from followup.scorecard.blocks import SEPARATOR, Cell, Chart, Document, Heading, Table, linkable

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = ["compact_svg", "inline_svg", "lang_attributes", "render_html"]

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)

#: The columns (by their header's message) a phone shows first in each row's card: the
#: figures a reader looks for, coverage and score.
_KEY_COLUMNS = ("assessed", "score")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("followup.scorecard", "templates"),
        autoescape=True,  # every {{ value }} is escaped unless it is Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    environment.globals["direction"] = text_direction
    return environment


def lang_attributes(lang: str | None, direction: str = "ltr") -> Markup:
    """The attributes marking a text in language ``lang`` inside a page written in
    ``direction``: `` lang="en"``, with `` dir="ltr"`` when the text runs the other way
    (English in an Arabic page); nothing for ``None`` (the page's own language)."""
    from markupsafe import Markup, escape

    if not lang:
        return Markup("")
    own = text_direction(lang)
    turn = f' dir="{own}"' if own != direction else ""
    return Markup(f' lang="{escape(lang)}"{turn}')


def _css() -> str:
    return files("followup.scorecard").joinpath("templates/scorecard.css").read_text("utf-8")


def compact_svg(chart: Chart) -> str | None:
    """The SVG of ``chart``'s drawing for phones, or ``None`` when it has none."""
    if chart.draw_compact is None:
        return None
    from followup.charts import svg_text

    return svg_text(chart.draw_compact())


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """``svg`` ready to sit inside an HTML page: its ids prefixed with ``prefix`` (so two
    charts on one page never share an id) and made unique within it, ``role="img"`` and
    ``label`` as its accessible name."""
    from markupsafe import escape

    svg = _METADATA.sub("", svg)  # matplotlib's RDF block: nothing a reader needs
    seen: dict[str, int] = {}

    def unique(match: re.Match[str]) -> str:
        # a chart may name several elements alike (matplotlib writes each artist's gid
        # as its id): the second and later get a number, so every id on the page is one
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        suffix = f"-{seen[name]}" if seen[name] > 1 else ""
        return f'id="{prefix}-{name}{suffix}"'

    svg = _ID.sub(unique, svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def render_html(
    document: Document,
    svgs: dict[str, str] | None = None,
    compact: dict[str, str] | None = None,
) -> str:
    """The page for ``document``; ``svgs`` maps chart kinds to SVG text, ``compact`` to
    the SVG of their drawings for phones (each drawn here from the document's charts
    when not given; a chart without a compact drawing shows its full one everywhere)."""
    from markupsafe import Markup

    from followup.charts import svg_text

    made: dict[str, Markup] = {}
    small: dict[str, Markup] = {}
    for block in document.blocks:
        if isinstance(block, Chart):
            svg = (svgs or {}).get(block.kind)
            if svg is None:
                svg = svg_text(block.draw(None))
            made[block.kind] = Markup(inline_svg(svg, f"c-{block.kind}", block.title))
            little = compact.get(block.kind) if compact is not None else compact_svg(block)
            if little is not None:
                prefix = f"c-{block.kind}-compact"
                small[block.kind] = Markup(inline_svg(little, prefix, block.title))
    blocks = tuple(
        _safe_links(block) if isinstance(block, Table) else block for block in document.blocks
    )
    toc = [
        (b.anchor, b.text) for b in blocks if isinstance(b, Heading) and b.anchor and b.level == 2
    ]
    from followup import __version__

    brand = document.branding if document.branding and document.branding.organisation else None
    style = _css() + (document.branding.style() if document.branding else "")
    template = _environment().get_template("scorecard.html.j2")
    return template.render(
        doc=evolve(document, blocks=blocks),
        css=Markup(style),
        brand=brand,
        logo=brand.logo_uri() if brand else None,
        svgs=made,
        compact=small,
        mark=lambda lang: lang_attributes(lang, document.direction),
        key_columns={message(f"scorecard.{k}", document.language) for k in _KEY_COLUMNS},
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
