"""Who a piece of copy is written for: a shopper segment's profile, given to the model as data (never as
instructions), so a segment-specific variant can be tested against the generic copy."""

from __future__ import annotations

from pydantic import BaseModel, Field

from shopscribe.prompts.render import one_line


class Audience(BaseModel):
    name: str = Field(pattern=r"^\w[\w-]{0,63}$")  # e.g. bargain-hunters, loyal-服装
    label: dict[str, str] = Field(default_factory=dict)  # lang → what the shop calls it
    traits: dict[str, list[str]] = Field(default_factory=dict)  # lang → what these shoppers care about
    size: int = 0  # shoppers in the segment when it was drawn

    def as_data(self, lang: str) -> str:
        """The profile as one line for the prompt: who they are, then what they care about."""
        who = one_line(self.label.get(lang) or self.name, 60)
        cares = [one_line(t, 40) for t in self.traits.get(lang, [])]
        if not cares:
            return who
        return f"{who}，在意：{'、'.join(cares)}" if lang == "zh" else f"{who}; they care about: {', '.join(cares)}"
