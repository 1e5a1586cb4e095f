"""Make the scorecard pictures in docs/images/ (run by hand when the layout changes).

Needs Debian's chromium and poppler-utils. Run: .venv/bin/python docs/make_images.py
The chart pictures come from the chart tests: FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_charts.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

import followup
import followup.scorecard

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def shoot(page: Path, width: int, height: int, target: Path, scratch: Path) -> None:
    raw = scratch / f"shot-{width}.png"
    subprocess.run(
        [
            "chromium",
            *FLAGS,
            f"--user-data-dir={scratch / 'profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={raw}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=128).save(target, optimize=True)


def main() -> None:
    registry = followup.load(ROOT / "registries" / "kazakhstan")
    card = followup.scorecard.build(registry, "2025-Q3", today=dt.date(2026, 11, 25))
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        html, pdf = (Path(str(p)) for p in card.write(scratch, ["html", "pdf"]))
        shoot(html, 1100, 1400, IMAGES / "scorecard-html.png", scratch)
        shoot(html, 390, 1100, IMAGES / "scorecard-phone.png", scratch)
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(scratch / "page")],
            check=True,
        )
        for number in (1, 2):
            with Image.open(scratch / f"page-{number}.png") as image:
                image.convert("RGB").quantize(colors=128).save(
                    IMAGES / f"scorecard-pdf-{number}.png", optimize=True
                )
    for path in sorted(IMAGES.glob("scorecard-*.png")):
        print(path.relative_to(ROOT), path.stat().st_size)


if __name__ == "__main__":
    main()
