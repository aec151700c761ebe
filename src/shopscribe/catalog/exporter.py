"""Catalog export and listing: products as JSONL or CSV (re-importable as is) and a summary with review counts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopscribe.catalog.cleaning import format_price
from shopscribe.errors import UserError
from shopscribe.store import CustomerReview, Product, use_session

EXPORT_FIELDS = ("sku", "title", "brand", "category", "price", "currency", "description", "attributes")
EXPORT_FORMATS = ("jsonl", "csv")


def product_record(p: Product) -> dict[str, Any]:
    """One product as every output writes it: price as a string like `399.00`, attributes as an object."""
    return {
        "sku": p.sku, "title": p.title, "brand": p.brand, "category": p.category, "price": format_price(p.price),
        "currency": p.currency, "description": p.description, "attributes": p.attributes or {},
    }


def variant_record(product: dict[str, Any], variant: Any) -> dict[str, Any]:
    """A product as one of its variants: the variant's own options (one value each) and price over the product's;
    per-variant copy states that variant's facts, never the other sizes or colours."""
    return {**product, "sku": variant.sku or product["sku"],
            "price": format_price(variant.price) if variant.price is not None else product["price"],
            "attributes": {**product["attributes"], **variant.options}}


def iter_products(batch: int = 1000, database_url: str | None = None,
                  session: Session | None = None) -> Iterator[dict[str, Any]]:
    """Every product in SKU order, streamed from the database."""
    with use_session(session, database_url) as session:
        for product in session.scalars(select(Product).order_by(Product.sku).execution_options(yield_per=batch)):
            yield product_record(product)


def export_products(out: TextIO, fmt: str = "jsonl", database_url: str | None = None,
                    session: Session | None = None) -> int:
    """Write every product to `out`, one per line (JSONL) or row (CSV, attributes as JSON); returns the count."""
    if fmt not in EXPORT_FORMATS:
        raise UserError(f"unknown export format {fmt!r}: use jsonl or csv")
    count = 0
    if fmt == "jsonl":
        for record in iter_products(database_url=database_url, session=session):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for record in iter_products(database_url=database_url, session=session):
        record["attributes"] = json.dumps(record["attributes"], ensure_ascii=False)
        writer.writerow(["" if record[k] is None else record[k] for k in EXPORT_FIELDS])
        count += 1
    return count


def list_products(limit: int | None = None, database_url: str | None = None,
                  session: Session | None = None) -> list[dict[str, Any]]:
    """Products in SKU order with their number of reviews (for the `products` listing)."""
    counts = select(CustomerReview.product_id, func.count(CustomerReview.id).label("n")).group_by(CustomerReview.product_id).subquery()
    query = (
        select(Product, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.product_id == Product.id)
        .order_by(Product.sku)
    )
    if limit:
        query = query.limit(limit)
    with use_session(session, database_url) as session:
        rows = session.execute(query).all()
        return [
            {k: v for k, v in product_record(p).items() if k not in ("description", "attributes")} | {"reviews": int(n)}
            for p, n in rows
        ]
