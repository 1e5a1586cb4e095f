"""Smoke test of an installed followup, run by .ci/run outside the checkout.

Three stages, one per command line:

- ``smoke.py wheel WHEEL CHECKOUT``: the wheel holds every file of the ``followup``
  package in the checkout (modules and package data: templates, catalogues, the JSON
  Schema, the import mappings, ``py.typed``) and the licence text in its metadata.
  Runs with any Python: it reads the wheel as a zip file.
- ``smoke.py core REGISTRY``: in a virtual environment where only the wheel is
  installed (no extra), load and score the registry, render its scorecard as JSON,
  with matplotlib neither installed nor imported; an HTML scorecard (it holds charts)
  is refused with a message naming the charts extra.
- ``smoke.py charts REGISTRY``: the same environment with ``followup[charts]``: the
  scorecard as an HTML string, a whole page.

Each check that fails prints what was expected and exits 1.
"""

from __future__ import annotations

import email
import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath
from typing import NoReturn

PERIOD = "2025-Q3"  # the Kazakhstan registry's latest quarter with data


def fail(message: str) -> NoReturn:
    """Stop the smoke test with ``message``."""
    print(f"smoke: FAILED: {message}", file=sys.stderr)
    raise SystemExit(1)


def _package_files(checkout: Path) -> set[str]:
    """The files of the ``followup`` package that git tracks in ``checkout`` (every
    file under ``followup/`` but caches when git is not there)."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(checkout), "ls-files", "-z", "followup"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        return {name for name in listed.split("\0") if name}
    except (OSError, subprocess.CalledProcessError):
        return {
            path.relative_to(checkout).as_posix()
            for path in (checkout / "followup").rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".mo"
        }


def check_wheel(wheel: Path, checkout: Path) -> None:
    """The wheel holds the whole package and the licence, and its metadata is right."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = {PurePosixPath(name).parts[0] for name in names if ".dist-info/" in name}
        if len(dist_info) != 1:
            fail(f"{wheel.name}: expected one .dist-info folder, found {sorted(dist_info)}")
        (info,) = dist_info
        metadata = email.message_from_bytes(archive.read(f"{info}/METADATA"))
    missing = sorted(_package_files(checkout) - names)
    if missing:
        fail(
            f"{wheel.name} lacks {len(missing)} file(s) of the package, first {missing[:5]}: "
            "add their pattern to [tool.setuptools.package-data] in pyproject.toml"
        )
    for data in ("followup/py.typed", "followup/scorecard/templates/scorecard.html.j2"):
        if data not in names:
            fail(f"{wheel.name} lacks {data}")
    if f"{info}/licenses/LICENSE" not in names:
        fail(f"{wheel.name} lacks the licence text {info}/licenses/LICENSE")
    if metadata["License-Expression"] != "Apache-2.0":
        fail(f"License-Expression is {metadata['License-Expression']!r}, not 'Apache-2.0'")
    requires = metadata.get_all("Requires-Dist") or []
    core = [req for req in requires if "extra ==" not in req]
    heavy = [req for req in core if req.split()[0].lower().startswith(("matplotlib", "numpy"))]
    if heavy:
        fail(f"the core install requires {heavy}: they belong in the charts extra")
    if not any(req.startswith("matplotlib") and "charts" in req for req in requires):
        fail("no extra named 'charts' brings matplotlib")
    print(f"smoke: {wheel.name}: {len(names)} files, package data and LICENSE present")


def _installed_package() -> None:
    """followup comes from the environment's site-packages, not from a checkout."""
    import followup

    where = Path(followup.__file__).resolve()
    if not where.is_relative_to(Path(sys.prefix).resolve()):
        fail(f"followup imported from {where}, not from the environment {sys.prefix}")
    if followup.__version__ in {"", "0+unknown"}:
        fail(f"followup.__version__ is {followup.__version__!r}: no installed metadata")


def _console_script(registry: Path) -> None:
    """The ``followup`` command the wheel installs runs and validates the registry."""
    command = Path(sys.executable).parent / "followup"
    for args in (["--version"], ["validate", "--quiet", str(registry)]):
        result = subprocess.run([command, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            fail(f"followup {' '.join(args)} exited {result.returncode}: {result.stderr}")


def check_core(registry: Path) -> None:
    """Load, score and render JSON without matplotlib."""
    if importlib.util.find_spec("matplotlib") is not None:
        fail("matplotlib is installed in the core environment: the wheel pulled it in")
    _installed_package()
    import followup
    import followup.scorecard

    reg = followup.load(registry)
    result = followup.score(reg, "theme")
    if result.overall.total == 0:
        fail(f"{registry}: scored no recommendation")
    card = followup.scorecard.build(reg, PERIOD)
    text: object = card.render("json")  # checked, not trusted
    if not isinstance(text, str):
        fail(f"render('json') gave {type(text).__name__}, not str")
    data = json.loads(text)
    if data["period"]["id"] != PERIOD or data["headline"]["total"] != result.overall.total:
        fail(f"the JSON scorecard says {data['period']} and {data['headline']}")
    if "matplotlib" in sys.modules:
        fail("loading, scoring and rendering JSON imported matplotlib")
    try:
        card.render("html")
    except followup.FollowupError as error:  # the charts it holds need the extra
        if "followup[charts]" not in str(error):
            fail(f"an HTML scorecard without matplotlib says {error}, naming no extra")
    else:
        fail("an HTML scorecard (with charts) was rendered without matplotlib")
    _console_script(registry)
    print(
        f"smoke: core install: {result.overall.total} recommendations scored, "
        f"JSON scorecard of {len(text)} characters, no matplotlib"
    )


def check_charts(registry: Path) -> None:
    """With the charts extra: the scorecard as a whole HTML page, in memory."""
    _installed_package()
    import followup
    import followup.scorecard

    card = followup.scorecard.build(followup.load(registry), PERIOD)
    html: object = card.render("html")  # checked, not trusted
    if not isinstance(html, str):
        fail(f"render('html') gave {type(html).__name__}, not str")
    head = html.lstrip()[:15].lower()
    if not head.startswith("<!doctype html") or "</html>" not in html[-200:].lower():
        fail(f"render('html') is not a whole HTML document: starts {html[:40]!r}")
    if "Kazakhstan" not in html or "<svg" not in html:
        fail("the HTML scorecard names no Kazakhstan or has no chart")
    print(f"smoke: charts install: HTML scorecard of {len(html)} characters")


def main(argv: list[str]) -> None:
    """Run the stage named on the command line."""
    match argv:
        case ["wheel", wheel, checkout]:
            check_wheel(Path(wheel), Path(checkout))
        case ["core", registry]:
            check_core(Path(registry))
        case ["charts", registry]:
            check_charts(Path(registry))
        case _:
            fail("usage: smoke.py wheel WHEEL CHECKOUT | core REGISTRY | charts REGISTRY")


if __name__ == "__main__":
    main(sys.argv[1:])
