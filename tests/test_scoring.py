"""The scoring layer: hypothesis properties first, then hand-computed Kazakhstan figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import random

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.cli import main
from followup.model.records import Assessment, Recommendation
from followup.scoring import (
    UNKNOWN,
    Policy,
    change,
    deadlines,
    in_force,
    lineages,
    period_ends,
    score,
    series,
)
from followup.testing import registries

from .conftest import KAZAKHSTAN

_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DAYS = st.dates(dt.date(1995, 1, 1), dt.date(2026, 1, 1))
_BY = st.sampled_from(
    [(), ("theme",), ("review",), ("mechanism",), ("judge",), ("theme", "review")]
)


# -- properties -----------------------------------------------------------------------------


@_SETTINGS
@given(registries(max_recommendations=10), _DAYS, _BY)
def test_scores_are_shares(registry: followup.Registry, day: dt.date, by: tuple[str, ...]) -> None:
    result = score(registry, by, as_of=day)
    for group in (*result.groups, result.overall):
        assert group.score is None or 0.0 <= group.score <= 1.0
        assert group.implementation_rate is None or 0.0 <= group.implementation_rate <= 1.0
        assert sum(group.counts.values()) == group.total
        assert group.scored <= group.assessed <= group.total
        assert group.counts.get(UNKNOWN, 0) == group.total - group.assessed
        for level, ids in group.ids.items():
            assert len(ids) == group.counts[level]
    assert result.overall.total == len(registry.recommendations)


@_SETTINGS
@given(registries(max_recommendations=10), _DAYS)
def test_union_of_disjoint_groups_is_the_weighted_mean(
    registry: followup.Registry, day: dt.date
) -> None:
    # reviews partition the recommendations: the overall score is the mean of the
    # review scores weighted by how many each scored
    result = score(registry, "review", as_of=day)
    scored = [g for g in result.groups if g.score is not None]
    total = sum(g.scored for g in scored)
    if total == 0:
        assert result.overall.score is None
    else:
        mean = sum(g.score * g.scored for g in scored if g.score is not None) / total
        assert result.overall.score == pytest.approx(mean)
        assert result.overall.scored == total


@_SETTINGS
@given(registries(max_recommendations=8), _DAYS, st.data())
def test_later_assessments_change_nothing(
    registry: followup.Registry, day: dt.date, data: st.DataObject
) -> None:
    if not registry.recommendations:
        return
    rec_id = data.draw(st.sampled_from(sorted(registry.recommendations)))
    rec = registry.recommendations[rec_id]
    later = Assessment(
        date=day + dt.timedelta(days=data.draw(st.integers(1, 400))),
        status=data.draw(st.sampled_from(["implemented", "regressed", "not-implemented"])),
        by="Someone",
    )
    history = tuple(sorted((*rec.history, later), key=lambda e: e.date or dt.date.min))
    changed = attrs.evolve(
        registry,
        recommendations={**registry.recommendations, rec_id: attrs.evolve(rec, history=history)},
    )
    for by in ((), ("theme",), ("judge",)):
        assert score(changed, by, as_of=day) == score(registry, by, as_of=day)


@_SETTINGS
@given(registries(max_recommendations=10), _DAYS, st.randoms(use_true_random=False))
def test_order_of_recommendations_changes_nothing(
    registry: followup.Registry, day: dt.date, rnd: random.Random
) -> None:
    items = list(registry.recommendations.items())
    rnd.shuffle(items)
    reviews = list(registry.reviews.items())
    rnd.shuffle(reviews)
    shuffled = attrs.evolve(registry, recommendations=dict(items), reviews=dict(reviews))
    for by in ((), ("theme", "review"), ("judge",), ("right",)):
        assert score(shuffled, by, as_of=day) == score(registry, by, as_of=day)


@_SETTINGS
@given(registries(max_recommendations=10), _DAYS, _DAYS)
def test_transition_totals(registry: followup.Registry, one: dt.date, two: dt.date) -> None:
    before, after = min(one, two), max(one, two)
    moved = change(registry, before, after)
    present = [
        r for r in registry.recommendations.values() if registry.reviews[r.review].date <= before
    ]
    assert moved.total == len(present)
    assert sorted(i for ids in moved.transitions.values() for i in ids) == sorted(
        r.id for r in present
    )
    assert all(a != b for a, b in moved.moved)


# -- the assessment in force ---------------------------------------------------------------


def _rec(*history: followup.Assessment | followup.Response) -> Recommendation:
    return Recommendation(
        id="r",
        review="v",
        text=followup.Text.plain("t"),
        source=followup.Source(document="D"),
        history=history,
    )


def test_in_force_latest_and_preferred_judge() -> None:
    ngo = Assessment(date=dt.date(2024, 1, 1), status="not-implemented", by="NGO")
    committee = Assessment(date=dt.date(2023, 1, 1), status="partially-implemented", by="HRC")
    later_ngo = Assessment(date=dt.date(2025, 1, 1), status="implemented", by="NGO")
    rec = _rec(committee, ngo, later_ngo)
    day = dt.date(2024, 6, 1)
    assert in_force(rec, day, "implementation", "implementation") is ngo
    prefer = Policy(("HRC", "NGO"))
    assert in_force(rec, day, "implementation", "implementation", prefer) is committee
    assert in_force(rec, dt.date(2022, 1, 1), "implementation", "implementation") is None
    assert in_force(rec, day, "hrc-follow-up", "implementation") is None
    assert Policy(("HRC",)).name == "prefer: HRC"
    with pytest.raises(ValueError, match="each once"):
        Policy(("A", "A"))


# -- Kazakhstan, computed by hand ------------------------------------------------------------


@pytest.fixture(scope="module")
def kz() -> followup.Registry:
    return followup.load(KAZAKHSTAN)


def test_expression_theme_as_of_may_2025(kz: followup.Registry) -> None:
    # The expression theme holds 10 recommendations (registries/kazakhstan): CO/2 paras
    # 50(a)-(d) (4) and IPHR's 4.1, 4.2, 4.3, 5.1, 5.2 and 5.4 (6). On 31 May 2025 each has
    # an assessment in force (dated May 2025: in force from 31 May): 8 not implemented
    # (score 0), one regressed (0, kaz-ccpr-2-p50b: a new contrary offence in 2023) and one
    # partially implemented (0.5, kaz-ccpr-2-p50a): score 0.5 / 10 = 0.05, rate 1 / 10.
    group = score(kz, "theme", as_of=dt.date(2025, 5, 31)).group("expression")
    assert group.total == 10 and group.assessed == 10 and group.scored == 10
    assert group.counts == {"not-implemented": 8, "regressed": 1, "partially-implemented": 1}
    assert score(kz, "theme", as_of=dt.date(2025, 5, 30)).group("expression").assessed == 0
    assert group.ids["partially-implemented"] == ("kaz-ccpr-2-p50a",)
    assert group.score == pytest.approx(0.05)
    assert group.implementation_rate == pytest.approx(0.1)


def test_overall_as_of_may_2025(kz: followup.Registry) -> None:
    overall = score(kz, as_of=dt.date(2025, 5, 31)).overall
    # 29 recommendations; 20 assessed, one of them "no-information" (no score): 19 scored;
    # 4 partially implemented (0.5 each), 15 not implemented: 2 / 19
    assert (overall.total, overall.assessed, overall.scored) == (29, 20, 19)
    assert overall.score == pytest.approx(2 / 19)
    assert overall.implementation_rate == pytest.approx(4 / 19)
    assert overall.counts[UNKNOWN] == 9


def test_nothing_is_assessed_before_the_assessments(kz: followup.Registry) -> None:
    overall = score(kz, as_of=dt.date(2015, 1, 1)).overall
    assert overall.score is None and overall.assessed == 0


def test_score_overrides_and_weights(kz: followup.Registry) -> None:
    day = dt.date(2025, 5, 31)
    half = score(kz, as_of=day, scores={"partially-implemented": 1.0}).overall
    assert half.score == pytest.approx(4 / 19)
    with pytest.raises(followup.UnknownIdError):
        score(kz, as_of=day, scores={"B": 0.5})
    weighted = score(kz, as_of=day, weighted=True).overall
    assert weighted.score is not None and 0.0 <= weighted.score <= 1.0


def test_bad_groupings(kz: followup.Registry) -> None:
    with pytest.raises(followup.UnknownIdError, match="did you mean"):
        score(kz, "themes")
    with pytest.raises(followup.FollowupError):
        score(kz, ("theme", "review", "judge"))


def test_deadlines(kz: followup.Registry) -> None:
    found = {d.review: d for d in deadlines(kz, dt.date(2026, 11, 25))}
    co2 = found["kaz-ccpr-2016"]
    assert co2.due == dt.date(2017, 7, 11) and co2.due_unverified
    # a reply is known to exist (its date and symbol are not established): never overdue
    assert not co2.overdue and co2.reply == "undated"
    assert {i.rec_id for i in co2.items} == {
        "kaz-ccpr-2-zhanaozen",
        "kaz-ccpr-2-torture",
        "kaz-ccpr-2-association",
    }
    assert not found["kaz-ccpr-2025"].overdue
    assert found["kaz-ccpr-2025"].days_left == (dt.date(2028, 7, 17) - dt.date(2026, 11, 25)).days


def test_lineages_and_change(kz: followup.Registry) -> None:
    chains = {lin.ids: lin for lin in lineages(kz, as_of=dt.date(2026, 11, 25))}
    assembly = chains[("kaz-ccpr-1-p26", "kaz-ccpr-2-p52")]
    assert assembly.first_raised == dt.date(2011, 7, 26)
    assert assembly.implemented_on is None and assembly.years_open == 15.3
    moved = change(kz, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
    assert moved.count(UNKNOWN, "not-implemented") == 2
    assert moved.transitions[(UNKNOWN, "regressed")] == ("kaz-ccpr-2-p50b",)
    assert moved.transitions[(UNKNOWN, "partially-implemented")] == ("kaz-ccpr-2-p50a",)


def test_series_and_periods(kz: followup.Registry) -> None:
    ends = period_ends(dt.date(2025, 2, 3), dt.date(2025, 11, 1))
    assert ends == (
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
    )
    assert period_ends(dt.date(2024, 12, 5), dt.date(2025, 1, 2), "month") == (
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 31),
    )
    points = series(kz, "theme", dates=ends)
    assert [p.as_of for p in points] == list(ends)
    assert points[1].group("expression").score == pytest.approx(0.05)


def test_rows() -> None:
    result = score(followup.load(KAZAKHSTAN), "theme", as_of=dt.date(2025, 5, 31))
    rows = result.rows()
    assert rows[-1]["theme"] == "(all)" and rows[-1]["total"] == 29
    expression = next(r for r in rows if r["theme"] == "expression")
    assert expression["not-implemented"] == 8 and expression["unknown"] == 0
    json.dumps(rows)  # plain data


# -- the CLI ---------------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_cli_score_table_json_csv() -> None:
    code, text = _run("score", str(KAZAKHSTAN), "--by", "theme", "--as-of", "2025-05-31")
    assert code == 0
    line = next(ln for ln in text.splitlines() if ln.startswith("expression"))
    assert line.split()[1:5] == ["10", "10", "(100%)", "0.05"]
    code, text = _run(
        "score", str(KAZAKHSTAN), "--by", "theme", "--as-of", "2025-05-31", "--format", "json"
    )
    payload = json.loads(text)
    assert payload["scale"] == "implementation" and payload["by"] == ["theme"]
    code, text = _run(
        "score", str(KAZAKHSTAN), "--by", "theme", "--by", "review", "--format", "csv"
    )
    assert text.splitlines()[0].startswith("theme,review,total,assessed")


def test_cli_progress_and_deadlines() -> None:
    code, text = _run("progress", str(KAZAKHSTAN), "--from", "2024-01-01", "--to", "2025-06-30")
    assert code == 0 and "unknown -> not-implemented: 2" in text
    code, text = _run("deadlines", str(KAZAKHSTAN), "--as-of", "2026-11-25")
    assert code == 0
    assert "kaz-ccpr-2016: due 2017-07-11 (due date unverified): reply known, not dated" in text
    assert "overdue" not in text.lower()


def test_to_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    result = score(followup.load(KAZAKHSTAN), "theme", as_of=dt.date(2025, 5, 31))
    frame = result.to_frame()
    assert "(all)" not in set(frame["theme"]) and "overall" not in frame.columns
    assert int(frame.loc[frame["theme"] == "expression", "not-implemented"].iloc[0]) == 8
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)  # as if not installed
    with pytest.raises(followup.FollowupError, match=r"pip install 'followup\[pandas\]'"):
        result.to_frame()


def test_responses_are_reported_apart(kz: followup.Registry) -> None:
    from followup.scoring import NO_RESPONSE, responses

    groups = {g.key: g for g in responses(kz, "review", as_of=dt.date(2026, 11, 25))}
    co2 = groups[("kaz-ccpr-2016",)]
    assert sum(len(ids) for ids in co2.ids.values()) == 9
    assert co2.count(NO_RESPONSE) + co2.count("reply-received") + co2.count("no-reply") == 9
    with pytest.raises(followup.UnknownIdError):
        responses(kz, "judge")
