"""Edges: the MkDocs plugin and its config, the ``duban`` command, writing to disk. Only these import MkDocs."""
