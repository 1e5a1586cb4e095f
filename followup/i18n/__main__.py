"""``python -m followup.i18n extract|check``: the translator's commands (docs/translation.md).

``extract`` writes ``followup/i18n/locale/followup.pot`` from followup/i18n/messages.py;
``check`` checks every catalogue against the template (every message present, the same
placeholders, the right number of plural forms, compiles) and prints how much of each is
translated, exiting 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys

from followup.i18n.catalogues import TEMPLATE
from followup.i18n.extract import catalogue_paths, check_catalogue, read_catalogue, write_template
from followup.i18n.extract import statistics as catalogue_statistics


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status is 0 when all is well."""
    parser = argparse.ArgumentParser(prog="python -m followup.i18n", description=__doc__)
    parser.add_argument("command", choices=("extract", "check"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        written = write_template()
        print(f"{'wrote' if written else 'unchanged:'} {TEMPLATE}")
        return 0
    template = read_catalogue(TEMPLATE)
    failed = False
    for language, path in catalogue_paths():
        for problem in check_catalogue(path, template):
            print(problem, file=sys.stderr)
            failed = True
        counts = catalogue_statistics(language)
        print(
            f"{language}: {counts.translated} of {counts.total} messages translated"
            + (f", {counts.fuzzy} fuzzy" if counts.fuzzy else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
