"""Content kinds: what each kind asks for, its structured shape, how its copy reads as text and back, and which
sales channels take it (their limits live in shopscribe.channels)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from shopscribe.channels import Limit, channels_for, get_channel
from shopscribe.errors import UserError


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


class CopyShapeError(ValueError):
    """Copy that does not have its kind's shape (a 'format' flag): the message says what is missing."""


# A bullet line as a person writes one: •, -, *, · or "1." / "1、" before the point.
_BULLET = re.compile(r"^\s*(?:[•\-*·]|\d{1,2}[.、)）](?!\d))\s*")
_TAG = re.compile(r"#([^#\s]+)#?")


@dataclass(frozen=True)
class Kind:
    name: str
    max_tokens: int
    default_channel: dict[str, str]  # lang → channel
    schema: type[BaseModel] | None = None
    replies_to_review: bool = False  # one draft per customer review of the product
    hint_field: str = "text"

    @property
    def channels(self) -> list[str]:
        return channels_for(self.name)

    def channel_for(self, lang: str, channel: str | None) -> str:
        """The channel a draft in `lang` is written for: the one asked for, else the kind's default."""
        return get_channel(channel or self.default_channel[lang], self.name).name

    def limits(self, channel: str) -> dict[str, Limit]:
        return get_channel(channel, self.name).limits_for(self.name)

    def fit(self, fields: dict[str, Any], channel: str) -> dict[str, Any]:
        """Fields shortened to the channel's limits: the last, deterministic repair for over-long copy. Prose fields
        (a body, a description, a post, a reply) end on a full stop; headings and bullet points do not."""
        out = dict(fields)
        for name, limit in self.limits(channel).items():
            value = out.get(name)
            prose = name in ("text", "body") and self.name != "title"
            if isinstance(value, list):
                out[name] = [limit.fit(v) for v in value]
            elif isinstance(value, str):
                out[name] = limit.fit(value, prose=prose)
        return out

    def render(self, fields: dict[str, Any], channel: str) -> str:
        """The publishable text of a draft from its structured fields (read() turns it back into them)."""
        if self.schema is None:
            return fields["text"]
        if self.name == "bullets":
            return "\n".join(f"• {_one_line(b)}" for b in fields["bullets"])
        if self.name == "ad":
            return f"{_one_line(fields['headline'])}\n{fields['body']}"
        if self.name == "email":
            return f"{_one_line(fields['subject'])}\n\n{fields['body']}"
        if self.name == "social":
            # Weibo topics are wrapped #话题#; other channels use a leading #.
            # A hashtag holds no spaces on any network, so none is written with one.
            tags = " ".join(f"#{t}#" if channel == "weibo" else f"#{t}" for t in (_one_line(h).replace(" ", "")
                                                                                    for h in fields["hashtags"]))
            return f"{fields['text']}\n{tags}"
        raise AssertionError(self.name)

    def read(self, text: str) -> dict[str, Any]:
        """The fields of copy written out as text, as render() writes it or a person would; CopyShapeError when the
        text lacks the kind's shape (e.g. bullets that are one paragraph, an ad without a body)."""
        text = text.strip()
        if not text:
            raise CopyShapeError("the copy is empty")
        if self.schema is None:
            return {"text": text}
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if self.name == "bullets":
            data: dict[str, Any] = {"bullets": [_BULLET.sub("", line) for line in lines]}
        elif self.name in ("ad", "email"):
            head, body = ("headline", "body") if self.name == "ad" else ("subject", "body")
            if len(lines) < 2:
                raise CopyShapeError(f"a {self.name} needs a {head} line and a {body} below it")
            data = {head: lines[0], body: text.split("\n", 1)[1].strip()}
        elif self.name == "social":
            tags = _TAG.findall(lines[-1]) if lines[-1].startswith("#") else []
            if not tags:
                raise CopyShapeError("a social post ends with a line of hashtags (#tag)")
            data = {"text": "\n".join(lines[:-1]), "hashtags": tags}
        else:
            raise AssertionError(self.name)
        try:
            return self.schema.model_validate(data).model_dump()
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or self.name
            raise CopyShapeError(f"{where}: {first['msg']}") from None


def _one_line(text: str) -> str:
    """A heading or bullet never spans lines: read() splits copy at line ends."""
    return " ".join(str(text).split())


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("description", 360, {"zh": "taobao", "en": "shopify"}),
        Kind("title", 64, {"zh": "taobao", "en": "amazon"}),
        Kind("bullets", 360, {"zh": "taobao", "en": "amazon"}, schema=Bullets, hint_field="bullets"),
        Kind("ad", 160, {"zh": "search", "en": "search"}, schema=Ad, hint_field="headline"),
        Kind("social", 400, {"zh": "xiaohongshu", "en": "instagram"}, schema=Social),
        Kind("email", 400, {"zh": "newsletter", "en": "newsletter"}, schema=Email, hint_field="subject"),
        Kind("review-reply", 200, {"zh": "taobao", "en": "amazon"}, replies_to_review=True),
    ]
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UserError(f"unknown kind '{name}'; choose one of: {', '.join(KINDS)}") from None
