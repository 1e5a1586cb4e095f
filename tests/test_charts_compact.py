"""Compact charts, for phones: legible at 390 CSS pixels without scrolling sideways.

A compact chart is 3.9 inches wide: as an SVG at its natural size, 280.8 points or 374
CSS pixels, which fits a 390-pixel phone screen with the page's margins. At that size a
point is 4/3 of a pixel, so text of 8.5 points or more is at least 11.3 pixels high.
"""

from __future__ import annotations

import re

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text as TextArtist
from matplotlib.transforms import Bbox

import followup
import followup.scorecard
from followup import charts
from followup.scorecard.blocks import Chart
from followup.scorecard.layout import charts as scorecard_charts

from .conftest import TODAY
from .test_charts_i18n import KINDS, draw
from .test_fonts import need_fonts

PIXELS_PER_POINT = 96 / 72
LANGUAGES = ("en", "ru", "ar", "zh", "kk")


def _visible_texts(figure: Figure) -> list[TextArtist]:
    """The texts drawn: tick labels only of the ticks inside the axis' view."""
    figure.draw_without_rendering()
    ticks, drawn = set(), set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                ticks |= {tick.label1, tick.label2}
            for tick in axis._update_ticks():  # type: ignore[union-attr]
                drawn |= {tick.label1, tick.label2}
    return [
        t
        for t in figure.findobj(TextArtist)
        if t.get_visible() and t.get_text().strip() and (t not in ticks or t in drawn)
    ]


def _extent(figure: Figure, text: TextArtist) -> Bbox:
    return text.get_window_extent(figure._get_renderer())  # type: ignore[attr-defined]


@pytest.fixture(scope="module", params=[(k, lang) for lang in LANGUAGES for k in KINDS])
def compact(request: pytest.FixtureRequest) -> tuple[str, str, Figure]:
    kind, language = request.param
    need_fonts(language)
    figure = draw(kind, language, compact=True)
    charts.output.fix_layout(figure)
    return kind, language, figure


def test_fits_a_phone_at_natural_size(compact: tuple[str, str, Figure]) -> None:
    _, _, figure = compact
    width, height = figure.get_size_inches()
    assert 360 <= width * 96 <= 380
    assert height * 2 == int(height * 2)  # whole half inches: whole pixels at usual dpi
    svg = charts.svg_text(figure)
    found = re.search(r'width="([0-9.]+)pt"', svg)
    assert found and float(found.group(1)) * PIXELS_PER_POINT <= 380


def test_no_text_under_eleven_pixels(compact: tuple[str, str, Figure]) -> None:
    _, _, figure = compact
    for text in _visible_texts(figure):
        pixels = float(text.get_fontsize()) * PIXELS_PER_POINT
        assert pixels >= 11.0, (text.get_text(), pixels)


def test_every_text_inside_the_figure(compact: tuple[str, str, Figure]) -> None:
    """Nothing runs off the sides (a phone would cut it or scroll)."""
    _, _, figure = compact
    frame = figure.bbox
    for text in _visible_texts(figure):
        box = _extent(figure, text)
        assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, (text.get_text(), box, frame)
        assert box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1, (text.get_text(), box, frame)


def test_labels_do_not_overlap(compact: tuple[str, str, Figure]) -> None:
    """No two texts (labels, counts, legend entries) are drawn over each other."""
    _, _, figure = compact
    boxes = [(t.get_text(), _extent(figure, t).shrunk(0.97, 0.9)) for t in _visible_texts(figure)]
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1 :]:
            assert not a.overlaps(b), (first, second)


def test_legend_below_the_plot(compact: tuple[str, str, Figure]) -> None:
    _, _, figure = compact
    renderer = figure._get_renderer()  # type: ignore[attr-defined]
    plot = figure.axes[0].get_window_extent(renderer)
    for legend in figure.legends:
        assert legend.get_window_extent(renderer).y1 <= plot.y0


def test_row_labels_above_their_bars() -> None:
    """The status chart's group labels stand above the bars, so the bars take the
    whole width (full size, they stand beside them)."""
    figure = draw("status", "en", compact=True)
    ax = figure.axes[0]
    figure.draw_without_rendering()
    renderer = figure._get_renderer()  # type: ignore[attr-defined]
    plot = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_gid() == "label"]
    assert len(labels) == 10  # all recommendations and nine themes
    for label in labels:
        assert abs(_extent(figure, label).x0 - plot.x0) < 2
    assert ax.get_yticks().size == 0
    assert plot.width / figure.bbox.width > 0.9
    full = draw("status", "en")
    assert full.axes[0].get_yticks().size == 10


def test_fewer_ticks() -> None:
    trend = draw("trend", "en", compact=True).axes[0]
    trend.figure.draw_without_rendering()  # type: ignore[union-attr]
    assert list(trend.get_yticks()) == [0.0, 0.5, 1.0]
    low, high = trend.get_xlim()
    assert 2 <= len([x for x in trend.get_xticks() if low <= x <= high]) <= 4
    status = draw("status", "en", compact=True).axes[0]
    assert list(status.get_xticks()) == [0.0, 0.5, 1.0]


def test_same_bytes_every_time() -> None:
    need_fonts("ar")
    first = charts.svg_text(draw("heatmap", "ar", compact=True))
    assert first == charts.svg_text(draw("heatmap", "ar", compact=True))
    assert "<dc:date>" not in first


def test_scorecard_charts_have_a_phone_version(kazakhstan: followup.Registry) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    made = scorecard_charts(card)
    assert set(made) == {"status", "trend", "heatmap", "transitions", "timeline"}
    for chart in made.values():
        assert isinstance(chart, Chart)
        assert chart.draw_compact is not None
        phone = chart.draw_compact()
        assert phone.get_figwidth() == pytest.approx(3.9)
        assert phone.get_suptitle().replace("\n", " ") == chart.title
        assert chart.draw(None).get_figwidth() == pytest.approx(8.0)
    # a Chart compares without its drawing functions
    status = made["status"]
    assert status == Chart(status.kind, status.title, status.alt, lambda target: Figure())


def test_other_languages_of_the_scorecard(kazakhstan: followup.Registry) -> None:
    need_fonts("ar")
    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="ar", today=TODAY)
    phone = scorecard_charts(card)["status"].draw_compact
    assert phone is not None
    figure = phone()
    assert figure.axes[0].get_xlim() == (1.0, 0.0)  # right to left
