"""Turn a model's raw reply into a kind's fields: strip chat artefacts, parse and validate JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from shopscribe.content.kinds import Kind

SPECIAL_TOKENS = re.compile(r"<\|[a-z_]+\|>")
FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$", re.M)
# Openers small models put before the copy: "Sure, here is…:", "当然！以下是…：", "Here's a title:".
PREAMBLE = re.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok)[!,.]?\s*)?(?:here(?:'s| is| are)\b[^\n:：]{0,80}[:：]"
    r"|(?:sure|certainly|of course)[!,.]\s*$)"
    r"|^\s*(?:当然|好的|没问题)[！!，,。]?\s*(?:以下是[^\n:：]{0,40}[:：])?"
    r"|^\s*以下是[^\n:：]{0,40}[:：]",
    re.I | re.M,
)
LABEL = re.compile(
    r"^\s*(?:商品)?(?:标题|描述|文案|回复|卖点|主题|正文|title|description|reply|subject|body|copy)\s*[:：]\s*",
    re.I,
)
MARKDOWN = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|^#{1,6}\s+", re.M)
QUOTES = "\"'“”‘’「」『』"
# A short first line without end punctuation, then a blank line: a heading the model put over the copy
# (usually the product's title again). Descriptions are one block of prose on every channel we serve.
HEADING = re.compile(r"\A[^\n。．.!?！？]{1,60}\n\s*\n(?=\S)")


class OutputInvalid(ValueError):
    """The reply could not be turned into the kind's fields; the message is fed back to the model."""


def clean_text(text: str, *, single_line: bool = False, drop_heading: bool = False) -> str:
    text = SPECIAL_TOKENS.sub("", text)
    text = FENCE.sub("", text).strip()
    text = PREAMBLE.sub("", text, count=1).strip()
    text = LABEL.sub("", text, count=1)
    text = MARKDOWN.sub(lambda m: m.group(1) or m.group(2) or "", text)
    if drop_heading:
        text = HEADING.sub("", text.strip(), count=1)
    if single_line:
        text = next((line for line in text.splitlines() if line.strip()), "")
        text = LABEL.sub("", text, count=1)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return text


def _json_object(text: str) -> Any:
    text = SPECIAL_TOKENS.sub("", FENCE.sub("", text)).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0:
        raise OutputInvalid("the reply is not a JSON object")
    try:
        return json.loads(text[start : end + 1] if end > start else text[start:])
    except json.JSONDecodeError as exc:
        salvaged = _closed_json(text[start:])
        if salvaged is None:
            raise OutputInvalid(f"the reply is not valid JSON ({exc.msg} at char {exc.pos})") from None
        return salvaged


_VALUE_END = re.compile(r"[。！？!?]+|\.(?=\s)")


def _closed_json(text: str) -> Any:
    """A reply cut off by the token limit mid-object ({"headline": "…", "body": "…日常通勤和), closed where it stopped;
    None when it cannot be. The value it stopped in keeps its finished sentences; with none finished it is judged as
    it stands (a fragment flag), instead of the whole draft losing its fields."""
    text = text.rstrip().rstrip(",:")
    stack, in_string, escaped, opened = [], False, False, 0
    for i, ch in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and ch == "\\"), in_string and (escaped or ch != '"')
        elif ch == '"':
            in_string, opened = True, i
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack:
            stack.pop()
    if escaped:
        text = text[:-1]
    if in_string:  # the model stopped mid-value: what it finished is the value up to its last sentence end
        ends = [m.end() for m in _VALUE_END.finditer(text, opened + 1)]
        if ends:
            text = text[: ends[-1]].rstrip()
    closing = ('"' if in_string else "") + "".join(reversed(stack))
    try:
        return json.loads(text + closing)
    except json.JSONDecodeError:
        return None


def parse_reply(raw: str, kind: Kind) -> dict[str, Any]:
    """Fields for a kind from a raw reply; raises OutputInvalid with a reason the model can act on."""
    if kind.schema is None:
        text = clean_text(raw, single_line=kind.name == "title", drop_heading=kind.name == "description")
        if not text:
            raise OutputInvalid("the reply is empty")
        return {"text": text}
    data = _json_object(raw)
    try:
        fields = kind.schema.model_validate(data).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "object"
        raise OutputInvalid(f"field '{where}': {first['msg']}") from None
    return {k: _clean_value(v) for k, v in fields.items()}


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        cleaned = [clean_text(str(v)).lstrip("#").rstrip("#").strip() for v in value]
        return [v for v in cleaned if v]
    return value
