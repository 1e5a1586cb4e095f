"""Commands that change a registry: ``assess``, ``respond``, ``add-recommendation``,
``migrate``. Edits go through :func:`followup.edit` (atomic, comment-keeping)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from followup.cli._base import EXIT_OK, EXIT_PROBLEMS, Subparsers, path_arg, source_date_arg
from followup.registry import edit, migrate
from followup.registry.editing import Editor, build_recommendation

__all__ = [
    "add_add_recommendation",
    "add_assess",
    "add_migrate",
    "add_recommendation",
    "add_respond",
    "assess",
    "migrate_files",
    "respond",
]


def add_assess(commands: Subparsers) -> None:
    """``followup assess``."""
    assess_cmd = commands.add_parser(
        "assess", help="record an implementation assessment of a recommendation"
    )
    path_arg(assess_cmd)
    assess_cmd.add_argument("rec_id", metavar="REC_ID", help="the recommendation's id")
    assess_cmd.add_argument("--status", required=True, help="a level of the scale")
    assess_cmd.add_argument(
        "--on", type=source_date_arg, required=True, help="date of the judgement (or 2025-06)"
    )
    assess_cmd.add_argument(
        "--by", required=True, help="who judged: a judge id declared in registry.yaml"
    )
    assess_cmd.add_argument(
        "--fact-date",
        type=source_date_arg,
        default=None,
        help="date of the fact the judgement reflects (2021-01-02, 2021-01 or 2021)",
    )
    assess_cmd.add_argument("--scale", default=None, help="scale id (the registry's default)")
    assess_cmd.add_argument(
        "--evidence", nargs="+", default=[], metavar="URL_OR_SYMBOL", help="sources"
    )
    assess_cmd.add_argument("--note", default=None, help="a note on the judgement")
    _unverified_option(assess_cmd)
    _edit_options(assess_cmd)


def add_respond(commands: Subparsers) -> None:
    """``followup respond``."""
    respond_cmd = commands.add_parser("respond", help="record a State's response")
    path_arg(respond_cmd)
    respond_cmd.add_argument("rec_id", metavar="REC_ID", help="the recommendation's id")
    respond_cmd.add_argument(
        "--position",
        required=True,
        help="supported, partially-supported, noted, reply-received or no-reply",
    )
    respond_cmd.add_argument(
        "--on",
        type=source_date_arg,
        default=None,
        help="date of the response (2017-05-31, 2017-05 or 2017); leave it out for a reply "
        "known to exist whose date is not established, and say why with --unverified",
    )
    respond_cmd.add_argument("--document", default=None, help="symbol of the document holding it")
    respond_cmd.add_argument("--url", default=None, help="where to read it")
    respond_cmd.add_argument("--note", default=None)
    _unverified_option(respond_cmd)
    _edit_options(respond_cmd)


def _unverified_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--unverified",
        default=None,
        metavar="TEXT",
        help="what is not yet checked against its source, and what to check",
    )


def add_add_recommendation(commands: Subparsers) -> None:
    """``followup add-recommendation``."""
    add = commands.add_parser("add-recommendation", help="add a recommendation to a review")
    path_arg(add)
    add.add_argument("--review", required=True, help="id of the review it belongs to")
    add.add_argument("--id", required=True, dest="rec_id", help="its id (e.g. kaz-ccpr-3-p12)")
    add.add_argument("--text", required=True, help="the recommendation in your own words")
    add.add_argument("--document", required=True, help="symbol of the source document")
    add.add_argument("--paragraph", default=None, help="paragraph in the source")
    add.add_argument("--url", default=None, help="URL of the source")
    add.add_argument("--theme", nargs="+", default=[], dest="themes", help="theme ids")
    add.add_argument("--right", nargs="+", default=[], dest="rights", help="rights concerned")
    add.add_argument("--follow-up", action="store_true", help="selected for follow-up")
    add.add_argument("--reiterates", nargs="+", default=[], help="ids it reiterates")
    add.add_argument("--unverified", default=None, help="what is not yet checked")
    _edit_options(add)


def add_migrate(commands: Subparsers) -> None:
    """``followup migrate``."""
    migrate_cmd = commands.add_parser("migrate", help="rewrite older-format files to this format")
    path_arg(migrate_cmd)
    migrate_cmd.add_argument(
        "--check", action="store_true", help="only say what would change (exit 1 if anything)"
    )


def _edit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for another editor (10)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check the edit, write nothing")


class _DryRun(Exception):  # noqa: N818 (leaves the edit without writing)
    pass


def _edit(args: argparse.Namespace, out: TextIO, apply: Any) -> int:
    try:
        with edit(args.path, timeout=args.timeout) as editor:
            apply(editor)
            if args.dry_run:
                editor.verify()
                for change in editor.changes:
                    out.write(f"would change {change}\n")
                raise _DryRun
    except _DryRun:
        return EXIT_OK
    for change in editor.changes:
        out.write(f"{change}\n")
    return EXIT_OK


def assess(args: argparse.Namespace, out: TextIO) -> int:
    """``followup assess PATH REC_ID --status S --on DATE --by JUDGE ...``."""
    return _edit(
        args,
        out,
        lambda ed: ed.assess(
            args.rec_id,
            status=args.status,
            on=args.on,
            by=args.by,
            scale=args.scale,
            evidence=args.evidence,
            note=args.note,
            fact_date=args.fact_date,
            unverified=args.unverified,
        ),
    )


def respond(args: argparse.Namespace, out: TextIO) -> int:
    """``followup respond PATH REC_ID --position P --on DATE ...``."""
    return _edit(
        args,
        out,
        lambda ed: ed.respond(
            args.rec_id,
            position=args.position,
            on=args.on,
            document=args.document,
            url=args.url,
            note=args.note,
            unverified=args.unverified,
        ),
    )


def add_recommendation(args: argparse.Namespace, out: TextIO) -> int:
    """``followup add-recommendation PATH --review R --id ID --text T --document D ...``."""

    def apply(ed: Editor) -> None:
        ed.add_recommendation(
            build_recommendation(
                id=args.rec_id,
                review=args.review,
                text=args.text,
                document=args.document,
                paragraph=args.paragraph,
                url=args.url,
                themes=args.themes,
                rights=args.rights,
                follow_up=args.follow_up,
                reiterates=args.reiterates,
                unverified=args.unverified,
            )
        )

    return _edit(args, out, apply)


def migrate_files(args: argparse.Namespace, out: TextIO) -> int:
    """``followup migrate PATH [--check]``."""
    done = migrate(args.path, check=args.check)
    verb = "would migrate" if args.check else "migrated"
    for item in done:
        for step in item.steps:
            out.write(f"{verb} {item.file}: {step}\n")
    if not done:
        out.write("every file is in the current format\n")
    return EXIT_PROBLEMS if args.check and done else EXIT_OK
