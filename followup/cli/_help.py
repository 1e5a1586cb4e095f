"""What every command's ``--help`` ends with: the date formats it reads and an example.

:func:`add_epilogs` puts them on the parsers once they are all made, so each command
module keeps only its arguments.
"""

from __future__ import annotations

import argparse
import re
import textwrap

__all__ = ["EXAMPLES", "add_epilogs", "subparsers_of"]

_SOURCE_DATES = (
    "Dates: as precise as the source says, a day (2025-06-30), a month (2025-06) or a year "
    "(2025); a month or a year counts from its last day."
)
_DAY = "Dates: a day, written YYYY-MM-DD (2025-06-30)."
_PERIODS = (
    "Periods: a quarter (2025-Q3), a half-year (2025-H1), a month (2025-07) or a year "
    "(2025); --from and --to also take a day (2025-06-30)."
)

#: Per command (``"import uhri"`` for a command's own subcommand): what its dates look
#: like (or None) and one example.
EXAMPLES: dict[str, tuple[str | None, str]] = {
    "init": (None, "followup init kyrgyzstan --state KGZ --language en"),
    "add-review": (
        _SOURCE_DATES,
        "followup add-review kyrgyzstan --mechanism CCPR --cycle 3 --date 2022-11 "
        '--document CCPR/C/KGZ/CO/3 --unverified "check the symbol and the date"',
    ),
    "validate": (None, "followup validate registries/kazakhstan --strict"),
    "info": (_DAY, "followup info registries/kazakhstan --ids --as-of 2025-06-30"),
    "assess": (
        _SOURCE_DATES,
        "followup assess registries/kazakhstan kaz-ccpr-3-counter-terrorism "
        '--status "Partially implemented" --on 2025-06 --by compilers',
    ),
    "respond": (
        _SOURCE_DATES,
        "followup respond registries/kazakhstan kaz-ccpr-3-counter-terrorism "
        '--position "Reply received" --on 2026-07 --document SYMBOL',
    ),
    "add-recommendation": (
        None,
        "followup add-recommendation registries/kazakhstan --review kaz-ccpr-2025 "
        '--id kaz-ccpr-3-new --text "In your own words ..." --document CCPR/C/KAZ/CO/3 '
        "--paragraph N",
    ),
    "score": (_DAY, "followup score registries/kazakhstan --by theme --as-of 2025-06-30"),
    "progress": (
        _DAY + " --from must come before --to.",
        "followup progress registries/kazakhstan --from 2025-01-01 --to 2025-09-30",
    ),
    "deadlines": (_DAY, "followup deadlines registries/kazakhstan --as-of 2025-06-30"),
    "agreement": (_DAY, "followup agreement registries/kazakhstan --as-of 2025-06-30"),
    "scorecard": (
        _PERIODS,
        "followup scorecard registries/kazakhstan --period 2025-Q3 --format html,pdf\n"
        "  followup scorecard registries/kazakhstan --every quarter --from 2024-Q1",
    ),
    "import": (None, "followup import uhri export.json --state KAZ -o registries/kazakhstan"),
    "import uhri": (
        _DAY + " (--since)",
        "followup import uhri export.json --state KAZ --body CCPR UPR -o registries/kazakhstan",
    ),
    "import table": (
        None,
        "followup import table upr-info.csv --mapping upr-info-csv -o registries/kazakhstan",
    ),
    "export": (
        _DAY + " (--as-of)",
        "followup export registries/kazakhstan --format csv -o recommendations.csv",
    ),
    "schema": (None, "followup schema -o registry.schema.json"),
    "migrate": (None, "followup migrate registries/kazakhstan --check"),
    "completion": (
        None,
        "source <(followup completion bash)     # in ~/.bashrc\n"
        "  followup completion zsh > ~/.zfunc/_followup",
    ),
}


def subparsers_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands by name (empty when it has none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


_WORD = re.compile(r"""(?:"[^"]*"|'[^']*'|\S)+""")


def _command_lines(command: str, width: int = 76) -> str:
    """A shell command over lines of at most ``width`` characters, continued with ``\\``
    (never inside a quoted word)."""
    lines = [""]
    for word in _WORD.findall(command):
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append("    ")
        lines[-1] += word if not lines[-1].strip() else f" {word}"
    return " \\\n  ".join(lines)


def _epilog(name: str) -> str | None:
    if name not in EXAMPLES:
        return None
    dates, example = EXAMPLES[name]
    parts = [textwrap.fill(dates, 79)] if dates else []
    commands = [_command_lines(line.strip()) for line in example.splitlines()]
    parts.append("Example:\n  " + "\n  ".join(commands))
    return "\n\n".join(parts)


def add_epilogs(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """Give every subcommand of ``parser`` (and theirs) its epilog, laid out as written."""
    for name, sub in subparsers_of(parser).items():
        full = f"{prefix}{name}"
        sub.epilog = _epilog(full)
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        if sub.description:  # laid out as written from now on: wrap it here
            sub.description = textwrap.fill(sub.description, 79)
        add_epilogs(sub, f"{full} ")
