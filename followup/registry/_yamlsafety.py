"""ruamel.yaml's safe loader, kept safe on hostile files.

The loader itself (C-accelerated when installed, :func:`c_loader_available`), the pass
over its parser's events that refuses anchors, aliases, tags, a second document and
over-deep nesting before anything is built (:func:`scan_events`), and the check of the
built data's depth (:func:`max_depth_ok`).
"""

from __future__ import annotations

import importlib.util
import io
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
    ScalarEvent,
)

from followup.registry._yamlerrors import translate
from followup.registry._yamllimits import MAX_DEPTH, YamlProblem, multiple_documents

__all__ = ["c_loader_available", "max_depth_ok", "safe_yaml", "scan_events"]


def c_loader_available() -> bool:
    """True when ruamel.yaml's C extension is importable (the safe loader is 3-4x faster)."""
    return importlib.util.find_spec("_ruamel_yaml") is not None


_WARNED: list[bool] = []


def _warn_pure_python() -> None:
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn(
            "ruamel.yaml's C extension is not installed, so YAML is read in pure Python "
            "(3-4x slower); install it with: pip install 'ruamel.yaml[oldlibyaml]'",
            RuntimeWarning,
            stacklevel=3,
        )


def safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=not c_loader_available())
    if not c_loader_available():  # pragma: no cover - depends on the installation
        _warn_pure_python()
    return yaml


def scan_events(text: str) -> YamlProblem | None:
    """The first anchor, alias, tag, second document or over-deep nesting, if any.

    Walks the parser's events (no objects are built, so a "billion laughs" file costs
    only its own length).
    """
    yaml = safe_yaml()
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(io.StringIO(text)):
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else None
            column = mark.column + 1 if mark is not None else None
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return multiple_documents(line, column)
            if isinstance(event, AliasEvent):
                return YamlProblem(
                    "yaml-alias",
                    f"YAML alias '*{event.anchor}' is not allowed",
                    line,
                    column,
                    hint="write the value out in full: registries use no anchors or aliases",
                )
            if isinstance(event, NodeEvent) and event.anchor is not None:
                return YamlProblem(
                    "yaml-alias",
                    f"YAML anchor '&{event.anchor}' is not allowed",
                    line,
                    column,
                    hint="remove the anchor: registries use no anchors or aliases",
                )
            tag = getattr(event, "tag", None)
            if isinstance(event, ScalarEvent | CollectionStartEvent) and tag not in (None, "!"):
                return YamlProblem(
                    "yaml-tag",
                    f"YAML tag {tag!r} is not allowed",
                    line,
                    column,
                    hint="remove the tag: registries hold plain data only",
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return YamlProblem(
                        "too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        line,
                        column,
                        hint="a registry needs about 10 levels; this file is not a registry",
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError as exc:
        return translate(exc, text)
    return None


def max_depth_ok(data: Any) -> bool:
    """True when ``data`` nests no deeper than MAX_DEPTH and shares no containers."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= MAX_DEPTH or id(node) in seen:
                return False
            seen.add(id(node))
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return True
