"""A :class:`followup.scoring.ScoreResult` as rows, a DataFrame, JSON-ready data, a
short repr and a notebook table.

The overall figures (every recommendation selected, once each) are not a group: a
recommendation in two themes counts in both themes' groups but once overall, so an
overall row mixed into the groups would break sums and plots. Groups and the overall
come apart here (:func:`group_rows`, :func:`overall_row`); only :func:`frame` with
``include_overall=True`` puts them in one table, the overall row flagged in its own
``overall`` column with no group key. Numbers are in full precision everywhere except
in :func:`to_dict` (for JSON), which rounds them once with
:func:`followup.scoring.output.for_output`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from followup.errors import FollowupError
from followup.scoring.output import for_output

if TYPE_CHECKING:
    from followup.scoring.score import GroupScore, ScoreResult

__all__ = [
    "frame",
    "group_rows",
    "overall_frame",
    "overall_row",
    "result_html",
    "result_repr",
    "row",
    "to_dict",
]

#: Groups a notebook table shows before it says how many more there are.
MAX_ROWS = 50

_UNKNOWN = "unknown"  # followup.scoring.score.UNKNOWN (not imported: no cycle)


def row(result: ScoreResult, group: GroupScore, key: tuple[Any, ...]) -> dict[str, Any]:
    """One plain row: the dimensions' values ``key``, counts, figures, ids."""
    out: dict[str, Any] = dict(zip(result.by, key, strict=False))
    out.update(
        total=group.total,
        assessed=group.assessed,
        coverage=group.coverage,
        scored=group.scored,
        score=group.score,
        implementation_rate=group.implementation_rate,
    )
    for level in (*result.levels, _UNKNOWN):
        out[level] = group.counts.get(level, 0)
    out["ids"] = {k: list(v) for k, v in group.ids.items()}
    return out


def group_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """One row per group (no overall row), in the result's order."""
    return [row(result, group, group.key) for group in result.groups]


def overall_row(result: ScoreResult) -> dict[str, Any]:
    """The overall figures as a row; its dimension columns are None."""
    return row(result, result.overall, (None,) * len(result.by))


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise FollowupError("to_frame() needs pandas: pip install 'followup[pandas]'") from None
    return pd


def frame(result: ScoreResult, *, include_overall: bool = False) -> Any:
    """The groups as a pandas DataFrame; with ``include_overall`` the overall row last,
    and a boolean column ``overall`` that is True on it only."""
    pd = _pandas()
    table = group_rows(result)
    if not include_overall:
        return pd.DataFrame(table, columns=list(_columns(result)))
    for item in table:
        item["overall"] = False
    table.append({**overall_row(result), "overall": True})
    return pd.DataFrame(table, columns=[*_columns(result), "overall"])


def overall_frame(result: ScoreResult) -> Any:
    """The overall figures as a one-row DataFrame (no dimension columns)."""
    pd = _pandas()
    only = {k: v for k, v in overall_row(result).items() if k not in result.by}
    return pd.DataFrame([only])


def _columns(result: ScoreResult) -> tuple[str, ...]:
    fixed = ("total", "assessed", "coverage", "scored", "score", "implementation_rate")
    return (*result.by, *fixed, *result.levels, _UNKNOWN, "ids")


def to_dict(result: ScoreResult) -> dict[str, Any]:
    """JSON-ready: what the scores are of, the groups and the overall, rounded once."""
    return for_output(  # type: ignore[no-any-return]
        {
            "as_of": result.as_of.isoformat(),
            "by": list(result.by),
            "scale": result.scale,
            "policy": result.policy,
            "weighted": result.weighted,
            "levels": list(result.levels),
            "groups": group_rows(result),
            "overall": {k: v for k, v in overall_row(result).items() if k not in result.by},
        }
    )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def result_repr(result: ScoreResult) -> str:
    """``<ScoreResult by=theme as_of=2025-09-30 scale=implementation: 7 groups; overall
    29 recommendations, 12 assessed, score 0.42>``."""
    by = ",".join(result.by) or "-"
    overall = result.overall
    return (
        f"<ScoreResult by={by} as_of={result.as_of.isoformat()} scale={result.scale} "
        f"policy={result.policy[:40]}: {len(result.groups)} groups; overall {overall.total} "
        f"recommendations, {overall.assessed} assessed, score {_figure(overall.score)}>"
    )


def result_html(result: ScoreResult) -> str:
    """The score table: one row per group (at most :data:`MAX_ROWS`), then the overall."""
    levels = (*result.levels, _UNKNOWN)
    head = [" / ".join(result.by) or "group", "recs", "assessed", "score", "impl.", *levels]

    def cells(name: str, group: GroupScore, tag: str = "td") -> str:
        values = [
            name,
            group.total,
            f"{group.assessed} ({_share(group.coverage)})",
            _figure(group.score),
            _share(group.implementation_rate),
            *(group.counts.get(level, 0) for level in levels),
        ]
        return "<tr>" + "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in values) + "</tr>"

    parts = [
        f"<div><p>Scores as of {result.as_of.isoformat()} on {html.escape(result.scale)} "
        f"({html.escape(result.policy)}{', weighted' if result.weighted else ''})</p><table>",
        "<thead><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>",
    ]
    for group in result.groups[:MAX_ROWS]:
        parts.append(cells(" / ".join(group.key) or "(all)", group))
    if len(result.groups) > MAX_ROWS:
        parts.append(
            f'<tr><td colspan="{len(head)}">… and {len(result.groups) - MAX_ROWS} more</td></tr>'
        )
    parts.append("</tbody><tfoot>" + cells("overall", result.overall, "th") + "</tfoot></table>")
    parts.append("</div>")
    return "".join(parts)
