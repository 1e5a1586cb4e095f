"""``followup links review``: a person walks the suggestions in the terminal and decides.

Each suggestion shows both texts (clipped), the score, the method and the kind of link;
one key decides: ``a`` accept, ``r`` reject, ``s`` skip, ``q`` quit. On a terminal the
key is read alone (the terminal's input is in raw mode during the review, then restored);
otherwise a line is read and its first letter counts. Each decision is written at once
(:mod:`followup.links.decide`), so quitting keeps what was decided. Ends with a summary.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from followup.cli._base import EXIT_OK, EXIT_USAGE
from followup.cli._terminal import escape
from followup.errors import FollowupError
from followup.model.judges import Role
from followup.model.registry import Registry

if TYPE_CHECKING:
    from followup.links import Suggestion
    from followup.model.linkdecision import LinkDecisions

__all__ = ["default_by", "read_keys", "review", "say"]

#: How much of each text is shown, in characters (then "…").
CLIP = 400
_PROMPT = "accept, reject, skip or quit? [a/r/s/q] "
_KEYS = {"a": "accept", "r": "reject", "s": "skip", "q": "quit"}

Keys = Callable[[], str | None]


def default_by(registry: Registry) -> str | None:
    """Who decides when ``--by`` is not given: the registry's compilers (the judge whose
    role is ``compilers``), else the login name; None when neither is known."""
    for judge in registry.info.judges:
        if judge.role is Role.COMPILERS:
            return judge.id
    with contextlib.suppress(Exception):  # getpass raises OSError or KeyError, by system
        return os.environ.get("USER") or getpass.getuser() or None
    return None


def say(text: str) -> None:
    """A message on standard error, control characters escaped."""
    sys.stderr.write(escape(f"followup: {text}\n"))


@contextlib.contextmanager
def read_keys(stream: TextIO | None) -> Iterator[Keys]:
    """A function reading one answer from ``stream``: a single key press on a terminal,
    else the first letter of a line; None at the end of the input.

    On a terminal, its input is put in raw mode (no line editing, no echo, Ctrl-C read as
    a key) for the whole review, output left as it is, and restored at the end; the
    change applies at once, so a key pressed before the first prompt is not lost."""
    if stream is None:  # no standard input at all
        yield lambda: None
        return
    try:
        fd = stream.fileno()
        terminal = os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        terminal = False
    if not terminal:

        def line() -> str | None:
            text = stream.readline()
            if not text:
                return None
            return text.strip()[:1].lower() or " "

        yield line
        return
    import termios

    saved = termios.tcgetattr(fd)
    mode = termios.tcgetattr(fd)
    mode[0] &= ~(termios.BRKINT | termios.ICRNL | termios.INPCK | termios.ISTRIP | termios.IXON)
    mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
    mode[6][termios.VMIN] = 1
    mode[6][termios.VTIME] = 0

    def key() -> str | None:
        data = os.read(fd, 1)
        if not data or data in (b"\x03", b"\x04"):  # end of input, Ctrl-C, Ctrl-D
            return "q"
        return data.decode("latin-1").lower()

    termios.tcsetattr(fd, termios.TCSANOW, mode)
    try:
        yield key
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _clip(text: str, limit: int = CLIP) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _show(
    registry: Registry, s: Suggestion, number: int, total: int, out: TextIO, width: int
) -> None:
    from followup.links.kinds import WORDING, Kind

    language = registry.info.language
    source = registry.recommendations[s.source]
    target = registry.recommendations[s.target]
    out.write(
        f"\n[{number}/{total}] {s.kind}  score {s.score:.3f}  method {s.method}  "
        f"languages {s.language_pair}\n"
    )
    for label, rec, lang in (
        (f"{s.source} ({source.review})", source, s.languages[0]),
        (f"{WORDING[Kind(s.kind)]} {s.target} ({target.review})", target, s.languages[1]),
    ):
        out.write(f"  {label}\n")
        text = _clip(rec.text.pick(lang, (language,)))
        out.write(textwrap.fill(text, width, initial_indent="    ", subsequent_indent="    "))
        out.write("\n")


def _answer(keys: Keys, out: TextIO) -> str | None:
    """``accept``, ``reject``, ``skip`` or ``quit`` (asked again after any other key);
    None at the end of the input."""
    while True:
        out.write(_PROMPT)
        out.flush()
        key = keys()
        if key is None:
            out.write("\n")
            return None
        out.write(f"{key}\n" if key.isprintable() else "\n")
        if key in _KEYS:
            return _KEYS[key]
        out.write("  press a to accept, r to reject, s to skip, q to quit\n")


def review(
    path: str,
    registry: Registry,
    decisions: LinkDecisions,
    suggestions: Sequence[Suggestion],
    by: str,
    keys: Keys,
    out: TextIO,
) -> int:
    """Walk ``suggestions`` with the person at ``keys``, writing each decision at once;
    the exit code (2 when no answer at all could be read)."""
    from followup.links import decide

    todo = decide.pending(registry, decisions, suggestions)
    if not todo:
        out.write("Nothing to review: every suggestion here is decided or linked already.\n")
        return EXIT_OK
    width = 76
    counts = {"accepted": 0, "rejected": 0, "skipped": 0, "not written": 0}
    answered = False
    for number, s in enumerate(todo, 1):
        if decisions.decided(s.kind, s.source, s.target) is not None:
            continue  # a cluster decided the other way round earlier in this run
        _show(registry, s, number, len(todo), out, width)
        action = _answer(keys, out)
        if action is None:
            if not answered:
                say(
                    "links review: no answer could be read: run it in a terminal, "
                    "or give one letter per line (a, r, s or q) on its standard input"
                )
                return EXIT_USAGE
            break
        answered = True
        if action == "quit":
            break
        if action == "skip":
            counts["skipped"] += 1
            continue
        try:
            act = decide.accept if action == "accept" else decide.reject
            made = act(path, s, by)
        except FollowupError as exc:
            out.write(f"  not written: {exc}\n")
            counts["not written"] += 1
            continue
        decisions = decisions.with_decision(made)
        counts[made.decision.value] += 1
        out.write(f"  {made.decision.value} by {made.by} on {made.on.isoformat()}\n")
    left = len(todo) - sum(counts.values())
    out.write(
        f"\n{counts['accepted']} accepted, {counts['rejected']} rejected, "
        f"{counts['skipped']} skipped"
        + (f", {counts['not written']} not written" if counts["not written"] else "")
        + (f", {left} not reached" if left > 0 else "")
        + f" (by {by}).\n"
    )
    return EXIT_OK
