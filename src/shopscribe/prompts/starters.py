"""Built-in worked examples ("starters"): one per kind, language and bundled category, written by us for invented
products (never AdvertiseGen dev, never the bundled sample). A small model copies an example's shape closely, so a
new shop's prompts show one until its own approved copy accumulates and takes their place (fewshot.examples_for).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from shopscribe.prompts.render import Example

DATA = Path(__file__).parent / "data" / "starters.toml"


@functools.lru_cache(maxsize=1)
def _starters() -> tuple[dict[str, Any], ...]:
    if not DATA.exists():
        return ()
    with DATA.open("rb") as fh:
        return tuple(tomllib.load(fh).get("starter", []))


def _example(row: dict[str, Any]) -> Example:
    return Example(dict(row["product"]), row["text"], {"review": dict(row["review"])} if row.get("review") else {})


def starter_pool(kind: str, lang: str) -> list[Example]:
    """Every starter of one kind and language, in file order."""
    return [_example(r) for r in _starters() if r["kind"] == kind and r["lang"] == lang]


def starters_for(kind: str, lang: str, product: dict[str, Any], k: int) -> list[Example]:
    """The k starters to show for a product, closest last: those of its own category first, then the rest in file
    order. A review reply gets its closest starter of each polarity, so the prompt can keep the one that fits."""
    if k <= 0:
        return []
    rows = [r for r in _starters() if r["kind"] == kind and r["lang"] == lang]
    category = str(product.get("category") or "").casefold()
    ranked = sorted(rows, key=lambda r: str(r["product"].get("category", "")).casefold() != category)
    if any(r.get("review") for r in ranked):
        negative = [r for r in ranked if r["review"]["rating"] <= 2][:k]
        positive = [r for r in ranked if r["review"]["rating"] > 2][:k]
        ranked = negative + positive
        k = len(ranked)
    return [_example(r) for r in reversed(ranked[:k])]
