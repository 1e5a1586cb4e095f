"""Structuring a file's plain data: the manifest's values, and each review with its
recommendations, problems reported with their field paths.

A run over a registry (:mod:`followup.registry._check`) calls these for each file it
reads; they add what they structure to its lists and report through its ``add``,
``structure`` and problem budget.
"""

from __future__ import annotations

from typing import Any, Protocol

from followup.model.manifest import RegistryInfo
from followup.model.records import Recommendation, Review
from followup.registry.report import Path, ProblemBudget, Severity

__all__ = ["Structuring", "manifest", "review"]

_ERROR = Severity.ERROR


class Structuring(Protocol):
    """What structuring needs of a run."""

    budget: ProblemBudget
    reviews: list[tuple[Review, str, Path]]
    recs: list[tuple[Recommendation, str, Path]]

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        file: str,
        path: Path,
        hint: str | None = None,
    ) -> None: ...

    def structure(self, data: Any, cls: type[Any], file: str, path: Path) -> Any: ...


def manifest(
    run: Structuring, data: dict[str, Any], shown: str, *, single_file: bool
) -> RegistryInfo | None:
    """The manifest's values (a :class:`RegistryInfo`, None when they have errors)."""
    skip = {"followup", "reviews"} if single_file else {"followup"}
    fields = {k: v for k, v in data.items() if k not in skip}
    version = fields.get("version")
    if version is not None and not isinstance(version, str):
        run.add(
            _ERROR,
            "version-not-string",
            f"the dataset version must be a quoted string, not {version!r}",
            shown,
            ("version",),
            hint=f'quote it: version: "{version}" (unquoted, 2025.10 reads as 2025.1)',
        )
        fields["version"] = str(version)
    if not single_file and "reviews" in data:
        run.add(
            _ERROR,
            "unknown-field",
            "`reviews` belongs in a single-file registry; this one has reviews/",
            shown,
            ("reviews",),
            hint="move each review into its own file in reviews/",
        )
        fields.pop("reviews")
    info: RegistryInfo | None = run.structure(fields, RegistryInfo, shown, ())
    return info


def review(run: Structuring, data: Any, shown: str, root: Path) -> None:
    """One review and its recommendations, structured into ``run``'s lists."""
    if not isinstance(data, dict):
        run.add(_ERROR, "not-a-mapping", "a review must be a mapping", shown, root)
        return
    fields = {k: v for k, v in data.items() if k != "recommendations"}
    review = run.structure(fields, Review, shown, root)
    review_id = data.get("id") if review is None else review.id
    if review is not None:
        run.reviews.append((review, shown, root))
    recs = data.get("recommendations", [])
    if not isinstance(recs, list):
        run.add(
            _ERROR,
            "invalid-type",
            "`recommendations` must be a list",
            shown,
            (*root, "recommendations"),
        )
        return
    owner = review_id if isinstance(review_id, str) and review is not None else "unknown"
    for index, item in enumerate(recs):
        path = (*root, "recommendations", index)
        if not run.budget.room(shown):  # the rest is counted, not checked
            run.budget.skip(shown, len(recs) - index, path)
            break
        if not isinstance(item, dict):
            run.add(_ERROR, "not-a-mapping", "a recommendation must be a mapping", shown, path)
            continue
        if "review" in item:  # implied by the file; never written
            run.add(
                _ERROR,
                "unknown-field",
                "unknown field 'review': a recommendation belongs to the review of its file",
                shown,
                (*path, "review"),
                hint="remove `review:`",
            )
        # the owner replaces an explicit `review:` (reported above): one copy
        rec = run.structure({**item, "review": owner}, Recommendation, shown, path)
        if rec is not None:
            run.recs.append((rec, shown, path))
