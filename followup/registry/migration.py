"""Moving registry files to the current format, one small step per format version.

Each step is a pure function on a file's plain data (:data:`STEPS`); :func:`upgrade`
chains them. :func:`migrate` applies the chain to the files of a registry in place with
the editor's guarantees: only the lines a step changes change, the result is parsed
again and must hold exactly the data the steps made, the files are written under the
registry's lock as one transaction (:mod:`followup.registry.transaction`: a kill leaves
every file old or every file new), and a file changed meanwhile by someone else is not
overwritten. Like every writer, a migration first finishes an edit a kill interrupted
and removes followup's leftover temporary files.

The formats:

- **0**: files written before the format carried a version (followup's drafts before
  0.1): no ``followup:`` key, otherwise as format 1.
- **1**: the current format (``docs/registry-format.md``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from attrs import frozen

from followup.errors import FollowupError, RegistryError
from followup.registry import reading, safefile, textedit, transaction, yamlio
from followup.registry.layout import find_layout
from followup.registry.load import FORMAT_VERSION
from followup.registry.report import Report

__all__ = ["STEPS", "FileMigration", "MigrationError", "Step", "file_format", "migrate", "upgrade"]


class MigrationError(FollowupError):
    """A file cannot be migrated (a newer format, or formatting not changed surely)."""


@frozen
class Step:
    """One format step: data of format ``source`` to format ``source + 1``."""

    source: int
    summary: str
    apply: Callable[[dict[str, Any]], dict[str, Any]]


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 0 -> 1: state the format version, as the first key."""
    return {"followup": 1, **{k: v for k, v in data.items() if k != "followup"}}


#: The chain, in order: STEPS[n] takes format n to n + 1.
STEPS: tuple[Step, ...] = (Step(0, "add `followup: 1` (the format version)", _v0_to_v1),)


def file_format(data: Any) -> int:
    """The format a file's plain data is written in (0 when it states none)."""
    if not isinstance(data, dict):
        raise MigrationError("the file is not a mapping")
    version = data.get("followup", 0)
    if type(version) is not int or version < 0:
        raise MigrationError(f"`followup: {version!r}` is not a format version (a whole number)")
    return version


def upgrade(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A file's data in the current format, and what each step did (empty: current)."""
    version = file_format(data)
    if version > FORMAT_VERSION:
        raise MigrationError(
            f"this file is format {version}; this followup reads up to {FORMAT_VERSION}: "
            "upgrade followup"
        )
    done: list[str] = []
    for step in STEPS[version:FORMAT_VERSION]:
        data = step.apply(data)
        done.append(f"format {step.source} -> {step.source + 1}: {step.summary}")
    return data, done


@frozen
class FileMigration:
    """What migrating one file did (or, with ``check``, would do)."""

    file: str
    steps: tuple[str, ...]


def migrate(
    path: str | os.PathLike[str], *, check: bool = False, timeout: float = 10.0
) -> list[FileMigration]:
    """Migrate every file of the registry at ``path`` to the current format, in place.

    With ``check``, nothing is written: the result says what would change.
    """
    layout, problems = find_layout(path)
    if layout is None:
        raise RegistryError(Report.of(problems))
    results: list[FileMigration] = []
    with transaction.session(layout, timeout, tidy=not check) as held:
        layout, problems = find_layout(path)  # again, under the lock
        if layout is None:
            raise RegistryError(Report.of(problems))
        writes: list[transaction.Write] = []
        for file_path in (layout.manifest, *layout.reviews):
            shown = layout.display(file_path)
            try:
                raw = reading.read_bytes(file_path)
            except OSError as exc:
                raise MigrationError(f"{shown}: cannot read the file ({exc.strerror})") from None
            try:
                text = yamlio.decode(raw)
                data = yamlio.parse(text)
                new, steps = upgrade(data)
            except yamlio.ParseFailure as failure:
                raise MigrationError(f"{shown}: {failure.problem.message}") from None
            except MigrationError as exc:
                raise MigrationError(f"{shown}: {exc}") from None
            if not steps:
                continue
            results.append(FileMigration(shown, tuple(steps)))
            if check:
                continue
            crlf = "\r\n" in text
            if crlf and text.count("\n") != text.count("\r\n"):
                raise MigrationError(
                    f"{shown}: the file mixes CRLF and LF line endings; save it with one "
                    "kind and migrate again"
                )
            plain = text.replace("\r\n", "\n") if crlf else text
            try:
                changed = textedit.realize(plain, data, new)
            except textedit.UnsupportedEdit as exc:
                raise MigrationError(f"{shown}: cannot migrate this file surely ({exc})") from None
            if not textedit.same_data(yamlio.parse(changed), new):
                raise MigrationError(f"{shown}: the migrated text would not hold the data wanted")
            if crlf:
                changed = changed.replace("\n", "\r\n")
            bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
            writes.append(
                transaction.Write(file_path, bom + changed.encode("utf-8"), safefile.digest(raw))
            )
        for write in writes:
            try:
                now: str | None = safefile.digest(reading.read_bytes(write.target))
            except FileNotFoundError:
                now = None
            if now != write.old:
                raise MigrationError(
                    f"{layout.display(write.target)} changed while migrating; nothing was "
                    "written: run the migration again"
                )
        held.commit(writes)
    return results
