"""Wrapped text whose parts link to different addresses, for the PDF's table cells.

A cell citing two documents shows ``CCPR/C/KAZ/CO/3; CERD/C/KAZ/CO/8-10``, each symbol
a link to its own document. The text is wrapped as a whole (with
:func:`~followup.scorecard._pdflayout.wrap_text`, so it breaks exactly like plain text);
each line is then cut into :class:`Run` objects, one per stretch of characters with the
same address, placed where they fall in the line. The renderer sets each run as its own
text, so matplotlib gives each linked run a link annotation over its own words only.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from followup.scorecard._pdflayout import (
    Align,
    Op,
    TextOp,
    baseline_offset,
    text_width,
    wrap_text,
)
from followup.scorecard.blocks import SEPARATOR, Cell

__all__ = ["Run", "cell_runs", "run_ops", "wrap_runs"]


@frozen
class Run:
    """A stretch of one line: its ``text``, its left ``x`` in points from the line's left
    edge, and its ``url`` (``None``: not a link)."""

    x: float
    text: str
    url: str | None


def wrap_runs(
    parts: Sequence[tuple[str, str | None]], width: float, size: float, bold: bool = False
) -> list[list[Run]]:
    """The text of ``parts`` (pairs of a text and its URL, or ``None``), joined, broken
    into lines no wider than ``width`` points at ``size`` points, each line as its runs.

    A line whose characters all share one URL is one run at ``x`` 0, its text the line.
    A space between two parts with different URLs belongs to neither link; a hyphen
    added where a word was broken belongs to the word.
    """
    text = "".join(part for part, _ in parts)
    owners = [url for part, url in parts for _ in part]
    lines: list[list[Run]] = []
    index = 0
    for line in wrap_text(text, width, size, bold):
        urls: list[str | None] = []
        for char in line:
            while index < len(text) and text[index] != char and text[index].isspace():
                index += 1  # a line break or a run of spaces made one
            if index < len(text) and text[index] == char:
                urls.append(owners[index])
                index += 1
            else:  # a hyphen or space the wrapping added: the previous character's owner
                urls.append(owners[index - 1] if index > 0 else (owners[0] if owners else None))
        lines.append(_runs(line, _unlink_gaps(line, urls), size, bold))
    return lines


def _unlink_gaps(line: str, urls: list[str | None]) -> list[str | None]:
    """``urls`` with the spaces between (or around) two different links made ``None``."""
    out = list(urls)
    for k, char in enumerate(line):
        if not char.isspace():
            continue
        before = next((urls[j] for j in range(k - 1, -1, -1) if not line[j].isspace()), None)
        after = next((urls[j] for j in range(k + 1, len(line)) if not line[j].isspace()), None)
        if before != after:
            out[k] = None
    return out


def _runs(line: str, urls: Sequence[str | None], size: float, bold: bool) -> list[Run]:
    runs: list[Run] = []
    start = 0
    for end in range(1, len(line) + 1):
        if end == len(line) or urls[end] != urls[start]:
            x = text_width(line[:start], size, bold)  # kerning and spaces before it included
            runs.append(Run(x, line[start:end], urls[start]))
            start = end
    return runs


def cell_runs(cell: Cell, width: float, size: float, bold: bool = False) -> list[list[Run]]:
    """``cell``'s parts (see :meth:`Cell.parts`), separated as every renderer separates
    them, wrapped into lines of runs ``width`` points wide at most."""
    parts: list[tuple[str, str | None]] = []
    for part in cell.parts():
        if parts:
            parts.append((SEPARATOR, None))
        parts.append((part.text, part.url))
    return wrap_runs(parts, width, size, bold)


def run_ops(
    lines: Sequence[Sequence[Run]],
    x: float,
    top: float,
    size: float,
    line_height: float,
    *,
    bold: bool,
    colour: str,
    link_colour: str,
    align: Align,
) -> list[Op]:
    """One text operation per run (``link_colour`` when it links), the first line's box at
    ``top``; ``x`` is the lines' left, right or centre, as ``align`` says."""
    base = top + baseline_offset(size, line_height)
    ops: list[Op] = []
    for k, runs in enumerate(lines):
        y = base + k * line_height
        if len(runs) == 1:  # the line as one text, aligned as the cell is
            run = runs[0]
            ink = link_colour if run.url else colour
            ops.append(TextOp(x, y, run.text, size, bold, ink, align, run.url))
            continue
        width = text_width("".join(run.text for run in runs), size, bold)
        left = {"left": x, "right": x - width, "center": x - width / 2}[align]
        for run in runs:
            ink = link_colour if run.url else colour
            ops.append(TextOp(left + run.x, y, run.text, size, bold, ink, "left", run.url))
    return ops
