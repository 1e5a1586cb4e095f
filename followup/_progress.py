"""A one-line progress bar for long runs on a terminal (series, imports)."""

from __future__ import annotations

from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """A one-line progress bar on a terminal (nothing when stderr is not a terminal)."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self.active = stream.isatty()

    def __call__(self, done: int, total: int, label: object) -> None:
        if not self.active:
            return
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {label}\x1b[K")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
