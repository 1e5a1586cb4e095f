"""The model of decisions on suggested links: the latest stands, clusters join."""

from __future__ import annotations

import datetime as dt

import pytest

from followup.model.linkdecision import (
    Decision,
    LinkDecision,
    LinkDecisions,
    LinkKind,
    decisions_of,
)

DAY = dt.date(2026, 12, 1)


def _d(source: str, target: str, kind: str, decision: str, day: int = 1) -> LinkDecision:
    return LinkDecision(source, target, kind, decision, "compilers", dt.date(2026, 12, day))


def test_latest_decision_on_a_pair_stands() -> None:
    ds = decisions_of(
        [_d("a", "b", "relates_to", "rejected", 1), _d("a", "b", "relates_to", "accepted", 2)]
    )
    assert [d.decision for d in ds.accepted()] == [Decision.ACCEPTED]
    assert ds.rejected() == ()
    found = ds.decided("relates_to", "a", "b")
    assert found is not None and found.on == dt.date(2026, 12, 2)
    assert ds.decided("relates_to", "b", "a") is None  # relates_to has a direction


def test_cluster_pairs_have_no_direction_and_join() -> None:
    ds = LinkDecisions(
        (
            _d("c", "a", "cluster", "accepted"),
            _d("b", "c", "cluster", "accepted"),
            _d("x", "y", "cluster", "rejected"),
            _d("p", "q", "cluster", "accepted"),
        )
    )
    assert ds.decided(LinkKind.CLUSTER, "a", "c") is not None
    assert ds.clusters() == (frozenset({"a", "b", "c"}), frozenset({"p", "q"}))
    undone = ds.with_decision(_d("a", "c", "cluster", "rejected", 5))
    assert undone.clusters() == (frozenset({"b", "c"}), frozenset({"p", "q"}))


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError):
        _d("a", "b", "same-as", "accepted")
    with pytest.raises(ValueError):
        _d("a", "b", "cluster", "maybe")
    with pytest.raises(ValueError):
        LinkDecision("a", "b", "cluster", "accepted", "  ", DAY)
    with pytest.raises(ValueError):
        LinkDecision("A B", "b", "cluster", "accepted", "x", DAY)
