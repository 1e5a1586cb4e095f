"""``followup import uhri``: recommendations from the OHCHR Universal Human Rights Index.

The bulk export is one JSON array of several hundred megabytes; :func:`iter_records`
reads it as a stream (flat memory, bounded records). :func:`parse_record` turns one
record into a :class:`UhriRecord`; :func:`import_uhri` keeps the records of one State
and adds them to a registry (made if new) in one edit through the comment-keeping
editor: everything is read and checked first and written at once, or nothing is; a
second import of the same export changes nothing on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, TextIO

from attrs import frozen

from followup._progress import ProgressBar
from followup.errors import FollowupError
from followup.interop import _uhri_text as tx
from followup.interop import states
from followup.interop._staging import holds_registry, new_registry
from followup.interop._uhri_apply import apply_records
from followup.interop._uhri_countries import names_of
from followup.interop._uhri_json import (
    CHUNK_SIZE,
    MAX_RECORD,
    Progress,
    UhriError,
    iter_records,
    open_export,
)
from followup.interop._uhri_record import (
    UhriRecord,
    UhriRecordError,
    annotation_id,
    annotation_kind,
    concerns_state,
    parse_record,
)
from followup.model.manifest import RegistryInfo
from followup.model.text import Text
from followup.model.values import Mechanism, check_state

__all__ = [
    "CHUNK_SIZE",
    "MAX_RECORD",
    "ImportResult",
    "UhriError",
    "UhriRecord",
    "UhriRecordError",
    "annotation_kind",
    "concerns_state",
    "import_uhri",
    "iter_records",
    "parse_record",
    "run_cli",
]

#: At most this many bad records and problems are kept for the report (the rest counted).
MAX_LISTED = 1000


class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.changed: list[str] = []  # "id: fields"
        self.unchanged = 0
        self.vanished: list[str] = []
        self.skipped: Counter[str] = Counter()
        self.problems: list[str] = []
        self.bad: list[UhriRecordError] = []
        self.reviews_added: list[str] = []
        self.themes_added: list[str] = []
        #: Themes given an id other than their label's slug (another theme holds it).
        self.theme_notices: list[str] = []
        self.created = False
        #: AnnotationIds of every record about the State (imported or not).
        self.seen_ids: set[str] = set()
        #: Problems and bad records beyond the first :data:`MAX_LISTED` (counted only).
        self.unlisted: Counter[str] = Counter()
        #: Names in ``Countries`` of skipped records that name no known State -> records.
        self.unknown_countries: Counter[str] = Counter()

    def note_problem(self, problem: str) -> None:
        """Keep ``problem`` for the report (the first :data:`MAX_LISTED`, then counted)."""
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self.unlisted["problems"] += 1

    def note_bad(self, error: UhriRecordError) -> None:
        """Keep a skipped bad record for the report (bounded as problems are)."""
        if len(self.bad) < MAX_LISTED:
            self.bad.append(error)
        else:
            self.unlisted["bad"] += 1

    def summary(self, limit: int = 50) -> str:
        """What the import did, for a person: counts by outcome, then the problems
        (at most ``limit``)."""
        lines = [
            f"added: {len(self.added)}  changed: {len(self.changed)}  "
            f"unchanged: {self.unchanged}  vanished: {len(self.vanished)}  "
            f"skipped: {sum(self.skipped.values())}"
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped {count:>7}  {reason}")
        if self.unknown_countries:
            lines.append("country names not known (their records were skipped as other States):")
            for name, count in self.unknown_countries.most_common(limit):
                near = ", ".join(states.nearest(name))
                lines.append(
                    f"  {name!r} in {count} record(s)" + (f"; nearest: {near}" if near else "")
                )
        if self.reviews_added:
            lines.append(f"new reviews: {', '.join(self.reviews_added)}")
        for what, items, extra in (
            ("notices", self.theme_notices, 0),
            ("changed (imported fields updated)", self.changed, 0),
            ("vanished from the export (kept in the registry)", self.vanished, 0),
            ("bad records (skipped)", [str(b) for b in self.bad], self.unlisted["bad"]),
            ("problems", self.problems, self.unlisted["problems"]),
        ):
            if items:
                lines.append(f"{what}:")
                lines.extend(f"  {item}" for item in items[:limit])
                if len(items) + extra > limit:
                    lines.append(f"  ... and {len(items) + extra - limit} more")
        return "\n".join(lines) + "\n"


@frozen
class _Options:
    state: str
    bodies: frozenset[str]
    since: dt.date | None
    skip_bad: bool


def _body_filter(bodies: Iterable[str]) -> frozenset[str]:
    known = {m.value for m in Mechanism} - {"NGO", "NHRI"}
    out = set()
    for body in bodies:
        code = body.strip().upper()
        if code not in known and code.split("-OP-")[0] not in known:
            raise FollowupError(
                f"--body {body!r}: not a body code; use one of {', '.join(sorted(known))} "
                "(or e.g. CRC-OP-AC)"
            )
        out.add(code)
    return frozenset(out)


def _wanted_body(record: UhriRecord, bodies: frozenset[str]) -> bool:
    return not bodies or record.body.upper() in bodies or record.mechanism.value in bodies


def _note_unknown(raw: dict[str, Any], result: ImportResult) -> None:
    """Count the names of a skipped record's ``Countries`` that name no known State."""
    countries = raw.get("Countries")
    names = [countries] if isinstance(countries, str) else countries
    if not isinstance(names, list):
        return
    for item in names:
        name = tx.strip_prefix(item) if isinstance(item, str) else ""
        known = not name or states.lookup(name) is not None
        room = len(result.unknown_countries) < MAX_LISTED or name in result.unknown_countries
        if not known and room:
            result.unknown_countries[name] += 1


def _collect(
    stream: IO[Any], options: _Options, result: ImportResult, progress: Progress | None, total: int
) -> list[UhriRecord]:
    names = names_of(options.state)
    records: list[UhriRecord] = []
    seen: dict[str, int] = {}
    for index, raw in iter_records(stream, progress=progress, total=total):
        try:
            if not isinstance(raw, dict):
                raise UhriRecordError(index, None, f"not a JSON object ({type(raw).__name__})")
            if not concerns_state(raw, options.state, names):
                result.skipped["other States"] += 1
                _note_unknown(raw, result)
                continue
            aid = annotation_id(raw)
            if aid is not None:
                result.seen_ids.add(aid)
            try:
                kind = annotation_kind(raw)
            except ValueError as exc:
                raise UhriRecordError(index, aid, str(exc)) from None
            if kind == "concern":
                result.skipped["concerns/observations"] += 1
                continue
            if kind is None:
                result.skipped["missing or UUID AnnotationType"] += 1
                result.note_problem(
                    f"record {index} (AnnotationId {aid or '?'}): AnnotationType is missing or "
                    "a UUID; not imported (check it in UHRI)"
                )
                continue
            record = parse_record(index, raw)
        except UhriRecordError as exc:
            if not options.skip_bad:
                raise UhriRecordError(
                    exc.index,
                    exc.annotation_id,
                    f"{exc.reason} (nothing was written; --skip-bad skips such records)",
                ) from None
            result.note_bad(exc)
            result.skipped["bad records"] += 1
            continue
        if not _wanted_body(record, options.bodies):
            result.skipped["other bodies (--body)"] += 1
            continue
        if options.since is not None and record.published < options.since:
            result.skipped["published before --since"] += 1
            continue
        where = f"record {index} (AnnotationId {record.annotation_id})"
        if record.annotation_id in seen:
            result.skipped["duplicate AnnotationId"] += 1
            result.note_problem(
                f"{where}: same AnnotationId as record {seen[record.annotation_id]}; "
                "the first one is imported"
            )
            continue
        seen[record.annotation_id] = index
        if not record.text:
            result.skipped["empty text"] += 1
            result.note_problem(f"{where}: the text is empty; not imported")
            continue
        for problem in record.problems:
            result.note_problem(f"{where}: {problem}")
        records.append(record)
    return records


class _DryRun(Exception):  # noqa: N818
    pass


def import_uhri(
    path: str | os.PathLike[str],
    *,
    state: str,
    output: str | os.PathLike[str],
    bodies: Iterable[str] = (),
    since: dt.date | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import the recommendations to ``state`` from the UHRI export at ``path`` into the
    registry directory ``output`` (made if it does not exist). See docs/interop.md."""
    try:
        check_state(state)
    except ValueError as exc:
        raise FollowupError(f"--state: {exc}") from None
    options = _Options(state, _body_filter(bodies), since, skip_bad)
    result = ImportResult()
    source = Path(path)
    try:
        with open_export(source) as stream:
            total = os.fstat(stream.fileno()).st_size
            records = _collect(stream, options, result, progress, total)
    except OSError as exc:
        raise FollowupError(f"{source}: cannot read the export ({exc.strerror or exc})") from None
    except UhriError as exc:
        raise UhriError(f"{source}: {exc}") from None
    except UhriRecordError as exc:
        raise UhriRecordError(exc.index, exc.annotation_id, exc.reason, source=source) from None
    target = Path(output)
    if holds_registry(target):
        _write(target, target, records, options, result, dry_run=dry_run, today=today)
        return result
    result.created = True
    info = RegistryInfo(
        id=tx.slug(f"{state.lower()}-uhri"),
        title=Text.plain(f"UN recommendations to {state} (from the Universal Human Rights Index)"),
        version="1",
        states=(state,),
    )
    with new_registry(target, info) as (work, publish):
        _write(work, target, records, options, result, dry_run=dry_run, today=today)
        if not dry_run:
            publish()
    return result


def _write(
    work: Path,
    target: Path,
    records: list[UhriRecord],
    options: _Options,
    result: ImportResult,
    *,
    dry_run: bool,
    today: dt.date | None,
) -> None:
    """Everything in one edit of the registry at ``work``: written whole, or not at all
    (a dry run checks it as the write would, then writes nothing)."""
    from followup.registry.editing import edit

    try:
        with edit(work, today=today) as ed:
            if options.state not in ed.registry.info.states:
                raise FollowupError(
                    f"{target}: the registry's states are {', '.join(ed.registry.info.states)}"
                    f", not {options.state}; import into another registry"
                )
            apply_records(ed, ed.registry, records, options, result)
            if dry_run:
                ed.verify()
                raise _DryRun
    except _DryRun:
        pass


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup import uhri``: run the import and print its summary."""
    result = import_uhri(
        args.file,
        state=args.state,
        output=args.output,
        bodies=args.body or (),
        since=args.since,
        skip_bad=args.skip_bad,
        dry_run=args.dry_run,
        progress=ProgressBar(sys.stderr),
    )
    head = "dry run, nothing written: " if args.dry_run else ""
    made = " (new registry)" if result.created and not args.dry_run else ""
    out.write(f"{head}import from {args.file} into {args.output}{made}\n")
    out.write(result.summary())
    return 0
