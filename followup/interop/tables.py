"""The tables of an export for analysts, defined once.

Five tables: ``recommendations``, ``history``, ``reviews``, ``themes`` and ``levels``.
:data:`TABLES` gives each one's columns (name, kind, whether it may be empty, what it
holds), primary key, foreign keys and indexes. The Parquet dataset
(:mod:`followup.interop._parquet`), the SQLite database
(:mod:`followup.interop._sqlite`) and the published ``docs/export-schema.md``
(:func:`schema_markdown`) are all derived from these definitions, so they cannot
drift apart. :data:`FORMAT_VERSION` changes whenever a table's columns or types do.

:func:`followup.interop._rows.batches` produces a table's rows from a registry as
column-wise batches (one list of values per column), so writers never hold every row
as a dict.

Column kinds: ``string``; ``enum`` (a string from a small set: dictionary-encoded in
Parquet); ``date``; ``bool``; ``int``; ``float``; ``list`` (a list of strings).
"""

from __future__ import annotations

from attrs import frozen

__all__ = [
    "FORMAT_VERSION",
    "TABLES",
    "Column",
    "ForeignKey",
    "Table",
    "schema_markdown",
    "table",
]

#: The version of the export's table layout (columns, types, keys).
FORMAT_VERSION = "1"

KINDS = ("string", "enum", "date", "bool", "int", "float", "list")


@frozen
class Column:
    """One column: its name, kind (see the module's documentation), whether it may be
    empty (null), and what it holds."""

    name: str
    kind: str
    nullable: bool
    description: str


@frozen
class ForeignKey:
    """``columns`` of this table refer to ``references`` of table ``table``."""

    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@frozen
class Table:
    """One table of the export."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    full_text: tuple[str, ...] = ()  # columns searched by full-text search (SQLite)

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str, description: str, *, null: bool = True) -> Column:
    return Column(name, kind, null, description)


_REGISTRY = _c("registry", "string", "The registry's id (from its manifest).", null=False)
_STATE = _c("state", "string", "ISO 3166-1 alpha-3 code of the State reviewed.", null=False)

TABLES: tuple[Table, ...] = (
    Table(
        "recommendations",
        "One row per recommendation, with its latest response and the assessment in "
        "force on the registry's default scale as of `as_of`.",
        (
            _REGISTRY,
            _c("id", "string", "The recommendation's id.", null=False),
            _c("review", "string", "The id of the review that made it.", null=False),
            _c("mechanism", "enum", "The mechanism of that review (CCPR, UPR, ...).", null=False),
            _STATE,
            _c("document", "string", "The source document's symbol.", null=False),
            _c("paragraph", "string", "The paragraph in the source document."),
            _c("text", "string", "The text in the registry's language.", null=False),
            _c("themes", "list", "Theme ids.", null=False),
            _c("rights", "list", "Rights named on the recommendation itself.", null=False),
            _c("sdg_targets", "list", "Sustainable Development Goal targets.", null=False),
            _c("affected_persons", "list", "Groups of persons affected.", null=False),
            _c("recommended_by", "list", "Recommending States or bodies.", null=False),
            _c("follow_up", "bool", "Chosen for the follow-up procedure.", null=False),
            _c("weight", "float", "Weight in weighted scores (1 unless set).", null=False),
            _c("uhri_id", "string", "The Universal Human Rights Index annotation id."),
            _c("response", "enum", "The State's latest position as of `as_of`."),
            _c("response_date", "date", "The date of that response."),
            _c("scale", "enum", "The scale of `status`: the default scale.", null=False),
            _c("status", "enum", "The level of the assessment in force as of `as_of`."),
            _c("status_date", "date", "The date of that assessment."),
            _c("status_by", "string", "Who made that assessment."),
            _c("score", "float", "The score of that level (0 to 1; empty if unscored)."),
            _c("as_of", "date", "The date responses and assessments are taken at.", null=False),
        ),
        ("registry", "id"),
        (
            ForeignKey(("registry", "review"), "reviews", ("registry", "id")),
            ForeignKey(("registry", "scale", "status"), "levels", ("registry", "scale", "level")),
        ),
        (("registry", "review"), ("state",), ("status",)),
        ("text",),
    ),
    Table(
        "history",
        "One row per history entry (response or assessment), whatever its date.",
        (
            _REGISTRY,
            _c("recommendation", "string", "The recommendation's id.", null=False),
            _c("seq", "int", "The entry's place in the history (0 first).", null=False),
            _c("review", "string", "The id of the recommendation's review.", null=False),
            _STATE,
            _c("kind", "enum", "`response` or `assessment`.", null=False),
            _c("date", "date", "The entry's date (a response may have none)."),
            _c("position", "enum", "A response's position (supported, noted, ...)."),
            _c("status", "enum", "An assessment's level."),
            _c("scale", "enum", "An assessment's scale."),
            _c("score", "float", "The score of an assessment's level (0 to 1)."),
            _c("by", "string", "Who answered or assessed."),
            _c("document", "string", "A response's document."),
            _c("url", "string", "A response's web address."),
            _c("evidence", "list", "Citations of the evidence.", null=False),
            _c("note", "string", "The note, in the registry's language."),
        ),
        ("registry", "recommendation", "seq"),
        (ForeignKey(("registry", "recommendation"), "recommendations", ("registry", "id")),),
        (("registry", "recommendation"), ("state",), ("date",)),
    ),
    Table(
        "reviews",
        "One row per review (a set of concluding observations, a UPR cycle, ...).",
        (
            _REGISTRY,
            _c("id", "string", "The review's id.", null=False),
            _c("mechanism", "enum", "The mechanism (CCPR, UPR, ...).", null=False),
            _STATE,
            _c("title", "string", "The title, in the registry's language.", null=False),
            _c("date", "date", "The date of the review.", null=False),
            _c("author", "string", "Who wrote the recommendations."),
            _c("cycle", "int", "The UPR cycle."),
            _c("session", "string", "The session."),
            _c("follow_up_due", "date", "When the follow-up report is due."),
            _c("documents", "list", "Symbols of the review's documents.", null=False),
        ),
        ("registry", "id"),
        (),
        (("state",),),
    ),
    Table(
        "themes",
        "One row per theme declared in the registry's manifest.",
        (
            _REGISTRY,
            _c("id", "string", "The theme's id.", null=False),
            _c("label", "string", "The label, in the registry's language.", null=False),
            _c("rights", "list", "Rights the theme covers.", null=False),
            _c("description", "string", "The description, in the registry's language."),
        ),
        ("registry", "id"),
    ),
    Table(
        "levels",
        "One row per level of every scale the registry can use, with its score.",
        (
            _REGISTRY,
            _c("scale", "enum", "The scale's id.", null=False),
            _c("level", "string", "The level's id.", null=False),
            _c("rank", "int", "The level's place on the scale (0: the worst).", null=False),
            _c("label", "string", "The label, in the registry's language.", null=False),
            _c("score", "float", "The level's score (0 to 1; empty: not scored)."),
            _c("default_scale", "bool", "Whether the scale is the registry's default.", null=False),
        ),
        ("registry", "scale", "level"),
    ),
)


def table(name: str) -> Table:
    """The table called ``name``."""
    for item in TABLES:
        if item.name == name:
            return item
    raise KeyError(name)


#: How each kind is stored in Parquet (Arrow type) and SQLite (declared type).
ARROW_TYPES = {
    "string": "string",
    "enum": "dictionary<values=string, indices=int32>",
    "date": "date32",
    "bool": "bool",
    "int": "int32",
    "float": "double",
    "list": "list<string>",
}
SQLITE_TYPES = {
    "string": "TEXT",
    "enum": "TEXT",
    "date": "TEXT",  # ISO 8601, YYYY-MM-DD
    "bool": "INTEGER",  # 0 or 1
    "int": "INTEGER",
    "float": "REAL",
    "list": "TEXT",  # a JSON array of strings
}


def schema_markdown() -> str:
    """The published description of the tables (``docs/export-schema.md``)."""
    out = [
        "# Export tables (format version " + FORMAT_VERSION + ")",
        "",
        "<!-- Generated from followup/interop/tables.py by "
        "`python -m followup.interop.tables`; do not edit by hand. -->",
        "",
        "`followup export --format parquet -o DIR` writes one Parquet file per table "
        "and `--format sqlite` one SQLite table per table, with these columns. Parquet "
        "types are Arrow types; in SQLite, dates are ISO 8601 text, booleans 0 or 1, "
        "and lists JSON arrays; a database holds one registry, so its keys leave out the "
        "`registry` column (which it still has). *Required* columns are never empty.",
        "",
    ]
    for item in TABLES:
        out += [f"## `{item.name}`", "", item.description, ""]
        out.append("Primary key: " + ", ".join(f"`{c}`" for c in item.primary_key) + ".")
        for fk in item.foreign_keys:
            cols = ", ".join(f"`{c}`" for c in fk.columns)
            refs = ", ".join(f"`{c}`" for c in fk.references)
            out.append(f"Foreign key: {cols} refers to `{fk.table}` ({refs}).")
        if item.full_text:
            out.append("Full-text search (SQLite): " + ", ".join(item.full_text) + ".")
        out += [
            "",
            "| Column | Parquet | SQLite | Required | Description |",
            "|---|---|---|---|---|",
        ]
        for col in item.columns:
            required = "no" if col.nullable else "yes"
            out.append(
                f"| `{col.name}` | {ARROW_TYPES[col.kind]} | {SQLITE_TYPES[col.kind]} "
                f"| {required} | {col.description} |"
            )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(schema_markdown(), end="")
