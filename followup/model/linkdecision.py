"""A person's decision on a suggested link, and the set of them a registry keeps.

Suggested links (:mod:`followup.links`) are never written on their own: a person accepts
or rejects each one. The decisions live in the registry's ``links.yaml``, beside the
reviews and versioned with them: an accepted ``relates_to`` or ``reiterates`` link is
also written into the source recommendation's own field, an accepted ``cluster`` (the
same ask from different bodies) lives only here, and a rejected pair is never suggested
again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum

from attrs import field, frozen, validators

from followup.model.records import Review
from followup.model.values import Mechanism, check_id, check_nonempty

__all__ = [
    "NON_UN",
    "Decision",
    "LinkDecision",
    "LinkDecisions",
    "LinkKind",
    "body",
    "decisions_of",
    "kind_between",
]

#: Mechanisms whose recommendations are asks to the UN, not recommendations of it.
NON_UN = frozenset({Mechanism.NGO, Mechanism.NHRI})


class LinkKind(StrEnum):
    """The three kinds of link between recommendations."""

    RELATES_TO = "relates_to"  # an NGO's ask taken up by a UN body
    REITERATES = "reiterates"  # a later review repeating an earlier one
    CLUSTER = "cluster"  # the same ask from different bodies (symmetric)


def body(review: Review) -> tuple[str, str | None]:
    """Who made a review's recommendations: the mechanism (and, for special procedures,
    the mandate named as the review's author)."""
    author = review.author if review.mechanism == Mechanism.SP else None
    return review.mechanism.value, author


def kind_between(source: Review, target: Review, wanted: LinkKind | None = None) -> LinkKind | None:
    """The kind of link a recommendation of ``source`` may have to one of ``target``
    (None when none may), limited to ``wanted`` when given: an NGO's or an NHRI's ask
    ``relates_to`` a UN body's recommendation; a later review of the same body
    ``reiterates`` an earlier one; two UN bodies' recommendations may form a
    ``cluster``. Every kind pairs recommendations addressed to the same State."""
    if source.state != target.state:
        return None
    source_un = source.mechanism not in NON_UN
    target_un = target.mechanism not in NON_UN
    found: LinkKind | None = None
    if not source_un and target_un:
        found = LinkKind.RELATES_TO
    elif source_un and target_un:
        if body(source) != body(target):
            found = LinkKind.CLUSTER
        elif target.date < source.date:
            found = LinkKind.REITERATES
    return found if wanted is None or found == wanted else None


class Decision(StrEnum):
    """What the person decided."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


def _id(_instance: object, attribute: object, value: str) -> None:
    check_id(value)


def _name(_instance: object, attribute: object, value: str) -> None:
    check_nonempty(value)


@frozen
class LinkDecision:
    """``by`` decided on ``on`` that ``source`` is (or is not) linked to ``target`` by a
    link of ``kind``; ``score`` and ``method`` say what the suggestion was, when known."""

    source: str = field(validator=_id)
    target: str = field(validator=_id)
    kind: LinkKind = field(converter=LinkKind)
    decision: Decision = field(converter=Decision)
    by: str = field(validator=_name)
    on: dt.date = field(validator=validators.instance_of(dt.date))
    score: float | None = None
    method: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        """The pair the decision is about; a cluster's in a fixed order (it is symmetric)."""
        if self.kind is LinkKind.CLUSTER:
            first, second = sorted((self.source, self.target))
            return first, second
        return self.source, self.target


@frozen
class LinkDecisions:
    """Every decision a registry keeps, oldest first; the latest on a pair stands."""

    decisions: tuple[LinkDecision, ...] = ()

    def __iter__(self) -> Iterator[LinkDecision]:
        return iter(self.decisions)

    def __len__(self) -> int:
        return len(self.decisions)

    def standing(self) -> dict[tuple[LinkKind, str, str], LinkDecision]:
        """The decision that stands on each (kind, pair): the latest recorded."""
        result: dict[tuple[LinkKind, str, str], LinkDecision] = {}
        for d in self.decisions:
            result[(d.kind, *d.pair)] = d
        return result

    def decided(self, kind: LinkKind | str, source: str, target: str) -> LinkDecision | None:
        """The standing decision on this pair, or None if nobody decided on it."""
        probe = LinkDecision(source, target, kind, Decision.REJECTED, "-", dt.date.min)
        return self.standing().get((probe.kind, *probe.pair))

    def accepted(self, kind: LinkKind | str | None = None) -> tuple[LinkDecision, ...]:
        """Standing accepted links, of one kind or of all."""
        return self._standing(Decision.ACCEPTED, kind)

    def rejected(self, kind: LinkKind | str | None = None) -> tuple[LinkDecision, ...]:
        """Standing rejections: pairs never to be suggested again."""
        return self._standing(Decision.REJECTED, kind)

    def clusters(self) -> tuple[frozenset[str], ...]:
        """Groups of recommendations joined by accepted ``cluster`` links (connected
        components), each of two or more ids, in a stable order."""
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for d in self.accepted(LinkKind.CLUSTER):
            a, b = root(d.source), root(d.target)
            if a != b:
                parent[max(a, b)] = min(a, b)
        groups: dict[str, set[str]] = {}
        for x in list(parent):
            groups.setdefault(root(x), set()).add(x)
        return tuple(frozenset(g) for _, g in sorted(groups.items()) if len(g) > 1)

    def with_decision(self, decision: LinkDecision) -> LinkDecisions:
        """These decisions and one more (a later decision on a pair overrides)."""
        return LinkDecisions((*self.decisions, decision))

    def _standing(self, wanted: Decision, kind: LinkKind | str | None) -> tuple[LinkDecision, ...]:
        only = None if kind is None else LinkKind(kind)
        return tuple(
            d
            for d in self.standing().values()
            if d.decision is wanted and (only is None or d.kind is only)
        )


def decisions_of(items: Iterable[LinkDecision]) -> LinkDecisions:
    """A :class:`LinkDecisions` of ``items`` in the order given."""
    return LinkDecisions(tuple(items))
