"""Reading stored drafts in the shape the CLI and API print and export."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from sqlalchemy import select

from shopscribe.store import Draft, Product, session_scope


def draft_record(d: Draft) -> dict[str, Any]:
    """A draft in the CLI/API JSON shape."""
    return {"id": d.id, "sku": d.product.sku, "kind": d.kind, "lang": d.lang, "channel": d.channel,
            "target": d.target or None, "variant": d.variant, "text": d.text, "fields": d.fields,
            "model": d.model, "status": d.status, "template": d.template, "prompt_hash": d.prompt_hash,
            "passed": d.check_report.get("passed"), "score": float(d.score) if d.score is not None else None,
            "flags": d.check_report.get("flags", []), "prompt_tokens": d.prompt_tokens,
            "completion_tokens": d.completion_tokens, "latency_ms": d.latency_ms, "attempts": d.attempts}


def list_drafts(*, kind: str | None = None, sku: str | None = None, status: str | None = None,
                job: str | None = None) -> list[dict[str, Any]]:
    with session_scope() as s:
        query = select(Draft).join(Draft.product).order_by(Product.sku, Draft.kind, Draft.id)
        if kind:
            query = query.where(Draft.kind == kind)
        if sku:
            query = query.where(Product.sku == sku)
        if status:
            query = query.where(Draft.status == status)
        if job:
            query = query.where(Draft.job_id == job)
        return [draft_record(d) for d in s.scalars(query)]


EXPORT_FIELDS = ("id", "sku", "kind", "lang", "channel", "target", "variant", "status", "passed", "score", "text",
                 "fields", "model", "template", "prompt_hash")


def export_drafts(out: TextIO, fmt: str = "jsonl", **filters: str | None) -> int:
    """Write drafts (best variant first within each product) as JSON lines or CSV; returns the count."""
    rows = list_drafts(**filters)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=[*EXPORT_FIELDS, "flags"])
        writer.writeheader()
        for r in rows:
            row = {k: r[k] for k in EXPORT_FIELDS}
            row["fields"] = json.dumps(r["fields"], ensure_ascii=False)
            row["flags"] = "; ".join(f"{f['check']}/{f['severity']}: {f['text']} — {f['message']}" for f in r["flags"])
            writer.writerow(row)
    else:
        for r in rows:
            out.write(json.dumps({**{k: r[k] for k in EXPORT_FIELDS}, "flags": r["flags"]}, ensure_ascii=False) + "\n")
    return len(rows)
