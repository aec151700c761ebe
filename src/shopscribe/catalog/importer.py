"""Catalog import: stream a file, clean and validate each row, upsert in batches, report every row.

Every data row ends up counted as inserted, updated, unchanged or skipped, or listed as rejected
with its line number and a reason. Products are keyed by SKU (the later duplicate wins), reviews
and events by a key from their id column or, without one, a hash of the cleaned row, so importing
the same file twice changes nothing. Each batch commits on its own: a crash loses at most the
batch in flight, and a rerun picks up where the data left off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from shopscribe.catalog.changes import ProductChange, fact_changes
from shopscribe.catalog.cleaning import CleaningError
from shopscribe.catalog.columns import ColumnMap, alias_list, map_columns, missing_fields
from shopscribe.catalog.readers import Source, SourceRow
from shopscribe.catalog.rows import (
    Pending,
    RowContext,
    build_event,
    build_product,
    build_review,
    clean_sku,
    event_digest,
    pick,
    review_digest,
)
from shopscribe.catalog.shopify import ShopifyProducts, handle_of, store_related, variant_owners
from shopscribe.catalog.shopify_file import FileRecorder
from shopscribe.config import get_settings
from shopscribe.errors import UserError
from shopscribe.store import AuditLog, CustomerReview, Draft, Event, Product, use_session, utcnow

KINDS = ("products", "reviews", "events")
BATCH_SIZE = 2000


class Rejection(BaseModel):
    line: int
    sku: str | None = None
    reason: str


class ImportReport(BaseModel):
    """What one import did; `rejected` lists every row not stored, in line order."""

    file: str
    kind: str
    format: str
    encoding: str | None = None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = Field(0, description="rows that carry nothing to store")
    merged: int = Field(0, description="Shopify rows stored with the product of the row above: its variants and images")
    changed: list[ProductChange] = Field(default_factory=list, description="updated products' changed facts")
    rejected: list[Rejection] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def reject(self, line: int, sku: str | None, reason: str) -> None:
        self.rejected.append(Rejection(line=line, sku=sku or None, reason=reason))


ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class _Kind:
    """How one kind of row is built, keyed, compared with what is stored, and written."""

    name: str
    model: type
    build: Callable[..., Pending]
    needs_product: bool

    def existing(self, session: Session, keys: list[str]) -> dict[str, tuple[int, str]]:
        """Stored rows among `keys`: key → (id, digest of the stored content)."""
        if self.model is Product:
            rows = session.execute(select(Product.sku, Product.id, Product.content_hash).where(Product.sku.in_(keys)))
            return {sku: (pid, digest) for sku, pid, digest in rows}
        if self.model is CustomerReview:
            rows = session.execute(
                select(CustomerReview.review_key, CustomerReview.id, CustomerReview.product_id, CustomerReview.rating, CustomerReview.text, CustomerReview.author, CustomerReview.review_date)
                .where(CustomerReview.review_key.in_(keys))
            )
            return {key: (rid, review_digest(*rest)) for key, rid, *rest in rows}
        rows = session.execute(
            select(Event.event_key, Event.id, Event.product_id, Event.user, Event.type, Event.variant, Event.occurred_at)
            .where(Event.event_key.in_(keys))
        )
        return {key: (eid, event_digest(*rest)) for key, eid, *rest in rows}

    def digest(self, pending: Pending) -> str:
        v = pending.values
        if self.model is CustomerReview:
            return review_digest(v["product_id"], v["rating"], v["text"], v["author"], v["review_date"])
        if self.model is Event:
            return event_digest(v["product_id"], v["user"], v["type"], v["variant"], v["occurred_at"])
        return pending.digest

    def key_column(self) -> str:
        return {Product: "sku", CustomerReview: "review_key", Event: "event_key"}[self.model]


_KINDS = {
    "products": _Kind("products", Product, build_product, needs_product=False),
    "reviews": _Kind("reviews", CustomerReview, build_review, needs_product=True),
    "events": _Kind("events", Event, build_event, needs_product=True),
}


def import_file(
    path: str | Path,
    kind: str,
    *,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
    actor: str = "system",
    database_url: str | None = None,
    session: Session | None = None,
    pseudonym_key: str | None = None,
) -> ImportReport:
    """Import a products, reviews or events file (CSV, JSONL or XLSX) into the configured database.

    Raises UserError for problems with the file as a whole (missing, unknown type, no SKU column);
    row problems end up in `report.rejected`. Each batch commits on its own, so a crash keeps what was
    written and a rerun adds nothing twice; in a caller's `session` the batches are flushed and the caller
    commits. `pseudonym_key` defaults to the settings' key.
    """
    if kind not in _KINDS:
        raise UserError(f"unknown import kind {kind!r}: use one of {', '.join(KINDS)}")
    spec = _KINDS[kind]
    path = Path(path)
    key = pseudonym_key if pseudonym_key is not None else get_settings().pseudonym_key.get_secret_value()
    with Source(path) as source:
        report = ImportReport(file=str(path), kind=kind, format=source.format)
        ctx = RowContext(source=str(path)[-500:], key=key)
        maps: dict[tuple[str, ...], ColumnMap] = {}
        batch: list[Pending] = []
        rows = source.rows()
        report.encoding = source.encoding
        shopify = ShopifyProducts(ctx)
        recorder: FileRecorder | None = None
        for row in rows:
            cmap = _column_map(spec.name, row.headers, maps, source) if row.headers else None
            if cmap is not None and cmap.shopify and source.format == "csv":
                # The shop's file is kept record by record, rejected rows too: the export writes them back as they were.
                recorder = recorder or FileRecorder(path.name, source, row.headers)
                recorder.add(row, handle_of(cmap, row.values))
            pending = _build(spec, row, cmap, ctx, report, shopify)
            if pending is not None:
                batch.append(pending)
            # Shopify products arrive when their last row is read, so a batch never holds half a product.
            if len(batch) >= batch_size:
                _write_batch(spec, batch, report, database_url, session, recorder, actor)
                batch = []
                if on_progress:
                    on_progress(source.done, source.total)
        last = shopify.finish()
        if last is not None:
            batch.append(last)
        if batch:
            _write_batch(spec, batch, report, database_url, session, recorder, actor)
        if recorder is not None:
            with use_session(session, database_url) as s:
                recorder.complete(s)
        if on_progress:
            on_progress(source.total, source.total)
    report.rejected.sort(key=lambda r: r.line)
    _audit(report, actor, database_url, session)
    return report


def _build(spec: _Kind, row: SourceRow, cmap: ColumnMap | None, ctx: RowContext, report: ImportReport,
           shopify: ShopifyProducts) -> Pending | None:
    if row.problem:
        report.reject(row.line, _sku_guess(cmap, row.values), row.problem)
        return None
    assert cmap is not None
    try:
        if cmap.shopify:
            continues = shopify.current is not None and shopify.current.handle == handle_of(cmap, row.values)
            done = shopify.feed(cmap, row.values, row.line)
            report.merged += continues
            return done
        return spec.build(cmap, row.values, ctx, row.line)
    except CleaningError as exc:
        report.reject(row.line, _sku_guess(cmap, row.values), str(exc))
    return None


def _column_map(kind: str, headers: list[str], maps: dict[tuple[str, ...], ColumnMap], source: Source) -> ColumnMap:
    key = tuple(headers)
    cmap = maps.get(key)
    if cmap is None:
        cmap = map_columns(kind, headers)
        gaps = missing_fields(cmap)
        if gaps and source.format != "jsonl":
            names = "; ".join(" or ".join(f"{f} ({alias_list(kind, f)})" for f in group) for group in gaps)
            raise UserError(f"{source.path}: no column for {names}; rename the column header and import again")
        if len(maps) > 256:  # JSONL lines with ever-changing keys: keep the cache bounded
            maps.clear()
        maps[key] = cmap
    return cmap


def _sku_guess(cmap: ColumnMap | None, values: list[Any]) -> str | None:
    if cmap is None or not values:
        return None
    try:
        return clean_sku(pick(cmap, values, "sku")) or None
    except CleaningError:
        return None


def _write_batch(spec: _Kind, batch: list[Pending], report: ImportReport, database_url: str | None,
                 session: Session | None, recorder: FileRecorder | None = None, actor: str = "system") -> None:
    with use_session(session, database_url) as session:
        if recorder is not None:
            recorder.flush(session)
        if spec.needs_product:
            batch = _attach_products(session, batch, report)
        if spec.model is Event:
            batch = _check_drafts(session, batch, report)
        groups: dict[str, list[Pending]] = {}
        for pending in batch:
            groups.setdefault(pending.key, []).append(pending)
        existing = spec.existing(session, list(groups)) if groups else {}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        key_column = spec.key_column()
        touched: list[Pending] = []  # Shopify products inserted or changed: their variants and copy follow
        for key, items in groups.items():
            row_id, stored = existing.get(key, (None, None))
            previous = stored
            # Rows in file order: the first of a key is new or compared with the stored row, each
            # later duplicate with the one before it; the last one is what gets stored.
            for pending in items:
                pending.digest = spec.digest(pending)
                if previous is None:
                    report.inserted += 1
                elif pending.digest == previous:
                    report.unchanged += 1
                else:
                    report.updated += 1
                previous = pending.digest
            final = items[-1]
            if final.related and final.digest != stored:
                touched.append(final)
            if row_id is None:
                inserts.append({key_column: key, **final.values} if key_column != "sku" else final.values)
            elif final.digest != stored:
                changes = {"id": row_id, **final.values}
                if spec.model is Product:
                    changes["updated_at"] = utcnow()
                updates.append(changes)
        if inserts:
            session.execute(insert(spec.model), inserts)
        if updates:
            if spec.model is Product:
                _note_changes(session, updates, report)
            session.execute(update(spec.model), updates)
        store_related(session, touched, actor)


def _note_changes(session: Session, updates: list[dict[str, Any]], report: ImportReport) -> None:
    """Which facts each updated product changes, read before the update overwrites them."""
    columns = (Product.id, Product.title, Product.brand, Product.category, Product.price, Product.attributes)
    stored = {row.id: row._asdict() for row in session.execute(select(*columns).where(
        Product.id.in_([u["id"] for u in updates])))}
    for u in updates:
        changes = fact_changes(stored[u["id"]], u)
        if changes:
            report.changed.append(ProductChange(sku=u["sku"], changes=changes))


def _attach_products(session: Session, batch: list[Pending], report: ImportReport) -> list[Pending]:
    skus = list({p.sku for p in batch if p.sku})
    ids = dict(session.execute(select(Product.sku, Product.id).where(Product.sku.in_(skus))).all()) if skus else {}
    # A Shopify variant's SKU names its product too.
    ids = {**variant_owners(session, [sku for sku in skus if sku not in ids]), **ids}
    kept = []
    for pending in batch:
        product_id = ids.get(pending.sku)
        if product_id is None:
            report.reject(pending.line, pending.sku, f"sku {pending.sku!r} is not in the catalog: import products first")
            continue
        pending.values["product_id"] = product_id
        kept.append(pending)
    return kept


def _check_drafts(session: Session, batch: list[Pending], report: ImportReport) -> list[Pending]:
    """Events whose variant names a draft must name a stored draft of the same product."""
    ids = {p.values["draft_id"] for p in batch if p.values.get("draft_id") is not None}
    owners = dict(session.execute(select(Draft.id, Draft.product_id).where(Draft.id.in_(ids))).all()) if ids else {}
    kept = []
    for pending in batch:
        draft_id = pending.values.get("draft_id")
        if draft_id is not None and owners.get(draft_id) != pending.values["product_id"]:
            report.reject(pending.line, pending.sku, f"variant draft:{draft_id} is not a stored draft of {pending.sku}")
            continue
        kept.append(pending)
    return kept


def _audit(report: ImportReport, actor: str, database_url: str | None, session: Session | None) -> None:
    detail = report.model_dump(exclude={"rejected"}) | {"rejected": len(report.rejected)}
    with use_session(session, database_url) as session:
        session.add(
            AuditLog(actor=actor, action="catalog.import", entity=report.kind, entity_id=Path(report.file).name[:128], detail=detail)
        )
