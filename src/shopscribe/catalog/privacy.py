"""Personal data out of shop text: PII redaction and keyed-hash pseudonyms for shoppers and authors.

`redact_pii` replaces mainland and international phone numbers, e-mail addresses and Chinese
resident ID numbers with a placeholder in the text's language (`[电话]` / `[phone]`). `pseudonym`
turns a user or author id into `u_` + 16 hex digits of HMAC-SHA256 under `settings.pseudonym_key`:
stable for one key, not reversible without it.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from shopscribe.catalog.cleaning import CJK
from shopscribe.config import get_settings


_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# 18-digit resident ID: region, birth date 18xx-20xx, sequence, check digit (0-9 or X); spaces allowed
# between the blocks because people type it that way.
_ID_CARD = re.compile(
    r"(?<![\dA-Za-z])[1-9]\d{5}[\s-]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\s-]?\d{3}[\dXx](?![\dA-Za-z])"
)
# Mainland mobile: optional +86 / 0086 / 86, then 1[3-9]x and eight digits in any 3-4-4 spacing.
_CN_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
# Mainland landline with area code: 010-12345678, (0755) 1234567, 021 6123 4567.
_CN_LANDLINE = re.compile(r"(?<![\d+])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)")
# International: + country code and 7-14 more digits with spaces, dots, dashes or (area) between.
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)")
# North American without +: (415) 555-0100, 415-555-0100, 415.555.0100.
_NANP_PHONE = re.compile(r"(?<!\d)(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)")

_PLACEHOLDERS = {
    "zh": {"email": "[邮箱]", "id": "[身份证]", "phone": "[电话]"},
    "en": {"email": "[email]", "id": "[id number]", "phone": "[phone]"},
}


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def redact_pii(text: str, lang: str | None = None) -> str:
    """The text with phone numbers, e-mails and Chinese ID numbers replaced by placeholders.

    `lang` ("zh" or "en") picks the placeholder language; by default Chinese when the text has
    Chinese characters. Safe to apply twice.
    """
    if not text:
        return text or ""
    words = _PLACEHOLDERS[lang if lang in _PLACEHOLDERS else ("zh" if CJK.search(text) else "en")]
    out = _EMAIL.sub(words["email"], text)
    out = _ID_CARD.sub(words["id"], out)
    out = _CN_MOBILE.sub(words["phone"], out)
    out = _CN_LANDLINE.sub(words["phone"], out)
    out = _INTL_PHONE.sub(lambda m: words["phone"] if 8 <= _digits(m.group()) <= 15 else m.group(), out)
    return _NANP_PHONE.sub(words["phone"], out)


_PSEUDONYM = re.compile(r"u_[0-9a-f]{16}")


def pseudonym(identifier: str, key: str | None = None) -> str:
    """`u_` + 16 hex digits of HMAC-SHA256(key, identifier); an existing pseudonym passes through."""
    ident = identifier.strip()
    if _PSEUDONYM.fullmatch(ident):
        return ident
    secret = key if key is not None else get_settings().pseudonym_key.get_secret_value()
    digest = hmac.new(secret.encode("utf-8"), ident.encode("utf-8"), hashlib.sha256).hexdigest()
    return "u_" + digest[:16]
