"""From a file row to a cleaned, validated product, review or event ready to store (or a reason why not).

Each builder raises `CleaningError` with a message that names the field and the fix; the importer
turns it into a rejection with the row's line number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from shopscribe.catalog.cleaning import (
    CleaningError,
    cell_text,
    format_price,
    html_to_text,
    normalize_text,
    one_line,
    parse_currency,
    parse_datetime,
    parse_price,
)
from shopscribe.catalog.columns import ColumnMap, alias_list
from shopscribe.catalog.privacy import pseudonym, redact_pii

SKU_MAX = 128
EVENT_TYPES = {
    "view": "view", "page view": "view", "pageview": "view", "page_view": "view", "浏览": "view", "查看": "view", "曝光浏览": "view",
    "click": "click", "点击": "click",
    "cart": "cart", "add to cart": "cart", "add_to_cart": "cart", "addtocart": "cart", "加购": "cart", "加入购物车": "cart",
    "purchase": "purchase", "buy": "purchase", "order": "purchase", "购买": "purchase", "下单": "purchase", "成交": "purchase",
}


@dataclass
class Pending:
    """A cleaned row waiting for its batch: where it came from, its stable key and the column values."""

    line: int
    sku: str | None
    key: str
    values: dict[str, Any]
    digest: str = ""
    # What is stored beside the row rather than in it: a Shopify product's variants and the shop's own copy.
    related: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowContext:
    """State carried from row to row while reading one file."""

    source: str
    key: str = ""


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def pick(cmap: ColumnMap, values: list[Any], fname: str) -> Any:
    """The value of the first candidate column for `fname` that has one, else None."""
    for index in cmap.fields.get(fname, ()):
        if index < len(values) and not blank(values[index]):
            return values[index]
    return None


def text_of(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


def clean_sku(value: Any) -> str:
    sku = one_line(text_of(value))
    if len(sku) > SKU_MAX:
        raise CleaningError(f"sku {sku[:30]!r}… is {len(sku)} characters long: at most {SKU_MAX}")
    return sku


def digest_of(parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def _attributes_cell(value: Any) -> dict[str, Any]:
    if blank(value):
        return {}
    if isinstance(value, dict):
        parsed = value
    else:
        try:
            parsed = json.loads(str(value))
        except json.JSONDecodeError as exc:
            raise CleaningError(
                f"attributes is not valid JSON ({exc.msg} at character {exc.pos + 1}): "
                'write an object like {"颜色": "黑色", "尺码": "M"} or use one column per attribute'
            ) from None
        if not isinstance(parsed, dict):
            raise CleaningError('attributes must be a JSON object like {"颜色": "黑色"}, not a ' + type(parsed).__name__)
    return {one_line(str(k)): (normalize_text(v) if isinstance(v, str) else v) for k, v in parsed.items() if not blank(v)}


# ---- products -------------------------------------------------------------------------------


def build_product(cmap: ColumnMap, values: list[Any], ctx: RowContext, line: int) -> Pending:
    sku = clean_sku(pick(cmap, values, "sku"))
    if not sku:
        raise CleaningError(f"sku is empty: every product needs a SKU (column {alias_list('products', 'sku')})")
    currency = parse_currency(pick(cmap, values, "currency"))
    price, currency = parse_price(pick(cmap, values, "price"), currency)
    return product_pending(cmap, values, ctx, line, sku=sku, price=price, currency=currency)


def product_pending(cmap: ColumnMap, values: list[Any], ctx: RowContext, line: int, *, sku: str, price: Any,
                    currency: str | None, attributes: dict[str, Any] | None = None,
                    own_fields: tuple[str, ...] = ()) -> Pending:
    """The product row from one file row, given its SKU and price. `own_fields` are fields whose losing candidate
    columns are not attributes (a Shopify variant's SKU and price belong to the variant)."""
    attributes = {**_attributes_cell(pick(cmap, values, "attributes")), **(attributes or {})}
    winners = {fname: next((i for i in idx if i < len(values) and not blank(values[i])), None) for fname, idx in cmap.fields.items()}
    for fname, indexes in cmap.fields.items():
        if fname == "attributes" or fname in own_fields:
            continue
        for index in indexes:
            # A losing candidate column (Product Category beside Type) keeps its value as an attribute.
            if index != winners[fname] and index < len(values) and not blank(values[index]):
                text = one_line(text_of(values[index]))
                if winners[fname] is None or text != one_line(text_of(values[winners[fname]])):
                    attributes[one_line(cmap.headers[index])] = text
    for index, label in cmap.attributes:
        if index < len(values) and not blank(values[index]):
            attributes[label] = normalize_text(text_of(values[index]))
    brand = one_line(text_of(pick(cmap, values, "brand"))) or None
    category = one_line(text_of(pick(cmap, values, "category"))) or None
    for name, value in (("brand", brand), ("category", category)):
        if value and len(value) > 200:
            raise CleaningError(f"{name} is {len(value)} characters long: at most 200")
    row = {
        "sku": sku,
        "title": one_line(html_to_text(text_of(pick(cmap, values, "title")))),
        "brand": brand,
        "category": category,
        "price": price,
        "currency": currency,
        "description": html_to_text(text_of(pick(cmap, values, "description"))),
        "attributes": attributes,
    }
    digest = product_digest(**row)
    row["content_hash"] = digest
    row["source"] = ctx.source
    return Pending(line=line, sku=sku, key=sku, values=row, digest=digest)


def product_digest(sku: str, title: str, brand: str | None, category: str | None, price: Any, currency: str | None,
                   description: str, attributes: dict[str, Any]) -> str:
    """The content hash of a product as stored; the importer and the store agree on it."""
    return digest_of({"sku": sku, "title": title, "brand": brand, "category": category, "price": format_price(price),
                    "currency": currency, "description": description, "attributes": attributes})


# ---- reviews --------------------------------------------------------------------------------

_RATING = re.compile(r"^(\d+)(?:\.0+)?\s*(?:星|分|stars?|/\s*5)?$", re.IGNORECASE)


def parse_rating(value: Any) -> int | None:
    if blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            rating = int(value)
        else:
            raise CleaningError(f"rating {value!r} is not a whole number: use 1, 2, 3, 4 or 5")
    else:
        s = one_line(str(value))
        if s and set(s) <= {"★", "☆"}:
            rating = s.count("★")
        else:
            m = _RATING.match(s)
            if not m:
                raise CleaningError(f"rating {s[:20]!r} is not a number: use 1, 2, 3, 4 or 5")
            rating = int(m.group(1))
    if not 1 <= rating <= 5:
        raise CleaningError(f"rating {rating} is outside 1-5: use 1, 2, 3, 4 or 5")
    return rating


def _naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def review_digest(product_id: int, rating: int | None, text: str, author: str | None, review_date: dt.datetime | None) -> str:
    return digest_of([product_id, rating, text, author, _naive_utc(review_date).isoformat() if review_date else None])


def build_review(cmap: ColumnMap, values: list[Any], ctx: RowContext, line: int) -> Pending:
    sku = clean_sku(pick(cmap, values, "sku"))
    if not sku:
        raise CleaningError(f"sku is empty: every review needs the SKU of its product (column {alias_list('reviews', 'sku')})")
    rating = parse_rating(pick(cmap, values, "rating"))
    author_raw = one_line(text_of(pick(cmap, values, "author")))
    # The author's own name, written again in the text, is as personal as the author column.
    text = redact_pii(html_to_text(text_of(pick(cmap, values, "text"))), names=[author_raw])
    if not text and rating is None:
        raise CleaningError("review has neither text nor rating: fill the text or rating column")
    author = pseudonym(author_raw, ctx.key) if author_raw else None
    date_raw = pick(cmap, values, "date")
    review_date = None if blank(date_raw) else _naive_utc(parse_datetime(date_raw, "date"))
    source_id = one_line(text_of(pick(cmap, values, "id")))
    row = {"rating": rating, "text": text, "author": author, "review_date": review_date, "source": ctx.source}
    if source_id:
        key = digest_of(["review-id", source_id])
    else:
        key = digest_of(["review", sku, author, review_date.isoformat() if review_date else None, rating, text])
    return Pending(line=line, sku=sku, key=key, values=row)


# ---- events ---------------------------------------------------------------------------------


def event_digest(product_id: int, user: str, type_: str, variant: str | None, occurred_at: dt.datetime) -> str:
    return digest_of([product_id, user, type_, variant, _naive_utc(occurred_at).isoformat()])


_DRAFT_VARIANT = re.compile(r"draft:(\d{1,9})")


def build_event(cmap: ColumnMap, values: list[Any], ctx: RowContext, line: int) -> Pending:
    user_raw = one_line(text_of(pick(cmap, values, "user")))
    if not user_raw:
        raise CleaningError(f"user is empty: every event needs a user id (column {alias_list('events', 'user')})")
    sku = clean_sku(pick(cmap, values, "sku"))
    if not sku:
        raise CleaningError(f"sku is empty: every event needs the SKU of its product (column {alias_list('events', 'sku')})")
    type_raw = one_line(text_of(pick(cmap, values, "type")))
    type_ = EVENT_TYPES.get(type_raw.casefold())
    if type_ is None:
        raise CleaningError(f"type {type_raw[:20]!r} is not an event type: use view, click, cart or purchase (浏览/点击/加购/购买)")
    time_raw = pick(cmap, values, "time")
    if blank(time_raw):
        raise CleaningError(f"time is empty: every event needs a time (column {alias_list('events', 'time')})")
    occurred_at = parse_datetime(time_raw, "time")
    variant = redact_pii(one_line(text_of(pick(cmap, values, "variant")))) or None
    if variant and len(variant) > 128:
        raise CleaningError(f"variant is {len(variant)} characters long: at most 128")
    user = pseudonym(user_raw, ctx.key)
    source_id = one_line(text_of(pick(cmap, values, "id")))
    # A variant written "draft:12" is an experiment's arm: the event links to that draft (checked at write time).
    linked = _DRAFT_VARIANT.fullmatch(variant or "")
    row = {"user": user, "type": type_, "variant": variant, "draft_id": int(linked[1]) if linked else None,
           "occurred_at": occurred_at, "source": ctx.source}
    if source_id:
        key = digest_of(["event-id", source_id])
    else:
        key = digest_of(["event", sku, user, type_, variant, _naive_utc(occurred_at).isoformat()])
    return Pending(line=line, sku=sku, key=key, values=row)
