"""A file of the registry within an edit: what was read, the data wanted, the new text.

The editor reads each file once (bytes, text, parsed data), changes a copy of its data,
and asks :class:`EditedFile` for the new text: made from the old text by
:func:`followup.registry.textedit.realize` so that only the lines that must change do,
and parsed again to prove it holds exactly the data wanted. :func:`check_unchanged`
makes sure nobody changed the file on disk meanwhile.
"""

from __future__ import annotations

import copy
from pathlib import Path as FsPath
from typing import Any

from followup.errors import FollowupError
from followup.registry import reading, safefile, textedit, yamlio

__all__ = ["ChangedOnDisk", "EditError", "EditedFile", "check_unchanged", "render_new"]


class EditError(FollowupError):
    """An edit that cannot be made (the registry is left as it was)."""


class ChangedOnDisk(EditError):  # noqa: N818 (reads as the situation it names)
    """A file changed on disk between reading it and writing the edit."""


class EditedFile:
    """One file of the registry as read: bytes, text, plain data; and the data wanted."""

    def __init__(self, path: FsPath, raw: bytes | None, shown: str) -> None:
        self.path = path
        self.shown = shown
        self.raw = raw  # None: a new file
        self.digest = safefile.digest(raw) if raw is not None else None
        text = yamlio.decode(raw) if raw is not None else ""
        self.bom = raw is not None and raw.startswith(b"\xef\xbb\xbf")
        self.crlf = "\r\n" in text
        # both CRLF and LF: no single ending to write new lines with (refused on change)
        self.mixed = self.crlf and text.count("\n") != text.count("\r\n")
        self.text = text.replace("\r\n", "\n") if self.crlf else text
        self.data: Any = None  # the parsed data, given by the check that reads the registry
        self.wanted: Any = None
        self.touched = False

    def change(self) -> dict[str, Any]:
        """The wanted data, copied on the first change."""
        if not self.touched:
            self.wanted = copy.deepcopy(self.data)
            self.touched = True
        assert isinstance(self.wanted, dict)
        return self.wanted

    def new_text(self) -> tuple[str, Any]:
        """The file's new text, and its data parsed again (equal to :attr:`wanted`)."""
        if self.mixed:
            raise EditError(
                f"{self.shown}: the file mixes CRLF and LF line endings; save it with one "
                "kind (e.g. `dos2unix`) and run the edit again (nothing was written)"
            )
        if self.raw is None:  # a new file: written from the data wanted, as it is now
            text = render_new(self.wanted)
        else:
            style = textedit.detect_style(self.text)
            try:
                text = textedit.realize(self.text, self.data, self.wanted, style)
            except textedit.UnsupportedEdit as exc:
                raise EditError(
                    f"{self.shown}: cannot change this file without rewriting more than the "
                    f"edit ({exc}); make the change by hand"
                ) from None
        try:
            got = yamlio.parse(text)
        except yamlio.ParseFailure:
            got = None
        if not textedit.same_data(got, self.wanted):
            raise EditError(
                f"{self.shown}: the edited text would not hold exactly the data wanted "
                "(its formatting is not one followup changes surely); nothing was written, "
                "make the change by hand"
            )
        return text, got

    def encoded(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def render_new(data: dict[str, Any]) -> str:
    """The text of a new file holding ``data``, in followup's own style."""
    style = textedit.Style()
    lines = (
        line for key, value in data.items() for line in textedit.render_entry(key, value, 0, style)
    )
    return "\n".join(lines) + "\n"


def check_unchanged(file: EditedFile) -> None:
    """Raise :class:`ChangedOnDisk` unless ``file`` is on disk as it was read."""
    try:
        current: bytes | None = reading.read_bytes(file.path)
    except FileNotFoundError:
        current = None
    now = safefile.digest(current) if current is not None else None
    if now != file.digest:
        what = "was created" if file.digest is None else "changed" if now else "was removed"
        raise ChangedOnDisk(
            f"{file.shown} {what} since the edit read it (another program or person); "
            "nothing was written: run the edit again, it is safe to"
        )
