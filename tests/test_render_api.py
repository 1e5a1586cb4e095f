"""The scorecard's render API: HTML, Markdown and JSON as text, PDF as bytes, in memory.

What ``card.render(fmt)`` gives is what ``card.write(dir)`` writes, byte for byte; the
charts are drawn once per card and shared by every format, ``charts()`` and the
notebook view; nothing is written to disk while rendering; ``repr`` is one short line
and ``_repr_html_`` shows the headline and the charts.
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import followup
import followup.charts
import followup.scorecard
from followup.errors import FollowupError
from followup.scorecard.layout import CHART_KINDS

from .conftest import KAZAKHSTAN, ROOT, TODAY


@pytest.fixture
def card(kazakhstan: followup.Registry) -> followup.scorecard.Scorecard:
    """A new card each test (its charts are kept on it once drawn)."""
    return followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)


@pytest.fixture(scope="module")
def shared(kazakhstan: followup.Registry) -> followup.scorecard.Scorecard:
    """One card for the tests that do not count drawings."""
    return followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every chart drawn to SVG (each ``svg_text`` call) from here on."""
    calls: list[int] = []
    original: Callable[..., str] = followup.charts.svg_text

    def counted(*args: object, **kwargs: object) -> str:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(followup.charts, "svg_text", counted)
    return calls


def test_render_is_what_write_writes(
    card: followup.scorecard.Scorecard, tmp_path: Path, drawings: list[int]
) -> None:
    html, markdown, data = card.render("html"), card.render("md"), card.render("json")
    assert isinstance(html, str) and html.startswith("<!doctype html>")
    kinds = [k for k in CHART_KINDS if f'id="c-{k}-' in html]
    assert set(kinds) == set(card.charts())  # every chart is on the page
    paths = card.write(tmp_path, ("html", "md", "json"), stem="k")
    assert (tmp_path / "k.html").read_text("utf-8") == html
    assert (tmp_path / "k.json").read_text("utf-8") == data
    images = {kind: f"k-{kind}.svg" for kind in kinds}
    assert (tmp_path / "k.md").read_text("utf-8") == card.render("md", images=images)
    for kind, svg in card.charts().items():  # the SVG files are the charts shown
        assert (tmp_path / f"k-{kind}.svg").read_text("utf-8").endswith(svg)
    # the Markdown without images holds every table, and no image link
    assert "![" not in markdown and markdown.count("| ---") >= 5
    assert len(paths) == 3 + len(kinds)
    # each chart drawn twice in all (full size and for phones), whatever was asked
    assert len(drawings) == 2 * len(kinds)


def test_charts_are_drawn_once_per_card(kazakhstan: followup.Registry, drawings: list[int]) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    full, small = card.charts(), card.charts(compact=True)
    assert set(full) == set(CHART_KINDS) and set(small) <= set(full)
    assert all(svg.startswith("<svg") for svg in (*full.values(), *small.values()))
    once = len(drawings)
    assert once == len(full) + len(small)
    card.render("html")
    card._repr_html_()
    card.render("html")
    assert len(drawings) == once
    # another card, even an equal one, has its own drawings
    other = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    assert other == card and other._drawn is not card._drawn and other._drawn.svgs is None


def test_two_threads_draw_a_card_once(kazakhstan: followup.Registry, drawings: list[int]) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pages = list(pool.map(lambda _: card.render("html"), range(2)))
    assert pages[0] == pages[1]
    assert len(drawings) == len(card.charts()) + len(card.charts(compact=True))


def test_pdf_bytes_are_the_written_file(
    shared: followup.scorecard.Scorecard, tmp_path: Path
) -> None:
    pdf = shared.render("pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    (path,) = shared.write(tmp_path, ("pdf",))
    assert path.read_bytes() == pdf


def test_json_has_no_float_noise(shared: followup.scorecard.Scorecard) -> None:
    text = shared.render("json")
    data = json.loads(text)
    assert data["format"] == "followup-scorecard" and data["headline"]["total"] == 29
    floats = re.findall(r"-?\d+\.(\d+)", text)
    assert floats and all(len(decimals) <= 6 for decimals in floats)


def test_bad_format_and_options(shared: followup.scorecard.Scorecard) -> None:
    with pytest.raises(FollowupError, match="unknown scorecard format 'docx'"):
        shared.render("docx")
    with pytest.raises(FollowupError, match="images= is for the Markdown"):
        shared.render("html", images={"status": "s.svg"})


def test_the_cache_is_not_part_of_the_value(
    card: followup.scorecard.Scorecard, kazakhstan: followup.Registry
) -> None:
    card.render("md")
    copy = pickle.loads(pickle.dumps(card))
    assert copy == card == followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    assert copy.render("md") == card.render("md")
    assert "_drawn" not in repr(card) and "Drawn" not in repr(card)


def test_short_repr(shared: followup.scorecard.Scorecard) -> None:
    text = repr(shared)
    assert len(text) < 300 and "\n" not in text
    assert text.startswith("<Scorecard kazakhstan 2025-Q3 en as of 2025-09-30: ")
    assert "29 recommendations, 21 assessed" in text
    assert f"{len(shared.themes)} themes" in text and f"{shared.reviews_count} reviews" in text


def test_notebook_view(card: followup.scorecard.Scorecard, drawings: list[int]) -> None:
    page = card._repr_html_()
    charts = card.charts()
    assert page.count("<svg ") == len(charts) == len(drawings)
    assert 'lang="en"' in page and "Kazakhstan" in page
    headline = card.headline
    assert f"{headline.assessed}" in page and "<table>" in page
    # the headline only: no section after it, no table of themes
    assert "How to read" not in page and len(page) < 2 * sum(map(len, charts.values()))
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # unique within the view
    again = card._repr_html_()  # a second view of the card: its own ids, no new drawing
    assert not set(ids) & set(re.findall(r'\bid="([^"]+)"', again))
    assert len(drawings) == len(charts)


def test_rendering_writes_no_file(tmp_path: Path) -> None:
    """An audit hook in a fresh process records every file opened for writing while a
    new card is rendered in every format: none is."""
    script = textwrap.dedent(
        f"""
        import os, sys
        import followup, followup.scorecard
        registry = followup.load({str(KAZAKHSTAN)!r})
        import followup.charts.output, followup.fonts  # matplotlib's font cache made here
        followup.fonts.require("en")
        card = followup.scorecard.build(registry, "2025-Q3")
        written = []

        def hook(event, args):
            if event == "open" and len(args) > 1:
                mode, flags = args[1], args[2] if len(args) > 2 else 0
                path = args[0]
                if not isinstance(path, (str, bytes)) or path == os.devnull:
                    return  # a pipe's file descriptor, or the typesetter's discarded stderr
                if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and flags & 0o3
                ):
                    written.append(str(path))

        sys.addaudithook(hook)
        sizes = [len(card.render(fmt)) for fmt in ("html", "md", "json", "pdf")]
        print(sizes, written)
        assert not written, written
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- branding -------------------------------------------------------------------------

_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    b'<rect width="8" height="8" fill="#0b5d3b"/></svg>'
)


def test_branding_is_checked(tmp_path: Path) -> None:
    brand = followup.scorecard.Branding
    error = followup.scorecard.BrandingError
    with pytest.raises(error, match="#rrggbb"):
        brand(colour="green")
    with pytest.raises(error, match=r"contrast of 1\.1:1 on white"):
        brand(colour="#ffff00")  # too light for links on white
    with pytest.raises(error, match="http"):
        brand(organisation="X", url="javascript:alert(1)")
    with pytest.raises(error, match="PNG, JPEG or SVG"):
        brand(organisation="X", logo=b"GIF89a....")
    with pytest.raises(error, match="needs an organisation"):
        brand(logo=_LOGO)
    big = tmp_path / "big.svg"
    big.write_bytes(_LOGO + b" " * (2 * 1024 * 1024))
    with pytest.raises(FollowupError, match="larger than the limit"):
        brand(organisation="X").with_logo(big)
    assert followup.scorecard.branding.contrast("#000000") == pytest.approx(21.0)


def test_branded_scorecard(kazakhstan: followup.Registry, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_bytes(_LOGO)
    brand = followup.scorecard.Branding(
        organisation="Civic Monitor <Almaty>",
        url="https://example.org/",
        colour="#0b5d3b",
        css=".stat .value { color: #0b5d3b; } </style><script>alert(1)</script>",
    ).with_logo(logo)
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY, branding=brand)
    plain = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    assert card != plain and card.headline == plain.headline
    # the HTML page: logo, name (escaped) linked to the site, the colour, the CSS last,
    # and nothing in the CSS can close the style sheet
    doc = card.render("md")
    assert "[Civic Monitor &lt;Almaty&gt;](https://example.org/)" in doc
    assert json.loads(card.render("json"))["publisher"] == {
        "organisation": "Civic Monitor <Almaty>",
        "url": "https://example.org/",
    }
    assert "publisher" not in json.loads(plain.render("json"))
    from followup.scorecard import _drawn
    from followup.scorecard.html import render_html

    page = card.render("html")
    head = page[: page.index("<h1>")]
    assert '<img src="data:image/svg+xml;base64,' in head
    assert '<a href="https://example.org/">Civic Monitor &lt;Almaty&gt;</a>' in head
    style = page[page.index("<style>") : page.index("</style>")]
    assert style.rstrip().endswith("<\\/style><script>alert(1)<\\/script>")
    assert ":root { --accent: #0b5d3b; }" in style and head.count("</style>") == 1
    assert "<script>" not in page.replace("<\\/style><script>alert(1)", "")
    unbranded = render_html(_drawn.document_of(plain), card.charts(), card.charts(compact=True))
    assert 'class="brand"' not in unbranded and "--accent: #0b5d3b" not in unbranded
    # the PDF's input: the accent colour, the name, the site and the SVG logo
    from followup.scorecard.pdf import _branding

    assert _branding(_drawn.document_of(card)) == {
        "accent": "#0b5d3b",
        "publisher": {
            "name": "Civic Monitor <Almaty>",
            "url": "https://example.org/",
            "logo": _LOGO.decode(),
        },
    }
    assert _branding(_drawn.document_of(plain)) == {}
