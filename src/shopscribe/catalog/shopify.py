"""Shopify's product CSV read as products: the rows that share a Handle are one product with its variants, images and
the shop's own copy, and that copy is the published version every experiment and few-shot pool starts from.

Shopify writes a product's fields on its handle's first row; the rows below it add a variant (option values, SKU,
price) or an image. The product's SKU is the handle, Shopify's stable id for it; a variant's SKU lives in
`product_variants`, so events and reviews that name it still find the product. Copy is written per product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from shopscribe.catalog.cleaning import CleaningError, detect_lang, one_line, parse_price
from shopscribe.catalog.columns import ColumnMap
from shopscribe.catalog.rows import Pending, RowContext, blank, clean_sku, digest_of, product_digest, product_pending, text_of
from shopscribe.store import AuditLog, Draft, DraftStatus, Product, ProductVariant, Publication, publication_key, utcnow

# The shop's own copy is a draft like any other, told apart by its model; it is live on the shopify-csv channel.
SHOP_MODEL = "shop"
SHOP_TEMPLATE = "shop's own copy"
SHOP_CHANNEL = "shopify-csv"
# Draft kind → the column that holds the shop's copy of it (normalised header).
COPY_COLUMNS = {"description": "body (html)", "title": "title"}
_VARIANT_FIELDS = ("sku", "price")  # their candidate columns (Variant SKU, Variant Price) belong to the variant


def handle_of(cmap: ColumnMap, values: list[Any]) -> str:
    index = cmap.index.get("handle")
    return one_line(text_of(values[index])) if index is not None and index < len(values) else ""


def _cell(cmap: ColumnMap, values: list[Any], column: str) -> str:
    index = cmap.index.get(column)
    return text_of(values[index]) if index is not None and index < len(values) and not blank(values[index]) else ""


@dataclass
class _Product:
    pending: Pending
    handle: str
    first: list[Any]
    option_names: dict[str, str]
    variants: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, str]] = field(default_factory=list)


class ShopifyProducts:
    """Groups a Shopify file's rows by handle: `feed` takes one row and returns the product the previous handle
    completed (or None); `finish` returns the last one. A product enters a batch only when all its rows are read."""

    def __init__(self, ctx: RowContext) -> None:
        self.ctx = ctx
        self.current: _Product | None = None
        self.rejected: tuple[str, int] | None = None  # a handle whose first row was rejected, and that row's line
        self.variant_lines: dict[str, int] = {}

    def feed(self, cmap: ColumnMap, values: list[Any], line: int) -> Pending | None:
        handle = handle_of(cmap, values)
        if not handle:
            raise CleaningError("Handle is empty: every row of a Shopify file names its product's handle")
        if len(handle) > 128:
            raise CleaningError(f"Handle {handle[:30]!r}… is {len(handle)} characters long: at most 128")
        done = None
        if self.current is None or self.current.handle != handle:
            if self.rejected and self.rejected[0] == handle:
                raise CleaningError(f"the first row of {handle} (line {self.rejected[1]}) was rejected: fix it and import again")
            done = self.finish()
            try:
                self.current = self._start(cmap, values, line, handle)
            except CleaningError:
                self.rejected = (handle, line)
                raise
        self._add_row(cmap, values, line)
        return done

    def finish(self) -> Pending | None:
        product, self.current = self.current, None
        return None if product is None else _complete(product)

    def _start(self, cmap: ColumnMap, values: list[Any], line: int, handle: str) -> _Product:
        # The first row's product fields, checked now so a bad one is rejected with its own line.
        pending = product_pending(cmap, values, self.ctx, line, sku=handle, price=None, currency=None,
                                  own_fields=_VARIANT_FIELDS)
        names = {n: one_line(text_of(values[name_col])) for n, (name_col, _) in cmap.options.items()}
        copy = {kind: (pending.values[kind], _cell(cmap, values, column)) for kind, column in COPY_COLUMNS.items()}
        shop_copy = {k: one_line(_cell(cmap, values, column)) for k, column in
                     (("seo_title", "seo title"), ("seo_description", "seo description"))}
        pending.related = {"copy": copy, "shop_copy": {k: v for k, v in shop_copy.items() if v}}
        return _Product(pending, handle, list(values), names)

    def _add_row(self, cmap: ColumnMap, values: list[Any], line: int) -> None:
        product = self.current
        assert product is not None
        variant = _variant(cmap, values, product.option_names)
        if variant is not None:
            if variant["sku"]:
                seen = self.variant_lines.get(variant["sku"])
                if seen is not None:
                    raise CleaningError(f"Variant SKU {variant['sku']!r} is already the SKU of the variant on line {seen}: "
                                        "give every variant its own SKU")
                self.variant_lines[variant["sku"]] = line
            variant["position"] = len(product.variants) + 1
            product.variants.append(variant)
        src, alt = _cell(cmap, values, "image src").strip(), one_line(_cell(cmap, values, "image alt text"))
        if src or alt:
            product.images.append({"src": src, "alt": alt})


def _variant(cmap: ColumnMap, values: list[Any], names: dict[str, str]) -> dict[str, Any] | None:
    """The variant a row describes, or None for a row that only adds an image."""
    options = {}
    for number, (name_col, value_col) in sorted(cmap.options.items()):
        # Shopify names an option (Option1 Name = Size) on the first row only; later rows carry just the value.
        name = one_line(text_of(values[name_col])) or names.get(number, "")
        value = one_line(text_of(values[value_col]))
        if name and value and not (name == "Title" and value == "Default Title"):
            options[name] = value
    sku = clean_sku(_cell(cmap, values, "variant sku")) or None
    price = _price(cmap, values, "variant price", "Variant Price")
    if sku is None and price is None and not options and not _cell(cmap, values, "variant barcode"):
        return None
    barcode = one_line(_cell(cmap, values, "variant barcode")) or None
    if barcode and len(barcode) > 64:
        raise CleaningError(f"Variant Barcode is {len(barcode)} characters long: at most 64")
    return {"sku": sku, "options": options, "price": price,
            "compare_at_price": _price(cmap, values, "variant compare at price", "Variant Compare At Price"),
            "grams": _grams(_cell(cmap, values, "variant grams")), "barcode": barcode}


def _price(cmap: ColumnMap, values: list[Any], column: str, label: str) -> Decimal | None:
    try:
        return parse_price(_cell(cmap, values, column))[0]
    except CleaningError as exc:
        raise CleaningError(f"{label}: {exc}") from None


def _grams(value: str) -> int | None:
    if not value.strip():
        return None
    try:
        grams = Decimal(value.strip())
    except InvalidOperation:
        raise CleaningError(f"Variant Grams {value[:20]!r} is not a number: write the weight in grams, like 250") from None
    if grams < 0 or grams != grams.to_integral_value():
        raise CleaningError(f"Variant Grams {value[:20]!r} is not a whole number of grams: write it like 250")
    return int(grams)


def _complete(product: _Product) -> Pending:
    """The product as stored: price the lowest variant price, each option's values an attribute (a list when the
    variants differ), and a digest over the variants and the shop's copy so a change to either counts as one."""
    pending = product.pending
    values = pending.values
    prices = [v["price"] for v in product.variants if v["price"] is not None]
    values["price"] = min(prices) if prices else None
    for name in dict.fromkeys(n for v in product.variants for n in v["options"]):
        offered = list(dict.fromkeys(v["options"][name] for v in product.variants if name in v["options"]))
        values["attributes"][name] = offered[0] if len(offered) == 1 else offered
    if product.images:
        pending.related["shop_copy"]["images"] = product.images
    values["shop_copy"] = pending.related["shop_copy"]
    pending.related["variants"] = product.variants
    fields = {k: values[k] for k in ("sku", "title", "brand", "category", "price", "currency", "description", "attributes")}
    pending.digest = digest_of([product_digest(**fields), product.variants, values["shop_copy"], pending.related["copy"]])
    values["content_hash"] = pending.digest
    return pending


# ---- storing --------------------------------------------------------------------------------------------------


def store_related(session: Session, changed: list[Pending], actor: str) -> None:
    """The variants and the shop's copy of products this import inserted or changed, beside their product rows."""
    if not changed:
        return
    ids = dict(session.execute(select(Product.sku, Product.id).where(Product.sku.in_([p.sku for p in changed]))).all())
    variant_skus = [v["sku"] for p in changed for v in p.related["variants"] if v["sku"]]
    # A variant SKU may move to another product between two exports: its old row goes too.
    session.execute(delete(ProductVariant).where(or_(ProductVariant.product_id.in_(list(ids.values())),
                                                     ProductVariant.sku.in_(variant_skus))))
    rows = [{"product_id": ids[p.sku], **v} for p in changed for v in p.related["variants"]]
    if rows:
        session.add_all(ProductVariant(**row) for row in rows)
    for pending in changed:
        for kind, (text, cell) in pending.related["copy"].items():
            _publish_shop_copy(session, ids[pending.sku], pending.sku, kind, text, cell, actor)
    session.flush()


def _publish_shop_copy(session: Session, product_id: int, sku: str, kind: str, text: str, cell: str, actor: str) -> None:
    """The shop's copy of one kind is live in the shop: a published draft, recorded as delivered on shopify-csv, so
    publishing, rollback and the retire rule treat it like any other version. The same copy again adds nothing."""
    if not text:
        return
    live = Publication.live(session, SHOP_CHANNEL, product_id, kind)
    if live is not None and live.text == text:
        return
    now = utcnow()
    draft = Draft(product_id=product_id, kind=kind, lang=detect_lang(text), channel="shopify", text=text,
                  fields={"text": text, "cell": cell}, status=DraftStatus.published, model=SHOP_MODEL,
                  template=SHOP_TEMPLATE, check_report={})
    session.add(draft)
    session.flush()
    session.add(Publication(draft_id=draft.id, product_id=product_id, channel=SHOP_CHANNEL, field=kind,
                            key=publication_key(SHOP_CHANNEL, sku, kind, text), text=text, state="delivered",
                            attempts=0, delivered_at=now))
    detail = {"channel": SHOP_CHANNEL, "source": SHOP_TEMPLATE}
    session.add(AuditLog(actor=actor, action="draft.published", entity="draft", entity_id=str(draft.id), detail=detail))
    if live is not None and live.draft.status == DraftStatus.published:
        live.draft.status = DraftStatus.retired
        session.add(AuditLog(actor=actor, action="draft.retired", entity="draft", entity_id=str(live.draft_id),
                             detail={**detail, "replaced_by": draft.id}))


def variant_owners(session: Session, skus: list[str]) -> dict[str, int]:
    """Variant SKU → its product's id, for events and reviews that name a variant rather than the product."""
    if not skus:
        return {}
    return dict(session.execute(select(ProductVariant.sku, ProductVariant.product_id)
                                .where(ProductVariant.sku.in_(skus))).all())

