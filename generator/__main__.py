"""``python -m generator``: the ``duban`` command."""

from .adapters.cli import main

raise SystemExit(main())
