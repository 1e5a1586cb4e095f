"""The example web app (examples/webapp/app.py) serves a copy of the Kazakhstan registry
on 127.0.0.1: its JSON scores, its refusals of bad forms (nothing written), and, in
headless Chromium (tests/cdp.py), an assessment recorded through the form that shows
on the next scorecard and is in the registry's files, which still validate.

The app runs as its own process, started as a user would (``app.py REGISTRY --port 0``);
every wait on it is bounded, and it is always stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import select
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import followup
from followup.model.public import public_view
from followup.scoring.output import for_output

from .cdp import Browser
from .conftest import KAZAKHSTAN, ROOT, require_tool

APP = ROOT / "examples" / "webapp" / "app.py"
STARTUP = 60.0  # seconds the app may take to print its address (a loaded CI machine)
REQUEST = 120.0  # seconds one request may take (a scorecard's first render)

#: The assessment the browser records: kaz-ccpr-2-p50c was "not implemented".
REC, LEVEL, ON = "kaz-ccpr-2-p50c", "implemented", "2026-01-15"


class Server:
    """The app running on a copy of the registry in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.registry = folder / "registry"
        shutil.copytree(KAZAKHSTAN, self.registry)
        self.log = folder / "server.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(APP), str(self.registry), "--port", "0"],
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                cwd=folder,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        self.url = self._address()

    def _address(self) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + STARTUP
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                self.stop()
                pytest.fail(f"the app printed no address: {self.log.read_text()[-2000:]}")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1)
                if not chunk:
                    continue
                line += chunk
        url = line.decode().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/"), url
        return url

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, content type and text of ``GET path`` (no redirect followed)."""
        return self._send(urllib.request.Request(self.url + path.lstrip("/")))

    def post(self, path: str, body: bytes, **headers: str) -> tuple[int, str, str]:
        """Status, content type and text of a POST (form-encoded unless said otherwise)."""
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        request = urllib.request.Request(
            self.url + path.lstrip("/"), data=body, method="POST", headers={**kind, **headers}
        )
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> tuple[int, str, str]:
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=REQUEST) as answer:
                status, kind, data = answer.status, answer.headers["Content-Type"], answer.read()
        except urllib.error.HTTPError as error:
            status, kind, data = error.code, error.headers["Content-Type"], error.read()
        return status, kind or "", data.decode("utf-8")

    def files(self) -> dict[str, bytes]:
        """The registry's YAML files, by name (the lock file is not the registry's)."""
        return {
            str(p.relative_to(self.registry)): p.read_bytes()
            for p in sorted(self.registry.rglob("*.yaml"))
        }

    def stop(self) -> None:
        """Stop the app (killed if it does not stop within 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@contextlib.contextmanager
def running(folder: Path) -> Iterator[Server]:
    """The app started on a copy of the registry in ``folder``; stopped on leaving."""
    server = Server(folder)
    try:
        yield server
    finally:
        server.stop()
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]


def test_a_wrong_registry_or_port_is_said_plainly(tmp_path: Path) -> None:
    for args, said in (
        ([str(tmp_path / "missing"), "--port", "0"], "error: no registry at"),
        ([str(KAZAKHSTAN), "--port", "70000"], "'70000' is not a port"),
    ):
        done = subprocess.run(
            [sys.executable, str(APP), *args],
            capture_output=True,
            text=True,
            timeout=STARTUP,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        assert done.returncode in (1, 2) and said in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One app for the tests that write nothing."""
    with running(tmp_path_factory.mktemp("webapp")) as server:
        yield server


def test_scores_json(shared: Server) -> None:
    status, kind, text = shared.get("/scores.json?by=theme&as_of=2025-06-30")
    assert (status, kind) == (200, "application/json; charset=utf-8")
    data = json.loads(text)
    registry = public_view(followup.load(KAZAKHSTAN)).registry
    expected = followup.score(registry, "theme", as_of=dt.date(2025, 6, 30))
    assert data["by"] == ["theme"] and data["as_of"] == "2025-06-30"
    assert [g["key"]["theme"] for g in data["groups"]] == [g.key[0] for g in expected.groups]
    for got, want in zip(data["groups"], expected.groups, strict=True):
        assert got["total"] == want.total and got["assessed"] == want.assessed
        assert got["score"] == for_output(want.score)
        assert sum(got["counts"].values()) == want.total
    assert data["overall"]["total"] == expected.overall.total == 29
    # scores come rounded for output: no float noise such as 0.05000000000000002
    floats = [g["score"] for g in data["groups"] if isinstance(g["score"], float)]
    assert floats and all(len(repr(f)) <= 8 for f in floats)


def test_scores_json_refuses_bad_queries(shared: Server) -> None:
    status, _, text = shared.get("/scores.json?by=colour")
    assert status == 400 and "no grouping with id 'colour'" in json.loads(text)["error"]
    status, _, text = shared.get("/scores.json?as_of=30.06.2025")
    assert status == 400 and "2025-06-30" in json.loads(text)["error"]


def test_scorecard_refuses_an_unknown_language(shared: Server) -> None:
    status, _, page = shared.get("/?language=xx")
    assert status == 400 and "no translation for language &#x27;xx&#x27;" in page
    assert shared.get("/?language=en&language=ru")[0] == 400


def test_bad_posts_write_nothing(shared: Server) -> None:
    before = shared.files()
    form = "rec=kaz-ccpr-2-p50z&level=implementation%3Aimplemented&on=2025-06-30&by=compilers"
    # an unknown recommendation: the form again, the editor's message shown (escaped)
    status, kind, page = shared.post(
        "/assess", (form + "&note=%3Cscript%3Ex%3C/script%3E").encode()
    )
    assert (status, kind) == (422, "text/html; charset=utf-8")
    assert "no recommendation with id &#x27;kaz-ccpr-2-p50z&#x27;" in page
    assert "did you mean" in page  # the nearest ids are suggested
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page
    # a level not on the scale, a date that is not one, a date in the future
    for change, said in (
        ("level=implementation%3Adone", "not a level of scale"),
        ("on=30.06.2025", "is not a date such as"),
        ("on=2999-01-01", "in the future"),
    ):
        fields = dict(p.split("=", 1) for p in form.split("&"))
        fields["rec"] = REC
        name, value = change.split("=", 1)
        fields[name] = value
        body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
        status, _, page = shared.post("/assess", body)
        assert status == 422 and said in page, (change, page[-1500:])
    # not a form, too large, from another site, through another host name
    assert shared.post("/assess", b'{"rec": 1}', **{"Content-Type": "application/json"})[0] == 415
    assert shared.post("/assess", b"note=" + b"x" * 70_000)[0] == 413
    assert shared.post("/assess", form.encode(), Origin="http://evil.example")[0] == 403
    assert shared.post("/assess", form.encode(), **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert shared.post("/assess", form.encode(), Host="rebound.example")[0] == 421
    assert shared.post("/scores.json", b"")[0] == 405
    assert shared.get("/nothing")[0] == 404
    assert shared.files() == before


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    executable = require_tool("chromium", "chromium")
    with Browser(executable, tmp_path / "chromium", timeout=REQUEST) as running:
        yield running


_MOVED_ROWS = """
Array.from(document.querySelectorAll("tr")).map(function (tr) { return tr.textContent; })
  .filter(function (t) { return t.indexOf("REC") >= 0 && t.indexOf("15 Jan 2026") >= 0; })
""".replace("REC", REC)

_FILL = (
    """
(function () {
  function set(name, value) {
    var field = document.querySelector("[name=" + name + "]");
    field.value = value;
    if (field.value !== value) throw new Error("cannot set " + name + " to " + value);
  }
  set("rec", "REC"); set("level", "implementation:LEVEL"); set("on", "ON");
  set("by", "compilers"); set("evidence", "https://example.org/report\\nCCPR/C/KAZ/CO/3");
  set("note", "Recorded <through> the web app");
  document.getElementById("record").click();
  return true;
})()
""".replace("REC", REC)
    .replace("LEVEL", LEVEL)
    .replace("ON", ON)
)


@pytest.mark.slow
def test_assessment_recorded_through_the_form(tmp_path: Path, browser: Browser) -> None:
    with running(tmp_path) as server:
        tab = browser.page(1280, 900)
        # the quarter's scorecard, rendered (and cached) before the edit: nothing moved
        tab.open(server.url + "scorecard?period=2026-Q1")
        assert tab.evaluate(_MOVED_ROWS) == []
        tab.open(server.url + "assess")
        assert tab.evaluate("document.forms.length") == 1
        browser._events = [e for e in browser._events if e.get("sessionId") != tab.session]
        assert tab.evaluate(_FILL) is True
        browser.wait_for("Page.loadEventFired", session=tab.session)
        # redirected (303) to the scorecard of the assessment's quarter, rendered anew
        assert tab.evaluate("location.pathname + location.search").startswith(
            "/scorecard?period=2026-Q1&recorded="
        )
        recorded = tab.evaluate("document.getElementById('recorded').textContent")
        assert recorded == f"Recorded: {REC}: {LEVEL} on {ON} by compilers"
        (row,) = tab.evaluate(_MOVED_ROWS)
        assert "Not implemented" in row and "Implemented" in row
        assert "https://example.org/report" in row
        note = tab.evaluate("document.body.textContent.indexOf('Recorded <through> the web app')")
        assert note >= 0  # shown as text, not taken for markup
        tab.close()
        # the registry on disk holds it, written as the CLI would, and still validates
        registry = followup.load(server.registry)
        latest = registry.latest_assessment(REC)
        assert latest is not None
        assert (latest.status, latest.date.isoformat(), latest.by) == (LEVEL, ON, "compilers")
        assert latest.scale is None
        assert [e.url or e.document for e in latest.evidence] == [
            "https://example.org/report",
            "CCPR/C/KAZ/CO/3",
        ]
        assert followup.validate(server.registry).ok
        text = (server.registry / "reviews" / "ccpr-2016.yaml").read_text(encoding="utf-8")
        assert f"date: {ON}\n        status: {LEVEL}\n        by: compilers\n" in text
