"""Header mapping: which file column holds which catalog field (Chinese, English and Shopify headers).

A field may have several candidate columns (Shopify has both `Variant SKU` and `Handle`); the
first candidate in the alias order with a value wins. For products, every column that maps to no
field becomes an attribute, and so does a losing candidate whose value differs from the winner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shopscribe.catalog.cleaning import one_line

SKU_ALIASES = ("sku", "variant sku", "商品编码", "商品编号", "货号", "商品货号", "商家编码", "sku编码", "product sku", "handle")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "products": {
        "sku": SKU_ALIASES,
        "title": ("title", "name", "product name", "product title", "商品名称", "商品标题", "标题", "名称", "品名"),
        "price": ("price", "variant price", "价格", "售价", "销售价", "单价", "零售价"),
        "brand": ("brand", "vendor", "品牌"),
        "category": ("category", "type", "product category", "product type", "类目", "分类", "商品类目", "商品分类"),
        "description": ("description", "body (html)", "body html", "body", "描述", "详情", "商品描述", "商品详情", "详情描述"),
        "currency": ("currency", "币种", "货币"),
        "attributes": ("attributes", "属性", "商品属性"),
    },
    "reviews": {
        "id": ("review id", "id", "评价id", "评论id"),
        "sku": SKU_ALIASES,
        "rating": ("rating", "score", "stars", "star rating", "评分", "星级", "评价星级", "打分"),
        "text": ("text", "review", "content", "body", "comment", "review text", "评价", "内容", "评价内容", "评论", "评论内容"),
        "author": ("author", "user", "user id", "nickname", "reviewer", "customer", "用户", "昵称", "用户名", "用户id", "买家"),
        "date": ("date", "time", "created at", "review date", "日期", "时间", "评价时间", "评论时间"),
    },
    "events": {
        "id": ("event id", "id", "事件id"),
        "user": ("user", "user id", "customer id", "customer", "visitor", "用户id", "用户", "会员id", "访客"),
        "sku": SKU_ALIASES,
        "type": ("type", "event", "event type", "action", "类型", "行为", "事件", "事件类型"),
        "variant": ("variant", "copy variant", "版本", "变体", "文案版本", "实验组"),
        "time": ("time", "timestamp", "occurred at", "date", "datetime", "时间", "日期", "发生时间"),
    },
}

REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    # Each inner tuple: at least one of these fields must have a column.
    "products": (("sku",),),
    "reviews": (("sku",), ("text", "rating")),
    "events": (("user",), ("sku",), ("type",), ("time",)),
}

# Shopify columns that are no product attribute: operations, the shop's SEO and image copy (kept as the shop's own
# copy, see catalog/shopify.py) and, below, every `Variant …` column (a variant's own fields).
SHOPIFY_IGNORED = frozenset(
    (
        "published", "variant inventory tracker", "variant inventory qty", "variant inventory policy",
        "variant fulfillment service", "variant requires shipping", "variant taxable", "gift card",
        "image src", "image position", "image alt text", "variant image", "variant tax code", "status",
        "seo title", "seo description", "cost per item", "included / international", "included / united states",
        "price / international", "compare at price / international", "variant compare at price",
    )
)
_SHOPIFY_OPTION = re.compile(r"option(\d) (name|value)")


def normalise_header(name: str) -> str:
    """`Variant_SKU`, ` *商品编码 `, `ＳＫＵ` → `variant sku`, `商品编码`, `sku`."""
    s = one_line(name).strip("*#：: ").casefold()
    return re.sub(r"[\s_\-]+", " ", s).strip()


@dataclass
class ColumnMap:
    """Resolved header of one file: candidate column indexes per field, attribute columns, Shopify options."""

    kind: str
    headers: list[str]
    fields: dict[str, list[int]] = field(default_factory=dict)
    attributes: list[tuple[int, str]] = field(default_factory=list)
    options: dict[str, tuple[int, int]] = field(default_factory=dict)
    shopify: bool = False
    # Normalised header → its first column: how the Shopify reader finds `handle`, `image alt text` ….
    index: dict[str, int] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.headers)


def map_columns(kind: str, headers: list[str]) -> ColumnMap:
    """The ColumnMap for a header row; raises nothing, `missing()` says which required fields lack a column."""
    aliases = ALIASES[kind]
    normalised = [normalise_header(h) for h in headers]
    cmap = ColumnMap(kind=kind, headers=list(headers))
    for i, norm in enumerate(normalised):
        cmap.index.setdefault(norm, i)
    cmap.shopify = kind == "products" and "handle" in normalised and ("variant sku" in normalised or "body (html)" in normalised)
    lookup = {alias: fname for fname, names in aliases.items() for alias in names}
    order = {fname: {alias: i for i, alias in enumerate(names)} for fname, names in aliases.items()}
    option_cols: dict[str, dict[str, int]] = {}
    seen_attr: dict[str, int] = {}
    for index, norm in enumerate(normalised):
        fname = lookup.get(norm)
        if fname:
            cmap.fields.setdefault(fname, []).append(index)
            continue
        if kind != "products":
            continue
        if cmap.shopify:
            m = _SHOPIFY_OPTION.fullmatch(norm)
            if m:
                option_cols.setdefault(m.group(1), {})[m.group(2)] = index
                continue
            if norm in SHOPIFY_IGNORED or norm.startswith(("google shopping", "variant ")):
                continue
        label = one_line(headers[index]) or f"column {index + 1}"
        seen_attr[label] = seen_attr.get(label, 0) + 1
        if seen_attr[label] > 1:
            label = f"{label} ({seen_attr[label]})"
        cmap.attributes.append((index, label))
    for fname, indexes in cmap.fields.items():
        indexes.sort(key=lambda i: order[fname][normalised[i]])
    for number, cols in sorted(option_cols.items()):
        if "name" in cols and "value" in cols:
            cmap.options[number] = (cols["name"], cols["value"])
    return cmap


def missing_fields(cmap: ColumnMap) -> list[tuple[str, ...]]:
    """Required field groups with no column in the file."""
    return [group for group in REQUIRED[cmap.kind] if not any(f in cmap.fields for f in group)]


def alias_list(kind: str, fname: str) -> str:
    """The headers accepted for a field, for error messages."""
    return " / ".join(ALIASES[kind][fname][:6])
