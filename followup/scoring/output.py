"""Scores as they are written out: rounded once, at output, never in the arithmetic.

Shares are computed in full floating-point precision, and sums of them carry the
binary noise of any float (``0.1 + 0.2 - 0.25 == 0.05000000000000002``). Every writer
of JSON, CSV or a table passes its numbers through :func:`for_output`, so a published
file says ``0.05`` and two runs on two machines write the same bytes.
"""

from __future__ import annotations

import math
from typing import Any

#: Decimal places kept in written shares and rates: a share of one recommendation in a
#: million is still told apart, and no float noise survives.
OUTPUT_PLACES = 6


def rounded(value: float, places: int = OUTPUT_PLACES) -> float:
    """``value`` rounded to ``places`` decimals, ``-0.0`` written as ``0.0``; NaN and the
    infinities are returned as they are (a writer that cannot hold them says so)."""
    if not math.isfinite(value):
        return value
    result = round(value, places)
    return 0.0 if result == 0 else result


def for_output(data: Any, places: int = OUTPUT_PLACES) -> Any:
    """A copy of JSON-ready ``data`` (dicts, lists, tuples, scalars) with every float
    rounded by :func:`rounded`; ints, bools, strings and None are left alone."""
    if isinstance(data, float):
        return rounded(data, places)
    if isinstance(data, dict):
        return {key: for_output(value, places) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [for_output(value, places) for value in data]
    return data
