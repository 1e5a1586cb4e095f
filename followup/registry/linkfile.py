"""The decisions file: which suggested links a person accepted or rejected.

A registry may keep a ``links.yaml`` in its directory, beside ``reviews/`` (for a
single-file registry ``kaz.yaml``, the file ``kaz.links.yaml`` beside it), versioned with
the reviews. Each decision is one line::

    followup: 1
    decisions:
      - {source: ID, target: ID, kind: relates_to, decision: accepted, by: NAME,
         on: 2026-12-03, score: 0.83, method: bm25+themes}

The file is optional: a registry without one has no decisions. It is read through the
registry's bounded read path and ruamel.yaml's safe loader (hostile input refused as in
the rest of the registry); a decision is appended under the registry's lock, through a
round trip that keeps the file's comments, and written atomically. What the decisions
must agree with in the registry is checked by :mod:`followup.registry.linkcheck`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from followup.errors import FollowupError
from followup.model.linkdecision import (
    Decision,
    LinkDecision,
    LinkDecisions,
    LinkKind,
)
from followup.model.values import check_id, check_nonempty
from followup.registry import reading, safefile, yamlio

__all__ = [
    "FORMAT",
    "LinkFileError",
    "link_file",
    "read_link_decisions",
    "record_link_decision",
]

#: The version of the file's format (its ``followup:`` key).
FORMAT = 1

_HEADER = """\
# Decisions on suggested links between recommendations, one per line, oldest first.
# `followup links review` (or followup.links.decide) appends a line each time a person
# accepts or rejects a suggestion; the latest line on a pair is the one that stands.
# A rejected pair is never suggested again. An accepted relates_to or reiterates link
# is also written into the source recommendation's own field; an accepted cluster
# (the same ask from different bodies) is recorded here only.
# Keep this file under version control with the reviews.
"""

_FIELDS = ("source", "target", "kind", "decision", "by", "on", "score", "method")
_REQUIRED = _FIELDS[:6]


class LinkFileError(FollowupError, ValueError):
    """The decisions file cannot be read or written (the message says where and why)."""


def link_file(registry_path: str | os.PathLike[str]) -> Path:
    """Where the decisions of the registry at ``registry_path`` are kept."""
    where = Path(registry_path)
    if where.is_file():
        return where.with_name(f"{where.stem}.links.yaml")
    return where / "links.yaml"


def _rt() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one decision per line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _line(node: Any, key: str | None = None) -> int | None:
    """The 1-based line of ``node`` (or of its ``key``) in a round-trip tree."""
    try:
        if key is not None and isinstance(node, CommentedMap) and key in node:
            return int(node.lc.key(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _fail(file: Path, line: int | None, field: str, message: str, fix: str) -> LinkFileError:
    place = f"{file}:{line}" if line is not None else str(file)
    return LinkFileError(f"{place}: {field}: {message}; {fix}")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(value)


def _decision(file: Path, i: int, item: Any) -> LinkDecision:
    where = f"decisions[{i}]"
    if not isinstance(item, Mapping):
        raise _fail(
            file,
            _line(item),
            where,
            "is not a mapping",
            "write {source: ID, target: ID, kind: ..., decision: ..., by: NAME, on: DATE}",
        )
    for name in item:
        if name not in _FIELDS:
            raise _fail(
                file,
                _line(item, str(name)),
                f"{where}.{name}",
                "unknown field",
                f"use only {', '.join(_FIELDS)}",
            )
    for name in _REQUIRED:
        if item.get(name) in (None, ""):
            raise _fail(file, _line(item), f"{where}.{name}", "missing", f"give the {name}")
    values: dict[str, Any] = {}
    fixes = {
        "source": "give a recommendation id",
        "target": "give a recommendation id",
        "kind": f"use one of {', '.join(k.value for k in LinkKind)}",
        "decision": f"use one of {', '.join(d.value for d in Decision)}",
        "by": "give who decided",
        "on": "give the date as YYYY-MM-DD",
        "score": "give a number, or leave the field out",
        "method": "give the method's name, or leave the field out",
    }
    for name in _FIELDS:
        raw = item.get(name)
        try:
            if name == "on":
                values[name] = _date(raw)
            elif name == "score":
                if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float)):
                    raise ValueError(raw)
                values[name] = None if raw is None else float(raw)
            elif raw is None:
                values[name] = None
            elif not isinstance(raw, str):
                raise ValueError(raw)
            else:
                values[name] = raw
            if name == "kind":
                LinkKind(values[name])
            elif name == "decision":
                Decision(values[name])
            elif name in ("source", "target"):
                check_id(values[name])
            elif name == "by":
                check_nonempty(values[name])
        except (ValueError, TypeError):
            raise _fail(
                file, _line(item, name), f"{where}.{name}", f"{raw!r} is not valid", fixes[name]
            ) from None
    return LinkDecision(**values)


def _parse(file: Path, text: str) -> tuple[Any, LinkDecisions]:
    """The round-trip tree of ``text`` and the decisions it holds."""
    try:
        yamlio.safe_load(text)  # hostile constructs and syntax errors refused first
    except yamlio.ParseFailure as exc:
        p = exc.problem
        raise _fail(file, p.line, "YAML", p.message, p.hint or "correct the YAML syntax") from None
    tree = _rt().load(text)
    if tree is None:
        return None, LinkDecisions()
    if not isinstance(tree, Mapping):
        raise _fail(
            file, 1, "file", "is not a mapping", "start with `followup: 1` and `decisions:`"
        )
    for name in tree:
        if name not in ("followup", "decisions"):
            raise _fail(
                file, _line(tree, str(name)), str(name), "unknown field", "keep followup, decisions"
            )
    if tree.get("followup", FORMAT) != FORMAT:
        raise _fail(
            file,
            _line(tree, "followup"),
            "followup",
            f"format {tree.get('followup')!r} is not known",
            f"write `followup: {FORMAT}` or update followup",
        )
    items = tree.get("decisions")
    if items is None:
        return tree, LinkDecisions()
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise _fail(
            file, _line(tree, "decisions"), "decisions", "is not a list", "list one per line"
        )
    return tree, LinkDecisions(tuple(_decision(file, i, d) for i, d in enumerate(items)))


def _check_place(file: Path) -> None:
    """A decisions file that is a link to somewhere outside its folder is refused: a
    registry from someone else must not make followup read or replace another file."""
    if not file.is_symlink():
        return
    try:
        file.resolve(strict=True).relative_to(file.parent.resolve())
    except (ValueError, OSError, RuntimeError):
        raise LinkFileError(
            f"{file}: links to a file outside the registry's folder; "
            "replace the link with the file itself"
        ) from None


def _read_text(file: Path) -> str | None:
    _check_place(file)
    try:
        raw = reading.read_bounded(file, what="decisions file")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LinkFileError(
            f"{file}: cannot be read ({exc.strerror or exc}); make it a readable regular file"
        ) from None
    try:
        return yamlio.decode(raw)
    except yamlio.ParseFailure as exc:
        raise _fail(
            file, exc.problem.line, "encoding", exc.problem.message, "save as UTF-8"
        ) from None


def read_link_decisions(registry_path: str | os.PathLike[str]) -> LinkDecisions:
    """The decisions recorded for the registry at ``registry_path`` (none when it keeps
    no decisions file); :class:`LinkFileError` names file, line and field of a problem."""
    file = link_file(registry_path)
    text = _read_text(file)
    return LinkDecisions() if text is None else _parse(file, text)[1]


def _rounded(value: float) -> float:
    """Six decimals, as scores are written elsewhere (no float noise in the file)."""
    result = round(value, 6)
    return 0.0 if result == 0 else result


def _as_item(decision: LinkDecision) -> CommentedMap:
    item = CommentedMap()
    item["source"] = decision.source
    item["target"] = decision.target
    item["kind"] = decision.kind.value
    item["decision"] = decision.decision.value
    item["by"] = decision.by
    item["on"] = decision.on
    if decision.score is not None:
        item["score"] = _rounded(decision.score)
    if decision.method is not None:
        item["method"] = decision.method
    item.fa.set_flow_style()
    return item


def record_link_decision(
    registry_path: str | os.PathLike[str], decision: LinkDecision, *, timeout: float = 10.0
) -> LinkDecisions:
    """Append ``decision`` to the registry's decisions file (created, with a header, when
    absent), keeping its comments; under the registry's lock, written atomically.
    Returns every decision now recorded."""
    file = link_file(registry_path)
    with safefile.registry_lock(file.parent, timeout):
        text = _read_text(file)
        if text is None or not text.strip():
            text = f"{_HEADER}followup: {FORMAT}\ndecisions:\n"
        tree, decisions = _parse(file, text)
        if tree is None:  # only comments
            tree = _rt().load(f"{text.rstrip()}\nfollowup: {FORMAT}\ndecisions:\n")
        items = tree.get("decisions")
        if not items:
            items = CommentedSeq()
            tree["decisions"] = items
        items.append(_as_item(decision))
        buffer = io.StringIO()
        _rt().dump(tree, buffer)
        safefile.write_atomic(file, buffer.getvalue().encode("utf-8"))
    return decisions.with_decision(decision)
