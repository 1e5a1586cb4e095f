"""The checks of recorded link decisions against the registry they belong to.

Run by ``followup validate`` and :func:`followup.validate`: an id the registry does not
hold, a kind of link the two recommendations cannot have
(:func:`followup.model.linkdecision.kind_between`) and a date in the future are errors;
an accepted ``relates_to`` or ``reiterates`` link missing from the source
recommendation's own field is a warning. Each problem is placed on its line of the
decisions file (:mod:`followup.registry.linkfile`).
"""

from __future__ import annotations

import datetime as dt
import os

from followup.errors import FollowupError
from followup.model.linkdecision import LinkDecision, LinkDecisions, LinkKind, kind_between
from followup.model.registry import Registry
from followup.registry.linkfile import _line, _parse, _read_text, link_file
from followup.registry.report import Problem, Severity

__all__ = ["check_link_decisions", "check_link_file"]


def check_link_decisions(
    registry: Registry,
    decisions: LinkDecisions,
    *,
    file: str | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Problems with recorded decisions: ids the registry does not hold, a kind of link
    the two recommendations cannot have (:func:`followup.model.linkdecision.kind_between`)
    and dates in the future (errors); an accepted ``relates_to`` or ``reiterates`` link
    missing from the source recommendation's field (a warning)."""
    day = today or dt.date.today()
    problems: list[Problem] = []
    for i, d in enumerate(decisions):
        path = ("decisions", i)
        for name in ("source", "target"):
            rec_id = getattr(d, name)
            if rec_id not in registry.recommendations:
                problems.append(
                    Problem(
                        Severity.ERROR,
                        "link-decision-unknown-id",
                        f"{name} {rec_id!r} is no recommendation of the registry",
                        file,
                        path=(*path, name),
                        hint="correct the id, or remove the decision",
                    )
                )
        if d.source in registry.recommendations and d.target in registry.recommendations:
            problems.extend(_kind_problems(registry, d, file, path))
        if d.on > day:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "link-decision-future-date",
                    f"decided on {d.on.isoformat()}, a date in the future",
                    file,
                    path=(*path, "on"),
                    hint="give the date the decision was made",
                )
            )
    for d in decisions.accepted():
        if d.kind is LinkKind.CLUSTER or d.source not in registry.recommendations:
            continue
        field = d.kind.value
        if d.target not in getattr(registry.recommendations[d.source], field):
            i = decisions.decisions.index(d)
            problems.append(
                Problem(
                    Severity.WARNING,
                    "link-decision-not-linked",
                    f"{d.source} -> {d.target} was accepted, but {d.source}'s `{field}` "
                    "does not list it",
                    file,
                    path=("decisions", i),
                    hint=f"add {d.target} to {d.source}'s {field}, or record a rejection",
                )
            )
    return problems


def check_link_file(registry_path: str | os.PathLike[str], registry: Registry) -> list[Problem]:
    """:func:`check_link_decisions` on the registry's decisions file, each problem placed
    on its line; a file that cannot be read is one error."""
    file = link_file(registry_path)
    shown = os.path.relpath(file) if file.is_absolute() else str(file)
    try:
        text = _read_text(file)
        if text is None:
            return []
        tree, decisions = _parse(file, text)
    except FollowupError as exc:
        return [
            Problem(
                Severity.ERROR,
                "link-decisions-unreadable",
                str(exc),
                shown,
                hint="correct the decisions file as the message says",
            )
        ]
    items = tree.get("decisions") if tree is not None else None
    found = []
    for p in check_link_decisions(registry, decisions, file=shown):
        line = None
        if items is not None and len(p.path) >= 2 and isinstance(p.path[1], int):
            item = items[p.path[1]]
            line = _line(item, str(p.path[2])) if len(p.path) > 2 else _line(item)
        found.append(Problem(p.severity, p.code, p.message, p.file, line, None, p.path, p.hint))
    return found


def _kind_problems(
    registry: Registry, d: LinkDecision, file: str | None, path: tuple[str | int, ...]
) -> list[Problem]:
    """An error when ``d``'s kind cannot hold between its two recommendations (a cluster
    either way round): the scorecard would count an NGO as a UN body, or a reiteration
    backwards in time."""
    source = registry.reviews[registry.recommendations[d.source].review]
    target = registry.reviews[registry.recommendations[d.target].review]
    if kind_between(source, target, d.kind) is not None:
        return []
    if d.kind is LinkKind.CLUSTER and kind_between(target, source, d.kind) is not None:
        return []
    possible = kind_between(source, target)
    instead = f"; these two may be linked as {possible.value}" if possible else ""
    return [
        Problem(
            Severity.ERROR,
            "link-decision-kind",
            f"{d.source} -> {d.target} cannot be a {d.kind.value} link "
            f"({source.mechanism.value} {source.date.isoformat()} -> "
            f"{target.mechanism.value} {target.date.isoformat()}){instead}",
            file,
            path=(*path, "kind"),
            hint="relates_to: an NGO's or NHRI's ask to a UN body; reiterates: a later "
            "review of the same body to an earlier one; cluster: two different UN bodies",
        )
    ]
