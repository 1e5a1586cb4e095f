"""Commands that start a registry: ``init`` (a new registry for a State) and
``add-review`` (a review, ready for its recommendations).

``init`` writes the manifest as text, with a short guide in its comments, into a new
or empty folder; ``add-review`` goes through :func:`followup.edit` like every edit.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shlex
from pathlib import Path
from typing import TextIO

from followup.cli._base import EXIT_OK, Subparsers, path_arg, source_date_arg
from followup.cli._editrun import edit_options, run_edit, unverified_option
from followup.errors import FollowupError
from followup.i18n import languages, message
from followup.model.records import Document, Review
from followup.model.text import Text, is_language_tag
from followup.model.values import Mechanism, check_id
from followup.registry import FORMAT_VERSION
from followup.registry.building import build
from followup.registry.editing import Editor
from followup.registry.editlookup import manifest, review_ids
from followup.registry.safefile import write_atomic

__all__ = ["add_add_review", "add_init", "add_review", "init", "manifest_text", "state_code"]


def add_init(commands: Subparsers) -> None:
    """``followup init``."""
    cmd = commands.add_parser(
        "init",
        help="start a registry for a State in a new or empty folder",
        description="Write a registry's manifest (registry.yaml, with a short guide in its "
        "comments) and an empty reviews/ folder; then add reviews with `followup add-review`.",
    )
    cmd.add_argument("dir", metavar="DIR", help="the folder to make (new, or empty)")
    cmd.add_argument("--state", required=True, help="ISO 3166-1 alpha-3 code, e.g. KGZ")
    cmd.add_argument(
        "--title",
        default=None,
        help="what the registry tracks (default: STATE: UN human-rights recommendations and "
        "their follow-up)",
    )
    cmd.add_argument(
        "--language", default="en", help="language of the texts you write: en, ru, fr ... (en)"
    )
    cmd.add_argument("--id", dest="registry_id", default=None, help="registry id (the State)")


def add_add_review(commands: Subparsers) -> None:
    """``followup add-review``."""
    cmd = commands.add_parser(
        "add-review",
        help="add a review (a treaty body's concluding observations, a UPR cycle, ...)",
        description="Add a review to a registry, as a new file under reviews/; then add "
        "its recommendations with `followup add-recommendation`.",
    )
    path_arg(cmd)
    cmd.add_argument(
        "--mechanism",
        required=True,
        type=str.upper,
        choices=[m.value for m in Mechanism],
        metavar="MECHANISM",
        help=f"who made the recommendations: {', '.join(m.value for m in Mechanism)}",
    )
    cmd.add_argument("--date", type=source_date_arg, required=True, help="when they were adopted")
    cmd.add_argument(
        "--document", required=True, metavar="SYMBOL", help="its document, e.g. CCPR/C/KGZ/CO/3"
    )
    cmd.add_argument("--document-kind", default=None, help="e.g. concluding-observations")
    cmd.add_argument("--document-date", type=source_date_arg, default=None)
    cmd.add_argument("--url", default=None, help="where to read the document")
    cmd.add_argument("--id", dest="review_id", default=None, help="its id (made from the rest)")
    cmd.add_argument("--title", default=None, help="its title (made from the rest)")
    cmd.add_argument("--cycle", type=int, default=None, help="reporting cycle (3rd report: 3)")
    cmd.add_argument("--session", default=None, help='e.g. "136th session"')
    cmd.add_argument("--author", default=None, help="NGO or NHRI reviews: who issued them")
    cmd.add_argument("--state", default=None, help="the State reviewed (the registry's)")
    unverified_option(cmd)
    edit_options(cmd)


# -- init ---------------------------------------------------------------------------------


def state_code(typed: str) -> str:
    """The ISO 3166-1 alpha-3 code ``typed`` is (any case); a :class:`FollowupError`
    naming the codes it may have meant otherwise (a name or a two-letter code given
    finds its code)."""
    import pycountry
    from anyascii import anyascii

    from followup.interop import states

    code = typed.strip().upper()
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    guesses: list[str] = []
    named = states.lookup(typed)
    if named is not None:
        guesses.append(named)
    if len(code) == 2 and (two := pycountry.countries.get(alpha_2=code)) is not None:
        guesses.append(two.alpha_3)
    if len(code) == 3:  # a letter off, or the name's first letters (KYR: Kyrgyzstan)
        for country in pycountry.countries:
            other = country.alpha_3
            off = sum(a != b for a, b in zip(code, other, strict=True))
            if off == 1 or anyascii(country.name).upper().startswith(code):
                guesses.append(other)
    members = [g for g in dict.fromkeys(guesses) if g in states.MEMBERS]
    others = [g for g in dict.fromkeys(guesses) if g not in states.MEMBERS]
    near = [f"{g} ({states.name_of(g)})" for g in [*members, *others][:5]]
    said = f"; did you mean {', '.join(near)}?" if near else ""
    raise FollowupError(
        f"{typed!r} is not an ISO 3166-1 alpha-3 State code{said} "
        "(codes are three letters, e.g. KGZ for Kyrgyzstan)"
    )


def _slug(text: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:100].strip("-")


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def manifest_text(registry_id: str, code: str, title: str, language: str) -> str:
    """The manifest ``init`` writes: valid as it is, with a guide in its comments."""
    title_line = (
        f"title: {_yaml_string(title)}"
        if language == "en"
        else f"title:\n  en: {_yaml_string(title)}"
    )
    return f"""\
# The manifest of a followup registry: what it tracks, who judges, on which scales.
# Made by `followup init`; edit it in any text editor, or through followup's commands.
#
# How a registry grows
# - Each review (a committee's concluding observations, a UPR cycle, an NGO's
#   submission) is one file under reviews/, with its recommendations and their
#   dated history. Start one with
#     followup add-review <this folder> --mechanism CCPR --date YYYY-MM-DD --document SYMBOL
# - Add its recommendations with `followup add-recommendation`, then record what the
#   State answered (`followup respond`) and how far each is implemented
#   (`followup assess`).
# - Dates are as precise as the source gives them: 2025-06-30, 2025-06 or 2025.
# - Put `unverified: "what to check"` on any fact not yet checked against its source;
#   `followup validate` lists every such mark before you publish.
# - `followup validate <this folder>` checks every file and names the line of each
#   problem; `followup scorecard <this folder>` writes the scorecard.
# Every field is described in docs/registry-format.md of followup's documentation.

followup: {FORMAT_VERSION}  # the format of this file (followup's, not your data's version)
id: {registry_id}
{title_line}
version: "0.1"  # your dataset's version: raise it at each release, keep the quotes
states: [{code}]  # ISO 3166-1 alpha-3 codes of the States reviewed
language: {language}  # the language of every text written as a plain string

# Who judges implementation: an assessment's `by:` names one of these ids. Add the
# treaty body (role: un-body), the State (role: state), an NHRI or an NGO as needed.
judges:
  - id: compilers
    name: the registry's compilers
    role: compilers

# The scales assessments use. `implementation` (regressed, not implemented,
# partially implemented, implemented, no information) is the default; the Human
# Rights Committee's follow-up grades A to E are the scale `hrc-follow-up`.
default_scale: implementation
scales: [implementation, hrc-follow-up]

# Themes a recommendation may name (`themes: [assembly]`), declared here, e.g.:
# themes:
#   - id: assembly
#     label: Freedom of peaceful assembly
#     rights: ["ICCPR art. 21"]
"""


def _write_new(folder: Path, manifest: str) -> None:
    """Make ``folder`` (new or empty) with ``reviews/`` and the manifest; on a failure,
    remove the folders made, so that nothing half-made is left."""
    made = [p for p in (*reversed(folder.parents), folder) if not p.exists()]
    try:
        (folder / "reviews").mkdir(parents=True, exist_ok=True)
        write_atomic(folder / "registry.yaml", manifest.encode("utf-8"))
    except OSError as exc:
        for path in (folder / "reviews", *reversed(made)):
            with contextlib.suppress(OSError):
                path.rmdir()  # only empty folders: never what someone else put there
        raise FollowupError(f"cannot write {exc.filename or folder}: {exc.strerror}") from None


def init(args: argparse.Namespace, out: TextIO) -> int:
    """``followup init DIR --state CODE [--title T] [--language L] [--id ID]``."""
    import pycountry

    from followup.interop import states

    code = state_code(args.state)
    language = args.language.strip().lower()
    if not is_language_tag(language):
        raise FollowupError(
            f"--language {args.language!r} is not a language tag: write an ISO 639-1 code "
            "such as en, ru, fr or ky"
        )
    country = pycountry.countries.get(alpha_3=code)
    short = getattr(country, "common_name", None) or states.name_of(code)
    registry_id = args.registry_id or _slug(short)
    try:
        check_id(registry_id)
    except ValueError as exc:
        raise FollowupError(f"--id: {exc}") from None
    title = args.title or (
        f"{states.name_of(code)}: UN human-rights recommendations and their follow-up"
    )
    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise FollowupError(f"{folder} is a file: give a new folder, or an empty one")
    if folder.is_dir():
        present = sorted(p.name for p in folder.iterdir())
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise FollowupError(
                f"{folder} is not empty (it holds {shown}): followup init makes a registry "
                "in a new or empty folder only, so that nothing there is overwritten"
            )
    _write_new(folder, manifest_text(registry_id, code, title, language))
    out.write(f"wrote {folder / 'registry.yaml'} and {folder / 'reviews'}{os.sep}\n")
    if language not in languages():
        out.write(
            f"notice: followup's scorecards have no translation into {language!r} yet; "
            "write them with --language en (or another of: "
            f"{', '.join(languages())})\n"
        )
    out.write(
        f"next: followup add-review {shlex.quote(str(folder))} --mechanism CCPR "
        "--date YYYY-MM-DD --document SYMBOL\n"
    )
    return EXIT_OK


# -- add-review ---------------------------------------------------------------------------


def _review_id(args: argparse.Namespace, state: str, on: dt.date) -> str:
    if args.review_id:
        return str(args.review_id)
    who = _slug(args.author) if args.author else args.mechanism.lower()
    tail = args.cycle if args.cycle is not None else on.year
    return f"{state.lower()}-{who}-{tail}"


def _title(args: argparse.Namespace, state: str, on: dt.date, language: str) -> Text:
    """``--title`` (in the registry's language), or one made in English."""
    from followup.interop import states

    if args.title:
        return Text.plain(str(args.title))
    who = args.author or message(f"mechanism.{args.mechanism}", "en")
    made = f"{who}: review of {states.name_of(state)} ({on.year})"
    return Text.plain(made) if language == "en" else Text.of({"en": made})


def _document_kind(args: argparse.Namespace) -> str | None:
    if args.document_kind:
        return str(args.document_kind)
    mechanism = Mechanism(args.mechanism)
    if mechanism.is_treaty_body:
        return "concluding-observations"
    return "submission" if mechanism in (Mechanism.NGO, Mechanism.NHRI) else None


def add_review(args: argparse.Namespace, out: TextIO) -> int:
    """``followup add-review PATH --mechanism M --date D --document SYMBOL ...``."""
    made: list[str] = []

    def apply(ed: Editor) -> None:
        info = manifest(ed)
        declared = info.states
        if args.state is None and len(declared) != 1:
            raise FollowupError(
                f"the registry tracks several States ({', '.join(declared)}): say which "
                "with --state"
            )
        state = declared[0] if args.state is None else state_code(args.state)
        if state not in declared:
            ed.add_state(state)
        review_id = _review_id(args, state, args.date)
        if review_id in review_ids(ed):
            raise FollowupError(
                f"a review with id {review_id!r} exists already: give this one another "
                "with --id (or --cycle)"
            )
        document = build(
            Document,
            symbol=args.document,
            kind=_document_kind(args),
            date=args.document_date,
            url=args.url,
        )
        review = build(
            Review,
            id=review_id,
            mechanism=Mechanism(args.mechanism),
            state=state,
            title=_title(args, state, args.date, info.language),
            date=args.date,
            author=args.author,
            cycle=args.cycle,
            session=args.session,
            documents=(document,),
            unverified=args.unverified,
        )
        ed.add_review(review)
        made.append(review_id)

    code = run_edit(args, out, apply)
    if code == EXIT_OK and made and not args.dry_run:
        out.write(
            f"next: followup add-recommendation {shlex.quote(args.path)} --review {made[0]} "
            "--id ID --text TEXT --document SYMBOL\n"
        )
    return code
