"""What the checks know besides the text: the product, language, kind, channel and its limits, keywords, the
shop's voice, other copy and the learned critic. One GateContext is built per product and kind, by the same
function for `shopscribe check` and for the pipeline, so the two judge alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shopscribe.channels import Limit
from shopscribe.config import get_settings

if TYPE_CHECKING:
    from shopscribe.quality.critic import Critic

# Copy as text → its fields (e.g. bullets → {"bullets": [...]}); raises ValueError when the text lacks the
# kind's shape. content's Kind.read is the one used; plain text is one field "text".
FieldReader = Callable[[str], dict[str, Any]]


def plain_text(text: str) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("the copy is empty")
    return {"text": text.strip()}


@dataclass
class GateContext:
    product: dict[str, Any] | None = None  # the `export products` line shape; None: product-independent checks only
    lang: str = "zh"  # the language the copy must be in
    kind: str | None = None
    channel: str | None = None
    limits: dict[str, Limit] = field(default_factory=dict)  # field → the channel's limit for this kind
    read_fields: FieldReader = plain_text
    keywords: list[str] = field(default_factory=list)  # SEO keywords the copy should carry
    others: list[str] = field(default_factory=list)  # other products' copy, for near-duplicates
    banned_words: list[str] = field(default_factory=list)  # from the shop's brand voice
    required_phrases: list[str] = field(default_factory=list)
    critic: Critic | None = None  # the shop's learned taste, when one is trained
    home: Path | None = None  # the shop's HOME: its own word lists in HOME/rules join the packaged ones
    # The learned stages (settings quality_learned, quality_support_judge, quality_reader unless given).
    learned: bool = field(default_factory=lambda: get_settings().quality_learned)
    support_judge: bool = field(default_factory=lambda: get_settings().quality_support_judge)
    reader: bool = field(default_factory=lambda: get_settings().quality_reader)  # the fine-tuned compliance reader

    @cached_property
    def source(self) -> str:
        """All the product's own text in one string: what copy may repeat without inventing it."""
        return product_text(self.product) if self.product else ""

    @cached_property
    def spec_sheet(self) -> str:
        """The product's title and attribute lines, case-folded: what copy that only reads out a spec sheet repeats."""
        if not self.product:
            return ""
        return "\n".join([str(self.product.get("title") or ""), *attribute_lines(self.product)]).casefold()


def product_text(product: dict[str, Any]) -> str:
    parts = [str(product.get(k) or "") for k in ("title", "brand", "category", "description")]
    price = product.get("price")
    if price not in (None, ""):
        parts.append(f"{price} {product.get('currency') or ''}")
    parts.extend(attribute_lines(product))
    return "\n".join(p for p in parts if p)


def attribute_lines(product: dict[str, Any]) -> list[str]:
    """One "key: value" line per attribute, lists and objects as JSON."""
    return [f"{k}: {v if not isinstance(v, (list, dict)) else json.dumps(v, ensure_ascii=False)}"
            for k, v in attributes_of(product).items()]


def attributes_of(product: dict[str, Any]) -> dict[str, Any]:
    """The product's attributes as a dict, whether stored as an object or a JSON string."""
    attrs = product.get("attributes") or {}
    if isinstance(attrs, str):
        try:
            attrs = json.loads(attrs)
        except ValueError:
            return {"": attrs}
    return attrs if isinstance(attrs, dict) else {"": attrs}
