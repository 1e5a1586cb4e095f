"""What an edit knows without building the registry's model: the manifest, the ids and
a review's date, as read (and checked) when the edit began, plus what the edit added.

:attr:`followup.Editor.registry` builds the whole model, which costs a load of the
registry; the command line asks these instead, so that an edit keeps costing what it
changes (a review's date reads the one file the edit reads anyway).
"""

from __future__ import annotations

import datetime as dt

from followup.model.manifest import RegistryInfo
from followup.registry._editplaces import at
from followup.registry.building import entry_date
from followup.registry.editing import Editor

__all__ = ["manifest", "review_ids", "review_of"]


def manifest(editor: Editor) -> RegistryInfo:
    """The manifest of the registry ``editor`` edits, as read when the edit began."""
    return editor._index.info


def review_ids(editor: Editor) -> list[str]:
    """The ids of the registry's reviews, with those the edit added, in file order."""
    return editor._review_ids()


def review_of(editor: Editor, rec_id: str) -> tuple[str, dt.date] | None:
    """The id and date of the review that made recommendation ``rec_id``, read from the
    review's file; None for a recommendation the registry does not hold (yet)."""
    review_id = editor._index.recs.get(rec_id)
    if review_id is None:
        return None
    file, place = editor._review_place(review_id)
    day = entry_date(at(file.wanted, place))
    return None if day == dt.date.min else (review_id, day)
