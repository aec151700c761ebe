"""The shop's Shopify export kept as a file: each record's exact text stored at import, and the file written back
with only the cells we own changed, so Shopify's importer finds every other column byte for byte as it was.

A record's stored text includes its quoting and its line end; an unchanged record is written as that text, a changed
one is parsed, given its new cells and written with minimal quoting and its own line end. Blank records and the text
after the last row are kept too. The newest complete file is the one written back: an import marks its file
complete at the end and then drops the older ones, so a crashed import never becomes the layout.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shopscribe.catalog.columns import normalise_header
from shopscribe.catalog.readers import Source, SourceRow
from shopscribe.errors import UserError
from shopscribe.store import ShopifyFile, ShopifyRow


class FileRecorder:
    """Collects one import's records in file order; `flush` writes what it holds, `complete` ends the file."""

    def __init__(self, name: str, source: Source, headers: list[str]) -> None:
        self.name = name[-500:]
        self.source = source
        self.headers = headers
        self.file_id: int | None = None
        self.position = 0
        self.rows: list[dict[str, object]] = []

    def add(self, row: SourceRow, handle: str | None) -> None:
        if row.before:
            self._add(None, row.before)
        self._add(handle or None, row.text or "")

    def _add(self, handle: str | None, text: str) -> None:
        self.rows.append({"position": self.position, "handle": handle, "text": text})
        self.position += 1

    def flush(self, session: Session) -> None:
        if self.file_id is None:
            record = ShopifyFile(name=self.name, headers=self.headers, header_text=self.source.header_text,
                                 delimiter=self.source.delimiter, bom=self.source.bom, complete=False)
            session.add(record)
            session.flush()
            self.file_id = record.id
        if self.rows:
            session.execute(insert(ShopifyRow), [{"file_id": self.file_id, **r} for r in self.rows])
            self.rows = []

    def complete(self, session: Session) -> None:
        if self.source.tail:
            self._add(None, self.source.tail)
        self.flush(session)
        session.get(ShopifyFile, self.file_id).complete = True
        older = select(ShopifyFile.id).where(ShopifyFile.id != self.file_id)
        session.execute(delete(ShopifyRow).where(ShopifyRow.file_id.in_(older)))
        session.execute(delete(ShopifyFile).where(ShopifyFile.id != self.file_id))


def newest_file(session: Session) -> ShopifyFile | None:
    """The shop's last completely imported Shopify export, or None."""
    return session.scalar(select(ShopifyFile).where(ShopifyFile.complete.is_(True)).order_by(ShopifyFile.id.desc())
                          .limit(1))


def file_handles(session: Session, file: ShopifyFile) -> set[str]:
    return set(session.scalars(select(ShopifyRow.handle).where(ShopifyRow.file_id == file.id,
                                                               ShopifyRow.handle.is_not(None)).distinct()))


def write_back(session: Session, file: ShopifyFile, path: Path, changes: dict[str, dict[str, str]],
               handles: Iterable[str] | None = None) -> None:
    """Write `file` to `path`: every record as it was, except the cells in `changes` (handle → column header →
    new value) on each handle's first row. `handles`: only these products' rows (None: every row, in file order)."""
    wanted = None if handles is None else set(handles)
    columns = {normalise_header(h): i for i, h in reversed(list(enumerate(file.headers)))}
    seen: set[str] = set()
    rows = session.scalars(select(ShopifyRow).where(ShopifyRow.file_id == file.id).order_by(ShopifyRow.position)
                           .execution_options(yield_per=2000))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig" if file.bom else "utf-8", newline="") as out:
            out.write(file.header_text)
            for row in rows:
                if wanted is not None and row.handle not in wanted:
                    continue
                first = row.handle is not None and row.handle not in seen
                if row.handle is not None:
                    seen.add(row.handle)
                cells = changes.get(row.handle or "") if first else None
                out.write(_changed(row.text, cells, columns, file.delimiter) if cells else row.text)
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror}); choose another path with -o") from None


def _changed(text: str, cells: dict[str, str], columns: dict[str, int], delimiter: str) -> str:
    original = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    record = list(original)
    for header, value in cells.items():
        index = columns.get(normalise_header(header))
        if index is None or index >= len(record):
            raise UserError(f"the shop's Shopify file has no {header} column: export the products from Shopify with "
                            "every column and import it again")
        record[index] = value
    if record == original:
        return text  # the copy is what the shop has: keep the record's own quoting
    ending = next((e for e in ("\r\n", "\n", "\r") if text.endswith(e)), "")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending or "\n").writerow(record)
    written = buffer.getvalue()
    return written if ending else written[:-1]
