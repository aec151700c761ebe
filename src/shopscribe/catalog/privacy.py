"""Personal data out of shop text: PII redaction and keyed-hash pseudonyms for shoppers and authors.

`redact_pii` replaces what `personal.find_personal` finds (phones, e-mails, Chinese resident ID numbers,
WeChat/QQ ids and other handles, street addresses, names) with a placeholder in the text's language
(`[电话]` / `[phone]`, `[地址]` / `[address]`). `pseudonym` turns a user or author id into `u_` + 16 hex
digits of HMAC-SHA256 under `settings.pseudonym_key`: stable for one key, not reversible without it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from shopscribe.catalog.cleaning import CJK
from shopscribe.catalog.personal import find_personal
from shopscribe.config import get_settings


_PLACEHOLDERS = {
    "zh": {"email": "[邮箱]", "id": "[身份证]", "phone": "[电话]", "wechat": "[微信]", "qq": "[QQ]", "handle": "[账号]",
           "address": "[地址]", "name": "[姓名]"},
    "en": {"email": "[email]", "id": "[id number]", "phone": "[phone]", "wechat": "[wechat]", "qq": "[QQ]",
           "handle": "[handle]", "address": "[address]", "name": "[name]"},
}


def redact_pii(text: str, lang: str | None = None, names: Iterable[str] = (), kinds: Iterable[str] | None = None) -> str:
    """The text with personal data replaced by placeholders: see `personal.find_personal` for what is found.

    `lang` ("zh" or "en") picks the placeholder language; by default Chinese when the text has
    Chinese characters. `names` are names known to belong to a person here (the review's author):
    each recurrence of one is redacted too. `kinds` limits redaction to some of `personal.KINDS`.
    Applying it twice gives the same text.
    """
    if not text:
        return text or ""
    spans = find_personal(text, names, kinds)
    if not spans:
        return text
    words = _PLACEHOLDERS[lang if lang in _PLACEHOLDERS else ("zh" if CJK.search(text) else "en")]
    parts, pos = [], 0
    for span in spans:
        parts += [text[pos:span.start], words[span.kind]]
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


_PSEUDONYM = re.compile(r"u_[0-9a-f]{16}")


def pseudonym(identifier: str, key: str | None = None) -> str:
    """`u_` + 16 hex digits of HMAC-SHA256(key, identifier); an existing pseudonym passes through."""
    ident = identifier.strip()
    if _PSEUDONYM.fullmatch(ident):
        return ident
    secret = key if key is not None else get_settings().pseudonym_key.get_secret_value()
    digest = hmac.new(secret.encode("utf-8"), ident.encode("utf-8"), hashlib.sha256).hexdigest()
    return "u_" + digest[:16]
