"""The ``tacitus`` command line.

Commands live beside the code they drive and are imported only when run (a lazy group), so
``tacitus --help`` is instant and a command's heavy imports (spaCy, DuckDB) cost nothing elsewhere.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# command name -> "module:function". One line per command: the list of what Tacitus can do.
COMMANDS: dict[str, str] = {
    "actors": "tacitus.store.cli:actors",
    "evaluate": "tacitus.evaluate.cli:evaluate",
    "ingest": "tacitus.store.cli:ingest",
    "events": "tacitus.store.cli:events",
    "show": "tacitus.store.cli:show",
    "dyad": "tacitus.store.cli:dyad",
    "network": "tacitus.store.cli:network",
    "export": "tacitus.store.cli:export",
    "import": "tacitus.store.cli:import_",
    "learned": "tacitus.store.cli:learned",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:  # a command not built yet says so plainly
            return _unavailable(name, exc)


def _unavailable(name: str, exc: Exception) -> click.Command:
    @click.command(name, help=f"(unavailable: {exc})")
    def cmd(**_: Any) -> None:
        raise click.ClickException(f"the {name!r} command is unavailable: {exc}")

    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tacitus")
def main() -> None:
    """Tacitus: who did what to whom, when, where, and according to whom, from news articles."""


if __name__ == "__main__":
    main()
