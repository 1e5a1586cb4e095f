"""The HTML scorecard passes axe-core with no violation, in every language, on a phone
and on a desktop.

Each page is opened in one headless Chromium (Debian's ``chromium``), driven over the
DevTools protocol (``tests/cdp.py``), at 390 px (a phone, with its viewport meta tag
applied) and 1280 px; axe-core (npm package pinned in ``tests/a11y/package-lock.json``,
installed by ``npm ci --prefix tests/a11y``) runs every rule it runs by default. The
same pages are checked for what a reader on a phone needs: no sideways scrolling, and
every table figure inside the screen. docs/accessibility.md says what is checked and
how to run it. CI installs both tools; elsewhere these tests are skipped with a message
saying how to install them (and fail instead when FOLLOWUP_REQUIRE_TOOLS=1).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import followup
import followup.scorecard
from followup.i18n import languages, text_direction
from followup.scorecard.period import Period
from followup.scorecard.render import default_stem
from followup.scorecard.series import ScopeEntry, SeriesEntry, render_index

from .cdp import Browser, Page
from .conftest import ROOT, TODAY, require_tool

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = 390, 1280
LANGUAGES = languages()

# Rules axe ships but does not run by default, turned on here: target size (WCAG 2.2
# AA, 2.5.8) and the experimental checks of tables, headings, focus and orientation.
EXTRA_RULES = (
    "target-size",
    "td-has-header",
    "table-fake-caption",
    "p-as-heading",
    "css-orientation-lock",
    "focus-order-semantics",
)

# axe.run() with its default rule set and EXTRA_RULES; what comes back is only what a
# failure message needs, so the answer stays small.
RUN_AXE = """
axe.run(document, {rules: RULES}).then(function (result) {
  return {
    version: result.testEngine.version,
    passes: result.passes.length,
    ran: [].concat(result.passes, result.violations, result.incomplete,
                   result.inapplicable).map(function (r) { return r.id; }),
    violations: result.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map(function (n) { return n.target.join(" "); })};
    })
  };
})
""".replace("RULES", json.dumps({rule: {"enabled": True} for rule in EXTRA_RULES}))

# Where the page overflows the screen sideways: the page itself, and any table whose
# cells reach past its frame (a reader would have to scroll to see them); and any id
# the page uses twice (axe no longer checks that: its duplicate-id rules are deprecated).
MEASURE = """
(function () {
  var width = window.innerWidth, out = {viewport: width,
    page: document.documentElement.scrollWidth, clipped: [], scrolling: []};
  document.querySelectorAll("table").forEach(function (table) {
    table.querySelectorAll("tbody td, tbody th").forEach(function (cell) {
      var box = cell.getBoundingClientRect();
      if (box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
        out.clipped.push(cell.textContent.trim().slice(0, 40));
    });
  });
  var ids = {};
  out.duplicateIds = [];
  document.querySelectorAll("[id]").forEach(function (el) {
    if (ids[el.id]) out.duplicateIds.push(el.id);
    ids[el.id] = true;
  });
  document.querySelectorAll(".table-wrap, .chart-scroll").forEach(function (frame) {
    if (frame.scrollWidth > frame.clientWidth + 1)
      out.scrolling.push(frame.getAttribute("aria-label"));
  });
  return out;
})()
"""


def _axe_source() -> str:
    """axe-core's script; skips (or fails under FOLLOWUP_REQUIRE_TOOLS=1) without it."""
    if AXE.is_file():
        return AXE.read_text(encoding="utf-8")
    hint = f"axe-core is not installed: run `npm ci --prefix tests/a11y` (looked for {AXE})"
    if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


@pytest.fixture(scope="module")
def axe() -> str:
    return _axe_source()


@pytest.fixture(scope="module")
def browser(axe: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One browser for the whole module: each test opens its own tab."""
    executable = require_tool("chromium", "chromium")
    with Browser(executable, tmp_path_factory.mktemp("chromium")) as running:
        yield running


@pytest.fixture(scope="module")
def scorecard_page(
    kazakhstan: followup.Registry, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """The Kazakhstan scorecard's HTML file in a language (written once per language)."""
    folder = tmp_path_factory.mktemp("scorecards")
    written: dict[str, Path] = {}

    def page(language: str) -> Path:
        if language not in written:
            card = followup.scorecard.build(kazakhstan, "2025-Q3", language=language, today=TODAY)
            (path,) = card.write(folder, ["html"])
            written[language] = Path(str(path))
        return written[language]

    return page


def _check(browser: Browser, axe: str, path: Path, width: int) -> dict[str, Any]:
    """Open ``path`` at ``width``, run axe-core and measure overflow; fail on violations."""
    tab = browser.page(width, 900, mobile=width < 600)
    try:
        tab.open(path.as_uri())
        tab.evaluate(axe)
        result = tab.evaluate(RUN_AXE, await_promise=True)
        measured: dict[str, Any] = tab.evaluate(MEASURE)
    finally:
        tab.close()
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    at "
        + "\n    at ".join(v["targets"][:8])
        + (f"\n    and {len(v['targets']) - 8} more" if len(v["targets"]) > 8 else "")
        for v in result["violations"]
    ]
    assert not found, (
        f"axe-core {result['version']} found {len(found)} violation(s) in {path.name} "
        f"at {width} px:\n" + "\n".join(found)
    )
    assert result["passes"] > 10, result  # axe ran its rules, the extra ones too
    assert set(EXTRA_RULES) <= set(result["ran"]), result["ran"]
    return measured


@pytest.mark.slow
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", LANGUAGES)
def test_scorecard_has_no_axe_violations(
    browser: Browser,
    axe: str,
    scorecard_page: Callable[[str], Path],
    language: str,
    width: int,
) -> None:
    measured = _check(browser, axe, scorecard_page(language), width)
    # the page never scrolls sideways, and every table figure is on screen without
    # scrolling a frame (on a phone each row is a card)
    assert measured["page"] == measured["viewport"] == width, measured
    assert measured["clipped"] == [], measured
    assert measured["scrolling"] == [], measured
    assert measured["duplicateIds"] == [], measured["duplicateIds"][:10]


@pytest.mark.slow
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", sorted({"en", "ar"} & set(LANGUAGES)))
def test_series_index_has_no_axe_violations(
    kazakhstan: followup.Registry,
    browser: Browser,
    axe: str,
    tmp_path: Path,
    language: str,
    width: int,
) -> None:
    entries = []
    for period in ("2025-Q2", "2025-Q3"):
        card = followup.scorecard.build(kazakhstan, period, language=language, today=TODAY)
        entries.append(
            SeriesEntry(
                period=Period.parse(period),
                language=card.language,
                as_of=card.as_of,
                score=card.headline.score,
                coverage=card.headline.coverage,
                change=card.change,
                stem=default_stem(card),
                files=(),
                scopes=tuple(
                    ScopeEntry(s.key, s.label, s.figures.score, s.figures.coverage, s.change)
                    for s in card.scopes
                ),
            )
        )
    index = tmp_path / "index.html"
    page = render_index(kazakhstan, entries, ["html", "pdf"])
    assert f'<html lang="{language}" dir="{text_direction(language)}">' in page
    index.write_text(page, encoding="utf-8")
    measured = _check(browser, axe, index, width)
    assert measured["page"] == width and measured["clipped"] == [], measured


def _roles(tab: Page) -> dict[str, int]:
    """How many nodes of each role the browser's accessibility tree has."""
    tree = tab.call("Accessibility.getFullAXTree")["nodes"]
    counts: dict[str, int] = {}
    for node in tree:
        role = node.get("role", {}).get("value")
        if not node.get("ignored") and isinstance(role, str):
            counts[role] = counts.get(role, 0) + 1
    return counts


@pytest.mark.slow
def test_phone_cards_are_still_tables(
    browser: Browser, scorecard_page: Callable[[str], Path]
) -> None:
    """On a phone the tables look like cards, yet a screen reader still gets tables:
    rows, column headers (which it reads with each cell) and row headers."""
    path = scorecard_page("en")
    html = path.read_text(encoding="utf-8")
    tables, cells = html.count("<table"), html.count("<td")
    seen = {}
    for width in (PHONE, DESKTOP):
        tab = browser.page(width, 900, mobile=width < 600)
        try:
            tab.open(path.as_uri())
            seen[width] = _roles(tab)
            shown = tab.evaluate(
                "Array.from(document.querySelectorAll('tbody tr')).map("
                "r => getComputedStyle(r).display)"
            )
        finally:
            tab.close()
        expected = "grid" if width == PHONE else "table-row"
        assert set(shown) == {expected}, (width, set(shown))
    table_roles = ("table", "row", "rowgroup", "columnheader", "rowheader", "cell")
    for width, roles in seen.items():
        assert roles.get("table") == tables, (width, roles)
        assert roles.get("cell", 0) == cells, (width, roles)
        assert roles.get("columnheader", 0) > 0 and roles.get("rowheader", 0) > 0, roles
    phone, desktop = ({r: seen[w].get(r, 0) for r in table_roles} for w in (PHONE, DESKTOP))
    assert phone == desktop


def test_axe_is_pinned() -> None:
    """The lock file pins the very axe-core version the package file asks for."""
    folder = ROOT / "tests" / "a11y"
    wanted = json.loads((folder / "package.json").read_text("utf-8"))["dependencies"]
    lock = json.loads((folder / "package-lock.json").read_text("utf-8"))
    assert wanted["axe-core"] == lock["packages"]["node_modules/axe-core"]["version"]
    assert lock["packages"]["node_modules/axe-core"]["integrity"].startswith("sha512-")
