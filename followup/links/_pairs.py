"""What a pair of recommendations is compared on: the languages its texts are read in,
and the attributes the boosts look at (themes, rights, SDG targets).

:func:`language_pair` says which languages a source and a target are compared in (a
language both are written in, by the source's order, else each side's first);
:data:`BOOSTS` are the weights of the shared attributes added to a pair's score.
"""

from __future__ import annotations

from attrs import frozen

from followup.model.records import Recommendation
from followup.model.registry import Registry
from followup.model.text import UNSTATED, Text

__all__ = ["BOOSTS", "language_pair"]

#: What a shared attribute adds to a pair's score: its name in the method, its weight.
BOOSTS = (("themes", 0.3), ("rights", 0.1), ("sdg", 0.05))
_BOOST_MAX = sum(weight for _, weight in BOOSTS)


def _languages(text: Text | str, default: str) -> tuple[str, ...]:
    if isinstance(text, str):
        return (default,)
    return tuple(default if key == UNSTATED else key for key in text.languages)


def _text_in(text: Text | str, language: str, default: str) -> str:
    if isinstance(text, str):
        return text
    for key, value in text.items:
        if (default if key == UNSTATED else key) == language:
            return value
    return text.items[0][1]


def _pair(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[str, str]:
    for language in source:
        if language in target:
            return language, language
    return source[0], target[0]


def language_pair(registry: Registry, source: str, target: str) -> str:
    """The languages a source and a target are compared in, source's first: ``"es/en"``."""
    default = registry.info.language
    pair = _pair(
        _languages(registry.recommendation(source).text, default),
        _languages(registry.recommendation(target).text, default),
    )
    return f"{pair[0]}/{pair[1]}"


def _share(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@frozen
class _Features:
    """What the boosts compare, per recommendation."""

    themes: frozenset[str]
    rights: frozenset[str]
    sdg: frozenset[str]

    def shares(self, other: _Features) -> tuple[float, ...]:
        """The Jaccard share of each boost's attribute, in the order of :data:`BOOSTS`."""
        return (
            _share(self.themes, other.themes),
            _share(self.rights, other.rights),
            _share(self.sdg, other.sdg),
        )


def _features(registry: Registry, rec: Recommendation) -> _Features:
    return _Features(
        frozenset(rec.themes), frozenset(registry.rights_of(rec)), frozenset(rec.sdg_targets)
    )


def _boost(shares: tuple[float, ...]) -> float:
    return sum(weight * share for (_, weight), share in zip(BOOSTS, shares, strict=True))
