"""What a core install says when a chart is asked for: matplotlib is in an extra.

``pip install followup`` loads, scores and writes JSON and Markdown scorecards without
matplotlib (and the numpy and Pillow it pulls in); charts, and the HTML and PDF
scorecards that hold them, need ``pip install "followup[charts]"``. This module imports
nothing heavy, so it can say so before anything else fails.
"""

from __future__ import annotations

import importlib

from followup.errors import FollowupError

__all__ = ["EXTRA", "ChartsNotInstalledError", "need_charts"]

#: The command that installs what charts need.
EXTRA = 'pip install "followup[charts]"'

#: The top-level packages charts import (matplotlib and what it pulls in).
_NEEDED = frozenset({"matplotlib", "numpy", "PIL"})


class ChartsNotInstalledError(FollowupError):
    """A chart (or an HTML or PDF scorecard, which hold charts) was asked for, and
    matplotlib is not installed: the message names the extra to install."""

    def __init__(self, what: str = "charts", missing: str = "matplotlib") -> None:
        self.what = what
        self.missing = missing
        super().__init__(
            f"cannot make {what} without {missing}, which is not installed; install the "
            f"charts extra: {EXTRA} (the JSON and Markdown scorecards need no charts)"
        )


def missing_module(error: ImportError) -> str | None:
    """The package of charts' that ``error`` says is missing, or None for another one."""
    name = (getattr(error, "name", None) or "").split(".")[0]
    return name if name in _NEEDED else None


def need_charts(what: str = "charts") -> None:
    """Import matplotlib, or raise :class:`ChartsNotInstalledError` saying ``what`` needs it."""
    try:
        importlib.import_module("matplotlib")
    except ImportError as error:
        raise ChartsNotInstalledError(what, missing_module(error) or "matplotlib") from error
