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
The rules live in the model (:mod:`followup.model.linkdecision`), so that the registry
checks recorded decisions by the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup.model.linkdecision import NON_UN, body, kind_between
from followup.model.linkdecision import LinkKind as Kind
from followup.model.records import Recommendation

__all__ = ["NON_UN", "WORDING", "Kind", "body", "kind_between", "linked_pairs", "parse_kind"]

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


def linked_pairs(recommendations: Iterable[Recommendation]) -> frozenset[frozenset[str]]:
    """The pairs already linked (``relates_to`` or ``reiterates``, either way round)."""
    pairs: set[frozenset[str]] = set()
    for rec in recommendations:
        for other in (*rec.relates_to, *rec.reiterates):
            pairs.add(frozenset((rec.id, other)))
    return frozenset(pairs)
