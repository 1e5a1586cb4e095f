"""The scorecard as a document: a flat sequence of blocks every renderer walks.

A :class:`Document` is what a scorecard says, already in its language and with its
numbers formatted: headings, paragraphs, the headline figures, tables, charts and lists.
The HTML, Markdown and PDF renderers only decide how each block looks, so the three
formats always carry the same content. Every string here is plain text: renderers escape
it for their format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from matplotlib.figure import Figure, FigureBase

    from followup.scorecard.branding import Branding

__all__ = [
    "SEPARATOR",
    "Block",
    "Cell",
    "Chart",
    "Document",
    "Heading",
    "Headline",
    "ItemList",
    "Link",
    "Paragraph",
    "Stat",
    "Table",
    "linkable",
    "runs",
]

_WEB = re.compile(r"^https?://", re.IGNORECASE)


def linkable(url: str | None) -> bool:
    """True for a URL a renderer may turn into a link (http or https only)."""
    return url is not None and bool(_WEB.match(url))


@frozen
class Heading:
    """A section heading; ``level`` 2 for sections, 3 for subsections (1 is the title)."""

    text: str
    level: int = 2
    anchor: str | None = None  # an id for links within the page (``by-theme``)


@frozen
class Paragraph:
    """Running text; ``style`` is ``body``, ``lead`` (under the title) or ``note`` (small).

    ``lang`` is the language of ``text`` when it is not the document's (a note the
    registry holds only in English, shown in a Russian scorecard): renderers mark it
    (``lang`` in HTML, the structure tag's language in the PDF) so that a screen reader
    pronounces it right. ``None`` means the document's language.
    """

    text: str
    style: str = "body"
    lang: str | None = None
    #: parts of ``text`` in another language, each ``(part, language)``: a judge's
    #: English name inside a Russian sentence; renderers mark each part as it occurs
    spans: tuple[tuple[str, str], ...] = ()

    def runs(self) -> tuple[tuple[str, str | None], ...]:
        """The text cut into runs, each with its language when not the document's:
        ``spans`` marked where they occur, the rest in ``lang`` (see :func:`runs`)."""
        return runs(self.text, self.lang, self.spans)


def runs(
    text: str, lang: str | None, spans: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str | None], ...]:
    """``text`` cut into ``(run, language)`` pieces: every occurrence of a span's part
    gets the span's language, the rest ``lang``. The pieces joined give ``text`` back.

    >>> runs("Judged by: Comité, followup project.", "fr", (("followup project", "en"),))
    (('Judged by: Comité, ', 'fr'), ('followup project', 'en'), ('.', 'fr'))
    """
    out: list[tuple[str, str | None]] = []
    rest = text
    parts = sorted({part for part, _ in spans if part}, key=len, reverse=True)
    language = dict(spans)
    while rest:
        found = min(
            ((rest.find(part), -len(part), part) for part in parts if part in rest),
            default=None,
        )
        if found is None:
            out.append((rest, lang))
            break
        start, _, part = found
        if start:
            out.append((rest[:start], lang))
        out.append((part, language[part]))
        rest = rest[start + len(part) :]
    return tuple(out)


@frozen
class Stat:
    """One headline figure: ``value`` large, ``label`` above it, ``detail`` below it.

    ``key`` names the figure for machines (``score``, ``coverage``, ``rate``,
    ``change``); the HTML carries it as ``data-figure`` so tests and other tools can
    read the figures back from the page.
    """

    key: str
    label: str
    value: str
    detail: str = ""


@frozen
class Headline:
    """The figures at the top of a scorecard, read at a glance."""

    stats: tuple[Stat, ...]


#: What renderers put between the parts of a cell: its text and each of its links.
SEPARATOR = "; "


@frozen
class Link:
    """One linked text in a table cell: a citation and its address.

    ``url`` is ``None`` for a citation without an address; renderers link ``text`` only
    when :func:`linkable` accepts ``url``, and show it as plain text otherwise.
    """

    text: str
    url: str | None = None


@frozen
class Cell:
    """A table cell: text, optionally linked, a level colour swatch and a second line.

    ``url`` links the whole ``text`` (a cell that is one link). ``links`` are citations,
    each linked to its own address: the cell shows its ``text`` (when not empty), then
    every link, separated by :data:`SEPARATOR` (see :meth:`parts`).
    """

    text: str = ""
    url: str | None = None
    colour: str | None = None  # a level's colour, shown as a small swatch before the text
    detail: str | None = None  # a smaller second line (a paragraph number, a date)
    links: tuple[Link, ...] = ()
    lang: str | None = None  # the language of ``text`` when not the document's (see Paragraph)

    def parts(self) -> tuple[Link, ...]:
        """What the cell shows, in order, to be separated by :data:`SEPARATOR`: its text
        (linked to ``url``; left out when empty and there are links) and its links.

        Every URL here is :func:`linkable` or ``None``, so a renderer links exactly the
        parts with a URL. A link without text shows its URL; one with neither is left out.
        """
        parts = [Link(self.text, self.url)] if self.text or not self.links else []
        parts += [Link(k.text or k.url or "", k.url) for k in self.links if k.text or k.url]
        return tuple(Link(p.text, p.url if linkable(p.url) else None) for p in parts)

    @property
    def shown(self) -> str:
        """The cell's text as shown, every part as plain text (for measuring it)."""
        return SEPARATOR.join(part.text for part in self.parts())


@frozen
class Table:
    """A table with one header row; ``numeric`` columns are right-aligned.

    ``widths`` are the columns' relative widths (they need not add up to 1).
    """

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...]

    def __attrs_post_init__(self) -> None:
        n = len(self.header)
        if len(self.numeric) != n or len(self.widths) != n:
            raise ValueError("numeric and widths must have one entry per column")
        for row in self.rows:
            if len(row) != n:
                raise ValueError(f"a row has {len(row)} cells, the header {n}")


@frozen
class Chart:
    """A chart: its kind (``status``, ``trend``, ``heatmap``, ``transitions``,
    ``timeline``), title, alternative text, and how to draw it.

    ``draw(None)`` returns a new Figure at the chart's natural size; ``draw(target)``
    draws into ``target`` (a SubFigure of a PDF page) and returns its parent Figure.
    ``draw_compact()`` returns the phone version, a new Figure about 3.9 inches wide
    meant to be shown at its natural size (no text under 8.5 points: 11 CSS pixels);
    None when the chart has none. The HTML page carries both and shows one by screen
    width; the PDF uses ``draw``.
    """

    kind: str
    title: str
    alt: str
    draw: Callable[[FigureBase | None], Figure] = field(eq=False, repr=False)
    draw_compact: Callable[[], Figure] | None = field(default=None, eq=False, repr=False)


@frozen
class ItemList:
    """A bulleted list (the facts not yet verified, for instance).

    ``langs`` gives each item's language when it is not the document's (``None`` for
    the document's language); empty when every item is in the document's language.
    """

    items: tuple[str, ...]
    langs: tuple[str | None, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.langs and len(self.langs) != len(self.items):
            raise ValueError("langs must be empty or have one entry per item")

    def lang_of(self, index: int) -> str | None:
        """The language of item ``index`` when not the document's, else ``None``."""
        return self.langs[index] if self.langs else None


Block = Heading | Paragraph | Headline | Table | Chart | ItemList


@frozen
class Document:
    """A whole scorecard: title, subtitle, the blocks in order, and the footer line."""

    language: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    footer: str
    #: parts of ``title`` in another language (the registry's English title inside the
    #: Arabic "Scorecard: {registry}"), each ``(part, language)``; see :func:`runs`
    title_spans: tuple[tuple[str, str], ...] = ()
    #: who publishes the scorecard (name, site, logo, colour, CSS), when given
    branding: Branding | None = None

    def title_runs(self) -> tuple[tuple[str, str | None], ...]:
        """The title cut into runs, each with its language when not the document's."""
        return runs(self.title, None, self.title_spans)

    @property
    def direction(self) -> str:
        """``"rtl"`` for a language written right to left (Arabic), else ``"ltr"``."""
        from followup.i18n import text_direction

        return text_direction(self.language)
