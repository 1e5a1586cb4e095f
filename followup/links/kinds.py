"""The three kinds of link, and which pairs of recommendations are candidates for each.

- ``relates_to``: an ask of an NGO or an NHRI (a review whose mechanism is ``NGO`` or
  ``NHRI``), taken up by a UN body: the target is a recommendation of a UN mechanism
  (a treaty body, the UPR, a special procedure).
- ``reiterates``: a later recommendation of the same body repeating an earlier one: the
  target's review is dated before the source's.
- ``cluster``: the same ask from two different UN bodies (symmetric: a pair is a
  candidate either way round).

Every kind pairs recommendations addressed to the same State. The body of a special
procedure is its review's author (one mandate), of any other mechanism the mechanism.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from followup.model.records import Recommendation, Review
from followup.model.values import Mechanism

__all__ = ["NON_UN", "WORDING", "Kind", "body", "kind_between", "linked_pairs", "parse_kind"]

#: Mechanisms whose recommendations are asks to the UN, not recommendations of it.
NON_UN = frozenset({Mechanism.NGO, Mechanism.NHRI})


class Kind(StrEnum):
    """A kind of link between two recommendations."""

    RELATES_TO = "relates_to"
    REITERATES = "reiterates"
    CLUSTER = "cluster"


#: How each kind reads between a source and a target.
WORDING = {
    Kind.RELATES_TO: "taken up by",
    Kind.REITERATES: "reiterates",
    Kind.CLUSTER: "same ask as",
}


def parse_kind(value: str | Kind | None) -> Kind | None:
    """A kind from its name (None stays None: every kind); ValueError names the kinds."""
    if value is None or isinstance(value, Kind):
        return value
    try:
        return Kind(value)
    except ValueError:
        names = ", ".join(k.value for k in Kind)
        raise ValueError(f"{value!r} is not a kind of link (one of {names})") from None


def body(review: Review) -> tuple[str, str | None]:
    """Who made a review's recommendations: the mechanism (and, for special procedures,
    the mandate named as the review's author)."""
    author = review.author if review.mechanism == Mechanism.SP else None
    return review.mechanism.value, author


def kind_between(source: Review, target: Review, wanted: Kind | None = None) -> Kind | None:
    """The kind of link a recommendation of ``source`` may have to one of ``target``
    (None when none may), limited to ``wanted`` when given."""
    if source.state != target.state:
        return None
    source_un = source.mechanism not in NON_UN
    target_un = target.mechanism not in NON_UN
    found: Kind | None = None
    if not source_un and target_un:
        found = Kind.RELATES_TO
    elif source_un and target_un:
        if body(source) != body(target):
            found = Kind.CLUSTER
        elif target.date < source.date:
            found = Kind.REITERATES
    return found if wanted is None or found == wanted else None


def linked_pairs(recommendations: Iterable[Recommendation]) -> frozenset[frozenset[str]]:
    """The pairs already linked (``relates_to`` or ``reiterates``, either way round)."""
    pairs: set[frozenset[str]] = set()
    for rec in recommendations:
        for other in (*rec.relates_to, *rec.reiterates):
            pairs.add(frozenset((rec.id, other)))
    return frozenset(pairs)
