"""How copy reaches a channel: a file export, a Shopify product CSV, or a signed webhook. Each delivery takes a
batch of items and says, per item, whether it arrived."""

from __future__ import annotations

import csv
import hashlib
import hmac
import html
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shopscribe.errors import UserError


@dataclass(frozen=True)
class Item:
    publication_id: int
    key: str  # the idempotency key: the same copy for the same slot always has the same one
    sku: str
    field: str  # the draft's kind
    text: str
    fields: dict[str, Any]
    draft_id: int
    withdrawn: bool = False  # take this slot's copy down (text is empty)


@dataclass
class Outcome:
    delivered: bool
    attempts: int = 1
    error: str | None = None


class Delivery(Protocol):
    name: str

    def deliver(self, items: list[Item]) -> list[Outcome]: ...


@dataclass
class FileExport:
    """Approved copy into a JSONL, CSV or XLSX file, one line (row) per product and field."""

    path: Path
    name: str = "file"
    COLUMNS = ("sku", "field", "text", "fields", "draft_id", "publication_id")

    def __post_init__(self) -> None:  # a wrong name is refused before anything is published
        if self.path.suffix.lower() not in (".jsonl", ".csv", ".xlsx"):
            raise UserError(f"{self.path}: the file channel writes .jsonl, .csv or .xlsx; choose another name with -o")

    def deliver(self, items: list[Item]) -> list[Outcome]:
        rows = [{"sku": i.sku, "field": i.field, "text": i.text, "fields": i.fields, "draft_id": i.draft_id,
                 "publication_id": i.publication_id} for i in items]
        suffix = self.path.suffix.lower()
        # CSV and XLSX cells are flat: the structured fields go in as JSON text.
        flat = [[*(r[c] for c in self.COLUMNS[:3]), json.dumps(r["fields"], ensure_ascii=False), r["draft_id"],
                 r["publication_id"]] for r in rows]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if suffix == ".xlsx":
                self._xlsx(flat)
                return [Outcome(True) for _ in items]
            with self.path.open("w", encoding="utf-8", newline="") as f:
                if suffix == ".jsonl":
                    for r in rows:
                        f.write(json.dumps(r, ensure_ascii=False) + "\n")
                else:
                    w = csv.writer(f)
                    w.writerow(self.COLUMNS)
                    w.writerows(flat)
        except OSError as exc:
            raise UserError(f"{self.path}: cannot write ({exc.strerror}); choose another path with -o") from None
        return [Outcome(True) for _ in items]

    def _xlsx(self, rows: list[list[Any]]) -> None:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("copy")
        sheet.append(list(self.COLUMNS))
        for row in rows:
            sheet.append(row)
        book.save(self.path)


# Which Shopify product column each kind of copy fills. Only these columns are written: Shopify's importer
# leaves a product's other columns as they are when they are absent from the file.
SHOPIFY_COLUMNS = {"description": "Body (HTML)", "title": "Title", "bullets": "Body (HTML)"}


@dataclass
class ShopifyCsv:
    """A product CSV Shopify's importer accepts. With the shop's own export imported (`bind`), it is that file
    written back: the same header and records, only the copy cells being published changed, so every column the
    shop did not ask to change arrives byte for byte; `all_products` writes every record, in the shop's order, with
    the copy live on this channel. Without one: Handle plus the one column this run's copy fills."""

    path: Path
    name: str = "shopify-csv"
    all_products: bool = False
    session: Any = field(default=None, repr=False)
    layout: Any = field(default=None, repr=False)  # the shop's ShopifyFile
    handles: set[str] = field(default_factory=set, repr=False)
    live: list[Item] = field(default_factory=list, repr=False)  # copy live already: written, not delivered again

    def bind(self, session: Any, live: list[Item]) -> None:
        """Write the shop's last imported export back (if there is one), with `live` copy in its cells."""
        from shopscribe.catalog.shopify_file import file_handles, newest_file

        self.session, self.layout, self.live = session, newest_file(session), live
        self.handles = file_handles(session, self.layout) if self.layout is not None else set()

    def deliver(self, items: list[Item]) -> list[Outcome]:
        kinds = {i.field for i in items}
        unknown = kinds - set(SHOPIFY_COLUMNS)
        if unknown:
            raise UserError(f"shopify-csv takes {', '.join(SHOPIFY_COLUMNS)} copy, not {', '.join(sorted(unknown))}; "
                            "give --kind")
        columns = [SHOPIFY_COLUMNS[k] for k in kinds]
        if len(set(columns)) < len(columns) or (self.layout is None and len(columns) > 1):
            raise UserError("shopify-csv writes one kind of copy per column: publish one --kind at a time")
        if self.layout is not None:
            return self._write_back(items)
        if self.all_products:
            raise UserError("--all-products writes the shop's own Shopify export back: import the products_export.csv "
                            "from Shopify (shopscribe import products FILE) first")
        column = columns[0] if columns else "Body (HTML)"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["Handle", column])
                for i in items:
                    w.writerow([handle(i.sku), _shopify_value(i)])
        except OSError as exc:
            raise UserError(f"{self.path}: cannot write ({exc.strerror}); choose another path with -o") from None
        return [Outcome(True) for _ in items]

    def _write_back(self, items: list[Item]) -> list[Outcome]:
        from shopscribe.catalog.shopify_file import write_back

        outside = {i.sku for i in items} - self.handles
        changes: dict[str, dict[str, str]] = {}
        for i in [*self.live, *items]:  # this run's copy last: it wins its cell
            changes.setdefault(i.sku, {})[SHOPIFY_COLUMNS[i.field]] = _shopify_value(i)
        written = None if self.all_products else {i.sku for i in items} - outside
        if written is None or written:
            write_back(self.session, self.layout, self.path, changes, written)
        return [Outcome(False, error=f"{i.sku} is not in the shop's Shopify export: the file written back holds only "
                        "the shop's products") if i.sku in outside else Outcome(True) for i in items]


def handle(sku: str) -> str:
    """Shopify's handle for a product we know by SKU: lower case, words joined by hyphens."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in sku.casefold()).split())


def _shopify_value(item: Item) -> str:
    if "cell" in item.fields:
        return item.fields["cell"]  # the shop's own copy: the cell exactly as the shop wrote it
    if item.field == "bullets":
        return "<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in item.fields.get("bullets", [])) + "</ul>"
    if item.field == "description":
        return "".join(f"<p>{html.escape(p.strip())}</p>" for p in item.text.split("\n") if p.strip())
    return item.text


@dataclass
class Webhook:
    """POST each item as JSON, signed: X-Shopscribe-Signature is sha256=HMAC-SHA256(secret, raw body), and
    X-Shopscribe-Delivery names the delivery so a receiver can drop a retry it has already taken."""

    url: str
    secret: str
    timeout_s: float = 10.0
    max_attempts: int = 4
    backoff_s: float = 0.2
    name: str = "webhook"
    sleep: Any = field(default=time.sleep, repr=False)

    def deliver(self, items: list[Item]) -> list[Outcome]:
        import httpx

        if not self.secret:
            raise UserError("the webhook channel signs every delivery: set SHOPSCRIBE_WEBHOOK_SECRET")
        out = []
        with httpx.Client(timeout=self.timeout_s) as client:
            for item in items:
                out.append(self._one(client, item))
        return out

    def _one(self, client: Any, item: Item) -> Outcome:
        import httpx

        body = json.dumps({"delivery": item.key, "sku": item.sku, "field": item.field, "text": item.text,
                           "fields": item.fields, "draft_id": item.draft_id,
                           **({"withdrawn": True} if item.withdrawn else {})}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "X-Shopscribe-Delivery": item.key,
                   "X-Shopscribe-Signature": "sha256=" + sign(self.secret, body)}
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                r = client.post(self.url, content=body, headers=headers)
            except httpx.TimeoutException:
                error = f"timed out after {self.timeout_s:g} s"
            except httpx.HTTPError as exc:
                error = f"could not connect ({type(exc).__name__})"
            else:
                if r.status_code < 300:
                    return Outcome(True, attempt)
                error = f"HTTP {r.status_code}"
                if r.status_code < 500 and r.status_code != 429:
                    return Outcome(False, attempt, error)  # the receiver refused it: asking again changes nothing
            if attempt < self.max_attempts:
                self.sleep(min(self.backoff_s * 2 ** (attempt - 1), 5.0))
        return Outcome(False, self.max_attempts, error)


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
