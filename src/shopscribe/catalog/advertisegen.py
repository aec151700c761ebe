"""AdvertiseGen rows ({"content": "类型#上衣*材质#牛仔布*…", "summary": "…"}): read, validate, turn into products.

The data lives outside the repository (see shared/data/advertisegen/PROVENANCE.md): train.jsonl is for
training and few-shot pools only, dev.jsonl for reporting only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopscribe.errors import UserError

DATA_DIR_ENV = "SHOPSCRIBE_ADVERTISEGEN_DIR"
FORMAT_HINT = 'each line must be one JSON object like {"content": "类型#上衣*颜色#白色", "summary": "…"}'


@dataclass(frozen=True)
class AdgenRow:
    """One attribute string and its reference copy. key is "<file stem>:<line>", unique within a run."""

    key: str
    content: str
    summary: str

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return parse_content(self.content)

    def product(self) -> dict[str, Any]:
        return product_from_pairs(self.pairs)


def default_data_dir() -> Path:
    """$SHOPSCRIBE_ADVERTISEGEN_DIR, else ../shared/data/advertisegen beside the working directory or the repo."""
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env)
    here = Path.cwd() / ".." / "shared" / "data" / "advertisegen"
    if here.is_dir():
        return here.resolve()
    repo = Path(__file__).resolve().parents[3]
    return (repo / ".." / "shared" / "data" / "advertisegen").resolve()


def parse_content(content: str) -> list[tuple[str, str]]:
    """'类型#上衣*版型#宽松*版型#显瘦' → [('类型','上衣'), ('版型','宽松'), ('版型','显瘦')]; ValueError if malformed."""
    pairs = []
    for part in content.split("*"):
        key, sep, value = part.partition("#")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"'{part}' is not key#value")
        pairs.append((key.strip(), value.strip()))
    return pairs


def product_from_pairs(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """A catalog-shaped product: attributes keyed by name (repeated names joined with 、), 类型 as category."""
    attributes: dict[str, str] = {}
    for key, value in pairs:
        attributes[key] = f"{attributes[key]}、{value}" if key in attributes else value
    return {"title": "", "category": attributes.get("类型", ""), "attributes": attributes}


def read_rows(path: Path, limit: int | None = None, *, need_summary: bool = True) -> list[AdgenRow]:
    """Rows of an AdvertiseGen JSONL file; UserError naming the file, line and fix for anything malformed."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"data file {path} does not exist: give an AdvertiseGen JSONL file ({FORMAT_HINT})")
    rows: list[AdgenRow] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if limit is not None and len(rows) >= limit:
                break
            if not line.strip():
                continue
            where = f"{path}, line {line_no}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"{where}: not valid JSON ({exc.msg}); {FORMAT_HINT}") from None
            if not isinstance(obj, dict):
                raise UserError(f"{where}: a JSON {type(obj).__name__}, not an object; {FORMAT_HINT}")
            content, summary = obj.get("content"), obj.get("summary")
            if not isinstance(content, str) or not content.strip():
                raise UserError(f"{where}: field 'content' is missing or empty; {FORMAT_HINT}")
            if need_summary and (not isinstance(summary, str) or not summary.strip()):
                raise UserError(f"{where}: field 'summary' is missing or empty; {FORMAT_HINT}")
            try:
                parse_content(content)
            except ValueError as exc:
                raise UserError(f"{where}: field 'content' {exc}; write attributes as key#value joined by *") from None
            rows.append(AdgenRow(f"{path.stem}:{line_no}", content, summary or ""))
    if not rows:
        raise UserError(f"{path} has no rows; {FORMAT_HINT}")
    return rows


def is_dev_file(path: Path, dev_path: Path | None = None) -> bool:
    """The AdvertiseGen dev split, which must never feed training, few-shot pools or prompt tuning.

    By name (dev*.jsonl), or by content: a renamed copy or a slice of dev shares reference texts with it,
    while train and dev share none. dev_path defaults to dev.jsonl in the default data directory.
    """
    path = Path(path)
    if path.name.startswith("dev"):
        return True
    dev_path = Path(dev_path) if dev_path else default_data_dir() / "dev.jsonl"
    if not dev_path.is_file() or not path.is_file():
        return False
    if dev_path.resolve() == path.resolve():
        return True
    return bool(_summaries(path) & _summaries(dev_path))


def _summaries(path: Path) -> set[str]:
    """The non-empty 'summary' texts of a JSONL file; lines that are not JSON objects are left to read_rows."""
    out = set()
    with Path(path).open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("summary"), str) and obj["summary"].strip():
                out.add(obj["summary"].strip())
    return out
