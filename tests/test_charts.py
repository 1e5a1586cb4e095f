"""Charts: golden SVGs, the figures written on them, deterministic output, saving.

Each chart kind is drawn from a small hand-made registry and compared byte for byte with
``tests/golden/charts/<name>.svg`` (full size and compact, in English, Russian, Arabic
and Chinese). After a deliberate change of the charts (or a new matplotlib, or new
fonts), run ``FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_charts.py``, look at the new
files and review the diff; the same run redraws the documentation's images
(``docs/images/chart-<kind>.png``) from the Kazakhstan registry. The files are drawn with
Debian's fonts-noto-core and fonts-noto-cjk (see docs/fonts.md): their tests skip where
those fonts are missing, and fail then under FOLLOWUP_REQUIRE_TOOLS=1.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text as TextArtist
from PIL import Image

import followup
from followup import charts, fonts
from followup.i18n import format_number, message
from followup.model.manifest import RegistryInfo, Theme
from followup.model.records import Assessment, FollowUp, Recommendation, Response, Review, Source
from followup.model.values import Mechanism, Position
from followup.scoring import (
    UNKNOWN,
    ScoreResult,
    change,
    change_dates,
    deadlines,
    period_ends,
    score,
    series,
)

from .conftest import KAZAKHSTAN, ROOT
from .test_fonts import need_fonts

GOLDEN = Path(__file__).resolve().parent / "golden" / "charts"
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"
AS_OF = dt.date(2024, 6, 30)
_T = followup.Text
# matplotlib.dates has no type hints
_date2num: Callable[[dt.date], float] = mdates.date2num
_num2date: Callable[[float], dt.datetime] = mdates.num2date


# -- a small registry ------------------------------------------------------------------------


def _assess(day: str, status: str, scale: str | None = None, by: str = "NGO") -> Assessment:
    return Assessment(date=dt.date.fromisoformat(day), status=status, by=by, scale=scale)


def _reply(day: str) -> Response:
    return Response(date=dt.date.fromisoformat(day), response=Position.REPLY_RECEIVED)


def _rec(
    rec_id: str,
    review: str,
    themes: tuple[str, ...],
    *history: Assessment | Response,
    paragraph: str | None = None,
    follow_up: bool = False,
    unverified: str | None = None,
) -> Recommendation:
    return Recommendation(
        id=rec_id,
        review=review,
        text=_T.plain(f"Recommendation {rec_id}"),
        source=Source(document=f"DOC/{review}", paragraph=paragraph),
        themes=themes,
        follow_up=follow_up,
        unverified=unverified,
        history=tuple(sorted(history, key=lambda e: e.date or dt.date.min)),
    )


def _review(
    review_id: str, mechanism: Mechanism, day: str, due: str | bool | None = False
) -> Review:
    follow = None
    if due is not False:
        follow = FollowUp(due=dt.date.fromisoformat(due) if isinstance(due, str) else None)
    return Review(
        id=review_id,
        mechanism=mechanism,
        state="KAZ",
        title=_T.plain(review_id),
        date=dt.date.fromisoformat(day),
        follow_up=follow,
    )


def small_registry() -> followup.Registry:
    """Three themes, three reviews (one with a due date, one without), eight
    recommendations with assessments, replies and follow-up grades from 2020 to 2023."""
    themes = (
        Theme(
            "assembly",
            _T.of(
                {
                    "en": "Freedom of peaceful assembly",
                    "ru": "Свобода собраний",
                    "ar": "حرية التجمع السلمي",
                    "zh": "和平集会自由",
                }
            ),
        ),
        Theme(
            "expression",
            _T.of(
                {
                    "en": "Freedom of expression",
                    "ru": "Свобода выражения",
                    "ar": "حرية التعبير",
                    "zh": "言论自由",
                }
            ),
        ),
        Theme(
            "torture",
            _T.of(
                {
                    "en": "Torture and ill-treatment",
                    "ru": "Пытки",
                    "ar": "التعذيب وسوء المعاملة",
                    "zh": "酷刑和虐待",
                }
            ),
        ),
    )
    reviews = [
        _review("upr-2019", Mechanism.UPR, "2019-11-07"),
        _review("ccpr-2021", Mechanism.CCPR, "2021-03-20", "2022-03-20"),
        _review("cat-2022", Mechanism.CAT, "2022-11-20", None),
    ]
    hrc = "hrc-follow-up"
    recs = [
        _rec(
            "r1",
            "upr-2019",
            ("assembly",),
            _assess("2020-06-01", "not-implemented"),
            _assess("2023-01-15", "partially-implemented"),
        ),
        _rec(
            "r2",
            "upr-2019",
            ("expression",),
            _assess("2020-06-01", "not-implemented"),
            _assess("2022-05-01", "regressed"),
        ),
        _rec("r3", "upr-2019", ("torture",)),
        _rec(
            "r4",
            "ccpr-2021",
            ("assembly", "expression"),
            _reply("2022-02-10"),
            _assess("2022-09-01", "B", hrc, "HRC"),
            _assess("2023-01-15", "implemented"),
            paragraph="12",
            follow_up=True,
        ),
        _rec(
            "r5",
            "ccpr-2021",
            ("torture",),
            _assess("2021-09-01", "not-implemented"),
            _reply("2022-04-01"),
            _assess("2022-09-01", "C", hrc, "HRC"),
            paragraph="18",
            follow_up=True,
            unverified="paragraph number not checked",
        ),
        _rec(
            "r6",
            "ccpr-2021",
            ("expression",),
            _assess("2023-06-01", "no-information"),
            paragraph="24",
        ),
        _rec(
            "r7",
            "cat-2022",
            ("torture",),
            _assess("2023-06-01", "partially-implemented"),
            paragraph="40",
            follow_up=True,
        ),
        _rec("r8", "cat-2022", ("assembly",)),
    ]
    info = RegistryInfo(
        id="charts-test",
        title=_T.plain("Charts test"),
        version="1",
        states=("KAZ",),
        themes=themes,
        scales=("implementation", hrc),
    )
    return followup.Registry(
        info=info,
        reviews={r.id: r for r in reviews},
        recommendations={r.id: r for r in recs},
    )


REGISTRY = small_registry()
IMPLEMENTATION = REGISTRY.scales["implementation"]
GRADES = REGISTRY.scales["hrc-follow-up"]
REVIEWS = {"upr-2019": "UPR 2019", "ccpr-2021": "CCPR 2021", "cat-2022": "CAT 2022"}
_YEAR_ENDS = period_ends(dt.date(2018, 1, 1), dt.date(2023, 12, 31), "year")
TREND_DATES = [*sorted({*_YEAR_ENDS, *change_dates(REGISTRY)}), AS_OF]


def _themes(language: str) -> dict[str, str]:
    return {t.id: t.label.pick(language) for t in REGISTRY.info.themes}


def _status(language: str, compact: bool = False) -> Figure:
    result = score(REGISTRY, "theme", as_of=AS_OF)
    return charts.status_distribution(
        result, IMPLEMENTATION, labels=_themes(language), language=language, compact=compact
    )


def _trend(language: str, compact: bool = False) -> Figure:
    results = series(REGISTRY, "review", dates=TREND_DATES)
    marks = [(r.date, REVIEWS[r.id]) for r in REGISTRY.reviews.values()]
    return charts.score_over_time(
        results,
        labels=REVIEWS,
        marks=marks,
        changed=change_dates(REGISTRY),
        include_overall=True,
        language=language,
        compact=compact,
    )


def _heatmap(language: str, compact: bool = False) -> Figure:
    result = score(REGISTRY, ("theme", "review"), as_of=AS_OF)
    return charts.score_heatmap(
        result,
        row_labels=_themes(language),
        column_labels=REVIEWS,
        language=language,
        compact=compact,
    )


def _transitions(language: str, compact: bool = False) -> Figure:
    moved = change(REGISTRY, dt.date(2022, 6, 30), AS_OF)
    return charts.transitions(moved, IMPLEMENTATION, language=language, compact=compact)


def _transitions_none(language: str, compact: bool = False) -> Figure:
    moved = change(REGISTRY, dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    return charts.transitions(moved, IMPLEMENTATION, language=language, compact=compact)


def _timeline(language: str, compact: bool = False) -> Figure:
    return charts.follow_up_timeline(
        deadlines(REGISTRY, AS_OF),
        as_of=AS_OF,
        grade_scale=GRADES,
        labels=REVIEWS,
        language=language,
        compact=compact,
    )


_KINDS: dict[str, Callable[..., Figure]] = {
    "status": _status,
    "trend": _trend,
    "heatmap": _heatmap,
    "transitions": _transitions,
    "transitions-none": _transitions_none,
    "timeline": _timeline,
}
GOLDEN_NAMES = [
    "status-en",
    "status-ru",
    "trend-en",
    "trend-ru",
    "heatmap-en",
    "heatmap-ru",
    "transitions-en",
    "transitions-none-en",
    "timeline-en",
    "timeline-ru",
    # phones
    "status-compact-en",
    "trend-compact-en",
    "heatmap-compact-en",
    "transitions-compact-en",
    "timeline-compact-en",
    # right to left, and Chinese
    "status-ar",
    "status-compact-ar",
    "transitions-ar",
    "timeline-ar",
    "heatmap-zh",
    "status-compact-zh",
]


def build(name: str) -> Figure:
    """The figure of a golden file's name (``<kind>-<language>``, or
    ``<kind>-compact-<language>`` for the phone layout)."""
    kind, language = name.rsplit("-", 1)
    compact = kind.endswith("-compact")
    return _KINDS[kind.removesuffix("-compact")](language, compact=compact)


def need_golden_fonts(language: str) -> None:
    """Skip (fail under FOLLOWUP_REQUIRE_TOOLS=1) unless the fonts the golden files were
    drawn with are installed: each script's first family (Noto Sans, Noto Sans Arabic,
    Noto Sans CJK SC), not a fallback that would draw other shapes."""
    found = need_fonts(language)
    wanted = fonts.families(language)[0]
    if found[0] != wanted:
        hint = (
            f"the golden charts in {language!r} are drawn with {wanted}, which is not "
            f"installed: apt-get install {fonts.script_of(language).debian} (Debian)"
        )
        if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":
            pytest.fail(hint)
        pytest.skip(hint)


# -- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_golden_svg(name: str, tmp_path: Path) -> None:
    need_golden_fonts(name.rsplit("-", 1)[1])
    golden = GOLDEN / f"{name}.svg"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        charts.save(build(name), golden)
    fresh = charts.save(build(name), tmp_path / f"{name}.svg")
    same = golden.is_file() and fresh.read_bytes() == golden.read_bytes()
    assert same, (
        f"{name}.svg differs from {golden} (or it is missing); the new drawing is at "
        f"{fresh}. If the change is intended, regenerate the golden files with "
        f"FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_charts.py and review them"
    )


def test_every_golden_file_is_tested() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.svg")) == sorted(GOLDEN_NAMES)


def test_same_bytes_in_other_processes(tmp_path: Path) -> None:
    need_golden_fonts("ru")
    script = (
        "import sys\n"
        "from tests.test_charts import build\n"
        "from followup.charts import save\n"
        "out = sys.argv[1]\n"
        "for name in ('heatmap-ru', 'timeline-en'):\n"
        "    figure = build(name)\n"
        "    save(figure, f'{out}/{name}.svg')\n"
        "    save(figure, f'{out}/{name}.pdf')\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    runs = []
    for index in range(2):
        out = tmp_path / str(index)
        out.mkdir()
        runs.append(
            (
                out,
                subprocess.Popen(
                    [sys.executable, "-c", script, str(out)],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    for _, process in runs:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert stdout.strip() == "False"  # no pyplot, no global state
    (first, _), (second, _) = runs
    for name in ("heatmap-ru.svg", "heatmap-ru.pdf", "timeline-en.svg", "timeline-en.pdf"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "heatmap-ru.svg").read_bytes() == (GOLDEN / "heatmap-ru.svg").read_bytes()
    pdf = (first / "heatmap-ru.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"CreationDate" not in pdf and b"ModDate" not in pdf


def test_same_figure_saved_twice_is_the_same(tmp_path: Path) -> None:
    figure = build("status-en")
    assert charts.png_bytes(figure) == charts.png_bytes(figure)
    assert charts.svg_text(figure) == charts.svg_text(figure)
    saved = charts.save(figure, tmp_path / "status.svg").read_text(encoding="utf-8")
    inline = charts.svg_text(figure)
    assert inline.startswith("<svg") and "<?xml" not in inline and "DOCTYPE" not in inline
    assert saved.endswith(inline)
    assert "<dc:date>" not in saved


# -- what the charts say ---------------------------------------------------------------------


def _texts(figure: Figure, prefix: str) -> list[TextArtist]:
    return [t for ax in figure.axes for t in ax.texts if (t.get_gid() or "").startswith(prefix)]


def _axes(figure: Figure) -> Axes:
    return figure.axes[0]


def test_status_counts_match_the_scores() -> None:
    result = score(REGISTRY, "theme", as_of=AS_OF)
    figure = charts.status_distribution(result, IMPLEMENTATION)
    written = {
        (
            round(float(t.get_position()[1])),
            (t.get_gid() or "").removeprefix("count-"),
        ): t.get_text()
        for t in _texts(figure, "count-")
    }
    expected = {
        (row, level): str(count)
        for row, group in enumerate((result.overall, *result.groups))
        for level, count in group.counts.items()
        if count
    }
    assert written == expected
    totals = sorted(t.get_text() for t in _texts(figure, "total"))
    assert totals == sorted(f"n = {g.total}" for g in (result.overall, *result.groups))
    labels = [t.get_text() for t in _axes(figure).get_yticklabels()]
    assert labels[0] == message("chart.overall", "en")
    assert labels[1:] == [g.key[0] for g in result.groups]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == [
        *(level.label.pick("en") for level in IMPLEMENTATION.levels),
        message("level.unknown", "en"),
    ]


def test_status_levels_have_distinct_hatches() -> None:
    figure = _status("en")
    handles = [h for h in figure.legends[0].legend_handles if isinstance(h, Patch)]
    hatches = [h.get_hatch() or "" for h in handles]
    assert len(set(hatches)) == len(hatches) == len(IMPLEMENTATION.levels) + 1


def test_status_by_nothing_draws_one_bar() -> None:
    figure = charts.status_distribution(score(REGISTRY, as_of=AS_OF), IMPLEMENTATION)
    assert [t.get_text() for t in _axes(figure).get_yticklabels()] == [
        message("chart.overall", "en")
    ]
    assert figure.get_suptitle() == message("chart.status_title_all", "en")


def test_status_rejects_another_scale() -> None:
    with pytest.raises(ValueError, match="hrc-follow-up"):
        charts.status_distribution(score(REGISTRY, "theme", as_of=AS_OF), GRADES)


def test_heatmap_cells() -> None:
    result = score(REGISTRY, ("theme", "review"), as_of=AS_OF)
    figure = charts.score_heatmap(result, row_labels=_themes("ru"), language="ru")
    rows = [t.id for t in REGISTRY.info.themes]
    columns = sorted({g.key[1] for g in result.groups})
    scores = {t.get_gid(): t.get_text() for t in _texts(figure, "score-")}
    coverage = {t.get_gid(): t.get_text() for t in _texts(figure, "coverage-")}
    expected_scores = {}
    expected_coverage = {}
    for group in result.groups:
        cell = f"{rows.index(group.key[0])}-{columns.index(group.key[1])}"
        expected_scores[f"score-{cell}"] = (
            message("chart.heatmap_empty", "ru")
            if group.score is None
            else format_number(group.score, "ru")
        )
        expected_coverage[f"coverage-{cell}"] = message(
            "chart.heatmap_cell", "ru", assessed=group.assessed, total=group.total
        )
    assert scores == expected_scores
    assert coverage == expected_coverage
    assert "score-0-0" in scores  # assembly / ccpr-2021 ...
    assert scores[f"score-{rows.index('torture')}-{columns.index('upr-2019')}"] == "нет оценки"
    assert [t.get_text() for t in _axes(figure).get_xticklabels()] == columns
    colourbar = figure.axes[1]
    assert colourbar.get_ylabel() == message("chart.score_axis", "ru")


def test_heatmap_text_shrinks_to_fit_narrow_cells() -> None:
    result = score(REGISTRY, ("theme", "review"), as_of=AS_OF)
    wide = charts.score_heatmap(result, row_labels=_themes("ru"), language="ru")
    sizes = {t.get_fontsize() for t in _texts(wide, "score-")}
    assert sizes == {9.0}  # 8 inches: room enough
    page = Figure(figsize=(4.5, 6))
    narrow = charts.score_heatmap(
        result,
        row_labels=_themes("ru"),
        language="ru",
        figure=page.add_subfigure(page.add_gridspec(1, 1)[0]),
    )
    texts = _texts(narrow, "score-")
    assert texts and all(float(t.get_fontsize()) < 9.0 for t in texts)
    narrow.draw_without_rendering()
    axes = next(a for a in narrow.axes if a.get_ylabel() != message("chart.score_axis", "ru"))
    cell = axes.get_window_extent().width / len(axes.get_xticks())
    for text in texts:  # every cell's text fits its cell
        assert text.get_window_extent().width < cell


def test_heatmap_needs_two_dimensions() -> None:
    with pytest.raises(ValueError, match="two dimensions"):
        charts.score_heatmap(score(REGISTRY, "theme", as_of=AS_OF))


def test_transition_counts() -> None:
    moved = change(REGISTRY, dt.date(2022, 6, 30), AS_OF)
    figure = charts.transitions(moved, IMPLEMENTATION)
    written = {
        (t.get_gid() or "").removeprefix("count-"): t.get_text() for t in _texts(figure, "count-")
    }
    levels = (*IMPLEMENTATION.level_ids, UNKNOWN)
    expected = {
        f"{a}-{b}": str(moved.count(a, b)) for a in levels for b in levels if moved.count(a, b)
    }
    assert written == expected
    assert sum(int(v) for v in written.values()) == moved.total == 6  # cat-2022 came later
    assert written["not-implemented-partially-implemented"] == "1"
    ax = _axes(figure)
    assert ax.get_xlabel() == message("chart.transitions_to", "en", date="30 Jun 2024")
    assert ax.get_ylabel() == message("chart.transitions_from", "en", date="30 Jun 2022")
    assert "30 Jun 2022" in figure.get_suptitle() and "30 Jun 2024" in figure.get_suptitle()


def test_transitions_with_nothing_present() -> None:
    figure = _transitions_none("en")
    assert [t.get_text() for t in _texts(figure, "none")] == [
        message("chart.transitions_none", "en")
    ]


def test_timeline_grades_today_and_daggers() -> None:
    figure = _timeline("en")
    ax = _axes(figure)
    assert sorted(t.get_text() for t in _texts(figure, "grade")) == ["B", "C"]
    today = [line for line in ax.get_lines() if line.get_gid() == "today"]
    assert len(today) == 1
    xs = np.asarray(today[0].get_xdata(), dtype=float)
    assert xs[0] == pytest.approx((AS_OF - dt.date(1970, 1, 1)).days)
    label = _texts(figure, "today-label")
    assert [t.get_text() for t in label] == ["As of 30 Jun 2024"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == [
        "CCPR 2021, para. 12",
        "CCPR 2021, para. 18 †",
        "CAT 2022, para. 40",
    ]
    assert [t.get_text() for t in _texts(figure, "unknown-due")] == [
        message("chart.timeline_unknown_due", "en")
    ]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert message("chart.unverified", "en") in legend
    replies = [line for line in ax.get_lines() if line.get_gid() == "reply"]
    assert len(replies) == 2
    assert len([line for line in ax.get_lines() if line.get_gid() == "due"]) == 2


def test_empty_inputs_still_draw() -> None:
    empty = followup.Registry(info=REGISTRY.info, reviews={}, recommendations={})
    for figure in (
        charts.follow_up_timeline((), as_of=AS_OF, grade_scale=GRADES),
        charts.status_distribution(score(empty, "theme", as_of=AS_OF), IMPLEMENTATION),
        charts.score_over_time(series(empty, "review", dates=[AS_OF])),
        charts.score_heatmap(score(empty, ("theme", "review"), as_of=AS_OF)),
    ):
        assert charts.png_bytes(figure, dpi=30).startswith(b"\x89PNG")


def _trend_lines(figure: Figure) -> dict[str, Line2D]:
    return {
        str(line.get_label()): line
        for line in _axes(figure).get_lines()
        if (line.get_gid() or "").startswith("line-")
    }


def _marked_days(line: Line2D) -> list[dt.date]:
    """The dates at which ``line`` draws a marker."""
    xs = np.asarray(line.get_xdata(), dtype=float)
    every = line.get_markevery()
    assert isinstance(every, list)
    return [_num2date(xs[i]).date() for i in every]


def _legend(figure: Figure) -> list[str]:
    return [t.get_text() for legend in figure.legends for t in legend.get_texts()]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _with_overall(result: ScoreResult, value: float | None) -> ScoreResult:
    return attrs.evolve(result, overall=attrs.evolve(result.overall, score=value))


def test_trend_lines_gaps_and_markers() -> None:
    figure = _trend("en")
    lines = _trend_lines(figure)
    assert len(lines) == 1 + len(REGISTRY.reviews)
    assert list(lines)[:1] == [message("chart.overall", "en")]
    cat = lines["CAT 2022"]
    ys = [float(y) for y in np.asarray(cat.get_ydata(), dtype=float)]
    first = TREND_DATES.index(_day("2023-06-01"))  # r7's assessment
    assert all(math.isnan(y) for y in ys[:first])  # no score yet: a gap
    assert ys[first:] == [0.5] * (len(ys) - first)
    # a marker where the line's own score changed, and nowhere else
    assert _marked_days(cat) == [_day("2023-06-01")]
    assert _marked_days(lines[message("chart.overall", "en")]) == [
        _day("2020-06-01"),  # first scores, after dates with none
        _day("2023-01-15"),  # 0 -> 0.375
        _day("2023-06-01"),  # 0.375 -> 0.4
    ]
    # r2 went from not implemented to regressed on 2022-05-01 (both score 0), and no
    # UPR recommendation was assessed on 2023-06-01: no marker at either date
    assert _marked_days(lines["UPR 2019"]) == [_day("2020-06-01"), _day("2023-01-15")]
    # r6 was assessed on 2023-06-01 at a level without a score: CCPR's score stays 0.5
    assert _marked_days(lines["CCPR 2021"]) == [_day("2021-09-01"), _day("2023-01-15")]
    # UPR 2019 (7 Nov 2019) is seven months before the first score: not drawn
    marks = [t.get_text().strip() for t in _texts(figure, "mark")]
    assert marks == ["CCPR 2021", "CAT 2022"]
    styles = {(line.get_marker(), str(line.get_linestyle())) for line in lines.values()}
    assert len(styles) == len(lines)
    legend = _legend(figure)
    assert message("chart.assessed_marker", "en") in legend
    assert message("chart.reviews_marked", "en") in legend


def test_trend_marker_exactly_where_each_line_changes() -> None:
    for language in ("en", "ru"):
        for line in _trend_lines(_trend(language)).values():
            ys = [float(y) for y in np.asarray(line.get_ydata(), dtype=float)]
            expected = [
                i
                for i, y in enumerate(ys)
                if i > 0 and not math.isnan(y) and (math.isnan(ys[i - 1]) or y != ys[i - 1])
            ]
            assert line.get_markevery() == expected, line.get_label()


def test_trend_same_score_no_marker_changed_score_marker() -> None:
    days = [_day("2020-12-31"), _day("2021-06-30"), _day("2021-12-31"), _day("2022-06-30")]
    results = [
        _with_overall(r, v)
        for r, v in zip(series(REGISTRY, dates=days), [0.25, 0.25, 0.5, 0.5], strict=True)
    ]
    # the scorecard's change dates are still accepted, and do not add markers
    (line,) = _trend_lines(charts.score_over_time(results, changed=days)).values()
    assert _marked_days(line) == [_day("2021-12-31")]


def test_trend_score_after_a_gap_is_a_change() -> None:
    days = [_day(f"202{n}-12-31") for n in range(5)]
    values = [0.5, None, 0.5, 0.5 + 1e-12, 0.75]
    results = [
        _with_overall(r, v) for r, v in zip(series(REGISTRY, dates=days), values, strict=True)
    ]
    (line,) = charts.trend_series(results)
    assert [p.changed for p in line.points] == [False, False, True, False, True]
    (drawn,) = _trend_lines(charts.score_over_time(results)).values()
    assert _marked_days(drawn) == [days[2], days[4]]


def test_trend_axis_starts_at_the_first_score() -> None:
    first = change_dates(REGISTRY)[0]  # 2020-06-01, the first assessment
    early = [_day("2015-01-01"), first - dt.timedelta(days=183)]  # no score at either
    results = series(REGISTRY, "review", dates=[*early, *TREND_DATES])
    marks = [(r.date, REVIEWS[r.id]) for r in REGISTRY.reviews.values()]
    marks.append((first - dt.timedelta(days=20), "just before"))
    figure = charts.score_over_time(results, labels=REVIEWS, marks=marks, include_overall=True)
    low, high = _axes(figure).get_xlim()
    start, end = _date2num(first), _date2num(AS_OF)
    span = end - start
    # the pad (4% of the span) plus the mark 20 days before the first score, no more
    assert start - 0.04 * span - 20 - 1e-6 <= low < start - 20
    assert end < high <= end + 0.04 * span + 1e-6
    drawn = [t.get_text().strip() for t in _texts(figure, "mark")]
    assert drawn == ["just before", "CCPR 2021", "CAT 2022"]
    for text in _texts(figure, "mark"):
        x, _ = text.get_position()
        assert low <= x <= high


def test_trend_axis_without_marks_hugs_the_scores() -> None:
    first = change_dates(REGISTRY)[0]
    dates = [first - dt.timedelta(days=183), *change_dates(REGISTRY), AS_OF]
    figure = charts.score_over_time(series(REGISTRY, "mechanism", dates=dates))
    low, high = _axes(figure).get_xlim()
    pad = 0.04 * (_date2num(AS_OF) - _date2num(first))
    assert low == pytest.approx(_date2num(first) - pad)
    assert high == pytest.approx(_date2num(AS_OF) + pad)
    assert message("chart.reviews_marked", "en") not in _legend(figure)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_trend_series_is_what_the_chart_draws(language: str) -> None:
    results = series(REGISTRY, "review", dates=TREND_DATES)
    lines = charts.trend_series(results, labels=REVIEWS, include_overall=True, language=language)
    drawn = list(_trend_lines(_trend(language)).values())
    assert len(drawn) == len(lines)
    for line, plotted in zip(lines, drawn, strict=True):
        assert plotted.get_label() == line.label
        xs = [float(x) for x in np.asarray(plotted.get_xdata(), dtype=float)]
        ys = [float(y) for y in np.asarray(plotted.get_ydata(), dtype=float)]
        assert xs == [float(_date2num(p.date)) for p in line.points]
        assert [None if math.isnan(y) else y for y in ys] == [p.score for p in line.points]
        assert plotted.get_markevery() == [i for i, p in enumerate(line.points) if p.changed]
    assert [p.date for p in lines[0].points] == TREND_DATES


def test_trend_series_plain_data() -> None:
    results = series(REGISTRY, "review", dates=[AS_OF, _day("2023-01-01")])
    lines = charts.trend_series(results, labels=REVIEWS)
    assert lines == (
        ("CAT 2022", ((_day("2023-01-01"), None, False), (AS_OF, 0.5, True))),
        ("CCPR 2021", ((_day("2023-01-01"), 0.0, False), (AS_OF, 0.5, True))),
        ("UPR 2019", ((_day("2023-01-01"), 0.0, False), (AS_OF, 0.25, True))),
    )
    assert lines[0].points[1].changed
    (overall,) = charts.trend_series(series(REGISTRY, dates=[AS_OF]), language="ru")
    assert overall.label == message("chart.overall", "ru")
    with pytest.raises(ValueError, match="at least one"):
        charts.trend_series([])
    with pytest.raises(ValueError, match="same dimensions"):
        charts.trend_series([*results, score(REGISTRY, "theme", as_of=AS_OF)])


def test_trend_markers_at_changes() -> None:
    days = change_dates(REGISTRY)
    results = series(REGISTRY, dates=days)
    figure = charts.score_over_time(results, language="ru")
    (line,) = _axes(figure).get_lines()
    # the first date has nothing before it; 2021-09-01 and 2022-05-01 left the score at 0
    assert _marked_days(line) == [_day("2023-01-15"), _day("2023-06-01")]
    assert figure.get_suptitle() == message("chart.score_title_all", "ru")
    assert _legend(figure) == [
        message("chart.overall", "ru"),
        message("chart.assessed_marker", "ru"),
    ]


def test_trend_legend_without_markers() -> None:
    figure = charts.score_over_time(series(REGISTRY, dates=[_day("2021-01-01"), AS_OF]))
    (line,) = _trend_lines(figure).values()
    assert line.get_markevery() == [1]
    still = charts.score_over_time(series(REGISTRY, dates=[AS_OF, _day("2024-12-31")]))
    (flat,) = _trend_lines(still).values()
    assert flat.get_markevery() == []  # same score at both dates
    assert message("chart.assessed_marker", "en") not in _legend(still)


@pytest.mark.parametrize("kind", ["status", "heatmap", "transitions", "timeline", "trend"])
def test_russian_titles(kind: str) -> None:
    figure = _KINDS[kind]("ru")
    title = figure.get_suptitle()
    assert re.search("[а-яА-Я]", title), title
    every = [t.get_text() for ax in figure.axes for t in ax.get_yticklabels()]
    assert not any("para." in text for text in every)


def test_subfigure_returns_the_root() -> None:
    root = Figure(figsize=(12, 8), layout="constrained")
    grid = root.add_gridspec(1, 2)
    left, right = root.add_subfigure(grid[0]), root.add_subfigure(grid[1])
    assert (
        charts.status_distribution(
            score(REGISTRY, "theme", as_of=AS_OF), IMPLEMENTATION, figure=left
        )
        is root
    )
    assert (
        charts.transitions(
            change(REGISTRY, dt.date(2022, 6, 30), AS_OF), IMPLEMENTATION, figure=right, title=""
        )
        is root
    )
    assert left.axes and right.axes
    assert right.get_suptitle() == ""
    assert charts.png_bytes(root, dpi=40).startswith(b"\x89PNG")


def test_new_figure_sizes() -> None:
    width, _ = _heatmap("en").get_size_inches()
    assert width == pytest.approx(8.0)
    small = charts.status_distribution(score(REGISTRY, as_of=AS_OF), IMPLEMENTATION)
    assert small.get_size_inches()[1] < _status("en").get_size_inches()[1]


def test_custom_title() -> None:
    figure = charts.score_heatmap(score(REGISTRY, ("theme", "review"), as_of=AS_OF), title="Mine")
    assert figure.get_suptitle() == "Mine"


# -- saving ---------------------------------------------------------------------------------


def test_save_rejects_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.pdf"):
        charts.save(_status("en"), tmp_path / "chart.gif")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("dpi", [72, 150])
def test_save_png_size(dpi: int, tmp_path: Path) -> None:
    figure = _status("en")
    path = charts.save(figure, tmp_path / "chart.png", dpi=dpi)
    assert path == tmp_path / "chart.png"
    width, height = figure.get_size_inches()
    with Image.open(path) as image:
        image.load()
        assert image.size == (round(width * dpi), round(height * dpi))
        assert "date" not in str(image.info).lower()
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_save_pdf_and_replace(tmp_path: Path) -> None:
    path = tmp_path / "chart.pdf"
    path.write_bytes(b"old")
    charts.save(_transitions("en"), path)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["chart.pdf"]


# -- the documentation's images --------------------------------------------------------------


def _review_labels(registry: followup.Registry) -> dict[str, str]:
    return {
        rid: f"{review.author or review.mechanism.value} {review.date.year}"
        for rid, review in registry.reviews.items()
    }


def docs_images(language: str = "en", directory: Path = ROOT / "docs" / "images") -> list[Path]:
    """Draw each chart kind from the Kazakhstan registry as of 30 September 2025 and
    write ``docs/images/chart-<kind>.png`` (``chart-<kind>.<language>.png`` if not
    English)."""
    registry = followup.load(KAZAKHSTAN)
    day = dt.date(2025, 9, 30)
    themes = {t.id: t.label.pick(language) for t in registry.info.themes}
    reviews = _review_labels(registry)
    implementation = registry.scales["implementation"]
    changes = change_dates(registry)
    dates = sorted({*period_ends(dt.date(2025, 3, 1), day, "month"), *changes})
    figures = {
        "status": charts.status_distribution(
            score(registry, "theme", as_of=day), implementation, labels=themes, language=language
        ),
        "trend": charts.score_over_time(
            series(registry, "review", dates=dates),
            labels=reviews,
            marks=[
                (r.date, reviews[r.id]) for r in registry.reviews.values() if r.date >= dates[0]
            ],
            changed=changes,
            include_overall=True,
            language=language,
        ),
        "heatmap": charts.score_heatmap(
            score(registry, ("theme", "review"), as_of=day),
            row_labels=themes,
            column_labels=reviews,
            language=language,
        ),
        "transitions": charts.transitions(
            change(registry, dates[0], day), implementation, language=language
        ),
        "timeline": charts.follow_up_timeline(
            deadlines(registry, day),
            as_of=day,
            grade_scale=registry.scales["hrc-follow-up"],
            labels=reviews,
            language=language,
        ),
    }
    directory.mkdir(parents=True, exist_ok=True)
    suffix = "" if language == "en" else f".{language}"
    return [
        charts.save(figure, directory / f"chart-{kind}{suffix}.png", dpi=110)
        for kind, figure in figures.items()
    ]


@pytest.mark.skipif(not UPDATE, reason="redraws docs/images only with FOLLOWUP_UPDATE_GOLDEN=1")
def test_update_docs_images() -> None:
    written = docs_images()
    assert len(written) == 5


def test_docs_images_draw(tmp_path: Path) -> None:
    written = docs_images("ru", tmp_path)
    assert [p.name for p in written] == [
        f"chart-{kind}.ru.png" for kind in ("status", "trend", "heatmap", "transitions", "timeline")
    ]


def test_date_ticks_found_for_every_span_without_a_warning() -> None:
    import warnings

    from followup.charts._style import date_locator

    start = dt.datetime(2022, 7, 1)
    for days in range(20, 8000, 10):  # spans of about three years used to warn
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            date_locator().get_locator(start, start + dt.timedelta(days=days))  # type: ignore[attr-defined]
