"""Editing a registry in place: checked first, written as one step, comments kept.

``with followup.edit(path) as ed:`` takes the registry's lock, checks it (it must be
valid), and gives an :class:`Editor`. Its methods read the files they change and
change their plain data in memory, saying what they changed; nothing touches the disk
until the ``with`` block ends without an exception. Then, for each file an edit
touched:

1. the new text is made from the old by :func:`followup.registry.textedit.realize`, so
   only the lines that must change do; the text is parsed again and must give exactly
   the data wanted (else :class:`EditError`, nothing written);
2. the registry with the new texts is checked, giving the report
   :func:`followup.validate` would (errors raise :class:`followup.RegistryError`,
   nothing written): the files changed are checked again, the others' checks are
   those made when the edit began (or kept since they last changed), so an edit costs
   what it changes, not the size of the registry;
3. each file is checked to be byte for byte what was read (someone in a text editor
   holds no lock; else :class:`ChangedOnDisk`, nothing written), and all the files are
   written as one transaction (:mod:`followup.registry.transaction`): a kill at any
   moment leaves the registry wholly as it was or wholly edited, and readers never see
   half of it. Mode bits, line endings and byte-order marks are kept.

An exception inside the block writes nothing. The lock, the reading and the writing
are in :mod:`followup.registry._editsession`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path as FsPath
from typing import Any, TypeVar

import attrs
from attrs import frozen

from followup.model.dates import DateLike, as_date, as_optional_date
from followup.model.manifest import Theme
from followup.model.records import Assessment, Evidence, Recommendation, Response, Review
from followup.model.registry import Registry, UnknownIdError
from followup.model.text import Text
from followup.model.values import Position, check_id
from followup.registry import _editchecks, _editmanifest, _editplaces, _editsession
from followup.registry.building import (
    build,
    build_recommendation,
    entry_date,
    evidence_of,
    plain,
    text_of,
)
from followup.registry.convert import unstructure
from followup.registry.editfile import ChangedOnDisk, EditedFile, EditError, render_new
from followup.registry.load import FORMAT_VERSION
from followup.registry.report import Report

__all__ = [
    "Change",
    "ChangedOnDisk",
    "EditError",
    "Editor",
    "build_recommendation",
    "edit",
]

_T = TypeVar("_T")


@frozen
class Change:
    """One change an edit made: the file and what changed, in words."""

    file: str
    summary: str

    def __str__(self) -> str:
        return f"{self.file}: {self.summary}"


class Editor:
    """Changes to one registry, made in memory and written when the ``with`` block ends.

    :attr:`registry` is the registry as it was read. Every method checks what it can at
    once (unknown ids with the nearest ones suggested, levels not in the scale, dates in
    the future) and raises :class:`EditError` or :class:`followup.UnknownIdError`; the
    whole registry is validated again before anything is written.
    """

    def __init__(self, held: _editsession.Opened, today: dt.date, *, fast: bool = True) -> None:
        self._fast = fast
        self._held = held
        self._layout = held.layout
        self._index = held.index
        #: the files read so far (each when the edit first needs it)
        self._files: dict[FsPath, EditedFile] = {}
        self._registry: Registry | None = None
        self._today = today
        self.changes: list[Change] = []
        self._new_reviews: dict[str, FsPath] = {}
        self._new_recs: set[str] = set()
        self._new_themes: set[str] = set()

    @property
    def registry(self) -> Registry:
        """The registry as it was read (as written, once the ``with`` block has ended).

        An edit checks a registry without building its model; this builds it on first
        use (from the review cache where it can), which costs a load of the registry."""
        if self._registry is None:
            self._registry = _editsession.registry_of(
                self._held, self._layout, None, fast=self._fast, today=self._today
            )
        return self._registry

    # -- where things are --------------------------------------------------------------
    def _file(self, path: FsPath) -> EditedFile:
        """A file of the registry, read on first use."""
        if path not in self._files:
            self._files[path] = _editsession.read_file(self._held, path, fast=self._fast)
        return self._files[path]

    def _review_ids(self) -> list[str]:
        return [*self._index.reviews, *self._new_reviews]

    def _rec_ids(self) -> list[str]:
        return [*self._index.recs, *self._new_recs]

    def _review_place(self, review_id: str) -> tuple[EditedFile, list[Any]]:
        """The file holding a review and the path to the review's mapping in its data."""
        path = self._new_reviews.get(review_id) or self._index.reviews.get(review_id)
        if path is None:
            raise UnknownIdError("review", review_id, self._review_ids())
        file = self._file(path)
        found = _editplaces.review_place(self._layout, {path: file}, review_id)
        if found is None:
            raise EditError(f"{file.shown}: review {review_id!r} not found where expected")
        return found

    def _rec_place(self, rec_id: str) -> tuple[EditedFile, dict[str, Any]]:
        """The file holding a recommendation and its mapping in the file's wanted data."""
        review_id = self._index.recs.get(rec_id)
        if review_id is None:
            added = _editplaces.added_recs(self._layout, self._files)
            review_id = next((r for r, recs in added if rec_id in recs), None)
            if review_id is None:
                raise UnknownIdError("recommendation", rec_id, self._rec_ids())
        file, path = self._review_place(review_id)
        rec = _editplaces.rec_in(_editplaces.at(file.change(), path), rec_id)
        if rec is None:
            raise EditError(f"{file.shown}: recommendation {rec_id!r} not found where expected")
        return file, rec

    def _note(self, file: EditedFile, summary: str) -> None:
        self.changes.append(Change(file.shown, summary))

    # -- history -------------------------------------------------------------------------
    def add_entry(self, rec_id: str, entry: Response | Assessment) -> None:
        """Add a response or an assessment to a recommendation's history, in date order
        (after entries of the same date); a response whose date is not established goes
        last."""
        if entry.date is not None:
            _editchecks.check_date(self._today, entry.date, f"{rec_id}: history entry")
        if isinstance(entry, Assessment):
            _editchecks.check_level(self._index.info, rec_id, entry)
        file, rec = self._rec_place(rec_id)
        history = rec.setdefault("history", [])
        if not isinstance(history, list):
            raise EditError(f"{file.shown}: {rec_id}: `history` is not a list")
        plain = unstructure(entry)
        at = len(history)
        while entry.date is not None and at > 0 and entry_date(history[at - 1]) > entry.date:
            at -= 1
        history.insert(at, plain)
        what = (
            f"assessment {entry.status!r} by {entry.by}"
            if isinstance(entry, Assessment)
            else f"response {entry.response.value!r}"
        )
        on = "with no date" if entry.date is None else f"on {entry.date.isoformat()}"
        self._note(file, f"{rec_id}: added {what} {on}")

    def assess(
        self,
        rec_id: str,
        *,
        status: str,
        on: DateLike,
        by: str,
        scale: str | None = None,
        evidence: Iterable[Evidence | str] = (),
        note: Text | str | None = None,
        fact_date: DateLike | None = None,
        unverified: str | None = None,
    ) -> Assessment:
        """Record that judge ``by`` judged recommendation ``rec_id`` to be at level
        ``status`` on ``on``. Evidence is :class:`Evidence` or, for short, a URL or a
        document symbol; ``fact_date`` is the date of the fact the judgement reflects;
        dates may be known to the month or the year (:class:`PartialDate`), and a whole
        day may be given as an ISO string (``"2025-06-30"``)."""
        on = as_date(on, "on")
        fact_date = as_optional_date(fact_date, "fact_date")
        if fact_date is not None:
            _editchecks.check_date(self._today, fact_date, f"{rec_id}: fact date")
        entry = build(
            Assessment,
            date=on,
            status=status,
            by=by,
            scale=scale,
            fact_date=fact_date,
            evidence=tuple(evidence_of(e) for e in evidence),
            note=text_of(note),
            unverified=unverified,
        )
        self.add_entry(rec_id, entry)
        return entry

    def respond(
        self,
        rec_id: str,
        *,
        position: Position | str,
        on: DateLike | None,
        document: str | None = None,
        url: str | None = None,
        by: str | None = None,
        note: Text | str | None = None,
        unverified: str | None = None,
    ) -> Response:
        """Record the State's response (``supported``, ``noted``, ``reply-received``, ...).

        ``on`` is None for a reply known to exist whose date is not established: then
        ``unverified`` must say why (the registry's check refuses it otherwise)."""
        on = as_optional_date(on, "on")
        try:
            value = Position(position)
        except ValueError:
            allowed = ", ".join(p.value for p in Position)
            raise EditError(
                f"{rec_id}: {position!r} is not a response; use one of: {allowed}"
            ) from None
        entry = build(
            Response,
            date=on,
            response=value,
            document=document,
            url=url,
            by=by,
            note=text_of(note),
            unverified=unverified,
        )
        self.add_entry(rec_id, entry)
        return entry

    # -- reviews and recommendations ---------------------------------------------------------
    def add_review(self, review: Review, *, file_name: str | None = None) -> None:
        """Add a review: a new file ``reviews/<id>.yaml`` (or ``file_name``) in a directory
        registry, an entry of ``reviews:`` in a single-file one."""
        if review.id in self._index.reviews or review.id in self._new_reviews:
            raise EditError(f"a review with id {review.id!r} exists already")
        plain = unstructure(review)
        if self._layout.single_file:
            file = self._file(self._layout.manifest)
            file.change().setdefault("reviews", []).append(plain)
            self._new_reviews[review.id] = file.path
            self._note(file, f"added review {review.id}")
            return
        name = file_name or f"{review.id}.yaml"
        if (
            os.sep in name
            or "/" in name
            or name.startswith(".")
            or not name.endswith((".yaml", ".yml"))
        ):
            raise EditError(f"{name!r}: a review file name is a plain name ending in .yaml")
        path = self._layout.root / "reviews" / name
        if path.exists() or path in self._files:
            raise EditError(f"{path}: the file exists already; choose another file name")
        file = EditedFile(path, None, self._layout.display(path))
        file.wanted = {"followup": FORMAT_VERSION, **plain}
        file.touched = True
        file.text = render_new(file.wanted)
        self._files[path] = file
        self._new_reviews[review.id] = path
        self._note(file, f"added review {review.id} (new file)")

    def add_recommendation(self, rec: Recommendation) -> None:
        """Add a recommendation to its review (``rec.review``), at the end of the list."""
        if rec.id in self._index.recs or rec.id in self._new_recs:
            raise EditError(f"a recommendation with id {rec.id!r} exists already")
        file, path = self._review_place(rec.review)
        review = _editplaces.at(file.change(), path)
        plain = unstructure(rec)
        plain.pop("review", None)
        recs = review.setdefault("recommendations", [])
        if not isinstance(recs, list):
            raise EditError(f"{file.shown}: `recommendations` is not a list")
        recs.append(plain)
        self._new_recs.add(rec.id)
        self._note(file, f"added recommendation {rec.id} to review {rec.review}")

    def set(self, rec_id: str, field: str, value: Any) -> None:
        """Change (or with ``None``, remove) a field of a recommendation: ``text``, ``note``,
        ``paragraph``, ``themes``, ``unverified``, ... Model values (Text, Source, tuples)
        or plain data."""
        if field in ("id", "review", "history"):
            raise EditError(
                f"{field!r} cannot be set: add history entries, or add a new recommendation"
            )
        known = [f for f in _REC_FIELDS if f not in ("id", "review", "history")]
        if field not in known:
            raise UnknownIdError("recommendation field", field, known)
        file, rec = self._rec_place(rec_id)
        data = plain(value)
        if data is None or data == [] or (data is False and field == "follow_up"):
            if field in rec:
                del rec[field]
                self._note(file, f"{rec_id}: removed {field}")
            return
        rec[field] = data
        self._note(file, f"{rec_id}: set {field}")

    def link(
        self, rec_id: str, *, reiterates: Sequence[str] = (), relates_to: Sequence[str] = ()
    ) -> None:
        """Link a recommendation to others: it ``reiterates`` an earlier one, or
        ``relates_to`` one (ids are added to the lists, once)."""
        file, rec = self._rec_place(rec_id)
        for field, ids in (("reiterates", reiterates), ("relates_to", relates_to)):
            for other in ids:
                check_id(other)
                if other not in self._index.recs and other not in self._new_recs:
                    raise UnknownIdError("recommendation", other, self._rec_ids())
                current = rec.setdefault(field, [])
                if not isinstance(current, list):
                    raise EditError(f"{file.shown}: {rec_id}: `{field}` is not a list")
                if other not in current:
                    current.append(other)
                    self._note(file, f"{rec_id}: {field} {other}")

    def add_theme(self, theme: Theme) -> None:
        """Declare a theme in the manifest (appended to its ``themes:`` list)."""
        if theme.id in {t.id for t in self._index.info.themes} or theme.id in self._new_themes:
            raise EditError(f"a theme with id {theme.id!r} exists already")
        file = self._file(self._layout.manifest)
        self._note(file, _editmanifest.add_theme(file, theme))
        self._new_themes.add(theme.id)

    def add_state(self, code: str) -> None:
        """Declare a State (an ISO 3166-1 alpha-3 code such as ``"KAZ"``) in the manifest,
        appended to its ``states:`` list."""
        file = self._file(self._layout.manifest)
        self._note(file, _editmanifest.add_state(file, code))

    def set_version(self, version: str) -> None:
        """Set the dataset ``version`` in the manifest (a string such as ``"2025.2"``)."""
        file = self._file(self._layout.manifest)
        self._note(file, _editmanifest.set_version(file, version))

    # -- writing -----------------------------------------------------------------------------
    def verify(self) -> Report:
        """Check the edits so far as the write will, writing nothing: the report of the
        registry they make (its warnings and notices). Raises
        :class:`followup.RegistryError` or :class:`EditError` as the write would."""
        return self._prepare().report

    def check(self) -> Registry:
        """The registry as it will be once written: :meth:`verify`, then the registry's
        model built (which costs a load of the registry; :meth:`verify` does not)."""
        ready = self._prepare()
        return _editsession.registry_of(
            self._held, ready.layout, ready.texts, fast=self._fast, today=self._today
        )

    def _prepare(self) -> _editsession.Prepared:
        return _editsession.prepare(self._held, self._files, fast=self._fast, today=self._today)

    def _commit(self) -> None:
        if _editsession.commit(self._held, self._files, fast=self._fast, today=self._today):
            self._registry = None  # read again, as written, when asked for


_REC_FIELDS = [a.name for a in attrs.fields(Recommendation)]


@contextlib.contextmanager
def edit(
    path: str | os.PathLike[str],
    *,
    timeout: float = 10.0,
    today: DateLike | None = None,
    fast: bool = True,
) -> Iterator[Editor]:
    """Edit the registry at ``path``; see the module's documentation for the guarantees.

    ``timeout`` is how long to wait for another editor's lock (then
    :class:`followup.registry.safefile.LockTimeout`).
    """
    day = as_optional_date(today, "today") or dt.date.today()
    with _editsession.opened(path, timeout=timeout, today=day, fast=fast) as held:
        editor = Editor(held, day, fast=fast)
        yield editor
        editor._commit()
