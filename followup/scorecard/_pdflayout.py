"""The flow layout under the PDF renderer: page geometry, text measurement, line wrapping,
drawing operations and pagination.

Nothing here draws. Blocks are laid out into :class:`Piece` objects (an unbreakable strip
of the page, the full content width, with its drawing operations in points measured from
the strip's top-left corner); :func:`paginate` stacks the pieces top to bottom onto pages.
The renderer in :mod:`followup.scorecard.pdf` then draws each page's operations with
matplotlib. All lengths are PostScript points (1/72 inch), ``y`` grows downwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from attrs import evolve, frozen
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

if TYPE_CHECKING:
    from followup.scorecard.blocks import Chart

__all__ = [
    "CONTENT_W",
    "MARGIN",
    "PAGE_H",
    "PAGE_W",
    "ChartOp",
    "LineOp",
    "Op",
    "Piece",
    "Placed",
    "RectOp",
    "TextOp",
    "baseline_offset",
    "ellipsize",
    "font",
    "paginate",
    "text_width",
    "wrap_text",
]

MM = 72 / 25.4
PAGE_W = 210 * MM  # A4 portrait: 595.28 x 841.89 points
PAGE_H = 297 * MM
MARGIN = 18 * MM
CONTENT_W = PAGE_W - 2 * MARGIN

FAMILY = "DejaVu Sans"  # ships with matplotlib; covers Latin, Cyrillic and Greek

Align = Literal["left", "right", "center"]

# -- measuring text -------------------------------------------------------------------

_TEXT_TO_PATH = TextToPath()
# Break a line at spaces and tabs only: a no-break space (U+00A0, U+202F) keeps
# "10 %" and "30 сентября" together, as its writer meant.
_BREAKABLE = re.compile(r"[ \t\f\v]+")
_BREAK_AFTER = frozenset("/-_.?&=,;:")


@lru_cache(maxsize=64)
def font(size: float, bold: bool = False) -> FontProperties:
    """The font of every text in the PDF at ``size`` points."""
    return FontProperties(family=FAMILY, size=size, weight="bold" if bold else "normal")


@lru_cache(maxsize=100_000)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` in points, set in one line at ``size`` points.

    Measured with the font's metrics and kerning, as the PDF backend sets it, without
    rendering anything; never parsed as mathtext. Cached per (text, size, weight).
    """
    if not text:
        return 0.0
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, font(size, bold), ismath=False)
    return float(width)


def baseline_offset(size: float, line_height: float) -> float:
    """Where the baseline sits below the top of a line box, the glyphs centred in it.

    DejaVu Sans: capitals 0.73 em above the baseline, descenders 0.24 em below.
    """
    return (line_height - 0.97 * size) / 2 + 0.73 * size


def wrap_text(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points at ``size`` points.

    Greedy: as many words as fit on each line. A word wider than a whole line (a URL, a
    long identifier) is broken by characters, preferably after ``/``, ``-``, ``_`` or
    ``.``. Newlines in ``text`` are kept as line breaks. Always at least one line.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, width, size, bold))
    return lines


def _wrap_paragraph(text: str, width: float, size: float, bold: bool) -> list[str]:
    words = [word for word in _BREAKABLE.split(text) if word]
    if not words:
        return [""]
    space = text_width(" ", size, bold)
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in words:
        word_width = text_width(word, size, bold)
        if word_width > width:
            if current:
                lines.append(" ".join(current))
            *whole, last = _break_word(word, width, size, bold)
            lines.extend(whole)
            current, current_width = [last], text_width(last, size, bold)
        elif current and current_width + space + word_width > width:
            lines.append(" ".join(current))
            current, current_width = [word], word_width
        else:
            current_width += (space if current else 0.0) + word_width
            current.append(word)
    lines.append(" ".join(current))
    return _settle(lines, width, size, bold)


def _settle(lines: list[str], width: float, size: float, bold: bool) -> list[str]:
    """Make sure: a line measured as a whole (kerning across the spaces included) that
    comes out wider than the sum of its words moves its last word to the next line."""
    out: list[str] = []
    pending = list(lines)
    while pending:
        line = pending.pop(0)
        while " " in line and text_width(line, size, bold) > width:
            line, _, moved = line.rpartition(" ")
            if pending:
                pending[0] = f"{moved} {pending[0]}"
            else:
                pending.append(moved)
        out.append(line)
    return out


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """``word`` cut into pieces that each fit ``width`` (at least one character each).

    A word of letters is hyphenated, between two consonants or before a consonant and
    a vowel where it can (``imple-mented``, ``Com-pliance``, ``выпол-нено``); anything
    else (an address, a code) is cut after a ``/``, ``-``, ``_`` or ``.`` where it can.
    """
    pieces: list[str] = []
    rest = word
    letters = _is_word(word)
    while len(rest) > 1 and text_width(rest, size, bold) > width:
        if letters and (cut := _hyphenation(rest, width, size, bold)) is not None:
            pieces.append(rest[:cut] + "-")
            rest = rest[cut:]
            continue
        low, high = 1, len(rest) - 1  # the longest prefix that fits, at least 1 character
        while low < high:
            middle = (low + high + 1) // 2
            if text_width(rest[:middle], size, bold) <= width:
                low = middle
            else:
                high = middle - 1
        cut = low
        for index in range(low - 1, low // 2 - 1, -1):
            if rest[index] in _BREAK_AFTER:
                cut = index + 1
                break
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


_VOWELS = frozenset("aeiouyáàâäåæéèêëíìîïóòôöøœúùûüýаеёиоуыэюяіїєөүұә")
_NO_LINE_START = frozenset("ьъй")
_DIGRAPHS = frozenset({"ch", "ck", "gh", "ph", "qu", "sh", "th", "wh"})
_ONSET_FIRST = frozenset("bcdfgkptvбвгдкптф")  # with l or r, they start a syllable: com-pliance
_ONSET_SECOND = frozenset("lrлр")
_PUNCTUATION = ".,;:!?()[]{}«»\"'“”‘’…†*"


def _is_word(word: str) -> bool:
    core = word.strip(_PUNCTUATION)
    return len(core) >= 4 and core.isalpha()


def _hyphenation(word: str, width: float, size: float, bold: bool) -> int | None:
    """Where to hyphenate ``word`` so that its first part and a hyphen fit ``width``:
    the last syllable-like break that fits, else the last letter that fits (None when
    not even two letters and a hyphen fit)."""
    fits: int | None = None
    good: int | None = None
    for cut in range(2, len(word) - 2):  # two letters or more before, three after
        if text_width(word[:cut] + "-", size, bold) > width:
            break
        if not word[cut - 1].isalpha() or not word[cut].isalpha():
            continue
        fits = cut
        if _syllable_break(word, cut):
            good = cut
    return good if good is not None else fits


def _syllable_break(word: str, cut: int) -> bool:
    lower = word.lower()
    before, after = lower[cut - 1], lower[cut]
    if after in _NO_LINE_START or before + after in _DIGRAPHS:
        return False
    if before in _ONSET_FIRST and after in _ONSET_SECOND:
        return False
    if not any(c in _VOWELS for c in lower[:cut]) or not any(c in _VOWELS for c in lower[cut:]):
        return False
    if before not in _VOWELS and after not in _VOWELS:
        return True  # im-plemented, Com-pliance, выпол-нено
    following = lower[cut + 1] if cut + 1 < len(lower) else ""
    return before in _VOWELS and after not in _VOWELS and following in _VOWELS  # Оце-нено


def ellipsize(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut with an ellipsis if wider than ``width``."""
    text = " ".join(_BREAKABLE.split(" ".join(text.splitlines()))).strip()
    if text_width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


# -- drawing operations ---------------------------------------------------------------


@frozen
class TextOp:
    """One line of text; ``y`` is its baseline, ``x`` its left, right or centre."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    colour: str = "#000000"
    align: Align = "left"
    url: str | None = None

    @property
    def bottom(self) -> float:
        return self.y + 0.24 * self.size

    def moved(self, dy: float) -> TextOp:
        return evolve(self, y=self.y + dy)


@frozen
class RectOp:
    """A rectangle, filled with ``face`` and/or outlined with ``edge``."""

    x: float
    y: float
    width: float
    height: float
    face: str | None = None
    edge: str | None = None
    linewidth: float = 0.0

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def moved(self, dy: float) -> RectOp:
        return evolve(self, y=self.y + dy)


@frozen
class LineOp:
    """A straight line (the rules of tables, headings and the footer)."""

    x0: float
    y0: float
    x1: float
    y1: float
    colour: str
    linewidth: float

    @property
    def bottom(self) -> float:
        return max(self.y0, self.y1)

    def moved(self, dy: float) -> LineOp:
        return evolve(self, y0=self.y0 + dy, y1=self.y1 + dy)


@frozen
class ChartOp:
    """A chart drawn into a subfigure occupying this rectangle of the page."""

    x: float
    y: float
    width: float
    height: float
    chart: Chart

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def moved(self, dy: float) -> ChartOp:
        return evolve(self, y=self.y + dy)

    def scaled(self, scale: float) -> ChartOp:
        """This chart ``scale`` times its size, about the same vertical centre line."""
        width = self.width * scale
        x = self.x + (self.width - width) / 2
        return evolve(self, x=x, y=self.y * scale, width=width, height=self.height * scale)


Op = TextOp | RectOp | LineOp | ChartOp


# -- pieces and pages -----------------------------------------------------------------


@frozen
class Piece:
    """An unbreakable horizontal strip of content, ``height`` points tall.

    ``space_before`` is dropped at the top of a page. ``keep_with_next`` puts this piece
    on the same page as the next one (a heading and what follows it; a table's caption,
    header and first row). ``repeat`` is placed first on a new page when a page break
    falls just before this piece (a table's header row over its continued rows).
    ``min_height``, when set, lets a chart shrink to that height (keeping its aspect
    ratio) rather than leave the rest of a page empty.
    """

    height: float
    ops: tuple[Op, ...]
    space_before: float = 0.0
    keep_with_next: bool = False
    repeat: Piece | None = None
    min_height: float | None = None

    @property
    def give(self) -> float:
        """How much shorter this piece can be made."""
        return 0.0 if self.min_height is None else max(self.height - self.min_height, 0.0)

    def shrunk(self, height: float) -> Piece:
        """This piece made ``height`` tall, its charts scaled about their centres."""
        if height >= self.height or self.height <= 0:
            return self
        scale = height / self.height
        ops = tuple(op.scaled(scale) if isinstance(op, ChartOp) else op for op in self.ops)
        return evolve(self, height=height, ops=ops, min_height=None)

    def clipped(self, height: float) -> Piece:
        """This piece cut to ``height``: what reaches further down is left out."""
        height = max(height, 0.0)
        return evolve(self, height=height, ops=tuple(op for op in self.ops if op.bottom <= height))


@frozen
class Placed:
    """A piece placed on a page, its top ``y`` points below the page's top edge."""

    y: float
    piece: Piece


def _height(piece: Piece | None) -> float:
    return 0.0 if piece is None else piece.height


def paginate(
    pieces: Sequence[Piece], first_top: float, top: float, bottom: float
) -> list[list[Placed]]:
    """Stack ``pieces`` onto pages: the first page's content starts at ``first_top``, the
    others' at ``top``; no page's content goes below ``bottom``.

    A group of pieces kept together moves to a new page whole when it does not fit (but
    first, what can shrink shrinks, down to its ``min_height``); a group too tall for a
    whole page is broken where it must be, and a single piece too tall for a page is
    clipped, so that every step places something.
    """
    pages: list[list[Placed]] = [[]]
    y = first_top
    fresh = True  # nothing but a repeated header on this page yet
    epsilon = 1e-6
    index = 0
    while index < len(pieces):
        end = index
        while pieces[end].keep_with_next and end + 1 < len(pieces):
            end += 1
        group = pieces[index : end + 1]
        need = sum(p.space_before + p.height for p in group)
        if fresh:
            need -= group[0].space_before
        excess = y + need - bottom
        give = sum(p.give for p in group)
        if epsilon < excess <= give:  # charts shrink a little rather than move on
            group = [p.shrunk(p.height - p.give * excess / give) for p in group]
            need -= excess
        if y + need <= bottom + epsilon:
            for piece in group:
                y += 0.0 if fresh else piece.space_before
                pages[-1].append(Placed(y, piece))
                y += piece.height
                fresh = False
            index = end + 1
            continue
        if not fresh:
            pages.append([])
            y = top
            fresh = True
            repeat = pieces[index].repeat
            if repeat is not None:
                repeat = repeat.clipped(bottom - y) if y + repeat.height > bottom else repeat
                pages[-1].append(Placed(y, repeat))
                y += repeat.height
            continue
        # A fresh page, and the group is taller than it: place what fits, piece by piece.
        # A piece taller than any page is clipped, where it stands if at least half a
        # page is left.
        for piece in group:
            space = 0.0 if fresh else piece.space_before
            room, left = bottom - top - _height(piece.repeat), bottom - y - space
            if y + space + piece.height <= bottom + epsilon:
                clipped = piece
            elif fresh or (piece.height > room and left >= room / 2):
                clipped = piece.clipped(left)
            else:
                break
            pages[-1].append(Placed(y + space, clipped))
            y += space + clipped.height
            fresh = False
            index += 1
            if clipped is not piece:
                break
    return pages
