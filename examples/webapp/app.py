"""A small web app that embeds followup: standard library only (a WSGI app on wsgiref).

It serves one registry's scorecard as HTML (``/`` or ``/scorecard?language=ru&period=
2025-Q3``), score tables as JSON (``/scores.json?by=theme&as_of=2025-06-30``) and a form
(``/assess``) that records an assessment through followup's editor. It listens on
127.0.0.1 only. Run: ``python examples/webapp/app.py REGISTRY [--port 8000]`` (port 0
picks a free one); the first line it prints is the address it serves. README.md beside
this file says how it keeps safe and what it caches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from _forms import RequestError, check_form, read_form
from _pages import Choice, FormChoices, form_page, message_page, nav_bar
from attrs import frozen

import followup
import followup.scorecard
from followup.model.public import public_view
from followup.registry.layout import find_layout
from followup.scorecard.period import Period
from followup.scoring.output import for_output
from followup.scoring.score import DIMENSIONS, UNKNOWN, GroupScore

#: Scorecards kept rendered (per registry state, language and period); the oldest goes.
MAX_CARDS = 16

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
#: The registry's files as (path, size, mtime in ns): it changes when any file does.
State = tuple[tuple[str, int, int], ...]

_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_SECURITY = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
]


@frozen
class Reply:
    """A response: status line, body, content type and extra headers."""

    status: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _html(status: str, page: str) -> Reply:
    return Reply(status, page.encode("utf-8"))


def _json(status: str, data: object) -> Reply:
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return Reply(status, text.encode("utf-8"), "application/json; charset=utf-8")


def registry_state(path: Path) -> State:
    """The registry's files with their sizes and modification times (a cache key)."""
    layout, problems = find_layout(path)
    if layout is None:
        raise followup.FollowupError("; ".join(p.message for p in problems) or f"{path}")
    files = (layout.manifest, *layout.reviews)
    return tuple((str(f), (s := f.stat()).st_size, s.st_mtime_ns) for f in files)


def _group(group: GroupScore, by: tuple[str, ...], levels: tuple[str, ...]) -> dict[str, Any]:
    return {
        "key": dict(zip(by, group.key, strict=True)),
        "total": group.total,
        "assessed": group.assessed,
        "coverage": group.coverage,
        "scored": group.scored,
        "score": group.score,
        "implementation_rate": group.implementation_rate,
        "counts": {level: group.counts.get(level, 0) for level in (*levels, UNKNOWN)},
    }


class App:
    """The WSGI application for the registry at ``registry``.

    ``hosts`` are the Host headers accepted (the address the server listens on): a page
    of another site cannot reach the app through a name of its own (DNS rebinding).
    """

    def __init__(self, registry: Path, *, hosts: frozenset[str] | None = None) -> None:
        self.registry = registry
        self.hosts = hosts
        self._lock = threading.Lock()  # one request at a time touches the caches
        self._loaded: tuple[State, followup.Registry] | None = None
        #: rendered scorecards by (registry state, language, period, today)
        self._cards: dict[tuple[object, ...], str] = {}

    # -- WSGI --------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request; nothing but a short message reaches the client on failure."""
        try:
            with self._lock:
                reply = self.handle(environ)
        except RequestError as refused:
            reply = _html(refused.status, message_page(refused.status, refused.text))
        except Exception:  # the log gets the traceback, the user a short page
            traceback.print_exc(file=sys.stderr)
            text = "The app failed while answering; its log says why."
            reply = _html("500 Internal Server Error", message_page("Server error", text))
        headers = [
            ("Content-Type", reply.content_type),
            ("Content-Length", str(len(reply.body))),
            ("Cache-Control", "no-store"),
            *_SECURITY,
            *reply.headers,
        ]
        start_response(reply.status, headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else reply.body]

    def handle(self, environ: dict[str, Any]) -> Reply:
        """The reply to a request (raises :class:`RequestError` for a refused one)."""
        host = environ.get("HTTP_HOST", "")
        if self.hosts is not None and host not in self.hosts:
            raise RequestError("421 Misdirected Request", f"this app does not serve {host!r}")
        method = environ["REQUEST_METHOD"]
        query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=20)
        routes: dict[str, dict[str, Callable[[], Reply]]] = {
            "/": {"GET": lambda: self.scorecard(query)},
            "/scorecard": {"GET": lambda: self.scorecard(query)},
            "/scores.json": {"GET": lambda: self.scores(query)},
            "/assess": {"GET": lambda: self.form(query), "POST": lambda: self.submit(environ)},
        }
        route = routes.get(environ.get("PATH_INFO") or "/")
        if route is None:
            raise RequestError("404 Not Found", "There is no such page here.")
        handler = route.get("GET" if method == "HEAD" else method)
        if handler is None:
            allowed = ", ".join(route)
            return Reply(
                "405 Method Not Allowed",
                message_page("Method not allowed", f"Use {allowed}.").encode("utf-8"),
                headers=(("Allow", allowed),),
            )
        return handler()

    # -- the registry and its scorecards ---------------------------------------------------
    def load(self) -> tuple[State, followup.Registry]:
        """The registry, loaded again only when one of its files has changed."""
        state = registry_state(self.registry)
        if self._loaded is None or self._loaded[0] != state:
            self._loaded = (state, followup.load(self.registry))
        return self._loaded

    def scorecard(self, query: dict[str, list[str]]) -> Reply:
        """The scorecard as HTML, rendered once per registry state, language and period."""
        state, registry = self.load()
        language = _one(query, "language") or registry.info.language
        period = _one(query, "period")
        today = dt.date.today()
        key = (state, language, period, today)
        page = self._cards.get(key)
        if page is None:
            try:
                card = followup.scorecard.build(registry, period, language=language)
            except followup.FollowupError as error:
                raise RequestError("400 Bad Request", str(error)) from None
            page = card.render("html")
            while len(self._cards) >= MAX_CARDS:
                del self._cards[next(iter(self._cards))]
            self._cards[key] = page
        # the app's links (and what was just recorded) go at the top of the page's body
        bar = nav_bar(self.recorded(registry, _one(query, "recorded")))
        found = _BODY_TAG.search(page)
        at = found.end() if found else 0
        return _html("200 OK", page[:at] + bar + page[at:])

    @staticmethod
    def recorded(registry: followup.Registry, rec_id: str | None) -> str | None:
        """What the scorecard's bar says was recorded: the latest assessment of
        ``rec_id``, read from the registry (never text taken from the address)."""
        if rec_id is None or rec_id not in registry.recommendations:
            return None
        assessments = registry.recommendations[rec_id].assessments  # oldest first
        if not assessments:
            return None
        entry = assessments[-1]
        return f"{rec_id}: {entry.status} on {entry.date.isoformat()} by {entry.by}"

    def scores(self, query: dict[str, list[str]]) -> Reply:
        """Score tables as JSON: ``by`` (up to two of :data:`DIMENSIONS`), ``as_of``."""
        by = tuple(d for value in query.get("by", []) for d in value.split(",") if d)
        try:
            as_of = dt.date.fromisoformat(_one(query, "as_of") or dt.date.today().isoformat())
        except ValueError:
            return _json("400 Bad Request", {"error": "as_of is a date such as 2025-06-30"})
        _, registry = self.load()
        try:
            result = followup.score(
                public_view(registry).registry, by, as_of=as_of, scale=_one(query, "scale")
            )
        except followup.FollowupError as error:
            return _json("400 Bad Request", {"error": str(error), "dimensions": DIMENSIONS})
        data = {
            "registry": registry.info.id,
            "as_of": result.as_of.isoformat(),
            "scale": result.scale,
            "policy": result.policy,
            "by": list(result.by),
            "levels": list(result.levels),
            "groups": [_group(g, result.by, result.levels) for g in result.groups],
            "overall": _group(result.overall, (), result.levels),
        }
        return _json("200 OK", for_output(data))

    # -- the form ------------------------------------------------------------------------
    def choices(self) -> FormChoices:
        """What the form offers, from the registry as it is now."""
        _, registry = self.load()
        lang = registry.info.language
        default = registry.info.default_scale
        recs = []
        for rec_id in registry.recommendations:
            latest = registry.latest_assessment(rec_id, scale=default)
            recs.append(Choice(rec_id, f"{rec_id} ({latest.status if latest else 'unknown'})"))
        scales = sorted(registry.scales.values(), key=lambda s: s.id != default)
        levels = tuple(
            (
                f"{scale.label.pick(lang)} ({scale.id})",
                tuple(
                    Choice(f"{scale.id}:{lv.id}", f"{lv.label.pick(lang)} ({lv.id})")
                    for lv in scale.levels
                ),
            )
            for scale in scales
        )
        judges = tuple(Choice(j.id, j.name.pick(lang)) for j in registry.info.judges)
        title = registry.info.title.pick(lang)
        return FormChoices(tuple(recs), levels, judges, lang, title)

    def form(self, query: dict[str, list[str]]) -> Reply:
        """The empty form (``?rec=ID`` chooses the recommendation)."""
        values = {"rec": _one(query, "rec") or ""}
        return _html("200 OK", form_page(self.choices(), values, today=dt.date.today()))

    def submit(self, environ: dict[str, Any]) -> Reply:
        """Record the posted assessment; the form again with the errors, or a redirect."""
        values = read_form(environ)
        errors, fields = check_form(values)
        if fields["scale"] == self.load()[1].info.default_scale:
            fields["scale"] = None  # written as the CLI writes it: the default goes unsaid
        if not errors:
            try:
                with followup.edit(self.registry, timeout=5.0) as editor:
                    editor.assess(fields.pop("rec"), **fields)
            except followup.FollowupError as error:
                errors.append(str(error))
        if errors:
            page = form_page(self.choices(), values, errors, today=dt.date.today())
            return _html("422 Unprocessable Content", page)
        self._cards.clear()  # the registry changed: every page rendered is out of date
        on = fields["on"]
        target = "/scorecard?" + urlencode(
            {"period": str(Period.containing(on, "quarter")), "recorded": values["rec"]}
        )
        return Reply("303 See Other", b"", "text/plain", headers=(("Location", target),))


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise RequestError("400 Bad Request", f"give {name} once")
    return values[0]


class _Handler(WSGIRequestHandler):
    #: seconds a client may stay silent: one that stops sending cannot hold the server
    timeout = 30


def serve(registry: Path, port: int) -> None:
    """Serve the app on 127.0.0.1:``port`` until interrupted; prints its address first."""
    registry_state(registry)  # a wrong path fails here, before the server starts
    app = App(registry)
    server: WSGIServer = make_server("127.0.0.1", port, app, handler_class=_Handler)
    bound = server.server_port
    app.hosts = frozenset({f"127.0.0.1:{bound}", f"localhost:{bound}"})
    print(f"http://127.0.0.1:{bound}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give 0 to 65535")
    return port


def main(argv: list[str] | None = None) -> int:
    """``app.py REGISTRY [--port N]``."""
    parser = argparse.ArgumentParser(description="Serve a registry's scorecard and a form.")
    parser.add_argument("registry", type=Path, help="the registry's directory or file")
    parser.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (0: any free)")
    args = parser.parse_args(argv)
    try:
        serve(args.registry, args.port)
    except (followup.FollowupError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
