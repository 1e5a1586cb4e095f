"""Changing YAML text the way a careful person would: only the lines that must change.

:func:`realize` takes a file's text, the plain data it holds and the plain data it should
hold, and returns new text in which every line that did not need to change is kept byte
for byte: comments (at the ends of lines and between list items), blank lines, key
order, quoting, flow or block style and multi-line scalars. It works on block-style YAML
as registries are written: it finds mappings and sequences by their indentation, and
re-renders only the values that changed, in the file's own indentation style.

What it cannot do surely (a change inside a flow mapping, a key moved, a document marker)
raises :class:`UnsupportedEdit`; callers also parse the result and compare it with the
data wanted (:func:`followup.edit`), so a mistake here can never be written.
"""

from __future__ import annotations

import io
import re
from typing import Any

from attrs import frozen
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

__all__ = [
    "Style",
    "UnsupportedEdit",
    "detect_style",
    "realize",
    "render_entry",
    "render_item",
    "same_data",
]


class UnsupportedEdit(Exception):  # noqa: N818 (internal signal, always translated)
    """The text is written in a way this module does not change safely."""


@frozen
class Style:
    """How a file indents: mappings by ``mapping`` spaces; a sequence's dash sits
    ``offset`` spaces right of its parent key; its items' content 2 spaces after it."""

    mapping: int = 2
    offset: int = 2
    blank_between_items: bool = False


# -- reading the outline of block YAML --------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _is_dash(line: str, col: int) -> bool:
    return line[col : col + 1] == "-" and line[col + 1 : col + 2] in ("", " ")


_PLAIN_KEY = re.compile(r"""([^\s#'"\[\]{},:&*!|>%@`-][^\n]*?|-[^\s\n][^\n]*?)[ ]*:(?:[ ]|$)""")
_QUOTED_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*:(?:[ ]|$)""")


@frozen
class _Entry:
    key: str
    line: int  # where the key is
    col: int  # the key's column
    value_col: int  # just after ':' on the key line
    end: int  # first line not in the entry (next sibling, or beyond)


@frozen
class _Item:
    line: int  # where the dash is
    dash: int  # the dash's column
    end: int


def _key_at(line: str, col: int) -> tuple[str, int] | None:
    """The key written at ``col`` and the column just after its ':'."""
    for pattern in (_QUOTED_KEY, _PLAIN_KEY):
        match = pattern.match(line, col)
        if match:
            raw = match.group(1)
            if raw.startswith('"'):
                key = raw[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
            elif raw.startswith("'"):
                key = raw[1:-1].replace("''", "'")
            else:
                key = raw.rstrip(" ")
            after = line.index(":", match.end(1)) + 1
            return key, after
    return None


def _mapping_end(lines: list[str], start: int, stop: int, col: int) -> int:
    """First line after ``start`` (before ``stop``) with content left of ``col``."""
    for index in range(start + 1, stop):
        line = lines[index]
        if _is_content(line) and _indent(line) < col:
            return index
    return stop


def _entries(lines: list[str], start: int, col: int, stop: int) -> list[_Entry]:
    """The entries of the block mapping whose first key is at (start, col)."""
    found: list[tuple[str, int, int]] = []
    end = _mapping_end(lines, start, stop, col)
    for index in range(start, end):
        line = lines[index]
        if index != start and not (_is_content(line) and _indent(line) == col):
            continue
        if index != start and _is_dash(line, col):
            continue  # an item of a sequence that is a value, written unindented
        written = _key_at(line, col)
        if written is None:
            raise UnsupportedEdit(f"line {index + 1}: not a `key: value` line")
        found.append((written[0], index, written[1]))
    entries = []
    for number, (key, index, value_col) in enumerate(found):
        following = found[number + 1][1] if number + 1 < len(found) else end
        entries.append(_Entry(key, index, col, value_col, following))
    return entries


def _items(lines: list[str], start: int, dash: int, stop: int) -> list[_Item]:
    """The items of the block sequence whose first dash is at (start, dash)."""
    lines_of_items = []
    index = start
    while index < stop:
        line = lines[index]
        if _is_content(line):
            indent = _indent(line)
            if indent < dash or (indent == dash and not _is_dash(line, dash)):
                break
            if indent == dash:
                lines_of_items.append(index)
        index += 1
    end = index
    return [
        _Item(at, dash, lines_of_items[n + 1] if n + 1 < len(lines_of_items) else end)
        for n, at in enumerate(lines_of_items)
    ]


def _tail(lines: list[str], start: int, end: int, col: int) -> int:
    """One past the last line of a node starting at ``start``: trailing blank lines and
    comments left of or at ``col`` belong to what follows."""
    last = start
    for index in range(start + 1, end):
        line = lines[index]
        if line.strip() and (_is_content(line) or _indent(line) > col):
            last = index
    return last + 1


def _inline(line: str, col: int) -> str:
    """The value written on the line from ``col``, without a trailing comment."""
    text = line[col:]
    stripped = text.strip()
    if stripped.startswith(("'", '"')):
        return stripped if " #" not in stripped else _strip_comment(stripped)
    return _strip_comment(stripped)


def _strip_comment(text: str) -> str:
    match = re.search(r"(?:^|[ ])#", text)
    return (text[: match.start()] if match else text).rstrip(" ")


def _first_content(lines: list[str], start: int, end: int) -> int | None:
    for index in range(start, end):
        if _is_content(lines[index]):
            return index
    return None


# -- rendering new YAML -----------------------------------------------------------------------


def _yaml(style: Style) -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=style.mapping, sequence=style.offset + 2, offset=style.offset)
    # the format refuses anchors and aliases: a value used twice is written twice
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def _rt(value: Any) -> Any:
    """Plain data as ruamel round-trip values: lists of scalars in flow style, the rest in
    block style, text with line breaks as literal blocks."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _rt(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_rt(item) for item in value)
        if value and all(not isinstance(item, dict | list) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _dump(value: Any, style: Style) -> list[str]:
    buffer = io.StringIO()
    _yaml(style).dump(value, buffer)
    text = buffer.getvalue()
    if text.endswith("...\n"):  # a lone scalar: ruamel.yaml ends the document
        text = text[: -len("...\n")]
    return text.rstrip("\n").split("\n")


def render_entry(key: str, value: Any, col: int, style: Style) -> list[str]:
    """``key: value`` as lines at column ``col``."""
    lines = _dump({key: _rt(value)}, style)
    return [" " * col + line if line else line for line in lines]


def render_item(value: Any, dash: int, style: Style) -> list[str]:
    """A sequence item ``- value`` as lines with the dash at column ``dash``."""
    lines = _dump([_rt(value)], style)  # ruamel.yaml puts the offset before the dash
    return [" " * dash + line[style.offset :] if line else line for line in lines]


def render_scalar(value: Any, quote: str | None) -> str:
    """One scalar as it goes after ``key: ``; ``quote`` keeps the old value's quoting."""
    if isinstance(value, str) and quote == '"':
        value = DoubleQuotedScalarString(value)
    elif isinstance(value, str) and quote == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    lines = _dump(value, Style())
    if len(lines) != 1:
        raise UnsupportedEdit("a value that does not fit on one line")
    return lines[0]


def render_flow(values: list[Any]) -> str:
    """A list of scalars in flow style: ``[a, b]``."""
    return "[" + ", ".join(render_scalar(v, None) for v in values) + "]"


# -- realizing a change of plain data ---------------------------------------------------------


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


class _Doc:
    def __init__(self, lines: list[str], style: Style) -> None:
        self.lines = lines
        self.style = style

    # Each change works on a fresh outline: lines shift after every splice.
    def mapping(
        self, old: dict[str, Any], new: dict[str, Any], start: int, col: int, stop: int
    ) -> None:
        keys_old, keys_new = list(old), list(new)
        # a key that comes earlier than before (removed, then added again) moves: it is
        # removed where it was and inserted where it goes
        moved: set[str] = set()
        last = -1
        for key in keys_new:
            if key in old:
                if keys_old.index(key) < last:
                    moved.add(key)
                else:
                    last = keys_old.index(key)
        # removals first (from the bottom), then changes, then insertions
        for key in reversed(keys_old):
            if key not in new or key in moved:
                entry = {e.key: e for e in _entries(self.lines, start, col, stop)}[key]
                if entry.line == start and _indent(self.lines[start]) != col:
                    raise UnsupportedEdit(f"removing `{key}`, the first key after a dash")
                end = _tail(self.lines, entry.line, entry.end, col)
                del self.lines[entry.line : end]
                stop -= end - entry.line
        for key in keys_new:
            if key in old and key not in moved and not _same(old[key], new[key]):
                where = {e.key: e for e in _entries(self.lines, start, col, stop)}
                stop += self.value(where[key], old[key], new[key])
        for position, key in enumerate(keys_new):
            if key in old and key not in moved:
                continue
            entries = _entries(self.lines, start, col, stop)
            by_key = {e.key: e for e in entries}
            previous = [by_key[k] for k in keys_new[:position] if k in by_key]
            first = entries[0]
            if previous:
                at = _tail(self.lines, previous[-1].line, previous[-1].end, col)
            elif first.line == start and _indent(self.lines[start]) != col:
                at = _tail(self.lines, first.line, first.end, col)  # not before '- key:'
            else:
                at = first.line
            rendered = render_entry(key, new[key], col, self.style)
            self.lines[at:at] = rendered
            stop += len(rendered)

    def value(self, entry: _Entry, old: Any, new: Any) -> int:
        """Change one entry's value; the number of lines added (negative: removed)."""
        lines = self.lines
        inline = _inline(lines[entry.line], entry.value_col)
        end = _tail(lines, entry.line, entry.end, entry.col)
        if inline and not inline.startswith(("|", ">")) and end == entry.line + 1:
            if _is_scalar(old) and _is_scalar(new):
                quote = inline[0] if inline[0] in "'\"" else None
                return self.replace_inline(
                    entry.line, entry.value_col, inline, render_scalar(new, quote)
                )
            if isinstance(new, list) and inline.startswith("[") and all(map(_is_scalar, new)):
                return self.replace_inline(entry.line, entry.value_col, inline, render_flow(new))
        if not inline:
            first = _first_content(lines, entry.line + 1, entry.end)
            if first is not None:
                child = _indent(lines[first])
                if isinstance(old, dict) and isinstance(new, dict):
                    before = len(lines)
                    self.mapping(old, new, first, child, entry.end)
                    return len(lines) - before
                if (
                    isinstance(old, list)
                    and isinstance(new, list)
                    and _is_dash(lines[first], child)
                ):
                    before = len(lines)
                    self.sequence(old, new, first, child, entry.end)
                    return len(lines) - before
        # anything else: write the entry anew, keeping what precedes the key on its line
        prefix = lines[entry.line][: entry.col]
        rendered = render_entry(entry.key, new, entry.col, self.style)
        key_text = lines[entry.line][entry.col : entry.value_col - 1]
        rendered[0] = (
            prefix + key_text + rendered[0][entry.col + len(_key_of(rendered[0], entry.col)) :]
        )
        lines[entry.line : end] = rendered
        return len(rendered) - (end - entry.line)

    def replace_inline(self, index: int, value_col: int, inline: str, text: str) -> int:
        line = self.lines[index]
        at = line.index(inline, value_col)
        self.lines[index] = line[:at] + text + line[at + len(inline) :]
        return 0

    def sequence(self, old: list[Any], new: list[Any], start: int, dash: int, stop: int) -> None:
        pairs = _align(old, new)
        if pairs is None:
            raise UnsupportedEdit("a list changed in more than insertions and removals")
        kept = {o for o, _ in pairs}
        for index in reversed(range(len(old))):  # removals, from the bottom
            if index not in kept:
                item = _items(self.lines, start, dash, stop)[index]
                end = _tail(self.lines, item.line, item.end, dash)
                del self.lines[item.line : end]
                stop -= end - item.line
        for position, (old_index, new_index) in enumerate(pairs):  # kept items that changed
            if not _same(old[old_index], new[new_index]):
                item = _items(self.lines, start, dash, stop)[position]
                stop += self.item(item, old[old_index], new[new_index])
        targets = {n for _, n in pairs}
        for index, value in enumerate(new):  # insertions: new[:index] is in place
            if index in targets:
                continue
            items = _items(self.lines, start, dash, stop)
            rendered = render_item(value, dash, self.style)
            gap = [""] if self.style.blank_between_items and items else []
            if index < len(items):
                at, block = items[index].line, rendered + gap
            elif not items:  # every old item was removed: the new ones stand where they did
                at, block = start, rendered
            else:
                last = items[-1]
                at, block = _tail(self.lines, last.line, last.end, dash), gap + rendered
            self.lines[at:at] = block
            stop += len(block)

    def item(self, item: _Item, old: Any, new: Any) -> int:
        lines = self.lines
        end = _tail(lines, item.line, item.end, item.dash)
        content = lines[item.line][item.dash + 1 :]
        col = item.dash + 1 + _indent(content)
        if isinstance(old, dict) and isinstance(new, dict) and content.strip():
            before = len(lines)
            self.mapping(old, new, item.line, col, item.end)
            return len(lines) - before
        rendered = render_item(new, item.dash, self.style)
        lines[item.line : end] = rendered
        return len(rendered) - (end - item.line)


def _key_of(line: str, col: int) -> str:
    found = _key_at(line, col)
    if found is None:  # pragma: no cover - rendered by ruamel.yaml, always a key
        raise UnsupportedEdit("rendered entry without a key")
    return line[col : found[1] - 1]


def _align(old: list[Any], new: list[Any]) -> list[tuple[int, int]] | None:
    """Pairs (old index, new index) of the items kept, when ``new`` is ``old`` with items
    inserted and removed (kept items may change only if the lists have the same length)."""
    if len(old) == len(new):
        return [(i, i) for i in range(len(old))]
    by_id = _ids(old), _ids(new)
    if by_id[0] is not None and by_id[1] is not None:  # mappings with ids: pair by id
        where = {key: j for j, key in enumerate(by_id[1])}
        pairs_by_id = [(i, where[key]) for i, key in enumerate(by_id[0]) if key in where]
        targets = [j for _, j in pairs_by_id]
        return pairs_by_id if targets == sorted(targets) else None
    pairs: list[tuple[int, int]] = []
    j = 0
    for i, value in enumerate(old):
        while j < len(new) and not _same(value, new[j]):
            j += 1
        if j == len(new):
            if len(new) > len(old):
                return None
            continue  # removed
        pairs.append((i, j))
        j += 1
    if len(new) > len(old) and len(pairs) != len(old):
        return None
    return pairs


def _ids(items: list[Any]) -> list[str] | None:
    """The ``id`` of each item, when every item is a mapping with a distinct string id."""
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    if all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids):
        return [str(i) for i in ids]
    return None


def _same(a: Any, b: Any) -> bool:
    """Equal as registry data: same types (1 is not True, a date is not a string)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def same_data(a: Any, b: Any) -> bool:
    """True when two plain values are the same registry data (types strict, key order free)."""
    return _same(a, b)


def detect_style(text: str) -> Style:
    """The indentation style a file is written in (defaults for what it does not show)."""
    lines = text.split("\n")
    offset: int | None = None
    mapping: int | None = None
    blank_between = False
    for index in range(len(lines) - 1):
        line = lines[index]
        if not _is_content(line) or not line.rstrip().endswith(":"):
            continue
        following = _first_content(lines, index + 1, min(len(lines), index + 3))
        if following is None:
            continue
        step = _indent(lines[following]) - _indent(line)
        if _is_dash(lines[following], _indent(lines[following])):
            if offset is None and step >= 0:
                offset = step
        elif mapping is None and step > 0:
            mapping = step
        if offset is not None and mapping is not None:
            break
    for index in range(1, len(lines) - 1):
        if not lines[index].strip() and _is_dash(lines[index + 1], _indent(lines[index + 1])):
            previous = lines[index - 1]
            if previous.strip() and _indent(previous) > _indent(lines[index + 1]):
                blank_between = True
                break
    return Style(mapping or 2, 2 if offset is None else offset, blank_between)


def realize(text: str, old: Any, new: Any, style: Style | None = None) -> str:
    """``text`` (holding ``old``) changed to hold ``new``, touching only what changed.

    ``text`` uses '\\n' line breaks (callers restore CRLF). Raises :class:`UnsupportedEdit`
    when the text is written in a way this cannot change surely.
    """
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise UnsupportedEdit("the file is not a mapping")
    ends_with_break = text.endswith("\n")
    lines = text.split("\n")
    if ends_with_break:
        lines.pop()
    if any(line.startswith(("---", "...", "%")) for line in lines):
        raise UnsupportedEdit("document markers or directives")
    if any("\t" in line[: _indent(line) + 1] for line in lines):
        raise UnsupportedEdit("tabs")
    doc = _Doc(lines, style or detect_style(text))
    first = _first_content(lines, 0, len(lines))
    if first is None:
        raise UnsupportedEdit("the file is empty")
    doc.mapping(old, new, first, _indent(lines[first]), len(lines))
    out = "\n".join(doc.lines)
    return out + "\n" if ends_with_break or out else out
