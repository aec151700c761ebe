"""Streaming readers for CSV, JSONL and XLSX catalog files, with encoding detection.

Each reader yields one `SourceRow` per data row with the line number a user sees: the physical
line in a CSV/JSONL file (where a multi-line CSV record starts), the row number in a spreadsheet.
Files are never read whole: text is decoded in chunks and spreadsheets are opened read-only.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from shopscribe.errors import UserError

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_CHUNK = 1 << 20
_DETECT_SAMPLE = 4 << 20
csv.field_size_limit(64 << 20)  # long HTML descriptions exceed the 128 KiB default


@dataclass
class SourceRow:
    """One data row: its line number, the header it is read under, and its cell values (or a problem)."""

    line: int
    headers: list[str]
    values: list[Any]
    problem: str | None = None
    # CSV only: the record's exact text (quotes and line end included) and the blank records just before it, so a
    # file can be written back byte for byte (the Shopify round trip).
    text: str | None = None
    before: str = ""


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        if path.suffix.lower() == ".json":
            raise UserError(f"{path}: a .json file is not supported; write one JSON object per line and name it .jsonl")
        if path.suffix.lower() == ".xls":
            raise UserError(f"{path}: old Excel .xls files are not supported; save the sheet as .xlsx or CSV (UTF-8)")
        raise UserError(f"{path}: unknown file type {path.suffix or '(none)'!r}; use .csv, .jsonl or .xlsx")
    return fmt


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes strictly; streamed in chunks, so memory stays flat."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` if the file is valid UTF-8 (with or without BOM), else `gb18030` if valid, else detected.

    GB18030 is a superset of GBK and GB2312, so one try covers the encodings Chinese Excel writes.
    Detection (charset-normalizer) only runs for anything else and reads a sample, not the file.
    """
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8-sig", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    from charset_normalizer import from_bytes

    with path.open("rb") as f:
        best = from_bytes(f.read(_DETECT_SAMPLE)).best()
    if best is None:
        raise UserError(f"{path}: cannot tell the text encoding; save the file as UTF-8 and import again")
    return best.encoding


class Source:
    """An open catalog file: format, encoding, and a row iterator with progress in bytes or rows."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise UserError(f"{path}: no such file")
        if path.is_dir():
            raise UserError(f"{path}: is a folder; give the path of a .csv, .jsonl or .xlsx file")
        self.path = path
        self.format = file_format(path)
        self.encoding: str | None = None
        # What it takes to write a CSV back as it was: a UTF-8 BOM, the delimiter, the text up to and with the
        # header, and the blank records after the last row.
        self.bom = False
        self.delimiter = ","
        self.header_text = ""
        self.tail = ""
        self.total = path.stat().st_size
        self._binary: BinaryIO | None = None
        self._rows_done = 0
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    @property
    def done(self) -> int:
        """Progress so far, in the unit of `total` (bytes for text files, rows for spreadsheets)."""
        if self._binary is not None and not self._binary.closed:
            return min(self._binary.tell(), self.total)
        return self._rows_done

    def rows(self) -> Iterator[SourceRow]:
        if self.format == "xlsx":
            return self._xlsx_rows()
        self.encoding = detect_encoding(self.path)
        with self.path.open("rb") as f:
            self.bom = f.read(3) == codecs.BOM_UTF8
        self._binary = self._stack.enter_context(self.path.open("rb"))
        text = io.TextIOWrapper(self._binary, encoding=self.encoding, errors="strict", newline="")
        return self._csv_rows(text) if self.format == "csv" else self._jsonl_rows(text)

    def _csv_rows(self, text: io.TextIOWrapper) -> Iterator[SourceRow]:
        peeked: list[str] = []
        while line := text.readline():
            peeked.append(line)
            if line.strip():
                break
        if not peeked or not peeked[-1].strip():
            raise UserError(f"{self.path}: the file is empty; the first line must name the columns")
        delimiter = "\t" if self.path.suffix.lower() == ".tsv" else _delimiter(peeked[-1])
        self.delimiter = delimiter
        consumed: list[str] = []

        def lines() -> Iterator[str]:
            # The reader pulls one physical line at a time and stops at a record's end, so what it pulled since the
            # last record is exactly this record's text.
            for line in itertools.chain(peeked, text):
                consumed.append(line)
                yield line

        def taken() -> str:
            out = "".join(consumed)
            consumed.clear()
            return out

        # line_num counts physical lines read, so a record's first line is the previous line_num + 1.
        reader = csv.reader(lines(), delimiter=delimiter)
        blank = ""
        headers: list[str] | None = None
        previous = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                self.tail = blank + taken()
                break
            except csv.Error as exc:
                start, previous = previous + 1, reader.line_num
                yield SourceRow(start, headers or [], [], problem=f"CSV syntax error ({exc}): check the quotes on this line",
                                text=taken(), before=blank)
                blank = ""
                continue
            except UnicodeDecodeError:
                raise UserError(
                    f"{self.path}: not valid {self.encoding} after line {previous}; save the file as UTF-8 and import again"
                ) from None
            start, previous = previous + 1, reader.line_num
            # A record of empty cells (`,,,,` that spreadsheets write below the data) carries nothing,
            # as an empty sheet row does in XLSX.
            if not any(v.strip() for v in record):
                blank += taken()
                continue
            if headers is None:
                headers = record
                self.header_text, blank = blank + taken(), ""
                continue
            raw, before, blank = taken(), blank, ""
            if len(record) != len(headers):
                where = f"lines {start}-{previous}" if previous > start else f"line {start}"
                yield SourceRow(
                    start, headers, record,
                    problem=(
                        f"row has {len(record)} columns but the header has {len(headers)} ({where}): "
                        "quote values that contain the delimiter and close every quote"
                    ),
                    text=raw, before=before,
                )
                continue
            yield SourceRow(start, headers, record, text=raw, before=before)

    def _jsonl_rows(self, text: io.TextIOWrapper) -> Iterator[SourceRow]:
        number = 0
        while True:
            try:
                line = text.readline()
            except UnicodeDecodeError:
                raise UserError(
                    f"{self.path}: not valid {self.encoding} after line {number}; save the file as UTF-8 and import again"
                ) from None
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield SourceRow(number, [], [], problem=f"not valid JSON ({exc.msg} at column {exc.colno}): write one JSON object per line")
                continue
            if not isinstance(obj, dict):
                yield SourceRow(number, [], [], problem=f"line holds a JSON {type(obj).__name__}, not an object: write one {{...}} object per line")
                continue
            yield SourceRow(number, list(obj.keys()), list(obj.values()))

    def _xlsx_rows(self) -> Iterator[SourceRow]:
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException for broken files
            raise UserError(f"{self.path}: cannot open as an Excel workbook ({exc}); save it again as .xlsx") from None
        self._stack.callback(workbook.close)
        sheet = workbook.worksheets[0]
        self.total = sheet.max_row or 0
        headers: list[str] | None = None
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            row_number = next((c.row for c in cells if getattr(c, "row", None)), number)
            self._rows_done = row_number
            values = [c.value for c in cells]
            if headers is None:
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                while values and values[-1] is None:
                    values.pop()
                headers = ["" if v is None else str(v) for v in values]
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            extra = [v for v in values[len(headers):] if v is not None and str(v).strip()]
            if extra:
                yield SourceRow(
                    row_number, headers, values,
                    problem=f"row has values beyond the last named column ({len(headers)}): give every column a header",
                )
                continue
            values = values[: len(headers)] + [None] * (len(headers) - len(values))
            yield SourceRow(row_number, headers, values)
        if headers is None:
            raise UserError(f"{self.path}: the first sheet is empty; its first row must name the columns")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
