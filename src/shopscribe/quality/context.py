"""What the checks know besides the text: the product, language, kind, channel, keywords and other copy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass
class Context:
    product: dict[str, Any] | None = None  # the `export products` line shape; None: product-independent checks only
    lang: str = "zh"
    kind: str | None = None
    channel: str | None = None
    keywords: list[str] = field(default_factory=list)  # SEO keywords the copy should carry
    others: list[str] = field(default_factory=list)  # other products' copy, for near-duplicates
    max_length: int | None = None
    length_unit: str = "chars"  # chars | width (a CJK character counts 2)
    banned_words: list[str] = field(default_factory=list)  # from the shop's brand voice
    required_phrases: list[str] = field(default_factory=list)

    @cached_property
    def source(self) -> str:
        """All the product's own text in one string: what copy may repeat without inventing it."""
        return product_text(self.product) if self.product else ""


def product_text(product: dict[str, Any]) -> str:
    parts = [str(product.get(k) or "") for k in ("title", "brand", "category", "description")]
    price = product.get("price")
    if price not in (None, ""):
        parts.append(f"{price} {product.get('currency') or ''}")
    for k, v in attributes_of(product).items():
        parts.append(f"{k}: {v if not isinstance(v, (list, dict)) else json.dumps(v, ensure_ascii=False)}")
    return "\n".join(p for p in parts if p)


def attributes_of(product: dict[str, Any]) -> dict[str, Any]:
    """The product's attributes as a dict, whether stored as an object or a JSON string."""
    attrs = product.get("attributes") or {}
    if isinstance(attrs, str):
        try:
            attrs = json.loads(attrs)
        except ValueError:
            return {"": attrs}
    return attrs if isinstance(attrs, dict) else {"": attrs}
