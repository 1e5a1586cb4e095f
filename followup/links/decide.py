"""A person's decisions on suggested links, for a program (a web app, the terminal review).

::

    import followup
    from followup.links import decide, suggest
    from followup.registry.linkfile import read_link_decisions

    reg = followup.load(path)
    decisions = read_link_decisions(path)
    found = suggest(reg, "kaz-iphr-2025", "mechanism:CCPR", top=3, decisions=decisions)
    for s in decide.pending(reg, decisions, found):
        decide.accept(path, s, by="compilers")  # or decide.reject(path, s, by=...)

:func:`accept` writes a ``relates_to`` or ``reiterates`` link into the source
recommendation's field through the comment-keeping editor (:func:`followup.edit`, which
validates the registry before writing), then records the decision in the registry's
decisions file (:mod:`followup.registry.linkfile`); an accepted ``cluster`` is recorded
there only. :func:`reject` records the decision only. Every call writes at once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from followup.links.select import LinkError
from followup.links.suggest import Suggestion
from followup.model.dates import DateLike, as_optional_date
from followup.model.linkdecision import Decision, LinkDecision, LinkDecisions, LinkKind
from followup.model.registry import Registry
from followup.registry.editing import edit
from followup.registry.linkfile import record_link_decision

__all__ = ["accept", "decision_of", "pending", "reject"]

Path = str | os.PathLike[str]


def pending(
    registry: Registry, decisions: LinkDecisions, suggestions: Iterable[Suggestion]
) -> list[Suggestion]:
    """The suggestions nobody has decided on yet, in their order: a pair rejected or
    accepted before is left out, and so is a pair the registry already links."""
    linked = {
        frozenset((rec.id, other))
        for rec in registry.recommendations.values()
        for other in (*rec.relates_to, *rec.reiterates)
    }
    standing = decisions.standing()  # once: a decision per (kind, pair)
    return [
        s
        for s in suggestions
        if _key(s) not in standing and frozenset((s.source, s.target)) not in linked
    ]


def _key(s: Suggestion) -> tuple[LinkKind, str, str]:
    kind = LinkKind(s.kind)
    if kind is LinkKind.CLUSTER:  # symmetric: the pair in a fixed order
        first, second = sorted((s.source, s.target))
        return kind, first, second
    return kind, s.source, s.target


def decision_of(
    suggestion: Suggestion, decision: Decision | str, by: str, on: DateLike | None = None
) -> LinkDecision:
    """The decision ``by`` makes on ``suggestion`` (dated ``on``, by default today; a
    date in the future is a :class:`LinkError`)."""
    today = dt.date.today()
    day = as_optional_date(on, "on") or today
    if day > today:
        raise LinkError(f"on: {day.isoformat()} is in the future; give the day of the decision")
    return LinkDecision(
        suggestion.source,
        suggestion.target,
        suggestion.kind,
        decision,
        by,
        day,
        suggestion.score,
        suggestion.method,
    )


def accept(path: Path, suggestion: Suggestion, by: str, on: DateLike | None = None) -> LinkDecision:
    """Accept ``suggestion`` for the registry at ``path``: the link written into the
    source's ``relates_to`` or ``reiterates`` (a ``cluster`` has no field), the registry
    validated as any edit is, then the decision recorded. Returns the decision."""
    made = decision_of(suggestion, Decision.ACCEPTED, by, on)
    if made.kind is not LinkKind.CLUSTER:
        with edit(path) as ed:
            if made.kind is LinkKind.RELATES_TO:
                ed.link(made.source, relates_to=[made.target])
            else:
                ed.link(made.source, reiterates=[made.target])
    record_link_decision(path, made)
    return made


def reject(path: Path, suggestion: Suggestion, by: str, on: DateLike | None = None) -> LinkDecision:
    """Reject ``suggestion`` for the registry at ``path``: the decision recorded, so that
    the pair is never suggested again. Returns the decision."""
    made = decision_of(suggestion, Decision.REJECTED, by, on)
    record_link_decision(path, made)
    return made
