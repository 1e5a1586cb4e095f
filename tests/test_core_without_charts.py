"""A core install, without the ``charts`` extra: matplotlib is not there.

A fresh process blocks matplotlib (a ``sys.meta_path`` finder refuses it, as if it were
not installed), then loads the Kazakhstan registry, scores it, builds its scorecard and
renders it as JSON and Markdown; asking for a chart, the HTML or the PDF raises
:class:`followup.charts.ChartsNotInstalledError`, whose message names the extra.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import KAZAKHSTAN, ROOT

_SCRIPT = textwrap.dedent(
    """
    import datetime, importlib.abc, json, sys

    class NoCharts(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("matplotlib", "PIL"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NoCharts())

    import followup, followup.charts, followup.scorecard
    from followup.errors import FollowupError

    out = {}
    registry = followup.load(REGISTRY)
    out["score"] = followup.score(registry, by="theme").overall.total
    today = datetime.date(2026, 1, 1)
    card = followup.scorecard.build(registry, "2025-Q3", today=today)
    out["json"] = json.loads(card.render("json"))["headline"]["total"]
    markdown = card.render("md")
    out["md"] = markdown.splitlines()[0]
    out["md_tables"] = markdown.count("| ---")
    out["trend"] = len(followup.charts.trend_series(card.data.trend))
    out["repr"] = repr(card)
    out["view"] = card._repr_html_()
    out["loaded"] = sorted(m for m in sys.modules if m.split(".")[0] in ("matplotlib", "PIL"))
    errors = {}
    for what, ask in {
        "html": lambda: card.render("html"),
        "pdf": lambda: card.render("pdf"),
        "charts": lambda: card.charts(),
        "svg_text": lambda: followup.charts.svg_text,
        "write": lambda: card.write(OUT, ("json", "html")),
    }.items():
        try:
            ask()
        except FollowupError as error:
            errors[what] = [type(error).__name__, str(error)]
        else:
            errors[what] = None
    out["errors"] = errors
    out["written"] = sorted(p.name for p in card.write(OUT + "/core", ("json", "md")))
    print(json.dumps(out))
    """
)


def test_core_works_without_matplotlib(tmp_path: Path) -> None:
    script = _SCRIPT.replace("REGISTRY", repr(str(KAZAKHSTAN))).replace("OUT", repr(str(tmp_path)))
    done = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["score"] == 29 and out["json"] == 29
    assert out["md"].startswith("# ") and "Kazakhstan" in out["md"] and out["md_tables"] >= 5
    assert out["trend"] >= 1  # the trend table's data needs no matplotlib
    assert out["repr"].startswith("<Scorecard kazakhstan 2025-Q3 en")
    # the notebook view shows the figures and says what draws the charts
    assert "followup[charts]" in out["view"] and "<svg" not in out["view"]
    assert "<table>" in out["view"]
    assert out["loaded"] == []  # nothing imported it, nor failed half-way
    for what, error in out["errors"].items():
        assert error is not None, f"{what} worked without matplotlib"
        name, message = error
        assert name == "ChartsNotInstalledError", (what, error)
        assert 'pip install "followup[charts]"' in message and "matplotlib" in message
    # JSON and Markdown are written (the Markdown without chart images); the refused
    # HTML left nothing behind, not even the JSON file asked for with it
    assert out["written"] == ["kazakhstan-2025-Q3-en.json", "kazakhstan-2025-Q3-en.md"]
    assert "![" not in (tmp_path / "core" / "kazakhstan-2025-Q3-en.md").read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["core"]
