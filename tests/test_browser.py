"""The HTML scorecard in a real browser: headless Chromium (Debian's ``chromium``).

The page is opened at phone and desktop widths inside a small harness page whose script
reads the scorecard's DOM (the headline figures, the page's width, headings, alt texts)
and writes what it found into its own DOM, which Chromium prints (``--dump-dom``).
Screenshots at both widths are checked to be non-blank and kept in pytest's temporary
directory for a person to look at. CI installs Chromium (``.ci/run``); elsewhere the
test is skipped with a message saying how to install it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

import followup
import followup.scorecard
from followup.i18n import format_number, format_percent, format_signed

from .cdp import FLAGS as CDP_FLAGS
from .conftest import TODAY, require_tool

FLAGS = [*CDP_FLAGS, "--allow-file-access-from-files"]

HARNESS = """<!doctype html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="card" src="%(page)s" style="border:0;width:%(width)spx;height:900px"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById("card").addEventListener("load", function () {
  var doc = this.contentDocument, win = this.contentWindow, out = {};
  out.figures = {};
  doc.querySelectorAll("[data-figure]").forEach(function (el) {
    out.figures[el.dataset.figure] = el.querySelector("[data-value]").textContent.trim();
  });
  out.viewport = win.innerWidth;
  out.scrollWidth = doc.documentElement.scrollWidth;
  out.title = doc.querySelector("h1").textContent;
  out.h2 = Array.from(doc.querySelectorAll("h2")).map(function (h) { return h.textContent; });
  // each chart has a full and a phone drawing: CSS shows one of them (the other has no box)
  out.charts = Array.from(doc.querySelectorAll("figure.chart svg")).filter(
    function (s) { return s.getClientRects().length > 0; }).map(
    function (s) { return [s.getAttribute("role"), s.getAttribute("aria-label"),
                           s.getBoundingClientRect().width]; });
  out.scripts = doc.querySelectorAll("script").length;
  out.headerScopes = Array.from(doc.querySelectorAll("thead th")).every(
    function (th) { return th.getAttribute("scope") === "col"; });
  out.fontSize = parseFloat(win.getComputedStyle(doc.body).fontSize);
  document.getElementById("result").textContent = JSON.stringify(out);
});
</script></body></html>
"""


def _chromium(*args: str, cwd: Path) -> str:
    exe = require_tool("chromium", "chromium")
    result = subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={cwd / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _read(page: Path, width: int, tmp: Path) -> dict[str, object]:
    harness = tmp / f"harness-{width}.html"
    harness.write_text(HARNESS % {"page": page.as_uri(), "width": width}, encoding="utf-8")
    dom = _chromium("--virtual-time-budget=10000", "--dump-dom", harness.as_uri(), cwd=tmp)
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert match and match.group(1) != "pending", dom[-2000:]
    import html

    return dict(json.loads(html.unescape(match.group(1))))


def _screenshot(page: Path, width: int, tmp: Path) -> Path:
    from PIL import Image

    shot = tmp / f"scorecard-{width}.png"
    _chromium(f"--window-size={width},3000", f"--screenshot={shot}", page.as_uri(), cwd=tmp)
    with Image.open(shot) as image:
        assert image.size == (width, 3000)
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 0.01 * width * 3000, "the screenshot is (nearly) blank"
    return shot


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "ru"])
def test_scorecard_in_chromium(
    kazakhstan: followup.Registry, tmp_path: Path, language: str
) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", language=language, today=TODAY)
    (page,) = card.write(tmp_path, ["html"])
    assert isinstance(page, Path)
    desktop = _read(page, 1280, tmp_path)
    phone = _read(page, 390, tmp_path)
    for seen in (desktop, phone):
        figures = seen["figures"]
        assert isinstance(figures, dict)
        # UN mechanisms: 5 of 13 scored, (0.5 + 1) / 5; the NGO's own: 1.5 / 15
        assert figures["un.score"] == format_number(0.3, language)
        assert figures["ngo.score"] == format_number(0.1, language)
        for scope in card.scopes:
            key = scope.key
            assert scope.figures.coverage is not None
            assert figures[f"{key}.coverage"] == format_percent(scope.figures.coverage, language)
            for rate in scope.rates:
                assert rate.share is not None
                assert figures[f"{key}.{rate.key}"] == format_percent(rate.share, language)
            assert figures[f"{key}.regressed"] == str(len(scope.regressed))
            assert scope.change is not None
            assert figures[f"{key}.change"] == format_signed(scope.change, language)
        assert seen["scripts"] == 0  # self-contained and inert
        assert seen["headerScopes"] is True
        charts = seen["charts"]
        assert isinstance(charts, list) and len(charts) == 5
        for role, label, width in charts:
            assert role == "img" and label and width > 0
    # nothing pushes the page sideways on a phone: wide tables and charts scroll inside
    # their own regions
    assert phone["viewport"] == 390 and phone["scrollWidth"] == 390
    assert desktop["scrollWidth"] == desktop["viewport"]
    assert isinstance(phone["fontSize"], (int, float)) and phone["fontSize"] >= 14
    assert desktop["title"] == phone["title"]
    assert "Kazakhstan" in str(desktop["title"]) or "Казахстан" in str(desktop["title"])
    for width in (390, 1280):
        _screenshot(page, width, tmp_path)


@pytest.mark.slow
def test_escaped_text_stays_text_in_chromium(tmp_path: Path) -> None:
    from .test_scorecard import hostile_registry

    card = followup.scorecard.build(hostile_registry(), "2025-Q3", today=dt.date(2025, 12, 1))
    (page,) = card.write(tmp_path, ["html"])
    assert isinstance(page, Path)
    seen = _read(page, 1280, tmp_path)
    assert seen["scripts"] == 0  # the <script> in the recommendation did not become one
    dom = _chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
    assert "<script>alert(" not in dom
    assert "&lt;script&gt;alert(" in dom


@pytest.mark.slow
def test_html_prints_to_a4(kazakhstan: followup.Registry, tmp_path: Path) -> None:
    """The page's print style sheet: Chromium's "print to PDF" gives A4 pages."""
    pdfinfo = require_tool("pdfinfo", "poppler-utils")
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    (page,) = card.write(tmp_path, ["html"])
    assert isinstance(page, Path)
    printed = tmp_path / "printed.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri(), cwd=tmp_path)
    info = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "99", str(printed)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) >= 3
    for width, height in sizes:
        assert abs(float(width) - 595.3) < 1 and abs(float(height) - 841.9) < 1
