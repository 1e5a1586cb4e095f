"""``followup completion bash|zsh``: a shell completion script, made from the parser.

The script knows every command (and ``import``'s own), each command's options, and the
values of options that take a fixed set (``--format json``, ``--every quarter``); other
words complete as file names. zsh runs the bash script through its ``bashcompinit``.

Install: ``source <(followup completion bash)`` in ``~/.bashrc``; for zsh,
``followup completion zsh > ~/.zfunc/_followup`` with ``~/.zfunc`` on ``fpath``, or
``source <(followup completion zsh)`` in ``~/.zshrc``.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Iterator
from typing import TextIO

from followup.cli._base import EXIT_OK, Subparsers
from followup.cli._help import subparsers_of

__all__ = ["add_completion", "bash_script", "completion", "zsh_script"]


def add_completion(commands: Subparsers) -> None:
    """``followup completion``."""
    cmd = commands.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh)",
        description="Print a script that completes followup's commands, options and "
        "their values in the shell.",
    )
    cmd.add_argument("shell", choices=("bash", "zsh"), help="the shell")


def _walk(
    parser: argparse.ArgumentParser, path: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for name, sub in subparsers_of(parser).items():
        yield from _walk(sub, f"{path} {name}".strip())


def _words(items: list[str]) -> str:
    return shlex.quote(" ".join(items))


def bash_script(parser: argparse.ArgumentParser) -> str:
    """The bash completion script for ``parser`` (the ``followup`` parser)."""
    prog = parser.prog
    function = f"_{prog.replace('-', '_')}_complete"
    advance: list[str] = []
    values: list[str] = []
    options: list[str] = []
    commands: list[str] = []
    for path, sub in _walk(parser):
        names = list(subparsers_of(sub))
        if names:
            commands.append(f"        {shlex.quote(path)}) words={_words(names)} ;;")
            for name in names:
                key, target = shlex.quote(f"{path}:{name}"), f"{path} {name}".strip()
                advance.append(f"            {key}) path={shlex.quote(target)} ;;")
        flags = [s for a in sub._actions for s in a.option_strings]
        options.append(f"        {shlex.quote(path)}) words={_words(flags)} ;;")
        for action in sub._actions:
            if action.choices and action.option_strings:
                choices = [str(c) for c in action.choices]
                for flag in action.option_strings:
                    key = shlex.quote(f"{path}:{flag}")
                    values.append(f"        {key}) words={_words(choices)} ;;")
    return "\n".join(
        [
            f"# bash completion for {prog}: source <({prog} completion bash)",
            f"{function}() {{",
            '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
            '    local path="" w i words=""',
            "    for ((i = 1; i < COMP_CWORD; i++)); do",
            '        w="${COMP_WORDS[i]}"',
            '        case "$path:$w" in',
            *advance,
            "        esac",
            "    done",
            '    case "$path:$prev" in',
            *values,
            "    esac",
            "    if [[ -n $words ]]; then",
            '        COMPREPLY=($(compgen -W "$words" -- "$cur")); return',
            "    fi",
            "    if [[ $cur == -* ]]; then",
            '        case "$path" in',
            *options,
            "        esac",
            "    else",
            '        case "$path" in',
            *commands,
            "        esac",
            "    fi",
            '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
            "}",
            f"complete -o bashdefault -o default -F {function} {prog}",
            "",
        ]
    )


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """The zsh completion script: the bash one, run by zsh's ``bashcompinit``."""
    return (
        f"#compdef {parser.prog}\n"
        "autoload -U +X compinit && compinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(parser)
    )


def completion(
    args: argparse.Namespace, out: TextIO, parser: Callable[[], argparse.ArgumentParser]
) -> int:
    """``followup completion bash|zsh``: print the script."""
    make = bash_script if args.shell == "bash" else zsh_script
    out.write(make(parser()))
    return EXIT_OK
