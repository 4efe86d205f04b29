"""Memory for big lists: frozen models that share their bookkeeping.

pydantic gives every model instance its own ``__pydantic_fields_set__`` (the names of the
fields the data gave): 200–700 bytes per plan row, report or bulletin row, and a 10,000-project
list has more than half a million of them. The models here are frozen, so the set never
changes after validation; instances with the same fields share one set object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel

__all__ = ["Compact"]

_SHARED: dict[frozenset[str], set[str]] = {}


class Compact(BaseModel):
    """Base of the frozen data models: identical field sets are one object."""

    def model_post_init(self, context: Any) -> None:
        """Swap this instance's field set for the shared one with the same names."""
        _share(self)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (pydantic gives it a set of its own, which it then updates), sharing its set too:
        the public view of a 10,000-project list copies every project, report and order once."""
        copied = super().model_copy(update=update, deep=deep)
        _share(copied)
        return copied


def _share(model: BaseModel) -> None:
    fields = model.__pydantic_fields_set__
    shared = _SHARED.setdefault(frozenset(fields), fields)
    if shared is not fields:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
