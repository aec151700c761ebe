"""Who a piece of copy is written for: a shopper segment's profile, given to the model as data (never as
instructions), so a segment-specific variant can be tested against the generic copy."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field


class Audience(BaseModel):
    name: str = Field(pattern=r"^\w[\w-]{0,63}$")  # e.g. bargain-hunters, loyal-服装
    label: dict[str, str] = Field(default_factory=dict)  # lang → what the shop calls it
    traits: dict[str, list[str]] = Field(default_factory=dict)  # lang → what these shoppers care about
    size: int = 0  # shoppers in the segment when it was drawn

    def as_data(self, lang: str) -> str:
        """The profile as one JSON object for the prompt; angle brackets escaped like product data."""
        data = {"segment": self.label.get(lang) or self.name, "cares_about": self.traits.get(lang, [])}
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
