"""Gold links: the pairs a person has judged, to measure suggestions against.

A gold file is JSON Lines, one object a line::

    {"source": "iphr-2025-2.1", "target": "kaz-ccpr-2-p52", "relevance": 2}

``relevance`` is a whole number: 0 not the same ask, higher for a closer match (the
grades are the gains of nDCG). Other keys (a note, who judged) are allowed and ignored;
blank lines are skipped. A mistake is a :class:`GoldError` naming the file, the line and
the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from attrs import field, frozen

from followup.links.select import LinkError, _did_you_mean
from followup.model.registry import Registry
from followup.registry.reading import read_bounded

__all__ = [
    "GoldError",
    "GoldLink",
    "both_ways",
    "check_gold",
    "parse_gold",
    "read_gold",
    "recorded_links",
]


class GoldError(LinkError):
    """A gold file that cannot be read as gold links."""


@frozen
class GoldLink:
    """A judged pair: the source, the target, and how relevant the target is (0 = not)."""

    source: str
    target: str
    relevance: int
    line: int = field(default=0, eq=False)


def _field(obj: dict[str, object], name: str, where: str) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GoldError(
            f"{where}: field {name!r} must be a recommendation id (a non-empty string), "
            f"not {value!r}"
        )
    return value


def parse_gold(data: bytes | str, name: str = "<gold>") -> tuple[GoldLink, ...]:
    """The gold links in JSON Lines ``data`` (``name`` is the file, for messages)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GoldError(
                f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
    links: list[GoldLink] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise GoldError(f"{where}: not a JSON object ({exc})") from None
        if not isinstance(obj, dict):
            raise GoldError(
                f'{where}: expected an object such as {{"source": ..., "target": ..., '
                f'"relevance": 1}}, found {type(obj).__name__}'
            )
        source, target = _field(obj, "source", where), _field(obj, "target", where)
        relevance = obj.get("relevance")
        if isinstance(relevance, bool) or not isinstance(relevance, int) or relevance < 0:
            raise GoldError(
                f"{where}: field 'relevance' must be a whole number, 0 (not relevant) or "
                f"more, not {relevance!r}"
            )
        if source == target:
            raise GoldError(f"{where}: field 'target' is the source itself ({source!r})")
        if (source, target) in seen:
            raise GoldError(
                f"{where}: the pair {source} -> {target} was already graded on line "
                f"{seen[source, target]}; keep one of the two lines"
            )
        seen[source, target] = number
        links.append(GoldLink(source, target, relevance, number))
    return tuple(links)


def read_gold(path: str | os.PathLike[str]) -> tuple[GoldLink, ...]:
    """The gold links of the JSON Lines file at ``path`` (read through the bounded read
    path, so a huge file or a FIFO is refused)."""
    return parse_gold(read_bounded(path, what="gold file"), os.fspath(path))


def check_gold(gold: Iterable[GoldLink], registry: Registry, name: str = "<gold>") -> None:
    """A :class:`GoldError` for the first id the registry does not hold."""
    known = registry.recommendations
    for link in gold:
        for which in ("source", "target"):
            rec_id = getattr(link, which)
            if rec_id not in known:
                raise GoldError(
                    f"{name}, line {link.line}: field {which!r}: {rec_id!r} is not a "
                    f"recommendation of this registry{_did_you_mean(rec_id, known)}"
                )


def recorded_links(registry: Registry, kind: str | None = None) -> tuple[GoldLink, ...]:
    """The links recorded in the registry (``relates_to`` and ``reiterates``, or only the
    field ``kind`` names), each as a gold link of relevance 1."""
    fields = ("relates_to", "reiterates") if kind is None else (kind,)
    return tuple(
        GoldLink(rec.id, other, 1)
        for rec in registry.recommendations.values()
        for other in dict.fromkeys(o for name in fields for o in getattr(rec, name, ()))
    )


def both_ways(gold: Iterable[GoldLink]) -> tuple[GoldLink, ...]:
    """The gold links and each one reversed (for links without a direction, such as a
    cluster), unless the reversed pair is graded too."""
    links = tuple(gold)
    graded = {(link.source, link.target) for link in links}
    reverse = tuple(
        GoldLink(link.target, link.source, link.relevance, link.line)
        for link in links
        if (link.target, link.source) not in graded
    )
    return links + reverse
