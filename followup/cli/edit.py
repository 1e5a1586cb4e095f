"""Commands that change a registry: ``assess``, ``respond``, ``add-recommendation``,
``migrate``. Edits go through :func:`followup.edit` (atomic, comment-keeping)."""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
from typing import TextIO

from followup.cli._base import EXIT_OK, EXIT_PROBLEMS, Subparsers, path_arg, source_date_arg
from followup.cli._editrun import edit_options, run_edit, unverified_option
from followup.cli._levels import position_of, resolve_level, scales_used
from followup.cli._suggest import hint
from followup.errors import FollowupError
from followup.registry import migrate
from followup.registry.editing import Editor, build_recommendation
from followup.registry.editlookup import manifest, review_ids, review_of

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
    assess_cmd.add_argument(
        "--status",
        required=True,
        help="a level of the scale, by id or label: partially-implemented or "
        '"Partially implemented"',
    )
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
    unverified_option(assess_cmd)
    edit_options(assess_cmd)


def add_respond(commands: Subparsers) -> None:
    """``followup respond``."""
    respond_cmd = commands.add_parser("respond", help="record a State's response")
    path_arg(respond_cmd)
    respond_cmd.add_argument("rec_id", metavar="REC_ID", help="the recommendation's id")
    respond_cmd.add_argument(
        "--position",
        required=True,
        help="supported, partially-supported, noted, reply-received or no-reply (or its "
        'label: "Partially supported")',
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
    unverified_option(respond_cmd)
    edit_options(respond_cmd)


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
    edit_options(add)


def add_migrate(commands: Subparsers) -> None:
    """``followup migrate``."""
    migrate_cmd = commands.add_parser("migrate", help="rewrite older-format files to this format")
    path_arg(migrate_cmd)
    migrate_cmd.add_argument(
        "--check", action="store_true", help="only say what would change (exit 1 if anything)"
    )


def assess(args: argparse.Namespace, out: TextIO) -> int:
    """``followup assess PATH REC_ID --status S --on DATE --by JUDGE ...``: the level by
    its id or its label, the date not before the review's."""

    def apply(ed: Editor) -> None:
        status = resolve_level(
            manifest(ed),
            args.rec_id,
            args.status,
            args.scale,
            lambda: scales_used(ed.registry, args.rec_id),  # for an error only: a load
        )
        refuse_before_review(ed, args.rec_id, args.on)
        ed.assess(
            args.rec_id,
            status=status,
            on=args.on,
            by=args.by,
            scale=args.scale,
            evidence=args.evidence,
            note=args.note,
            fact_date=args.fact_date,
            unverified=args.unverified,
        )

    return run_edit(args, out, apply)


def respond(args: argparse.Namespace, out: TextIO) -> int:
    """``followup respond PATH REC_ID --position P --on DATE ...``."""

    def apply(ed: Editor) -> None:
        if args.on is not None:
            refuse_before_review(ed, args.rec_id, args.on)
        ed.respond(
            args.rec_id,
            position=position_of(args.rec_id, args.position),
            on=args.on,
            document=args.document,
            url=args.url,
            note=args.note,
            unverified=args.unverified,
        )

    return run_edit(args, out, apply)


def add_recommendation(args: argparse.Namespace, out: TextIO) -> int:
    """``followup add-recommendation PATH --review R --id ID --text T --document D ...``."""

    def apply(ed: Editor) -> None:
        known = review_ids(ed)
        if args.review not in known:
            raise _unknown_review(args.path, args.review, known)
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

    return run_edit(args, out, apply)


def refuse_before_review(ed: Editor, rec_id: str, on: dt.date) -> None:
    """Refuse a history entry dated before the review that made the recommendation (the
    warning ``followup validate`` gives), before anything is written."""
    found = review_of(ed, rec_id)
    if found is not None and on < found[1]:
        review, day = found
        raise FollowupError(
            f"{rec_id}: --on {on} is before the review that made it ({review}, {day}): "
            "a response or an assessment comes after the recommendation; check the "
            "date (YYYY-MM-DD, YYYY-MM or YYYY), or the review's date"
        )


def _unknown_review(path: str, review: str, known: list[str]) -> FollowupError:
    """No review ``review``: the nearest ids, the ones there are, how to add one."""
    listed = f"its reviews: {', '.join(known)}" if known else "it has no review yet"
    return FollowupError(
        f"no review with id {review!r} in this registry{hint(review, known)} ({listed}); "
        f"add a review first: followup add-review {shlex.quote(path)} --mechanism CCPR "
        "--date YYYY-MM-DD --document SYMBOL (`followup add-review --help` says more)"
    )


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
