"""ScoreResult as tables: groups apart from the overall figures, numbers rounded at output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import followup
from followup.scoring import score

from .conftest import KAZAKHSTAN

pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def result() -> followup.ScoreResult:
    return score(followup.load(KAZAKHSTAN), "theme", as_of=dt.date(2025, 5, 31))


def test_frame_holds_the_groups_only(result: followup.ScoreResult) -> None:
    frame = result.to_frame()
    assert list(frame["theme"]) == [g.key[0] for g in result.groups]
    assert "(all)" not in set(frame["theme"]) and "overall" not in frame.columns
    assert int(frame["total"].sum()) == sum(g.total for g in result.groups)
    levels = [*result.levels, "unknown"]
    assert int(frame[levels].sum().sum()) == sum(g.total for g in result.groups)


def test_overall_row_is_flagged_apart(result: followup.ScoreResult) -> None:
    full = result.to_frame(include_overall=True)
    assert list(full["overall"]) == [False] * len(result.groups) + [True]
    last = full.iloc[-1]
    assert last["total"] == result.overall.total and full["theme"].isna().tolist()[-1]
    assert not full["theme"].isna().tolist()[0]
    groups = full[~full["overall"]]
    assert int(groups["total"].sum()) == sum(g.total for g in result.groups)
    alone = result.overall_frame()
    assert len(alone) == 1 and "theme" not in alone.columns
    assert int(alone["total"].iloc[0]) == result.overall.total


def test_two_dimensions_and_no_dimension() -> None:
    reg = followup.load(KAZAKHSTAN)
    two = score(reg, ("theme", "review"), as_of=dt.date(2025, 5, 31))
    frame = two.to_frame(include_overall=True)
    assert list(frame.columns[:2]) == ["theme", "review"]
    assert frame.iloc[-1][["theme", "review"]].isna().all()
    none = score(reg, as_of=dt.date(2025, 5, 31))
    assert int(none.to_frame()["total"].iloc[0]) == none.overall.total


def test_rows_still_end_with_the_all_row(result: followup.ScoreResult) -> None:
    rows = result.rows()
    assert rows[:-1] == result.group_rows()
    assert rows[-1]["theme"] == "(all)" and rows[-1]["total"] == result.overall.total
    assert result.overall_row()["theme"] is None


def test_to_dict_rounds_at_output_only(result: followup.ScoreResult) -> None:
    data = result.to_dict()
    text = json.dumps(data)
    assert data["as_of"] == "2025-05-31" and data["by"] == ["theme"]
    assert "theme" not in data["overall"] and data["overall"]["total"] == 29
    for group, row in zip(result.groups, data["groups"], strict=True):
        if group.score is not None:
            assert row["score"] == round(group.score, 6)
    # the values themselves keep full precision
    assert all(g.score is None or isinstance(g.score, float) for g in result.groups)
    assert "0000000" not in text and "9999999" not in text


def test_no_rounding_in_the_arithmetic() -> None:
    reg = followup.load(KAZAKHSTAN)
    one_third = dict.fromkeys(reg.scales[reg.info.default_scale].level_ids, 1 / 3)
    result = score(reg, as_of=dt.date(2025, 5, 31), scores=one_third)
    assert result.overall.score is not None
    assert result.overall.score == pytest.approx(1 / 3, abs=1e-15)
    assert result.overall.score != round(1 / 3, 6)
    assert result.to_dict()["overall"]["score"] == 0.333333
