"""The documentation site (mkdocs.yml) builds in strict mode, with the API reference
generated from the docstrings, and strict mode does fail on a broken link; the citation
file agrees with the package's metadata."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

import followup

from .conftest import ROOT

if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") != "1":  # in CI a missing extra fails the run
    for _module in ("mkdocs", "mkdocstrings", "material"):
        pytest.importorskip(_module, reason="the docs extra is missing: pip install -e '.[docs]'")


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    # never --quiet: mkdocs then stops counting warnings and --strict lets them pass
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's mkdocs.yml, once for the module."""
    out = tmp_path_factory.mktemp("site")
    result = _build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def _text(page: Path) -> str:
    """The visible text of an HTML page, tags dropped and spaces collapsed."""
    html = page.read_text(encoding="utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s+- (?:[^\n]+?: )?([\w/-]+\.md)\s*$", config, re.MULTILINE))
    pages = {path.relative_to(ROOT / "docs").as_posix() for path in (ROOT / "docs").rglob("*.md")}
    assert pages - listed == set(), "pages missing from the nav of mkdocs.yml"
    assert listed - pages == set(), "the nav lists pages that do not exist"


@pytest.mark.slow
def test_site_builds_with_every_page(site: Path) -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        stem = page.relative_to(ROOT / "docs").with_suffix("")
        built = site / "index.html" if stem.name == "index" and stem.parent == Path() else None
        built = built or site / (stem.parent if stem.name == "index" else stem) / "index.html"
        assert built.is_file(), f"{page.name} was not built"


@pytest.mark.slow
def test_api_reference_comes_from_the_docstrings(site: Path) -> None:
    page = (site / "reference" / "followup" / "index.html").read_text(encoding="utf-8")
    text = _text(site / "reference" / "followup" / "index.html")
    for function in (followup.load, followup.score, followup.validate, followup.edit):
        doc = inspect.getdoc(function)
        assert doc
        first = " ".join(doc.splitlines()[0].replace("``", " ").split())
        assert first in text, first
    # load and score share their modules' names: documented under their full paths
    for name in ("followup.registry.load.load", "followup.scoring.score.score", "followup.edit"):
        assert f'id="{name}"' in page, name
    card = (site / "reference" / "scorecard" / "index.html").read_text(encoding="utf-8")
    assert 'id="followup.scorecard.build.build"' in card
    assert 'id="followup.scorecard.Scorecard"' in card
    editing = (site / "reference" / "registry" / "index.html").read_text(encoding="utf-8")
    assert 'id="followup.registry.Editor"' in editing


@pytest.mark.slow
def test_site_has_no_web_fonts(site: Path) -> None:
    """The site is built and read without the network: no Google Fonts."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
    assert "fonts.gstatic.com" not in home


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("See the [missing page](missing.md).", "missing.md"),
        ("See [a section](other.md#no-such-heading).", "no-such-heading"),
        ("::: followup.no_such_function", "followup.no_such_function"),
    ],
    ids=["page", "anchor", "api-name"],
)
def test_strict_build_fails_on_a_broken_reference(tmp_path: Path, body: str, said: str) -> None:
    """The repository's configuration (inherited) turns a broken link, a missing heading
    or an API name that does not exist into a failed build naming it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Home\n\n{body}\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## A heading\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nnav:\n  - index.md\n  - other.md\n",
        encoding="utf-8",
    )
    result = _build(config, tmp_path / "site")
    assert result.returncode != 0
    assert said in result.stderr


def test_citation_file_matches_the_package() -> None:
    """CITATION.cff (how researchers cite followup) names this version and licence."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([a-z-]+): (.+)$", citation, re.MULTILINE))
    assert fields["cff-version"] == "1.2.0"
    assert fields["version"] == project["version"]
    assert fields["license"] == project["license"]
    assert fields["type"] == "software"
    assert "url" not in fields  # no published home yet: never an invented address


# The troubleshooting page quotes followup's messages: each command below, run on fresh
# copies of the Kazakhstan registry named as on the page, must still print the quoted
# lines (my-registry has an unquoted version and a misspelled level).
def _assess(rec: str, on: str, by: str, status: str) -> list[str]:
    return ["assess", "kazakhstan", rec, "--on", on, "--by", by, "--status", status, "--dry-run"]


_REC = "kaz-ccpr-3-counter-terrorism"
_MESSAGES = {
    "not-found": ["validate", "nowhere"],
    "unknown-id": _assess("kaz-ccpr-3-counter-terorism", "2025-12-20", "compilers", "implemented"),
    "unknown-review": [
        *("add-recommendation", "kazakhstan", "--review", "kaz-upr-2025", "--id", "kaz-upr-4-1"),
        *("--text", "x", "--document", "A/HRC/x", "--dry-run"),
    ],
    "command": ["scorcard", "kazakhstan"],
    "scale": ["score", "kazakhstan", "--scale", "hrc"],
    "level": _assess(_REC, "2025-12-20", "compilers", "B"),
    "judge": _assess(_REC, "2025-12-20", "ngo", "implemented"),
    "date-before-review": _assess(_REC, "2010-01-01", "compilers", "implemented"),
    "date-format": ["info", "kazakhstan", "--as-of", "30/06/2025"],
    "period": ["scorecard", "kazakhstan", "--period", "1990", "-o", "out"],
    "from-after-to": ["progress", "kazakhstan", "--from", "2025-09-30", "--to", "2025-01-01"],
    "file-problems": ["validate", "my-registry", "--quiet"],
}


def _my_registry(target: Path) -> None:
    """The Kazakhstan registry with an unquoted version and a misspelled level."""
    import shutil

    from .conftest import KAZAKHSTAN

    shutil.copytree(KAZAKHSTAN, target)
    manifest = target / "registry.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('version: "2025.1"', "version: 2025.10"), encoding="utf-8")
    review = target / "reviews" / "ccpr-2016.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("status: not-implemented", "status: not-implemnted", 1))


@pytest.mark.parametrize("argv", list(_MESSAGES.values()), ids=list(_MESSAGES))
def test_troubleshooting_quotes_real_messages(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    from followup.cli import main

    from .conftest import KAZAKHSTAN

    shutil.copytree(KAZAKHSTAN, tmp_path / "kazakhstan")
    _my_registry(tmp_path / "my-registry")
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's own errors
        code = int(stop.code or 0)
    assert code != 0
    captured = capsys.readouterr()
    page = (ROOT / "docs" / "troubleshooting.md").read_text(encoding="utf-8")
    quoted = [
        line
        for line in (captured.out + captured.err).splitlines()
        if line.strip()
        and not line.startswith(("usage:", "   "))  # argparse's usage, on several lines
        and not re.match(r"\d+ errors?, ", line)  # the summary's counts
    ]
    assert quoted
    for line in quoted:
        assert line in page, f"docs/troubleshooting.md does not quote: {line}"
