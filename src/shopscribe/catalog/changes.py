"""What a re-import changed about a product's facts: the title, brand, category, price and each attribute, old and
new, so copy written from the old facts can be found and marked stale (content.stale)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field

from shopscribe.catalog.cleaning import format_price

# The product fields copy states as facts. The description is the shop's own prose, not a fact of its own.
FACT_FIELDS = ("title", "brand", "category", "price")


class FactChange(BaseModel):
    fact: str  # "title", "price", … or the attribute's name
    old: str | None
    new: str | None


class ProductChange(BaseModel):
    sku: str
    changes: list[FactChange] = Field(default_factory=list)


def fact_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FactChange]:
    """The facts that differ between a stored product and its re-imported row (both as column values)."""
    out = []
    for name in FACT_FIELDS:
        before, after = _fact(old.get(name), name), _fact(new.get(name), name)
        if before != after:
            out.append(FactChange(fact=name, old=before, new=after))
    old_attrs, new_attrs = old.get("attributes") or {}, new.get("attributes") or {}
    for key in [*old_attrs, *(k for k in new_attrs if k not in old_attrs)]:
        before, after = _fact(old_attrs.get(key)), _fact(new_attrs.get(key))
        if before != after:
            out.append(FactChange(fact=str(key), old=before, new=after))
    return out


def _fact(value: Any, name: str = "") -> str | None:
    if value is None or value == "":
        return None
    if name == "price":
        return format_price(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
