"""Make the scorecard pictures in docs/images/ (run by hand when the layout changes).

Needs Debian's chromium (the HTML pages, driven like the tests do, through
tests/cdp.py) and poppler-utils (the PDF pages).
Run: .venv/bin/python docs/make_images.py [html] [pdf]   (both when neither is named)

- scorecard-html.png: the top of the English page on a 1280 px wide desktop;
- scorecard-phone.png: the top of the page on a 390 px wide phone (headline figures);
- scorecard-phone-data.png: further down on the phone, a chart drawn for the phone and a
  table read as one card per row;
- scorecard-pdf-1.png, scorecard-pdf-2.png: the PDF's first two pages.

The chart pictures come from the chart tests: FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_charts.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

import followup
import followup.scorecard

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT))

from tests.cdp import Browser  # noqa: E402  (the tests' browser driver, found from ROOT)

# Where the phone picture of the data starts: the "By theme" section's status chart.
DATA_FROM = "#chart-status"


def _save(raw: Path, target: Path) -> None:
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=128).save(target, optimize=True)


def html_pictures(page: Path, scratch: Path) -> None:
    """The page on a desktop and on a phone, through headless Chromium."""
    with Browser("chromium", scratch / "profile") as browser:
        desktop = browser.page(1280, 1400)
        desktop.open(page.as_uri())
        desktop.screenshot(scratch / "desktop.png", (0, 0, 1280, 1400))
        _save(scratch / "desktop.png", IMAGES / "scorecard-html.png")
        phone = browser.page(390, 844, mobile=True)
        phone.open(page.as_uri())
        phone.screenshot(scratch / "phone.png", (0, 0, 390, 1100))
        _save(scratch / "phone.png", IMAGES / "scorecard-phone.png")
        top = phone.evaluate(
            f"document.querySelector('{DATA_FROM}').getBoundingClientRect().top + scrollY"
        )
        phone.screenshot(scratch / "phone-data.png", (0, float(top) - 12, 390, 1250))
        _save(scratch / "phone-data.png", IMAGES / "scorecard-phone-data.png")


def pdf_pictures(pdf: Path, scratch: Path) -> None:
    """The PDF's first two pages at 70 dpi."""
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(scratch / "page")],
        check=True,
    )
    for number in (1, 2):
        _save(scratch / f"page-{number}.png", IMAGES / f"scorecard-pdf-{number}.png")


def main(which: list[str]) -> None:
    wanted = set(which) or {"html", "pdf"}
    registry = followup.load(ROOT / "registries" / "kazakhstan")
    card = followup.scorecard.build(registry, "2025-Q3", today=dt.date(2026, 11, 25))
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        formats = [f for f in ("html", "pdf") if f in wanted]
        files = {Path(str(p)).suffix: Path(str(p)) for p in card.write(scratch, formats)}
        if "html" in wanted:
            html_pictures(files[".html"], scratch)
        if "pdf" in wanted:
            pdf_pictures(files[".pdf"], scratch)
    for path in sorted(IMAGES.glob("scorecard-*.png")):
        print(path.relative_to(ROOT), path.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1:])
