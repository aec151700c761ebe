"""Cleaning of catalog text and values: HTML to text, width and whitespace normalisation, prices, dates.

Width rule (decided here, relied on by the fact checker): full-width letters, digits and symbols
become ASCII (`ＳＫＵ１２３` → `SKU123`, `５００ｍｌ` → `500ml`, `￥` → `¥`); the full-width punctuation
that is correct Chinese typography (，！？：；（）) stays in a value that contains Chinese characters
and becomes ASCII in one that does not (`好用，推荐！` stays, `Great！` → `Great!`). Chinese-only
marks (。、《》“”) never change. Ideographic and no-break spaces become plain spaces; zero-width and control characters go.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any


class CleaningError(ValueError):
    """A value that cannot be cleaned; the message names the field and the fix."""


# ---- text -----------------------------------------------------------------------------------

# Full-width punctuation kept next to Chinese text; everything else in U+FF01..U+FF5E maps to ASCII.
_CJK_PUNCT = "，！？：；（）"
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _CJK_PUNCT}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2007: 0x20, 0x202F: 0x20, 0xFFE5: ord("¥"), 0xFFE0: ord("¢"), 0xFFE1: ord("£")})
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD):
    _WIDTH[_cp] = None
for _cp in list(range(0x00, 0x09)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F]:
    _WIDTH[_cp] = None
_WIDTH[0x0D] = None  # \r\n and lone \r: line breaks are \n only
# The one test for CJK script (kana, CJK ideographs and compatibility ideographs): cleaning, redaction and
# language detection all ask it.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAS_CJK_PUNCT = re.compile(f"[{_CJK_PUNCT}]")
_PUNCT_TO_ASCII = {ord(c): ord(c) - 0xFEE0 for c in _CJK_PUNCT}
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(value: str) -> str:
    """Width, spacing and line-break normalisation of one text value (see module docstring)."""
    if not value:
        return ""
    s = unicodedata.normalize("NFC", value.translate(_WIDTH))
    if _HAS_CJK_PUNCT.search(s) and not CJK.search(s):
        s = s.translate(_PUNCT_TO_ASCII)
    if "\n" in s:
        lines = [_SPACES.sub(" ", line).strip() for line in s.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", s).strip()


_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """'zh' or 'en', by script. A Chinese character carries about as much as two Latin letters, so an English
    text with a Chinese brand name stays English and a Chinese text with a model number stays Chinese."""
    cjk = len(CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 2 >= latin else "en"


def one_line(value: str) -> str:
    """Normalised text on one line (titles, brands, SKUs)."""
    return " ".join(normalize_text(value).split())


_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "title"}
_LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: no markup, no script/style content, entities decoded.

    Block elements (<p>, <br>, <li>, headings, table rows) become line breaks, one line per block. Text that does not
    look like HTML is only normalised, so `a < b` and `<3` survive.
    """
    if not value:
        return ""
    if not _LOOKS_LIKE_HTML.search(value):
        return normalize_text(value)
    parser = _TextExtractor()
    # The parser treats the contents of <script>/<style> as raw text until the end tag, so an
    # unterminated script swallows the rest: that is the safe failure.
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    # Literal newlines inside HTML are layout, not content: only block tags break lines, and each
    # block gets one line (empty ones dropped).
    lines = (" ".join(chunk.split()) for chunk in text.split("\n"))
    return normalize_text("\n".join(line for line in lines if line))


# ---- prices ---------------------------------------------------------------------------------

_CURRENCY_WORDS = {
    "¥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY", "人民币": "CNY", "块": "CNY",
    "$": "USD", "US$": "USD", "USD": "USD", "美元": "USD",
    "€": "EUR", "EUR": "EUR", "欧元": "EUR",
    "£": "GBP", "GBP": "GBP", "英镑": "GBP",
    "HK$": "HKD", "HKD": "HKD", "港币": "HKD", "JPY": "JPY", "日元": "JPY", "円": "JPY",
}
_PRICE = re.compile(
    r"^(?P<pre>[^\d\s.,+-]*?)\s*(?P<neg>-)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<post>[^\d\s.,]*)$"
)
_CENT = Decimal("0.01")
PRICE_HINT = "write it like 399, ¥1,299.00, 19.99 元 or USD 19.99"


def parse_currency(value: Any) -> str | None:
    """An ISO 4217 code from a currency cell (CNY, rmb, 人民币, ¥, $ …); None when empty."""
    s = one_line(str(value or "")).upper()
    if not s:
        return None
    code = _CURRENCY_WORDS.get(s) or _CURRENCY_WORDS.get(s.lower())
    if code:
        return code
    if re.fullmatch(r"[A-Z]{3}", s):
        return s
    raise CleaningError(f"currency {str(value)[:20]!r} is not a currency: use a 3-letter code like CNY or USD")


def parse_price(value: Any, currency: str | None = None) -> tuple[Decimal | None, str | None]:
    """(amount rounded to cents, ISO currency) from `¥399`, `￥1,299.00`, `$19.99`, `19.99 元` ….

    An explicit `currency` (from a currency column) wins over the symbol, so `$` can mean CAD when
    the file says so; `¥` is read as CNY. Empty → (None, currency). Negative or unreadable → CleaningError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, currency
    if isinstance(value, bool):
        raise CleaningError(f"price {value!r} is not a number: {PRICE_HINT}")
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
        symbol_currency = None
    else:
        raw = normalize_text(str(value))
        s = raw.replace(" ", "")
        negative = False
        if s.startswith("-") or s.startswith("−"):
            negative, s = True, s[1:]
        m = _PRICE.match(s) if len(s) <= 40 else None
        if not m:
            if re.fullmatch(r"[^\d]*\d+,\d{1,2}[^\d]*", s):
                raise CleaningError(f"price {raw[:30]!r} uses a comma for decimals: write 19.99, not 19,99")
            raise CleaningError(f"price {raw[:30]!r} is not a number: {PRICE_HINT}")
        pre, post = m.group("pre"), m.group("post")
        negative = negative or bool(m.group("neg"))
        symbols = [t for t in (pre, post) if t]
        codes = set()
        for token in symbols:
            code = _CURRENCY_WORDS.get(token) or _CURRENCY_WORDS.get(token.upper())
            if code is None:
                raise CleaningError(f"price {raw[:30]!r} has unknown text {token!r}: {PRICE_HINT}")
            codes.add(code)
        if len(codes) > 1:
            raise CleaningError(f"price {raw[:30]!r} names two currencies: keep one")
        symbol_currency = codes.pop() if codes else None
        try:
            amount = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            raise CleaningError(f"price {raw[:30]!r} is not a number: {PRICE_HINT}") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise CleaningError(f"price {value!r} is not a number: {PRICE_HINT}")
    if amount < 0:
        raise CleaningError(f"price {str(value)[:30]!r} is negative: a price must be 0 or more")
    if amount >= Decimal("1e12"):
        raise CleaningError(f"price {str(value)[:30]!r} is too large: at most 999,999,999,999.99")
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP), currency or symbol_currency


def format_price(amount: Decimal | None) -> str | None:
    """A stored price as the string every output uses: `399.00`; None stays None."""
    return None if amount is None else str(Decimal(amount).quantize(_CENT))


# ---- dates ----------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y", "%d.%m.%Y",
)
_ZH_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?)?$")
DATE_HINT = "write it like 2024-05-01, 2024-05-01 14:30:00, 2024年5月1日 or an ISO 8601 time"


def parse_datetime(value: Any, field: str = "date") -> dt.datetime:
    """A UTC datetime from ISO 8601, common Chinese/English date forms, epoch seconds/ms or an Excel cell.

    Times without an offset are taken as UTC. Unreadable → CleaningError naming the field.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        parsed = _from_epoch(float(value), value, field)
    else:
        s = one_line(str(value or ""))
        if not s:
            raise CleaningError(f"{field} is empty: {DATE_HINT}")
        parsed = _parse_date_text(s, field)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def _from_epoch(seconds: float, raw: Any, field: str) -> dt.datetime:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    if not 0 < seconds < 4.2e9:
        raise CleaningError(f"{field} {str(raw)[:30]!r} is not a date: {DATE_HINT}")
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def _parse_date_text(s: str, field: str) -> dt.datetime:
    if re.fullmatch(r"\d{10}(\d{3})?(\.\d+)?", s):
        return _from_epoch(float(s), s, field)
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    try:
        return dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    m = _ZH_DATE.match(s)
    if m:
        parts = [int(g) if g else 0 for g in m.groups()]
        try:
            return dt.datetime(*parts)
        except ValueError:
            raise CleaningError(f"{field} {s[:30]!r} is not a real date: {DATE_HINT}") from None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt)
        except ValueError:
            continue
    raise CleaningError(f"{field} {s[:30]!r} is not a date: {DATE_HINT}")


def cell_text(value: Any) -> str:
    """A spreadsheet or JSON scalar as catalog text: 500 and 500.0 both read `500`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)
