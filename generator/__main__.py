"""``python -m generator`` is ``duban``."""

from .cli import main

raise SystemExit(main())
