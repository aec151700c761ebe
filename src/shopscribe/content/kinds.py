"""Content kinds: what each kind asks for, its structured shape, and its length limits per channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from shopscribe.errors import UserError
from shopscribe.quality.seo import text_width


class Bullets(BaseModel):
    bullets: list[str] = Field(min_length=3, max_length=5)


class Ad(BaseModel):
    headline: str = Field(min_length=1)
    body: str = Field(min_length=1)


class Social(BaseModel):
    text: str = Field(min_length=1)
    hashtags: list[str] = Field(min_length=1, max_length=6)


class Email(BaseModel):
    subject: str = Field(min_length=1)
    body: str = Field(min_length=1)


@dataclass(frozen=True)
class Limit:
    """A maximum for one field: in characters, or in width (CJK = 2) where the channel counts so."""

    max: int
    unit: str = "chars"  # chars | width
    min: int = 1

    def measure(self, text: str) -> int:
        return text_width(text) if self.unit == "width" else len(text)

    def fit(self, text: str) -> str:
        """The longest prefix within the limit, cut after a sentence end where one is in reach."""
        if self.measure(text) <= self.max:
            return text
        cut, size = 0, 0
        for i, ch in enumerate(text):
            size += self.measure(ch)
            if size > self.max:
                break
            cut = i + 1
        head = text[:cut]
        ends = [head.rfind(p) for p in "。！？!?.；;"]
        best = max(ends)
        # Cut at a sentence end only if that keeps at least half the room; otherwise at a word gap.
        if best + 1 >= cut // 2:
            return head[: best + 1].strip()
        space = head.rfind(" ")
        return (head[:space] if space >= cut // 2 else head).rstrip(" ,，、;；:：-")

    def hint(self, lang: str) -> str:
        if lang == "zh":
            return f"不超过{self.max // 2}个汉字" if self.unit == "width" else f"不超过{self.max}个字"
        return f"at most {self.max} characters"


@dataclass(frozen=True)
class Kind:
    name: str
    max_tokens: int
    channels: dict[str, dict[str, Limit]]  # channel → field → limit ("text" for plain kinds)
    default_channel: dict[str, str]  # lang → channel
    schema: type[BaseModel] | None = None
    needs_review: bool = False
    hint_field: str = "text"
    channel_names: dict[str, str] = field(default_factory=dict)

    def channel_for(self, lang: str, channel: str | None) -> str:
        name = channel or self.default_channel[lang]
        if name not in self.channels:
            raise UserError(f"kind '{self.name}' has no channel '{name}'; choose one of: {', '.join(self.channels)}")
        return name

    def limits(self, channel: str) -> dict[str, Limit]:
        return self.channels[channel]

    def fit(self, fields: dict[str, Any], channel: str) -> dict[str, Any]:
        """Fields shortened to the channel's limits: the last, deterministic repair for over-long copy."""
        out = dict(fields)
        for name, limit in self.limits(channel).items():
            value = out.get(name)
            if isinstance(value, list):
                out[name] = [limit.fit(v) for v in value]
            elif isinstance(value, str):
                out[name] = limit.fit(value)
        return out

    def render(self, fields: dict[str, Any], channel: str) -> str:
        """The publishable text of a draft from its structured fields."""
        if self.schema is None:
            return fields["text"]
        if self.name == "bullets":
            return "\n".join(f"• {b}" for b in fields["bullets"])
        if self.name == "ad":
            return f"{fields['headline']}\n{fields['body']}"
        if self.name == "email":
            return f"{fields['subject']}\n\n{fields['body']}"
        if self.name == "social":
            # Weibo topics are wrapped #话题#; other channels use a leading #.
            tags = " ".join(f"#{t}#" if channel == "weibo" else f"#{t}" for t in fields["hashtags"])
            return f"{fields['text']}\n{tags}"
        raise AssertionError(self.name)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("description", 360,
             {"taobao": {"text": Limit(300)}, "jd": {"text": Limit(300)},
              "shopify": {"text": Limit(1200)}, "amazon": {"text": Limit(2000)}},
             {"zh": "taobao", "en": "shopify"}),
        # Taobao counts a Chinese character as 2 of its 60; Amazon allows 200 characters.
        Kind("title", 64,
             {"taobao": {"text": Limit(60, "width")}, "jd": {"text": Limit(90, "width")},
              "amazon": {"text": Limit(200)}, "shopify": {"text": Limit(70)}},
             {"zh": "taobao", "en": "amazon"}),
        Kind("bullets", 360,
             {"taobao": {"bullets": Limit(40)}, "jd": {"bullets": Limit(40)},
              "amazon": {"bullets": Limit(250)}, "shopify": {"bullets": Limit(160)}},
             {"zh": "taobao", "en": "amazon"}, schema=Bullets, hint_field="bullets"),
        Kind("ad", 160,
             {"search": {"headline": Limit(30), "body": Limit(90)},
              "feed": {"headline": Limit(30), "body": Limit(125)}},
             {"zh": "search", "en": "search"}, schema=Ad, hint_field="headline"),
        Kind("social", 400,
             {"xiaohongshu": {"text": Limit(500), "hashtags": Limit(20)},
              "weibo": {"text": Limit(140), "hashtags": Limit(20)},
              "instagram": {"text": Limit(1500), "hashtags": Limit(30)},
              "x": {"text": Limit(240), "hashtags": Limit(30)}},
             {"zh": "xiaohongshu", "en": "instagram"}, schema=Social,
             channel_names={"xiaohongshu": "小红书", "weibo": "微博", "instagram": "Instagram", "x": "X (Twitter)"}),
        Kind("email", 400,
             {"newsletter": {"subject": Limit(40), "body": Limit(1200)}},
             {"zh": "newsletter", "en": "newsletter"}, schema=Email, hint_field="subject"),
        Kind("review-reply", 200,
             {"taobao": {"text": Limit(200)}, "amazon": {"text": Limit(600)}, "shopify": {"text": Limit(600)}},
             {"zh": "taobao", "en": "amazon"}, needs_review=True),
    ]
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UserError(f"unknown kind '{name}'; choose one of: {', '.join(KINDS)}") from None
