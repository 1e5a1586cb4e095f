"""Breaking a chart's label into lines: by words, between Chinese characters, and
inside a word too long for any line; at most :data:`MAX_LABEL_LINES` lines.

Pure text, no fonts: :func:`followup.charts._style.wrap_to` measures the result.
"""

from __future__ import annotations

import textwrap
import unicodedata

__all__ = ["MAX_LABEL_LINES", "wrap"]


def _wide(char: str) -> bool:
    """Whether ``char`` is a full-width (CJK) character, about two Latin letters wide."""
    return unicodedata.east_asian_width(char) in ("W", "F")


#: Characters a line must not start with (closing punctuation) or end with (opening).
_NO_START = set("，。、：；！？）」』》〉】”’·…")
_NO_END = set("（「『《〈【“‘")


#: A word longer than this many columns (and than the line) is cut into lines of the
#: line's width, as a browser's ``overflow-wrap: anywhere`` does: a word a little longer
#: than a narrow column keeps a line of its own, a URL or a run of 10,000 letters does
#: not push the chart's other labels out of the figure.
_LONGEST_WORD = 32


def _cut_long_words(text: str, width: int) -> str:
    """``text`` with each word longer than :data:`_LONGEST_WORD` columns and than
    ``width`` cut into pieces of ``width`` characters (in time linear in its length)."""
    limit = max(width, _LONGEST_WORD)
    if all(len(word) <= limit for word in text.split()):
        return text
    step = max(1, width)
    words = []
    for word in text.split():
        if len(word) <= limit:
            words.append(word)
        else:
            words.extend(word[i : i + step] for i in range(0, len(word), step))
    return " ".join(words)


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` columns (long words kept unless
    longer than :data:`_LONGEST_WORD` columns, which are cut at the line's width).

    A full-width (CJK) character counts as two columns, and a line may break between
    two of them (Chinese has no spaces), though not before closing punctuation.
    """
    text = _cut_long_words(text, width)
    if not any(_wide(c) for c in text):
        return _at_most(textwrap.wrap(text, width, break_long_words=False)) or text
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        pieces: list[str] = []
        for char in word:  # a run of narrow characters stays one piece
            glued = pieces and (
                char in _NO_START
                or pieces[-1][-1] in _NO_END
                or not (_wide(char) or _wide(pieces[-1][-1]))
            )
            if glued:
                pieces[-1] += char
            else:
                pieces.append(char)
        for index, piece in enumerate(pieces):
            cost = sum(2 if _wide(c) else 1 for c in piece)
            gap = 1 if line and index == 0 else 0
            if line and used + gap + cost > width:
                lines.append(line)
                line, used, gap = "", 0, 0
            line += " " * gap + piece
            used += gap + cost
    if line:
        lines.append(line)
    return _at_most(lines) or text


#: A label wrapped to more lines than this ends with "…" on the last one: the chart
#: names a row or a column, its table and its text alternative carry the whole label.
MAX_LABEL_LINES = 8


def _at_most(lines: list[str]) -> str:
    if len(lines) <= MAX_LABEL_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[: MAX_LABEL_LINES - 1], lines[MAX_LABEL_LINES - 1] + "…"])
