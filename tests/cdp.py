"""A small Chrome DevTools Protocol client for the tests: no dependency beyond Python.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol messages (JSON,
each ending with a NUL byte) from its file descriptor 3 and writes its answers and events
to its descriptor 4. A :class:`Browser` is one headless Chromium; :meth:`Browser.page`
opens a tab with its own viewport (a phone's or a desktop's) and returns a :class:`Page`
that can load a file and evaluate JavaScript in it. Every wait is bounded: a browser that
does not answer in time raises :class:`CDPError` instead of hanging the test run.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "Browser", "CDPError", "Page"]

#: Chromium's switches for a quiet, offline, reproducible headless run.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)

# The browser's ends of the two pipes must be its descriptors 3 and 4: a tiny Python
# moves them there, then becomes the browser. Their numbers before are 10 or more, so
# that moving one never overwrites the other.
_LAUNCH = (
    "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); "
    "os.dup2(r, 3); os.dup2(w, 4); os.close(r); os.close(w); "
    "os.execvp(sys.argv[3], sys.argv[3:])"
)


def _high(fd: int) -> int:
    """``fd`` moved to a descriptor number of 10 or more (closing the old one)."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class CDPError(RuntimeError):
    """The browser reported an error, closed the pipe or did not answer in time."""


class Browser:
    """One headless Chromium driven over a pipe; close it with :meth:`close` (or use it
    as a context manager)."""

    def __init__(
        self,
        executable: str,
        profile: Path,
        *,
        extra: Sequence[str] = (),
        timeout: float = 60.0,
    ) -> None:
        self.timeout = timeout
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        to_browser_r, from_browser_w = _high(to_browser_r), _high(from_browser_w)
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _LAUNCH,
                str(to_browser_r),
                str(from_browser_w),
                executable,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                *extra,
                "about:blank",
            ],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.version = self.call("Browser.getVersion")["product"]

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the wire ------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except OSError as error:
            raise CDPError(f"the browser closed its pipe: {self._stderr()}") from error

    def _receive(self, deadline: float) -> dict[str, Any]:
        """The next message from the browser, waiting until ``deadline`` at most."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError(f"no answer from the browser within {self.timeout:g} s")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise CDPError(f"the browser exited: {self._stderr()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _stderr(self) -> str:
        if self._process.poll() is None or self._process.stderr is None:
            return "(still running)"
        return self._process.stderr.read().decode("utf-8", "replace")[-2000:]

    # -- commands and events -------------------------------------------------------------

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send a command and return its result; events arriving meanwhile are kept."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == ident:
                if "error" in answer:
                    raise CDPError(f"{method}: {answer['error'].get('message', answer)}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:
                self._events.append(answer)

    def wait_for(
        self, method: str, *, session: str | None = None, timeout: float | None = None
    ) -> dict[str, Any]:
        """The first event ``method`` (of ``session``, when given) not yet consumed."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method and session in (None, event.get("sessionId")):
                    del self._events[index]
                    params: dict[str, Any] = event.get("params", {})
                    return params
            self._events.append(self._receive(deadline))

    def page(self, width: int, height: int, *, mobile: bool = False) -> Page:
        """A new tab with a viewport ``width`` x ``height`` CSS pixels (a phone's when
        ``mobile``: the page's viewport meta tag then applies, as on a phone)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, target, session)
        self.call("Page.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            session=session,
        )
        return page

    def close(self) -> None:
        """Ask the browser to quit, then make sure it has (it is killed after 10 s)."""
        if self._process.poll() is None:
            with contextlib.suppress(CDPError):
                self._send({"id": self._next_id + 1, "method": "Browser.close", "params": {}})
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._process.stderr is not None:
            self._process.stderr.close()


class Page:
    """One tab of a :class:`Browser`, attached in flat mode through ``session``."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser = browser
        self.target = target
        self.session = session

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command sent to this tab."""
        return self.browser.call(method, params, session=self.session)

    def open(self, url: str) -> None:
        """Load ``url`` and wait for its load event."""
        self.browser._events = [  # a load event left from an earlier page is not this one's
            e for e in self.browser._events if e.get("sessionId") != self.session
        ]
        answer = self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise CDPError(f"could not open {url}: {answer['errorText']}")
        self.browser.wait_for("Page.loadEventFired", session=self.session)

    def evaluate(self, expression: str, *, await_promise: bool = False) -> Any:
        """The value of ``expression`` in the page (JSON-serialisable values only)."""
        answer = self.call(
            "Runtime.evaluate",
            {
                "expression": expression,
                "awaitPromise": await_promise,
                "returnByValue": True,
            },
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"the page's script failed: {text}")
        return answer["result"].get("value")

    def screenshot(self, path: Path, clip: tuple[float, float, float, float] | None = None) -> None:
        """A PNG written to ``path``: the whole page (beyond the viewport), or the part
        ``clip`` = (x, y, width, height) in CSS pixels from the page's top left."""
        import base64

        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if clip is not None:
            x, y, width, height = clip
            params["clip"] = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
        shot = self.call("Page.captureScreenshot", params)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        """Close the tab."""
        self.browser.call("Target.closeTarget", {"targetId": self.target})
