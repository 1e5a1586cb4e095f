"""Every public function that takes a date takes an ISO string too, or says what it wants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.model.dates import InvalidDate, as_date
from followup.scoring import (
    agreement,
    change,
    deadlines,
    elapsed,
    in_force,
    lineages,
    period_ends,
    rates,
    responses,
    score,
    series,
)

from .conftest import KAZAKHSTAN

DAY = dt.date(2025, 6, 30)
TEXT = "2025-06-30"


@pytest.fixture(scope="module")
def kaz() -> followup.Registry:
    return followup.load(KAZAKHSTAN)


def _assessed(kaz: followup.Registry) -> followup.Recommendation:
    return next(r for r in kaz.recommendations.values() if r.assessments)


# each: a call with the date given as `when`, and the parameter's name
CALLS: dict[str, tuple[str, Callable[[followup.Registry, Any], Any]]] = {
    "Registry.status": ("as_of", lambda reg, when: reg.status(_assessed(reg).id, as_of=when)),
    "Registry.latest_assessment": (
        "as_of",
        lambda reg, when: reg.latest_assessment(_assessed(reg).id, when),
    ),
    "Registry.latest_response": (
        "as_of",
        lambda reg, when: reg.latest_response(_assessed(reg).id, when),
    ),
    "Recommendation.latest_assessment": (
        "as_of",
        lambda reg, when: _assessed(reg).latest_assessment(when),
    ),
    "Recommendation.latest_response": (
        "as_of",
        lambda reg, when: _assessed(reg).latest_response(when),
    ),
    "score": ("as_of", lambda reg, when: score(reg, "theme", as_of=when)),
    "responses": ("as_of", lambda reg, when: responses(reg, "review", as_of=when)),
    "lineages": ("as_of", lambda reg, when: lineages(reg, as_of=when)),
    "agreement": ("as_of", agreement),
    "deadlines": ("as_of", deadlines),
    "in_force": (
        "as_of",
        lambda reg, when: in_force(_assessed(reg), when, "implementation", "implementation"),
    ),
    "rates": (
        "as_of",
        lambda reg, when: rates(
            reg, score(reg, as_of=DAY).overall, reg.scales["implementation"], when
        ),
    ),
    "change.before": ("before", lambda reg, when: change(reg, when, dt.date(2025, 9, 30))),
    "change.after": ("after", lambda reg, when: change(reg, dt.date(2025, 1, 1), when)),
    "period_ends.start": ("start", lambda reg, when: period_ends(when, dt.date(2025, 12, 31))),
    "period_ends.end": ("end", lambda reg, when: period_ends(dt.date(2025, 1, 1), when)),
    "elapsed.start": ("start", lambda reg, when: elapsed(when, dt.date(2025, 12, 31))),
    "elapsed.end": ("end", lambda reg, when: elapsed(dt.date(2017, 1, 1), when)),
    "series": ("dates", lambda reg, when: series(reg, "theme", dates=[when])),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_string_gives_what_a_date_gives(kaz: followup.Registry, name: str) -> None:
    _, call = CALLS[name]
    assert call(kaz, TEXT) == call(kaz, DAY)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_wrong_type_names_the_parameter_and_the_format(kaz: followup.Registry, name: str) -> None:
    parameter, call = CALLS[name]
    with pytest.raises(TypeError, match=rf"{parameter} must be a date or an ISO date string"):
        call(kaz, 20250630)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_malformed_string_is_a_followup_error(kaz: followup.Registry, name: str) -> None:
    parameter, call = CALLS[name]
    with pytest.raises(followup.FollowupError, match=rf"{parameter}.*'2025-06-31'"):
        call(kaz, "2025-06-31")
    with pytest.raises(ValueError, match=r"ISO date string like '2025-06-30', got '30/06/2025'"):
        call(kaz, "30/06/2025")


def test_to_frame_takes_a_string(kaz: followup.Registry) -> None:
    pytest.importorskip("pandas")
    assert kaz.to_frame(as_of=TEXT).equals(kaz.to_frame(as_of=DAY))
    with pytest.raises(TypeError, match="as_of must be a date"):
        kaz.to_frame(as_of=2025)  # type: ignore[arg-type]


def test_the_helper() -> None:
    assert as_date(" 2025-06-30 ", "x") == DAY
    assert as_date(dt.datetime(2025, 6, 30, 12, 0), "x") == DAY
    assert type(as_date(dt.datetime(2025, 6, 30, 12, 0), "x")) is dt.date
    with pytest.raises(InvalidDate):
        as_date("2025-06", "x")  # a day, not a month, is wanted here
    with pytest.raises(TypeError, match="x must be a date"):
        as_date(None, "x")


def test_the_editor_takes_iso_strings(tmp_path: Path) -> None:
    import shutil

    target = tmp_path / "kaz"
    shutil.copytree(KAZAKHSTAN, target)
    with followup.edit(target, today="2026-01-20") as ed:
        entry = ed.assess(
            "kaz-ccpr-2-p50c",
            status="implemented",
            on="2026-01-15",
            by="compilers",
            fact_date="2026-01-10",
            evidence=["CCPR/C/KAZ/CO/3"],
        )
    assert entry.date == dt.date(2026, 1, 15)
    assert entry.fact_date == dt.date(2026, 1, 10)
    with (
        pytest.raises(TypeError, match="on must be a date or an ISO date string"),
        followup.edit(target) as ed,
    ):
        ed.assess("kaz-ccpr-2-p50c", status="implemented", on=20260115, by="x")  # type: ignore[arg-type]
