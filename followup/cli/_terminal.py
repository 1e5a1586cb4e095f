"""Terminal-safe output: control characters in registry text are shown, never obeyed.

A registry is data someone else may have written. A title holding ``ESC ] 0 ; ... BEL``
would retitle the terminal window of whoever runs ``followup info`` on it, and other
sequences move the cursor, rewrite what was printed before, or on some terminals do
worse. Everything the command line prints goes through :func:`escape`:

- C0 control characters (U+0000 to U+001F) except the tab and the line feed, DEL
  (U+007F) and the C1 controls (U+0080 to U+009F, among them the one-byte CSI U+009B)
  are replaced by their code in a visible form, ``\\u001b`` for ESC;
- the tab, the line feed and a carriage return right before a line feed stay: the
  output is laid out with them (CSV lines end in CR LF); a carriage return alone, which
  would let a text overwrite the line it is on, is escaped.

The form ``\\uXXXX`` is the one JSON uses, so JSON output stays valid JSON with the same
meaning (``json.dumps`` already writes C0 controls so; DEL and the C1 controls it
leaves raw become the same escapes), and text output shows each code unambiguously.
CSV output, and ``export -o -``, are escaped too: write the export to a file with
``-o FILE`` for the exact bytes.
"""

from __future__ import annotations

import re
from typing import TextIO, cast

__all__ = ["SafeOutput", "escape", "safe_output"]

#: What is escaped: C0 controls but tab, line feed and CR LF, DEL, the C1 controls.
_CONTROL = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape(text: str) -> str:
    """``text`` with every control character but tab and line feed (and CR LF) written as
    ``\\uXXXX``."""
    return _CONTROL.sub(_visible, text)


class SafeOutput:
    """A text stream that passes everything written to it through :func:`escape`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text``, escaped; returns the length of ``text`` as given."""
        self.stream.write(escape(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        """Write each line, escaped."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.stream.flush()

    def __getattr__(self, name: str) -> object:  # isatty, encoding, fileno, ...
        return getattr(self.stream, name)


def safe_output(stream: TextIO) -> TextIO:
    """``stream`` wrapped in :class:`SafeOutput` (once: a wrapped stream is returned as it is)."""
    if isinstance(stream, SafeOutput):
        return stream
    return cast(TextIO, SafeOutput(stream))
