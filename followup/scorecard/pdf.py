"""A scorecard :class:`~followup.scorecard.blocks.Document` as an A4 PDF.

The pages are matplotlib figures written by its PDF backend (never ``pyplot``): text is
set in DejaVu Sans (Cyrillic included) and embedded as TrueType, so it can be searched
and copied; charts are drawn by the charts themselves into a subfigure of the page and
stay vector graphics. Every string is set as plain text, mathtext never parsed: a ``$``
or an ``_`` prints as itself.

Rendering is in two passes: the blocks are laid out into page plans first (see
:mod:`followup.scorecard._pdflayout`), so that each page's footer can say "Page 2 of 5",
then each page is drawn. The same document always gives the same bytes.

>>> data = render_pdf(document)            # doctest: +SKIP
>>> write_pdf(document, "scorecard.pdf")   # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import matplotlib
from attrs import evolve, frozen
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Transform

from followup.i18n import message
from followup.registry.safefile import write_atomic
from followup.scorecard._pdflayout import (
    CONTENT_W,
    MARGIN,
    PAGE_H,
    PAGE_W,
    Align,
    ChartOp,
    LineOp,
    Op,
    Piece,
    Placed,
    RectOp,
    TextOp,
    baseline_offset,
    ellipsize,
    font,
    paginate,
    text_width,
    wrap_text,
)
from followup.scorecard._pdfruns import cell_runs, run_ops
from followup.scorecard.blocks import (
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

__all__ = ["render_pdf", "write_pdf"]

# -- the look -------------------------------------------------------------------------

INK = "#1d2329"  # body text
NAVY = "#1f3a5f"  # title, headings, headline values
GREY = "#5b636b"  # subtitle, captions' second lines, footer
LIGHT_GREY = "#7a828a"
LINK = "#1a56a0"
RULE = "#c9d0d7"
HEADER_FILL = "#e4eaf1"
HEADLINE_FILL = "#f1f4f8"

#: Paragraph styles: (size, line height, colour, space before).
PARAGRAPH_STYLES: dict[str, tuple[float, float, str, float]] = {
    "body": (9.5, 13.4, INK, 7.0),
    "lead": (11.5, 16.0, "#2b333b", 4.0),
    "note": (8.0, 11.0, GREY, 6.0),
}
#: Heading levels: (size, line height, space before, space after).
HEADING_STYLES: dict[int, tuple[float, float, float, float]] = {
    1: (17.0, 21.0, 22.0, 8.0),
    2: (14.0, 18.0, 20.0, 8.0),
    3: (11.0, 14.5, 13.0, 4.0),
}

TITLE_SIZE, TITLE_LH = 21.0, 26.0
SUBTITLE_SIZE, SUBTITLE_LH = 11.0, 15.0

TABLE_SIZE, TABLE_LH = 8.3, 10.8
DETAIL_SIZE, DETAIL_LH = 7.0, 9.2
HEADER_CELL_SIZES = (7.8, 7.3)
CAPTION_SIZE, CAPTION_LH = 9.0, 12.0
CELL_PAD_X, CELL_PAD_Y = 4.0, 3.6
SWATCH, SWATCH_GAP = 6.8, 4.0

FOOTER_SIZE, FOOTER_LH = 7.0, 9.0
FOOTER_GAP = 12.0  # between the content and the footer's rule
HEADER_SIZE = 7.0
RUNNING_HEADER_H = 20.0  # the running header over pages 2, 3, ... (title and a rule)

BLOCK_SPACE = 11.0  # before tables, charts and the headline
CHART_MAX_SHARE = 0.6  # of the content height
CHART_MIN_SCALE = 0.75  # a chart shrinks to 75% to fit a page rather than move on

CREATOR = "followup"
PRODUCER = "followup scorecard (matplotlib PDF backend)"


@frozen
class _Frame:
    """The page's content area: first page's top, other pages' top, and the bottom."""

    first_top: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


# -- public ---------------------------------------------------------------------------


def render_pdf(document: Document) -> bytes:
    """``document`` as the bytes of an A4 PDF file (the same bytes for the same document)."""
    # TrueType fonts (type 42): crisp in every viewer, and the text can be copied.
    # Plain text everywhere, in the charts too: no TeX, no mathtext.
    # No hinting: text measures the same whatever was drawn before in this process
    # (hinted metrics depend on the font objects' cached state), so bytes never vary.
    with matplotlib.rc_context(
        {
            "pdf.fonttype": 42,
            "text.usetex": False,
            "text.parse_math": False,
            "text.hinting": "no_hinting",
        }
    ):
        footer_lines = _footer_lines(document)
        footer_height = max(len(footer_lines), 1) * FOOTER_LH + 4.0
        frame = _Frame(
            first_top=MARGIN,
            top=MARGIN + RUNNING_HEADER_H,
            bottom=PAGE_H - MARGIN - footer_height - FOOTER_GAP,
        )
        pieces = list(_title_pieces(document))
        previous: Block | None = None
        for block in document.blocks:
            own = _block_pieces(block, previous, frame)
            if isinstance(previous, Heading) and isinstance(block, Paragraph) and len(own) <= 3:
                # A heading's short introduction stays with what it introduces.
                own[-1] = evolve(own[-1], keep_with_next=True)
            pieces.extend(own)
            previous = block
        plans = paginate(pieces, frame.first_top, frame.top, frame.bottom)
        buffer = io.BytesIO()
        metadata = {
            "Title": document.title,
            "Creator": CREATOR,
            "Producer": PRODUCER,
            "CreationDate": None,
            "ModDate": None,
        }
        with PdfPages(buffer, metadata=metadata) as pdf:
            for number, plan in enumerate(plans, start=1):
                pdf.savefig(_draw_page(document, plan, number, len(plans), footer_lines))
    return buffer.getvalue()


def write_pdf(document: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``document`` as a PDF to ``path`` and return the path.

    The document is rendered in full first, then written to a temporary file in the same
    directory and renamed over ``path``: if anything fails, no file is left behind and an
    older file at ``path`` is kept whole.
    """
    target = Path(path)
    data = render_pdf(document)
    write_atomic(target, data)
    return target


# -- layout: blocks into pieces -------------------------------------------------------


def _text_ops(
    lines: Sequence[str],
    x: float,
    top: float,
    size: float,
    line_height: float,
    *,
    bold: bool = False,
    colour: str = INK,
    align: Align = "left",
    url: str | None = None,
) -> list[Op]:
    """One text operation per non-empty line, the first line's box at ``top``."""
    base = top + baseline_offset(size, line_height)
    return [
        TextOp(x, base + k * line_height, line, size, bold, colour, align, url)
        for k, line in enumerate(lines)
        if line
    ]


def _title_pieces(document: Document) -> Iterator[Piece]:
    ops: list[Op] = []
    lines = wrap_text(document.title, CONTENT_W, TITLE_SIZE, bold=True)
    ops += _text_ops(lines, MARGIN, 0.0, TITLE_SIZE, TITLE_LH, bold=True, colour=NAVY)
    y = len(lines) * TITLE_LH
    if document.subtitle.strip():
        y += 3.0
        lines = wrap_text(document.subtitle, CONTENT_W, SUBTITLE_SIZE)
        ops += _text_ops(lines, MARGIN, y, SUBTITLE_SIZE, SUBTITLE_LH, colour=GREY)
        y += len(lines) * SUBTITLE_LH
    y += 9.0
    ops.append(LineOp(MARGIN, y, MARGIN + CONTENT_W, y, NAVY, 1.3))
    yield Piece(y + 8.0, tuple(ops))


def _block_pieces(block: Block, previous: Block | None, frame: _Frame) -> list[Piece]:
    match block:
        case Heading():
            pieces = _heading(block)
        case Paragraph():
            pieces = _paragraph(block)
        case Headline():
            pieces = _headline(block)
        case Table():
            # a caption that only repeats the heading just above it is left out
            same = isinstance(previous, Heading) and previous.text == block.caption
            pieces = _table(block, caption=not same)
        case Chart():
            pieces = _chart(block, frame)
        case ItemList():
            pieces = _item_list(block)
    if pieces and isinstance(previous, Heading):  # the heading's own space follows it
        pieces[0] = evolve(pieces[0], space_before=0.0)
    return pieces


def _heading(block: Heading) -> list[Piece]:
    level = min(max(block.level, 1), 3)
    size, line_height, before, after = HEADING_STYLES[level]
    lines = wrap_text(block.text, CONTENT_W, size, bold=True)
    colour = NAVY if level < 3 else "#2c4a70"
    ops = _text_ops(lines, MARGIN, 0.0, size, line_height, bold=True, colour=colour)
    height = len(lines) * line_height
    if level < 3:
        height += 2.5
        ops.append(LineOp(MARGIN, height, MARGIN + CONTENT_W, height, RULE, 0.7))
    return [Piece(height + after, tuple(ops), space_before=before, keep_with_next=True)]


def _paragraph(block: Paragraph) -> list[Piece]:
    size, line_height, colour, before = PARAGRAPH_STYLES.get(block.style, PARAGRAPH_STYLES["body"])
    lines = wrap_text(block.text, CONTENT_W, size)
    return _lines_pieces(lines, MARGIN, size, line_height, colour, before)


def _lines_pieces(
    lines: Sequence[str],
    x: float,
    size: float,
    line_height: float,
    colour: str,
    space_before: float,
    first: Sequence[Op] = (),
) -> list[Piece]:
    """One piece per line, so that long text can break across pages, but never leaving
    a line alone: the first two lines stay together, and so do the last two. ``first``
    are more operations for the first line (a bullet)."""
    count = len(lines)
    pieces: list[Piece] = []
    for k, line in enumerate(lines):
        keep = k < count - 1 and (count <= 3 or k in (0, count - 2))
        ops = _text_ops([line], x, 0.0, size, line_height, colour=colour)
        if k == 0:
            ops = [*first, *ops]
        space = space_before if k == 0 else 0.0
        pieces.append(Piece(line_height, tuple(ops), space_before=space, keep_with_next=keep))
    return pieces


def _headline(block: Headline) -> list[Piece]:
    stats = block.stats
    if not stats:
        return []
    rows = math.ceil(len(stats) / 4)
    per_row = math.ceil(len(stats) / rows)
    gap, pad, accent = 8.0, 8.0, 3.0
    box_width = (CONTENT_W - gap * (per_row - 1)) / per_row
    inner = box_width - 2 * pad - accent
    label_size, label_lh = 7.8, 10.0
    value_size, value_lh = 19.0, 23.0
    detail_size, detail_lh = 7.3, 9.4
    pieces: list[Piece] = []
    for start in range(0, len(stats), per_row):
        row = stats[start : start + per_row]
        labels = [wrap_text(s.label, inner, label_size) if s.label else [] for s in row]
        values = [wrap_text(s.value, inner, value_size, bold=True) for s in row]
        details = [wrap_text(s.detail, inner, detail_size) if s.detail else [] for s in row]
        label_h = max(len(lines) for lines in labels) * label_lh
        value_h = max(len(lines) for lines in values) * value_lh
        detail_h = max(len(lines) for lines in details) * detail_lh
        height = pad + label_h + (2.0 if label_h else 0.0) + value_h + detail_h + pad
        ops: list[Op] = []
        for k in range(len(row)):
            x = MARGIN + k * (box_width + gap)
            ops.append(RectOp(x, 0.0, box_width, height, face=HEADLINE_FILL))
            ops.append(RectOp(x, 0.0, accent, height, face=NAVY))
            tx = x + accent + pad
            y = pad
            ops += _text_ops(labels[k], tx, y, label_size, label_lh, colour=GREY)
            y += label_h + (2.0 if label_h else 0.0)
            ops += _text_ops(values[k], tx, y, value_size, value_lh, bold=True, colour=NAVY)
            y += value_h
            ops += _text_ops(details[k], tx, y, detail_size, detail_lh, colour=GREY)
        space = BLOCK_SPACE if start == 0 else gap
        pieces.append(Piece(height, tuple(ops), space_before=space))
    return pieces


def _table(block: Table, caption: bool = True) -> list[Piece]:
    header_size, widths = _column_widths(block)
    lefts = [MARGIN + sum(widths[:k]) for k in range(len(widths))]
    pieces: list[Piece] = []
    if caption and block.caption.strip():
        lines = wrap_text(block.caption, CONTENT_W, CAPTION_SIZE, bold=True)
        ops = _text_ops(lines, MARGIN, 0.0, CAPTION_SIZE, CAPTION_LH, bold=True, colour=INK)
        pieces.append(
            Piece(
                len(lines) * CAPTION_LH + 4.0,
                tuple(ops),
                space_before=BLOCK_SPACE,
                keep_with_next=True,
            )
        )
    header = _table_row(
        [Cell(text) for text in block.header],
        lefts,
        widths,
        block.numeric,
        header=True,
        size=header_size,
    )
    pieces.append(
        evolve(header, space_before=0.0 if pieces else BLOCK_SPACE, keep_with_next=bool(block.rows))
    )
    for k, cells in enumerate(block.rows):
        last = k == len(block.rows) - 1
        row = _table_row(cells, lefts, widths, block.numeric, header=False, last=last)
        # Neither the first row nor the last goes alone onto a page.
        keep = len(block.rows) >= 3 and k in (0, len(block.rows) - 2)
        pieces.append(evolve(row, repeat=header, keep_with_next=keep))
    return pieces


def _column_widths(block: Table) -> tuple[float, list[float]]:
    """The header's font size and the columns' widths in points.

    The widths follow ``block.widths``, except that a column too narrow for its longest
    word (a header's "implemented", a count) takes what it needs from the columns with
    room to spare, each of them keeping at least 80% of its share. The header's size
    steps down (to 7.3 points) while that is not enough; what still does not fit is
    hyphenated.
    """
    columns = len(block.header)
    weights = [max(w, 0.0) for w in block.widths]
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * columns, float(columns)
    shares = [w / total * CONTENT_W for w in weights]
    body = [0.0] * columns
    for row in block.rows:
        for k, cell in enumerate(row):
            longest = max(
                [text_width(word, TABLE_SIZE) for word in cell.shown.split()]
                + [text_width(word, DETAIL_SIZE) for word in (cell.detail or "").split()]
                + [0.0]
            )
            longest = min(longest, CONTENT_W * 0.22)  # addresses break anyway
            swatch = SWATCH + SWATCH_GAP if cell.colour is not None else 0.0
            body[k] = max(body[k], longest + swatch)
    widths = shares
    for header_size in HEADER_CELL_SIZES:
        needs = [
            max(body[k], *(text_width(w, header_size, True) for w in text.split()), 0.0)
            + 2 * CELL_PAD_X
            + 0.5
            for k, text in enumerate(block.header)
        ]
        widths, enough = _share_out(shares, needs)
        if enough:
            return header_size, widths
    return HEADER_CELL_SIZES[-1], widths


def _share_out(shares: Sequence[float], needs: Sequence[float]) -> tuple[list[float], bool]:
    """Widen the columns whose share is under their need, narrowing the others (not
    under their need nor under 80% of their share); True when every need is met."""
    short = {k: needs[k] - share for k, share in enumerate(shares) if needs[k] > share}
    if not short:
        return list(shares), True
    spare = {
        k: share - max(needs[k], 0.8 * share)
        for k, share in enumerate(shares)
        if k not in short and share > max(needs[k], 0.8 * share)
    }
    wanted, available = sum(short.values()), sum(spare.values())
    given = min(wanted, available)
    widths = list(shares)
    for k, missing in short.items():
        widths[k] += missing * given / wanted
    for k, room in spare.items():
        widths[k] -= room * given / available
    return widths, available >= wanted


def _table_row(
    cells: Sequence[Cell],
    lefts: Sequence[float],
    widths: Sequence[float],
    numeric: Sequence[bool],
    *,
    header: bool,
    last: bool = False,
    size: float = TABLE_SIZE,
) -> Piece:
    ops: list[Op] = []
    height = 0.0
    for cell, left, width, is_numeric in zip(cells, lefts, widths, numeric, strict=True):
        cell_ops, cell_height = _cell(cell, left, width, is_numeric, header=header, size=size)
        ops += cell_ops
        height = max(height, cell_height)
    right = MARGIN + CONTENT_W
    if header:
        ops.insert(0, RectOp(MARGIN, 0.0, CONTENT_W, height, face=HEADER_FILL))
        ops.append(LineOp(MARGIN, 0.0, right, 0.0, NAVY, 0.9))
        ops.append(LineOp(MARGIN, height, right, height, NAVY, 0.9))
    elif last:
        ops.append(LineOp(MARGIN, height, right, height, NAVY, 0.9))
    else:
        ops.append(LineOp(MARGIN, height, right, height, RULE, 0.5))
    return Piece(height, tuple(ops))


def _cell(
    cell: Cell, left: float, width: float, numeric: bool, *, header: bool, size: float
) -> tuple[list[Op], float]:
    """A table cell's operations (its top at 0) and its height, padding included."""
    line_height = size * TABLE_LH / TABLE_SIZE
    inner = max(width - 2 * CELL_PAD_X, 1.0)
    swatch = cell.colour is not None and is_color_like(cell.colour)
    text_room = max(inner - (SWATCH + SWATCH_GAP if swatch else 0.0), 1.0)
    runs = cell_runs(cell, text_room, size, bold=header)  # each link its own URL
    lines = ["".join(run.text for run in line) for line in runs]
    details = wrap_text(cell.detail, text_room, DETAIL_SIZE) if cell.detail else []
    top = CELL_PAD_Y
    detail_top = top + len(lines) * line_height + (0.5 if details else 0.0)
    align: Align = "right" if numeric else "left"
    if numeric:
        x = left + width - CELL_PAD_X
        widest = max(
            [text_width(line, size, header) for line in lines]
            + [text_width(line, DETAIL_SIZE) for line in details]
        )
        swatch_x = x - widest - SWATCH_GAP - SWATCH
    else:
        swatch_x = left + CELL_PAD_X
        x = swatch_x + (SWATCH + SWATCH_GAP if swatch else 0.0)
    ops: list[Op] = []
    if swatch:
        assert cell.colour is not None
        middle = top + baseline_offset(size, line_height) - 0.36 * size
        ops.append(
            RectOp(
                swatch_x,
                middle - SWATCH / 2,
                SWATCH,
                SWATCH,
                face=cell.colour,
                edge="#000000",
                linewidth=0.5,
            )
        )
    colour = NAVY if header else INK
    ink = NAVY if header else LINK
    ops += run_ops(
        runs, x, top, size, line_height, bold=header, colour=colour, link_colour=ink, align=align
    )
    ops += _text_ops(details, x, detail_top, DETAIL_SIZE, DETAIL_LH, colour=LIGHT_GREY, align=align)
    height = detail_top + len(details) * DETAIL_LH + CELL_PAD_Y
    return ops, height


def _chart(block: Chart, frame: _Frame) -> list[Piece]:
    natural = block.draw(None)
    width_in, height_in = (float(v) for v in natural.get_size_inches())
    del natural
    aspect = height_in / width_in if width_in > 0 and height_in > 0 else 0.5
    width = CONTENT_W
    height = width * aspect
    tallest = CHART_MAX_SHARE * frame.height
    if height > tallest:
        height = tallest
        width = height / aspect
    x = MARGIN + (CONTENT_W - width) / 2
    op = ChartOp(x, 0.0, width, height, block)
    shortest = CHART_MIN_SCALE * height
    return [Piece(height, (op,), space_before=BLOCK_SPACE, min_height=shortest)]


def _item_list(block: ItemList) -> list[Piece]:
    size, line_height, indent = 9.5, 13.4, 13.0
    pieces: list[Piece] = []
    for k, item in enumerate(block.items):
        lines = wrap_text(item, CONTENT_W - indent, size)
        bullet = _text_ops(["\u2022"], MARGIN + 2.5, 0.0, size, line_height, colour=NAVY)
        space = 6.0 if k == 0 else 2.5
        pieces += _lines_pieces(lines, MARGIN + indent, size, line_height, INK, space, bullet)
    return pieces


# -- the page furniture: running header and footer ------------------------------------


def _page_label(document: Document, number: int, pages: int) -> str:
    return message("scorecard.page", document.language, page=number, pages=pages)


def _footer_lines(document: Document) -> list[str]:
    """The footer text wrapped beside the widest page label a document could need."""
    label = text_width(_page_label(document, 888, 888), FOOTER_SIZE)
    if not document.footer.strip():
        return []
    return wrap_text(document.footer, CONTENT_W - label - 18.0, FOOTER_SIZE)


def _furniture(
    document: Document, number: int, pages: int, footer_lines: Sequence[str]
) -> list[Op]:
    ops: list[Op] = []
    right = MARGIN + CONTENT_W
    rule = PAGE_H - MARGIN - max(len(footer_lines), 1) * FOOTER_LH - 4.0
    ops.append(LineOp(MARGIN, rule, right, rule, RULE, 0.6))
    top = rule + 4.0
    ops += _text_ops(footer_lines, MARGIN, top, FOOTER_SIZE, FOOTER_LH, colour=GREY)
    label = _page_label(document, number, pages)
    ops += _text_ops([label], right, top, FOOTER_SIZE, FOOTER_LH, colour=GREY, align="right")
    if number > 1:
        title = ellipsize(document.title, CONTENT_W * 0.85, HEADER_SIZE)
        ops += _text_ops([title], MARGIN, MARGIN, HEADER_SIZE, 9.0, colour=GREY)
        ops.append(LineOp(MARGIN, MARGIN + 11.0, right, MARGIN + 11.0, RULE, 0.6))
    return ops


# -- drawing --------------------------------------------------------------------------


def _draw_page(
    document: Document,
    plan: Sequence[Placed],
    number: int,
    pages: int,
    footer_lines: Sequence[str],
) -> Figure:
    page = Figure(figsize=(PAGE_W / 72, PAGE_H / 72), facecolor="white", layout="constrained")
    # Points from the page's top-left corner, y downwards, to the figure's display space.
    to_page = Affine2D().scale(1 / 72, -1 / 72).translate(0, PAGE_H / 72) + page.dpi_scale_trans
    for placed in plan:
        for op in placed.piece.ops:
            _draw(page, to_page, op.moved(placed.y))
    for op in _furniture(document, number, pages, footer_lines):
        _draw(page, to_page, op)
    _settle(page)
    return page


def _settle(page: Figure) -> None:
    """Lay the page out once, round the axes' places and keep them.

    Constrained layout's result can differ in the tenth decimal with what the process
    measured before (cached font state); rounded to a millionth of the page, the axes
    land on the same places, so the same document always gives the same bytes.
    """
    page.draw_without_rendering()
    for axes in page.get_axes():
        x, y, width, height = axes.get_position(original=False).bounds
        axes.set_position((round(x, 6), round(y, 6), round(width, 6), round(height, 6)))
    page.set_layout_engine("none")


def _draw(page: Figure, transform: Transform, op: Op) -> None:
    match op:
        case TextOp():
            text = Text(
                op.x,
                op.y,
                op.text,
                color=op.colour,
                fontproperties=font(op.size, op.bold),
                horizontalalignment=op.align,
                verticalalignment="baseline",
                parse_math=False,
                usetex=False,
            )
            text.set_transform(transform)
            if op.url is not None:
                text.set_url(op.url)
            page.add_artist(text)
        case RectOp():
            rectangle = Rectangle(
                (op.x, op.y),
                op.width,
                op.height,
                facecolor=op.face if op.face is not None else "none",
                edgecolor=op.edge if op.edge is not None else "none",
                linewidth=op.linewidth,
                transform=transform,
            )
            page.add_artist(rectangle)
        case LineOp():
            line = Line2D(
                [op.x0, op.x1],
                [op.y0, op.y1],
                color=op.colour,
                linewidth=op.linewidth,
                solid_capstyle="butt",
            )
            line.set_transform(transform)
            page.add_artist(line)
        case ChartOp():
            grid = GridSpec(
                3,
                3,
                figure=page,
                left=0.0,
                right=1.0,
                bottom=0.0,
                top=1.0,
                wspace=0.0,
                hspace=0.0,
                width_ratios=[max(op.x, 1e-3), op.width, max(PAGE_W - op.x - op.width, 1e-3)],
                height_ratios=[
                    max(op.y, 1e-3),
                    op.height,
                    max(PAGE_H - op.y - op.height, 1e-3),
                ],
            )
            op.chart.draw(page.add_subfigure(grid[1, 1]))
