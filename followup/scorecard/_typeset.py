"""Typst on a process of its own, so that a scorecard's PDF costs no memory after it.

Typst keeps what it memoised while typesetting for the life of the process (the Python
binding never evicts it): about 800 MB for a 300-page scorecard, again for each one a
process typesets. :func:`start` launches ``python -m followup.scorecard._typeset LANG``,
which loads Typst and the language's fonts while the caller draws the charts; the
caller then sends the document's data (:func:`followup.scorecard.pdf.document_data`
as JSON) and gets the PDF's bytes back, and the process ends, its memory with it.
Typst running there, the caller draws the HTML page's charts meanwhile: two cores work.

When the process cannot be started or dies, the PDF is typeset in this process instead
(:func:`followup.scorecard.pdf.typeset_data`): the same bytes either way.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["Typesetter", "start"]

_PDF, _ERROR, _FONT = b"pdf\n", b"error\n", b"font\n"


class Typesetter:
    """A Typst process started for one PDF in ``language`` (see :func:`start`)."""

    def __init__(self, language: str, process: subprocess.Popen[bytes] | None) -> None:
        self.language = language
        self.process = process

    def typeset(self, data: str) -> bytes:
        """The PDF of ``data`` (the document's data as JSON), typeset by the process
        (or here, when it could not start or failed); raises what
        :func:`followup.scorecard.pdf.typeset_data` raises."""
        from followup.scorecard.pdf import typeset_data

        process, self.process = self.process, None
        if process is None:
            return typeset_data(data, self.language)
        try:
            out, _err = process.communicate(data.encode("utf-8"))
        except OSError:
            process.kill()
            process.wait()
            return typeset_data(data, self.language)
        if process.returncode == 0 and out.startswith(_PDF):
            return out[len(_PDF) :]
        # Typst's error, a missing font (raised again here, as the caller expects them),
        # or the process died: typeset here
        return typeset_data(data, self.language)

    def close(self) -> None:
        """End the process if it still runs (when no PDF was asked of it after all)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def start(language: str) -> Typesetter:
    """Start a Typst process for a PDF in ``language``; it loads Typst and the fonts
    while the caller prepares the data."""
    import followup

    root = str(Path(followup.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "followup.scorecard._typeset", language],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        process = None
    return Typesetter(language, process)


def _serve(language: str) -> int:
    """The process's side: load Typst and the fonts, read the data, write the PDF."""
    from followup import fonts
    from followup.errors import FollowupError
    from followup.scorecard.pdf import PdfError, _fonts, typeset_data

    with contextlib.suppress(FollowupError):  # typeset_data raises it again, with the data
        _fonts(fonts.font_files(language))  # loaded before the data arrives
    data = sys.stdin.buffer.read().decode("utf-8")
    out = sys.stdout.buffer
    try:
        pdf = typeset_data(data, language)
    except fonts.FontMissing:
        out.write(_FONT)
    except PdfError as error:
        out.write(_ERROR + str(error).encode("utf-8"))
    else:
        out.write(_PDF + pdf)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1]))
