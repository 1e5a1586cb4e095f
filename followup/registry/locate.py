"""Line and column for problems found by field path, from the YAML parser's events.

The fast read path keeps no positions; when a file has problems, its text goes once
more through ruamel.yaml's parser (the C one when installed), and the events are walked
with a stack of the keys and indices above the current node. Only the nodes on the way
to a path some problem asks for are followed (a trie of the wanted paths); everything
else is skipped by counting brackets, no node or tree is built, and the walk stops as
soon as every wanted path is found or known to be absent. So locating costs time in
proportion to the part of the file before the last problem, and memory in proportion
to the number of problems, which :func:`~followup.registry.report.cap_problems` bounds
(at most :data:`~followup.registry.report.MAX_PROBLEMS_PER_FILE` per file).

The positions are those ruamel.yaml's round-trip loader gives: a key's own place for
``unknown-field``, else where the value starts; a path that goes further than the
document is placed on the deepest node it reaches. A "quote it" hint shows the number
as written (``2025.10``, not ``2025.1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path as FsPath
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from followup.registry import reading, yamlio
from followup.registry.report import Path, Problem, Severity, cap_problems

__all__ = ["Found", "find_positions", "locate_problems"]

#: (line, column, the scalar as written when the node is a plain scalar)
Found = tuple[int, int, str | None]


class _Node:
    """One step of the wanted paths: its children, and what was found for it."""

    __slots__ = ("children", "key", "size", "value")

    def __init__(self) -> None:
        self.children: dict[Any, _Node] = {}
        self.value: Found | None = None  # where the node starts
        self.key: Found | None = None  # where its key is (mapping children)
        self.size = 0  # nodes in the subtree below, for the early stop


def _trie(paths: Iterable[tuple[Any, ...]]) -> _Node:
    root = _Node()
    for path in paths:
        node = root
        for part in path:
            node = node.children.setdefault(part, _Node())

    def sizes(node: _Node) -> int:
        # iterative would be safer, but paths are at most MAX_DEPTH + 2 long
        node.size = sum(1 + sizes(child) for child in node.children.values())
        return node.size

    sizes(root)
    return root


def _key_texts(part: Any) -> tuple[str, ...]:
    """How a key may be written (lower case for true, false and null)."""
    if isinstance(part, str):
        return (part,)
    if part is None:
        return ("", "~", "null")
    if isinstance(part, bool):
        return (str(part).lower(),)
    if isinstance(part, int | float):
        return (str(part),)
    isoformat = getattr(part, "isoformat", None)
    return (isoformat(),) if callable(isoformat) else ()


_UNSET: Any = object()


def _plain_key(text: str) -> Any:
    """What a plain scalar key reads as (a number, a date, true, null or text)."""
    try:
        data = yamlio.safe_load(f"{text}: 0\n")
    except yamlio.ParseFailure:
        return text
    return next(iter(data)) if isinstance(data, dict) and len(data) == 1 else text


class _Keys:
    """The children of one wanted mapping, by the text their key is written as."""

    def __init__(self, node: _Node) -> None:
        self.node = node
        self.by_text: dict[str, list[Any]] = {}
        for part in node.children:
            for text in _key_texts(part):
                self.by_text.setdefault(text, []).append(part)

    def child(self, event: ScalarEvent, cache: dict[str, Any]) -> _Node | None:
        """The wanted child this key names, if any."""
        text: str = event.value
        plain = not event.style
        candidates = self.by_text.get(text)
        if candidates is None and plain:
            candidates = self.by_text.get(text.lower())
        if not candidates:
            return None
        value: Any = text
        if plain:  # a plain key may read as a number, a date, true, null...
            value = cache.get(text, _UNSET)
            if value is _UNSET:
                value = cache[text] = _plain_key(text)
        for part in candidates:
            if part == value and type(part) is type(value):
                return self.node.children[part]
        return None


def _events(text: str) -> Iterator[Any]:
    """The parser's events (C parser when installed), stopping quietly at an error."""
    try:
        if yamlio.c_loader_available():
            from _ruamel_yaml import CParser  # type: ignore[import-not-found,unused-ignore]

            yield from iter(CParser(text).get_event, None)
        else:  # pragma: no cover - depends on the installation
            import io

            from ruamel.yaml import YAML

            yield from YAML(typ="safe", pure=True).parse(io.StringIO(text))
    except YAMLError:
        return


def _found(event: Any) -> Found:
    mark = event.start_mark
    written = event.value if isinstance(event, ScalarEvent) and not event.style else None
    return (mark.line + 1, mark.column + 1, written)


def _walk(text: str, root: _Node) -> None:
    """Record, on the trie, where each wanted node and key is."""
    pending = root.size
    # a frame: [keys of a wanted mapping or None for a list, trie node, expecting a key,
    #           the trie child of the current key (or None), the next list index]
    stack: list[list[Any]] = []
    skip = 0  # depth inside a collection nobody asked about
    cache: dict[str, Any] = {}
    started = False
    for event in _events(text):
        if skip:
            if isinstance(event, CollectionStartEvent):
                skip += 1
            elif isinstance(event, CollectionEndEvent):
                skip -= 1
                if not skip:
                    _after_node(stack)
            continue
        if isinstance(event, CollectionEndEvent):
            frame = stack.pop()
            pending -= _settle(frame[1])
            if pending <= 0:
                return
            _after_node(stack)
            continue
        if not isinstance(event, NodeEvent):
            continue
        target: _Node | None
        if not stack:
            if started or not isinstance(event, CollectionStartEvent):
                return  # a second document, or a scalar document: nothing to place
            started, target = True, root
            root.value = _found(event)
        else:
            frame = stack[-1]
            if frame[0] is not None and frame[2]:  # a mapping key
                frame[3] = None
                if isinstance(event, ScalarEvent):
                    child = frame[0].child(event, cache)
                    if child is not None:
                        child.key = _found(event)
                        frame[3] = child
                    frame[2] = False
                    continue
                target = None  # a complex key: skipped
            elif frame[0] is not None:  # a mapping value
                target = frame[3]
                if target is not None:
                    target.value = _found(event)
                    pending -= 1
            else:  # a list item
                target = frame[1].children.get(frame[4])
                frame[4] += 1
                if target is not None:
                    target.value = _found(event)
                    pending -= 1
        if isinstance(event, CollectionStartEvent):
            if target is None or not target.children:
                if not stack:
                    return  # only the root itself is wanted
                skip = 1
                continue
            keys = _Keys(target) if isinstance(event, MappingStartEvent) else None
            stack.append([keys, target, True, None, 0])
        else:
            if target is not None:
                pending -= target.size  # a scalar has no children to find
            if stack:
                _after_node(stack)
        if pending <= 0:
            return


def _after_node(stack: list[list[Any]]) -> None:
    """A whole node was read: a mapping now expects a key or a value."""
    if stack:
        frame = stack[-1]
        if frame[0] is not None:
            frame[2] = not frame[2]


def _settle(node: _Node) -> int:
    """Children of a finished collection that were not found: no longer pending."""
    settled = 0
    for child in node.children.values():
        if child.value is None:
            settled += 1 + child.size
    return settled


def find_positions(text: str, paths: Iterable[tuple[Any, ...]]) -> _Node:
    """The trie of ``paths`` with the position of each node found in ``text``."""
    root = _trie(paths)
    _walk(text, root)
    return root


def _position(root: _Node, path: Path, key: bool) -> Found | None:
    """Where ``path`` is, as ruamel.yaml's round-trip loader would place it."""
    if root.value is None:
        return None
    found: Found = (1, 1, None)
    node = root
    for i, part in enumerate(path):
        child = node.children.get(part)
        if child is None or child.value is None:
            break
        last = i == len(path) - 1
        found = child.key if (key and last and child.key is not None) else child.value
        node = child
    return found


def _read(path: FsPath, texts: Mapping[FsPath, str]) -> str | None:
    if path in texts:
        return texts[path]
    try:
        return yamlio.decode(reading.read_bytes(path, yamlio.MAX_FILE_BYTES))
    except (OSError, yamlio.ParseFailure):
        return None  # unreadable, not UTF-8 or too large: reported already


def locate_problems(
    problems: list[Problem],
    files: dict[str, FsPath],
    severities: set[Severity],
    texts: Mapping[FsPath, str],
) -> Iterator[Problem]:
    """Put line and column on problems that have a field path, one parse per file.

    At most :data:`~followup.registry.report.MAX_PROBLEMS_PER_FILE` problems are kept
    per file, then one ``too-many-problems`` saying how many more there are.
    """
    kept = cap_problems(problems)
    wanted: dict[str, list[Problem]] = {}
    for problem in kept:
        if problem.severity in severities and problem.line is None:
            wanted.setdefault(problem.file or "", []).append(problem)
    roots: dict[str, _Node] = {}
    for shown, located in wanted.items():
        path = files.get(shown)
        text = None if path is None else _read(path, texts)
        if text is not None:
            roots[shown] = find_positions(text, (p.path for p in located))
    for problem in kept:
        root = roots.get(problem.file or "")
        if root is None or problem.line is not None or problem.severity not in severities:
            yield problem
            continue
        position = _position(root, problem.path, key=problem.code == "unknown-field")
        if position is None:
            yield problem
            continue
        yield Problem(
            problem.severity,
            problem.code,
            problem.message,
            problem.file,
            position[0],
            position[1],
            problem.path,
            _as_written(problem.hint, position[2]),
        )


_NUMBER_TOKEN = re.compile(r"[-+.0-9][^\s,\]}#]*")
_QUOTED = re.compile(r'"[^"]*"')


def _as_written(hint: str | None, written: str | None) -> str | None:
    """A "quote it" hint shows the number as written (2025.10), not as read (2025.1)."""
    if not hint or "quote it" not in hint or written is None:
        return hint
    token = _NUMBER_TOKEN.match(written)
    if token is None:
        return hint
    return _QUOTED.sub(lambda _m: f'"{token.group(0)}"', hint, count=1)
