"""Scores are rounded when written, not when computed."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from followup.scoring.output import OUTPUT_PLACES, for_output, rounded


def test_float_noise_is_gone() -> None:
    noisy = 0.1 + 0.2 - 0.25
    assert noisy != 0.05
    assert rounded(noisy) == 0.05
    assert json.dumps(for_output({"share": noisy, "rows": [noisy, 3, None, "x"]})) == (
        '{"share": 0.05, "rows": [0.05, 3, null, "x"]}'
    )


def test_negative_zero_and_non_finite() -> None:
    assert str(rounded(-1e-12)) == "0.0"
    assert math.isnan(rounded(math.nan))
    assert rounded(math.inf) == math.inf


def test_ints_and_bools_untouched() -> None:
    assert for_output({"n": 3, "flag": True}) == {"n": 3, "flag": True}
    assert for_output((1.23456789, 2)) == [1.234568, 2]


@given(st.floats(min_value=0, max_value=1))
def test_rounding_moves_a_share_by_at_most_half_a_unit(share: float) -> None:
    assert abs(rounded(share) - share) <= 0.5 * 10**-OUTPUT_PLACES + 1e-15
