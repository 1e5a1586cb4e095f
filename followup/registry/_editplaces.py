"""Where an edit finds things in the files it holds: a review's file and mapping, the
recommendations added so far, a recommendation's mapping."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path as FsPath
from typing import Any

from followup.registry.editfile import EditedFile
from followup.registry.layout import Layout

__all__ = ["added_recs", "at", "rec_in", "review_place"]


def review_place(
    layout: Layout, files: Mapping[FsPath, EditedFile], review_id: str
) -> tuple[EditedFile, list[Any]] | None:
    """The file holding a review and the path to the review's mapping in its data."""
    for file in files.values():
        data = file.wanted
        if not isinstance(data, dict):
            continue
        if file.path == layout.manifest and layout.single_file:
            for index, review in enumerate(data.get("reviews") or []):
                if isinstance(review, dict) and review.get("id") == review_id:
                    return file, ["reviews", index]
        elif file.path != layout.manifest and data.get("id") == review_id:
            return file, []
    return None


def added_recs(
    layout: Layout, files: Mapping[FsPath, EditedFile]
) -> Iterator[tuple[str, set[str]]]:
    """Each review of a file the edit touched, with the ids of its recommendations."""
    for file in files.values():
        if not file.touched or not isinstance(file.wanted, dict):
            continue
        reviews = (
            file.wanted.get("reviews") or []
            if file.path == layout.manifest and layout.single_file
            else [file.wanted]
        )
        for review in reviews:
            if isinstance(review, dict):
                ids = {
                    r.get("id") for r in review.get("recommendations") or [] if isinstance(r, dict)
                }
                yield str(review.get("id")), {str(i) for i in ids}


def at(data: dict[str, Any], path: list[Any]) -> dict[str, Any]:
    """The mapping at ``path`` in ``data``."""
    node: Any = data
    for step in path:
        node = node[step]
    assert isinstance(node, dict)
    return node


def rec_in(review: dict[str, Any], rec_id: str) -> dict[str, Any] | None:
    """The mapping of recommendation ``rec_id`` in a review's mapping, or None."""
    for rec in review.get("recommendations") or []:
        if isinstance(rec, dict) and rec.get("id") == rec_id:
            return rec
    return None
