"""Selectors: which recommendations a suggestion run starts from, or looks among.

A selector is one of

- a review id (``kaz-ccpr-2016``): the recommendations of that review;
- ``mechanism:UPR``, ``theme:assembly``, ``state:KAZ``: those of a mechanism, a theme
  or a State;
- ``all``: every recommendation;
- a recommendation id, or several separated by commas (``kaz-ccpr-2-p52,iphr-2025-2.1``).

An unknown name is a :class:`SelectorError` that says what was expected and suggests the
nearest known names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from followup.errors import FollowupError
from followup.model.records import Recommendation
from followup.model.registry import Registry
from followup.model.values import Mechanism

__all__ = ["KINDS_OF_SELECTOR", "LinkError", "SelectorError", "select"]

#: The prefixed forms a selector may take.
KINDS_OF_SELECTOR = ("mechanism", "theme", "state")

_FORMS = (
    "a review id, mechanism:UPR, theme:ID, state:KAZ, all, or recommendation ids "
    "separated by commas"
)


class LinkError(FollowupError, ValueError):
    """A request for suggested links that cannot be met (the message says why)."""


class SelectorError(LinkError):
    """A selector that names nothing in the registry."""


def _did_you_mean(wanted: str, known: Iterable[str]) -> str:
    names = sorted(set(known))
    folded = {name.casefold(): name for name in names}
    near = difflib.get_close_matches(wanted.casefold(), list(folded), n=3, cutoff=0.6)
    if not near:
        return ""
    return "; did you mean " + " or ".join(repr(folded[n]) for n in near) + "?"


def _prefixed(registry: Registry, kind: str, value: str) -> tuple[Recommendation, ...]:
    if kind == "mechanism":
        names = [m.value for m in Mechanism]
        upper = value.upper()
        if upper not in names:
            raise SelectorError(
                f"mechanism:{value}: no such mechanism{_did_you_mean(value, names)} "
                f"(one of {', '.join(names)})"
            )
        return registry.select(mechanism=upper)
    if kind == "theme":
        if value not in registry.themes:
            raise SelectorError(
                f"theme:{value}: the registry declares no such theme"
                f"{_did_you_mean(value, registry.themes)}"
            )
        return registry.select(theme=value)
    states = {review.state for review in registry.reviews.values()}
    upper = value.upper()
    if upper not in states:
        raise SelectorError(
            f"state:{value}: no review of this registry is about that State"
            f"{_did_you_mean(upper, states)} (States here: {', '.join(sorted(states))})"
        )
    return registry.select(state=upper)


def _listed(registry: Registry, ids: list[str], selector: str) -> tuple[Recommendation, ...]:
    found: list[Recommendation] = []
    for rec_id in ids:
        rec = registry.recommendations.get(rec_id)
        if rec is None:
            known = [*registry.recommendations, *registry.reviews]
            raise SelectorError(
                f"{selector!r}: {rec_id!r} is neither a review nor a recommendation of this "
                f"registry{_did_you_mean(rec_id, known)} (a selector is {_FORMS})"
            )
        found.append(rec)
    return tuple(dict.fromkeys(found))


def select(registry: Registry, selector: str) -> tuple[Recommendation, ...]:
    """The recommendations ``selector`` names, in registry order (for a list of ids, in
    the order given); :class:`SelectorError` when it names nothing known."""
    text = selector.strip()
    if not text:
        raise SelectorError(f"an empty selector: give {_FORMS}")
    if text == "all":
        return tuple(registry.recommendations.values())
    kind, colon, value = text.partition(":")
    if colon:
        kind = kind.strip().lower()
        if kind not in KINDS_OF_SELECTOR:
            raise SelectorError(
                f"{text!r}: {kind!r} is not a kind of selector"
                f"{_did_you_mean(kind, KINDS_OF_SELECTOR)} (use {_FORMS})"
            )
        return _prefixed(registry, kind, value.strip())
    if "," not in text and text in registry.reviews:
        return registry.select(review=text)
    ids = [part.strip() for part in text.split(",") if part.strip()]
    return _listed(registry, ids, text)
