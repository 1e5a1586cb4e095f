"""The edits of a manifest: themes and States declared, the dataset version set.

Each changes the manifest's wanted data and says what it changed, in words.
"""

from __future__ import annotations

from followup.model.manifest import Theme
from followup.model.values import check_state
from followup.registry.convert import unstructure
from followup.registry.editfile import EditedFile, EditError

__all__ = ["add_state", "add_theme", "set_version"]


def add_theme(file: EditedFile, theme: Theme) -> str:
    """Append ``theme`` to the manifest's ``themes:`` list."""
    themes = file.change().setdefault("themes", [])
    if not isinstance(themes, list):
        raise EditError(f"{file.shown}: `themes` is not a list")
    themes.append(unstructure(theme))
    return f"added theme {theme.id}"


def add_state(file: EditedFile, code: str) -> str:
    """Append a State's ISO 3166-1 alpha-3 code to the manifest's ``states:`` list."""
    if not isinstance(code, str):
        raise EditError(f"a State is a three-letter code such as 'KAZ', not {code!r}")
    try:
        check_state(code)
    except ValueError as exc:
        raise EditError(str(exc)) from None
    states = file.change().setdefault("states", [])
    if not isinstance(states, list):
        raise EditError(f"{file.shown}: `states` is not a list")
    if code in states:
        raise EditError(f"the State {code!r} is declared already")
    states.append(code)
    return f"added State {code}"


def set_version(file: EditedFile, version: str) -> str:
    """Set the dataset ``version``."""
    if not isinstance(version, str) or not version.strip():
        raise EditError(f"the dataset version must be a non-empty string, not {version!r}")
    old = file.change().get("version")
    file.change()["version"] = version
    return f"version {old} -> {version}"
