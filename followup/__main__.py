"""``python -m followup``: the command line."""

from followup.cli import run

if __name__ == "__main__":
    run()
