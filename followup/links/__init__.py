"""Suggested links between recommendations: which UN recommendations take up an NGO's
asks (``relates_to``), which ones a review reiterates (``reiterates``), and which bodies
ask the same thing (``cluster``).

A layer over :mod:`followup.model` with no I/O of its own (gold files are read through
the registry's bounded read path). The suggestions are ranked lists for a person to
decide on, never links made on their own::

    import followup
    from followup import links

    reg = followup.load("registries/kazakhstan")
    for s in links.suggest(reg, source="kaz-iphr-2025", target="mechanism:CCPR", top=3):
        print(s.source, s.target, s.score, s.method, s.kind)

Not imported by ``import followup``: ``followup.links`` loads on first use.
"""

from __future__ import annotations

from followup.links.evaluate import Evaluation, Metrics, evaluate
from followup.links.gold import (
    GoldError,
    GoldLink,
    both_ways,
    check_gold,
    parse_gold,
    read_gold,
    recorded_links,
)
from followup.links.kinds import Kind
from followup.links.select import LinkError, SelectorError, select
from followup.links.suggest import BOOSTS, Suggestion, language_pair, suggest

__all__ = [
    "BOOSTS",
    "Evaluation",
    "GoldError",
    "GoldLink",
    "Kind",
    "LinkError",
    "Metrics",
    "SelectorError",
    "Suggestion",
    "both_ways",
    "check_gold",
    "evaluate",
    "language_pair",
    "parse_gold",
    "read_gold",
    "recorded_links",
    "select",
    "suggest",
]
