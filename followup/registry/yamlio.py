"""Reading YAML from people and strangers: fast when a file is valid, precise when not.

The read path, per file:

1. bytes are checked for size and decoded as strict UTF-8 (a BOM is allowed);
2. a *fast parser* (the optional Rust-based ``yaml-rs``, see ``followup.registry.fastyaml``)
   reads the text when it is installed and the text has none of the constructs where it
   and ruamel.yaml could disagree;
3. otherwise, or when the fast parser refuses the text, ruamel.yaml's C-accelerated safe
   loader reads it, with the garbage collector paused (it halves the time);
4. before ruamel.yaml builds anything, a pass over its parser's events refuses anchors,
   aliases, tags, a second document and over-deep nesting (ruamel.yaml's C composer
   recurses, and a hostile file nested 100,000 deep would crash the process).

Before either parser, a file with more values (lines and list items) than its size
allows is refused (``too-many-values``): millions of tiny values cost any parser far
more memory than their bytes. Locating a problem inside a file that parsed is done by
:mod:`followup.registry.locate` from the parser's events; it runs only for files that
have problems.

This module holds the read path itself (:func:`parse`, :func:`safe_load`,
:func:`gc_paused`); its parts live beside it and their public names stay importable
from here:

- :mod:`followup.registry._yamllimits`: the limits, :func:`decode`, the count of values,
  and :class:`YamlProblem` / :class:`ParseFailure`;
- :mod:`followup.registry._yamlsafety`: ruamel.yaml's safe loader
  (:func:`c_loader_available`) and the event pass of step 4 (``scan_events``);
- :mod:`followup.registry._yamlerrors`: ruamel.yaml's errors as located problems.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ruamel.yaml.error import YAMLError

from followup.registry import fastyaml
from followup.registry._yamlerrors import bad_date, translate
from followup.registry._yamllimits import (
    BYTES_PER_VALUE,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    VALUES_ALLOWED,
    ParseFailure,
    YamlProblem,
    decode,
    values_problem,
)
from followup.registry._yamlsafety import c_loader_available, max_depth_ok, safe_yaml, scan_events

__all__ = [
    "BYTES_PER_VALUE",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "VALUES_ALLOWED",
    "ParseFailure",
    "YamlProblem",
    "c_loader_available",
    "decode",
    "gc_paused",
    "parse",
    "safe_load",
]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (parsers build many small objects).

    When it is turned back on, the objects made meanwhile are first moved to the oldest
    generation (``gc.freeze()`` then ``gc.unfreeze()``): otherwise the next young
    collection would walk every one of them (a fifth of a warm load). They are still
    collected, at the next full collection, like any long-lived object.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def safe_load(text: str) -> Any:
    """Parse with ruamel.yaml's safe loader only (the reference the fast path must match).

    Anchors, aliases, tags, several documents and deep nesting raise ParseFailure.
    """
    # The event pass is iterative: it finds what the C composer would crash on (very
    # deep nesting) or what the format refuses (aliases, tags) before anything is built.
    problem = scan_events(text)
    if problem is not None:
        raise ParseFailure(problem)
    try:
        with gc_paused():
            data = safe_yaml().load(text)
    except (YAMLError, RecursionError) as exc:
        problem = scan_events(text) if isinstance(exc, RecursionError) else None
        raise ParseFailure(problem or translate(exc, text)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. a timestamp such as 2025-02-30 that is no calendar date
        raise ParseFailure(
            bad_date(text) or YamlProblem("yaml-syntax", f"unreadable value: {exc}")
        ) from None
    if not max_depth_ok(data):
        raise ParseFailure(scan_events(text) or YamlProblem("too-deep", "nesting too deep"))
    return data


def parse(text: str, *, fast: bool = True) -> Any:
    """Plain data (dicts, lists, str, int, float, bool, None, date) from YAML text.

    Uses the fast parser when it is installed, ``fast`` is true and the text is one it
    reads exactly as ruamel.yaml would; ruamel.yaml's safe loader otherwise. A text
    with more values than its size allows (:data:`VALUES_ALLOWED`,
    :data:`BYTES_PER_VALUE`) is refused first, whatever the parser.
    """
    problem = values_problem(text)
    if problem is not None:
        raise ParseFailure(problem)
    if fast and fastyaml.available():
        with gc_paused():
            data = fastyaml.parse(text)
        if data is not fastyaml.DECLINED:
            return data
    return safe_load(text)
