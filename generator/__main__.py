"""``python -m generator``: the ``duban`` command."""

from .adapters.cli import run

run()
