"""Import recommendations from a spreadsheet (CSV or XLSX) with a mapping file.

A *mapping* (YAML, see ``docs/interop.md`` and the shipped ``mappings/*.yaml``) says
which column holds which field, by header name or by 1-based position (the UPR Info
export repeats header names), how to split multi-valued cells, how to translate values
(``Accepted: supported``), which UPR session belongs to which cycle and how to name
reviews and recommendations. :func:`read_table` turns a file into rows of cells,
:func:`plan` turns rows into reviews and recommendations (bad rows reported with their
row number and column), and :func:`apply` writes them into a registry through the
comment-keeping editor: creating the registry when it does not exist, declaring missing
themes and States in its manifest, and skipping what it holds already, so importing the
same file twice changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from followup.errors import FollowupError
from followup.interop._uhri_text import slug as _slug
from followup.model.manifest import RegistryInfo, Theme
from followup.model.records import Assessment, Recommendation, Response, Review, Source
from followup.model.registry import Registry
from followup.model.text import Text
from followup.model.values import Mechanism, Position

__all__ = [
    "SHIPPED",
    "BadRow",
    "Plan",
    "TableMapping",
    "apply",
    "load_mapping",
    "plan",
    "read_table",
    "run_cli",
    "slug",
]

MAPPINGS_DIR = Path(__file__).with_name("mappings")
#: Names of the mappings shipped with followup (``--mapping upr-info``).
SHIPPED = ("upr-info", "upr-info-csv")
XLSX_EXTRA = "pip install 'followup[xlsx]'"

#: Fields a mapping's ``columns`` may name.
FIELDS = (
    "id",
    "review",
    "state",
    "text",
    "paragraph",
    "document",
    "themes",
    "rights",
    "affected_persons",
    "recommended_by",
    "response",
    "response_date",
    "status",
    "date",
    "assessed_by",
    "session",
    "cycle",
    "review_date",
)
_MAPPING_KEYS = frozenset(
    {
        "followup-mapping",
        "description",
        "columns",
        "separators",
        "values",
        "states",
        "cycles",
        "session_dates",
        "review",
        "assessed_by",
    }
)
_REVIEW_KEYS = frozenset({"mechanism", "id", "title", "document", "unverified"})


class MappingError(FollowupError):
    """A mapping file that cannot be used."""


@attrs.frozen
class BadRow:
    """A row that cannot be read: its 1-based row number (the header is row 1), the
    column (header name and position) and the problem."""

    row: int
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.problem}"


@attrs.frozen
class TableMapping:
    """A parsed mapping file."""

    name: str
    columns: Mapping[str, str | int]
    separators: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]
    states: Mapping[str, str]
    cycles: tuple[tuple[int, int, int], ...]  # (first session, last session, cycle)
    session_dates: Mapping[int, dt.date]
    review: Mapping[str, str]
    assessed_by: str | None


def _fail(name: str, where: str, problem: str) -> MappingError:
    return MappingError(f"mapping {name}: {where}: {problem}")


def load_mapping(name_or_path: str) -> TableMapping:
    """A mapping from a file, or a shipped one by name (``upr-info``, ``upr-info-csv``)."""
    from followup.registry import yamlio

    path = Path(name_or_path)
    if not path.is_file() and name_or_path in SHIPPED:
        path = MAPPINGS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise MappingError(
            f"no mapping {name_or_path!r}: give a mapping file or one of {', '.join(SHIPPED)}"
        )
    try:
        data = yamlio.safe_load(yamlio.decode(path.read_bytes()))
    except yamlio.ParseFailure as failure:
        p = failure.problem
        raise MappingError(f"{path}:{p.line or 1}:{p.column or 1}: {p.message}") from None
    return parse_mapping(data, str(path))


def _str_map(data: Any, name: str, where: str) -> dict[str, str]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _fail(name, where, "expected a mapping")
    out = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise _fail(name, f"{where}.{key}", f"expected text, found {value!r}")
        out[str(key)] = value
    return out


def parse_mapping(data: Any, name: str = "<mapping>") -> TableMapping:
    """A :class:`TableMapping` from the plain data of a mapping file (checked)."""
    if not isinstance(data, dict):
        raise _fail(name, "file", "a mapping file is a YAML mapping")
    if data.get("followup-mapping") != 1:
        raise _fail(name, "followup-mapping", "start the file with `followup-mapping: 1`")
    for key in data:
        if key not in _MAPPING_KEYS:
            raise _fail(name, str(key), f"unknown key; known: {', '.join(sorted(_MAPPING_KEYS))}")
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise _fail(name, "columns", "name the columns: `columns: {text: Recommendation, ...}`")
    columns: dict[str, str | int] = {}
    for key, value in raw_columns.items():
        if key not in FIELDS:
            raise _fail(name, f"columns.{key}", f"unknown field; known: {', '.join(FIELDS)}")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _fail(name, f"columns.{key}", "a header name or a 1-based position")
        if isinstance(value, int) and value < 1:
            raise _fail(name, f"columns.{key}", "positions count from 1")
        columns[key] = value
    if "text" not in columns:
        raise _fail(name, "columns", "the `text` column is required")
    values: dict[str, dict[str, str]] = {}
    raw_values = data.get("values") or {}
    if not isinstance(raw_values, dict):
        raise _fail(name, "values", "expected a mapping of field -> {cell: value}")
    for key, table in raw_values.items():
        values[str(key)] = _str_map(table, name, f"values.{key}")
    cycles: list[tuple[int, int, int]] = []
    for index, rule in enumerate(data.get("cycles") or []):
        sessions = rule.get("sessions") if isinstance(rule, dict) else None
        cycle = rule.get("cycle") if isinstance(rule, dict) else None
        if (
            not isinstance(sessions, list)
            or len(sessions) != 2
            or not all(isinstance(s, int) for s in sessions)
            or not isinstance(cycle, int)
        ):
            raise _fail(name, f"cycles[{index}]", "write `{sessions: [first, last], cycle: n}`")
        cycles.append((sessions[0], sessions[1], cycle))
    session_dates: dict[int, dt.date] = {}
    raw_dates = data.get("session_dates") or {}
    if not isinstance(raw_dates, dict):
        raise _fail(name, "session_dates", "expected a mapping of session -> date")
    for key, value in raw_dates.items():
        if not isinstance(key, int) or not isinstance(value, dt.date):
            raise _fail(name, f"session_dates.{key}", "a session number and a date")
        session_dates[key] = value
    review = _str_map(data.get("review"), name, "review")
    for key in review:
        if key not in _REVIEW_KEYS:
            raise _fail(name, f"review.{key}", f"unknown key; known: {', '.join(_REVIEW_KEYS)}")
    assessed_by = data.get("assessed_by")
    if assessed_by is not None and not isinstance(assessed_by, str):
        raise _fail(name, "assessed_by", "expected text")
    return TableMapping(
        name=name,
        columns=columns,
        separators=_str_map(data.get("separators"), name, "separators"),
        values=values,
        states=_str_map(data.get("states"), name, "states"),
        cycles=tuple(cycles),
        session_dates=session_dates,
        review=review,
        assessed_by=assessed_by,
    )


# -- reading files -----------------------------------------------------------------------
def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a CSV or XLSX file, every cell as stripped text."""
    if not path.is_file():
        raise FollowupError(f"no file {str(path)!r}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    except UnicodeDecodeError as exc:
        raise FollowupError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None
    except csv.Error as exc:
        raise FollowupError(f"{path}: unreadable CSV: {exc}") from None
    if not table:
        raise FollowupError(f"{path}: the file is empty")
    return table[0], table[1:]


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise FollowupError(f"reading .xlsx files needs openpyxl: {XLSX_EXTRA}") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise FollowupError(f"{path}: not a readable .xlsx file ({exc})") from None
    try:
        sheet = book.worksheets[0]
        table = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not table:
        raise FollowupError(f"{path}: the first sheet is empty")
    return table[0], table[1:]


# -- rows -> reviews and recommendations -----------------------------------------------------
def slug(text: str) -> str:
    """An id from a label: ``"Women's rights"`` -> ``"women-s-rights"`` (the same rule
    as the UHRI importer's, so both give a theme the same id)."""
    return _slug(text, 100)


@attrs.define
class Plan:
    """What a table holds, ready to write: reviews, recommendations, themes and States
    (in first-seen order), the bad rows and the rows left out as repeats."""

    reviews: dict[str, Review] = attrs.field(factory=dict)
    recommendations: dict[str, Recommendation] = attrs.field(factory=dict)
    themes: dict[str, str] = attrs.field(factory=dict)  # id -> label
    states: list[str] = attrs.field(factory=list)
    bad: list[BadRow] = attrs.field(factory=list)
    repeated: int = 0


class _RowError(Exception):
    def __init__(self, column: str | None, problem: str) -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem


def _resolve_columns(mapping: TableMapping, header: Sequence[str]) -> dict[str, tuple[int, str]]:
    """field -> (0-based index, how to name the column in messages)."""
    out: dict[str, tuple[int, str]] = {}
    for field, ref in mapping.columns.items():
        if isinstance(ref, int):
            if ref > len(header):
                raise MappingError(
                    f"mapping {mapping.name}: columns.{field}: position {ref}, but the file "
                    f"has {len(header)} columns"
                )
            label = header[ref - 1] or "?"
            out[field] = (ref - 1, f"{ref} ({label})")
            continue
        positions = [i for i, name in enumerate(header) if name == ref]
        if not positions:
            raise MappingError(
                f"mapping {mapping.name}: columns.{field}: no column {ref!r}; the header has: "
                + ", ".join(header)
            )
        if len(positions) > 1:
            raise MappingError(
                f"mapping {mapping.name}: columns.{field}: {ref!r} is in the header "
                f"{len(positions)} times (positions "
                + ", ".join(str(p + 1) for p in positions)
                + "): name the column by its position"
            )
        out[field] = (positions[0], f"{positions[0] + 1} ({ref})")
    return out


class _Row:
    def __init__(self, cells: Sequence[str], columns: dict[str, tuple[int, str]]) -> None:
        self.cells, self.columns = cells, columns

    def label(self, field: str) -> str | None:
        return self.columns[field][1] if field in self.columns else None

    def get(self, field: str) -> str | None:
        if field not in self.columns:
            return None
        index = self.columns[field][0]
        value = self.cells[index].strip() if index < len(self.cells) else ""
        return value or None

    def need(self, field: str) -> str:
        value = self.get(field)
        if value is None:
            raise _RowError(self.label(field), f"{field} is empty")
        return value

    def date(self, field: str) -> dt.date | None:
        value = self.get(field)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise _RowError(
                self.label(field), f"{value!r} is not a date (write YYYY-MM-DD)"
            ) from None


def _split(mapping: TableMapping, field: str, value: str | None) -> list[str]:
    if value is None:
        return []
    separator = mapping.separators.get(field)
    parts = value.split(separator) if separator else [value]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _translate(mapping: TableMapping, row: _Row, field: str, value: str) -> str:
    table = mapping.values.get(field)
    if not table:
        return value
    if value in table:
        return table[value]
    if value in table.values():
        return value
    raise _RowError(
        row.label(field), f"unknown {field} {value!r}; the mapping knows: {', '.join(table)}"
    )


def _cycle_of(mapping: TableMapping, row: _Row, session: int | None) -> int | None:
    text = row.get("cycle")
    if text is not None:
        if not text.isdigit() or int(text) < 1:
            raise _RowError(row.label("cycle"), f"cycle {text!r} is not a whole number >= 1")
        return int(text)
    if session is None:
        return None
    for first, last, cycle in mapping.cycles:
        if first <= session <= last:
            return cycle
    if mapping.cycles:
        raise _RowError(row.label("session"), f"session {session} belongs to no cycle")
    return None


def _template(mapping: TableMapping, key: str, default: str, values: dict[str, Any]) -> str:
    text = mapping.review.get(key, default)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise MappingError(f"mapping {mapping.name}: review.{key}: bad template ({exc})") from None


def _state_code(mapping: TableMapping, row: _Row) -> str:
    name = row.need("state")
    if name in mapping.states:
        return mapping.states[name]
    if re.fullmatch(r"[A-Z]{3}", name):
        return name
    raise _RowError(
        row.label("state"),
        f"unknown State {name!r}: add `{name}: <alpha-3 code>` under `states:` in the mapping",
    )


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _one_row(mapping: TableMapping, row: _Row, out: Plan) -> None:
    text = row.need("text")
    state = _state_code(mapping, row)
    session_text = row.get("session")
    session: int | None = None
    if session_text is not None:
        if not session_text.isdigit() or int(session_text) < 1:
            raise _RowError(
                row.label("session"), f"session {session_text!r} is not a whole number >= 1"
            )
        session = int(session_text)
    cycle = _cycle_of(mapping, row, session)
    mechanism_name = mapping.review.get("mechanism", "UPR")
    try:
        mechanism = Mechanism(mechanism_name)
    except ValueError:
        raise MappingError(
            f"mapping {mapping.name}: review.mechanism: {mechanism_name!r}"
        ) from None
    values: dict[str, Any] = {
        "state": state,
        "state_lower": state.lower(),
        "state_name": row.need("state"),
        "mechanism": mechanism.value,
        "mechanism_lower": mechanism.value.lower(),
        "session": session if session is not None else "",
        "cycle": cycle if cycle is not None else "",
    }
    review_id = row.get("review") or _template(
        mapping,
        "id",
        "{state_lower}-{mechanism_lower}-{cycle}" if cycle else "{state_lower}-{mechanism_lower}",
        values,
    )
    review_date = row.date("review_date") or (
        mapping.session_dates.get(session) if session is not None else None
    )
    dated_by_table = row.get("review_date") is None and review_date is not None
    if review_date is None:
        review_date = row.date("date")
    if review_date is None:
        raise _RowError(
            row.label("session") or row.label("review_date"),
            "no review date: add a review_date column, or the session's date under "
            "`session_dates:` in the mapping",
        )
    document = row.get("document") or _template(
        mapping, "document", "{mechanism} review of {state}", values
    )
    try:
        review = out.reviews.get(review_id) or Review(
            id=review_id,
            mechanism=mechanism,
            state=state,
            title=Text.plain(_template(mapping, "title", "{mechanism} review of {state}", values)),
            date=review_date,
            cycle=cycle,
            session=str(session) if session is not None else None,
            unverified=mapping.review.get("unverified") if dated_by_table else None,
        )
    except ValueError as exc:
        raise _RowError(row.label("review"), f"review {review_id!r}: {exc}") from None
    if review.state != state:
        raise _RowError(row.label("state"), f"review {review_id} is of {review.state}, not {state}")
    themes: list[str] = []
    labels: dict[str, str] = {}
    for cell in _split(mapping, "themes", row.get("themes")):
        label = _translate(mapping, row, "themes", cell)
        theme_id = slug(label)
        labels.setdefault(theme_id, label)
        if theme_id not in themes:
            themes.append(theme_id)
    history: list[Response | Assessment] = []
    response = row.get("response")
    if response is not None:
        position_name = _translate(mapping, row, "response", response)
        try:
            position = Position(position_name)
        except ValueError:
            raise _RowError(
                row.label("response"),
                f"unknown response {response!r}: map it under `values: response:` to one of "
                + ", ".join(p.value for p in Position),
            ) from None
        # a fresh date object: YAML writers anchor a value shared between entries
        on = row.date("response_date") or dt.date.fromordinal(review.date.toordinal())
        history.append(
            Response(
                date=on,
                response=position,
                unverified=None
                if row.get("response_date")
                else "response date taken as the review date; check the outcome report",
            )
        )
    status = row.get("status")
    if status is not None:
        judged_on = row.date("date")
        by = row.get("assessed_by") or mapping.assessed_by
        if judged_on is None or by is None:
            raise _RowError(row.label("status"), "a status needs a date column and who assessed it")
        try:
            history.append(
                Assessment(date=judged_on, status=_translate(mapping, row, "status", status), by=by)
            )
        except ValueError as exc:
            raise _RowError(row.label("status"), str(exc)) from None
    history.sort(key=lambda e: e.date or dt.date.min)
    recommended_by = _split(mapping, "recommended_by", row.get("recommended_by"))
    rec_id = row.get("id") or (
        f"{review_id}-{_digest(state, str(session or ''), text, *recommended_by)}"
    )
    if rec_id in out.recommendations:
        existing = out.recommendations[rec_id]
        if existing.text.pick() == text and existing.review == review_id:
            out.repeated += 1
            return
        raise _RowError(row.label("id"), f"id {rec_id!r} is used by an earlier row")
    paragraph = row.get("paragraph")
    try:
        rec = Recommendation(
            id=rec_id,
            review=review_id,
            text=Text.plain(text),
            source=Source(document=document, paragraph=paragraph),
            paragraph=paragraph,
            themes=tuple(themes),
            rights=tuple(_split(mapping, "rights", row.get("rights"))),
            recommended_by=tuple(recommended_by),
            affected_persons=tuple(
                _split(mapping, "affected_persons", row.get("affected_persons"))
            ),
            history=tuple(history),
        )
    except ValueError as exc:
        raise _RowError(row.label("id"), str(exc)) from None
    if state not in out.states:
        out.states.append(state)
    out.recommendations[rec_id] = rec
    out.reviews.setdefault(review_id, review)
    for theme_id, label in labels.items():
        out.themes.setdefault(theme_id, label)


def plan(mapping: TableMapping, header: Sequence[str], data: Sequence[Sequence[str]]) -> Plan:
    """Reviews and recommendations from a table's rows; bad rows are collected in
    :attr:`Plan.bad` (row numbers count the header as row 1)."""
    columns = _resolve_columns(mapping, header)
    out = Plan()
    for index, cells in enumerate(data, start=2):
        if not any(c.strip() for c in cells):
            continue  # blank line
        try:
            _one_row(mapping, _Row(cells, columns), out)
        except _RowError as exc:
            out.bad.append(BadRow(index, exc.column, exc.problem))
    return out


# -- writing ----------------------------------------------------------------------------------
def _new_registry(target: Path, found: Plan) -> None:
    """Write registry.yaml of a new registry (states and themes declared)."""
    from followup.registry.dump import dump_files
    from followup.registry.safefile import write_atomic

    info = RegistryInfo(
        id=slug(target.resolve().name),
        title=Text.plain(f"Recommendations imported into {target.resolve().name}"),
        version="0.1",
        states=tuple(sorted(found.states)) or ("KAZ",),
        themes=tuple(Theme(tid, Text.plain(label)) for tid, label in found.themes.items()),
    )
    files = dump_files(Registry(info=info, reviews={}, recommendations={}))
    (target / "reviews").mkdir(parents=True, exist_ok=True)
    write_atomic(target / "registry.yaml", files["registry.yaml"].encode("utf-8"))


def _declare(target: Path, registry: Registry, found: Plan) -> list[str]:
    """Add the States and themes the import needs to an existing manifest (through the
    comment-keeping text editor); the names of what was added."""
    from followup.registry import textedit, yamlio
    from followup.registry.layout import find_layout
    from followup.registry.safefile import registry_lock, write_atomic

    states = [s for s in found.states if s not in registry.info.states]
    themes = [(t, label) for t, label in found.themes.items() if t not in registry.themes]
    if not states and not themes:
        return []
    layout, _ = find_layout(target)
    if layout is None or layout.single_file:
        raise FollowupError(
            f"{target}: declare first in the manifest: "
            + ", ".join([*states, *(t for t, _ in themes)])
        )
    with registry_lock(layout.root):
        raw = layout.manifest.read_bytes()
        text = yamlio.decode(raw)
        crlf = "\r\n" in text
        old = yamlio.safe_load(text)
        new = dict(old)
        if states:
            new["states"] = [*old.get("states", []), *states]
        if themes:
            new["themes"] = [
                *(old.get("themes") or []),
                *({"id": t, "label": label} for t, label in themes),
            ]
        try:
            changed = textedit.realize(text.replace("\r\n", "\n"), old, new)
        except textedit.UnsupportedEdit as exc:
            raise FollowupError(
                f"{layout.manifest}: cannot add {', '.join(t for t, _ in themes)} to the "
                f"manifest ({exc}); declare them under `themes:` by hand"
            ) from None
        if crlf:
            changed = changed.replace("\n", "\r\n")
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        write_atomic(layout.manifest, bom + changed.encode("utf-8"))
    return [*(f"state {s}" for s in states), *(f"theme {t}" for t, _ in themes)]


@attrs.frozen
class Outcome:
    """What an import did."""

    reviews_added: int
    recommendations_added: int
    already_there: int
    declared: tuple[str, ...]
    created: bool


def apply(found: Plan, target: Path, *, dry_run: bool = False) -> Outcome:
    """Write a plan into the registry at ``target`` (a directory; made if new)."""
    from followup.registry import edit, load

    created = not (target / "registry.yaml").exists() and not (
        target.is_file() or (target / "registry.yml").exists()
    )
    if created:
        if target.exists() and not target.is_dir():
            raise FollowupError(f"{target}: not a directory")
        existing = None
    else:
        existing = load(target)
    new_reviews = [
        r for r in found.reviews.values() if existing is None or r.id not in existing.reviews
    ]
    new_recs = [
        r
        for r in found.recommendations.values()
        if existing is None or r.id not in existing.recommendations
    ]
    declared: list[str] = []
    if dry_run:
        return Outcome(
            len(new_reviews), len(new_recs), len(found.recommendations) - len(new_recs), (), created
        )
    if not new_recs and not new_reviews:
        return Outcome(0, 0, len(found.recommendations), (), False)
    made_dir = created and not target.exists()
    try:
        if created:
            _new_registry(target, found)
        else:
            assert existing is not None
            declared = _declare(target, existing, found)
        # Two edits: the editor writes a review file it creates with the text rendered
        # when the review was added, so recommendations go in once the file exists.
        if new_reviews:
            with edit(target) as editor:
                for review in new_reviews:
                    editor.add_review(review)
        with edit(target) as editor:
            for rec in new_recs:
                editor.add_recommendation(rec)
    except BaseException:
        if made_dir:
            shutil.rmtree(target, ignore_errors=True)
        elif created:
            (target / "registry.yaml").unlink(missing_ok=True)
        raise
    return Outcome(
        len(new_reviews),
        len(new_recs),
        len(found.recommendations) - len(new_recs),
        tuple(declared),
        created,
    )


def _report(bad: Sequence[BadRow], out: TextIO) -> None:
    for item in bad[:50]:
        out.write(f"  {item}\n")
    if len(bad) > 50:
        out.write(f"  ... and {len(bad) - 50} more\n")


def run_cli(args: argparse.Namespace, out: TextIO) -> int:
    """``followup import table FILE --mapping M -o DIR [--skip-bad] [--dry-run]``."""
    mapping = load_mapping(args.mapping)
    header, data = read_table(Path(args.file))
    found = plan(mapping, header, data)
    if found.bad:
        verb = "skipped" if args.skip_bad else "cannot be read"
        out.write(f"{args.file}: {len(found.bad)} row(s) {verb}:\n")
        _report(found.bad, out)
        if not args.skip_bad:
            out.write("nothing written: fix these rows, or give --skip-bad to leave them out\n")
            return 1
    outcome = apply(found, Path(args.output), dry_run=args.dry_run)
    what = "would add" if args.dry_run else "added"
    out.write(
        f"{what} {outcome.reviews_added} review(s) and {outcome.recommendations_added} "
        f"recommendation(s) to {args.output}"
        + (" (new registry)" if outcome.created else "")
        + f"; {outcome.already_there} already there\n"
    )
    if found.repeated:
        out.write(f"{found.repeated} repeated row(s) left out\n")
    if outcome.declared:
        out.write(f"declared in the manifest: {', '.join(outcome.declared)}\n")
    return 0


def _iter_shipped() -> Iterator[Path]:  # pragma: no cover - for tooling
    yield from sorted(MAPPINGS_DIR.glob("*.yaml"))
