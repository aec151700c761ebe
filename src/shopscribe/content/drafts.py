"""Reading stored drafts in the shape the CLI and API print and export."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from pydantic import BaseModel, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.content.kinds import get_kind
from shopscribe.content.stale import LIVE
from shopscribe.store import Draft, DraftStatus, Product, use_session


class DraftQuery(BaseModel):
    """Which drafts to list or export; every filter is optional."""

    kind: str | None = None
    sku: str | None = None
    status: DraftStatus | None = None
    job: str | None = None
    segment: str | None = None
    id: int | None = None
    stale: bool = False  # only approved or published drafts that state a fact the catalog has since changed

    @field_validator("kind")
    @classmethod
    def _kind(cls, kind: str | None) -> str | None:
        return get_kind(kind).name if kind else None

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, status: str | None) -> DraftStatus | None:
        return DraftStatus.parse(status) if status else None


def draft_record(d: Draft) -> dict[str, Any]:
    """A draft in the CLI/API JSON shape."""
    return {"id": d.id, "sku": d.product.sku, "kind": d.kind, "lang": d.lang, "channel": d.channel,
            "target": d.target or None, "segment": d.segment, "variant": d.variant, "text": d.text, "fields": d.fields,
            "model": d.model, "status": str(d.status), "template": d.template, "prompt_hash": d.prompt_hash,
            "passed": d.check_report.get("passed"), "score": float(d.score) if d.score is not None else None,
            "flags": d.check_report.get("flags", []), "prompt_tokens": d.prompt_tokens,
            "completion_tokens": d.completion_tokens, "latency_ms": d.latency_ms, "attempts": d.attempts,
            "stale": d.stale}


def list_drafts(q: DraftQuery | None = None, session: Session | None = None) -> list[dict[str, Any]]:
    q = q or DraftQuery()
    query = select(Draft).join(Draft.product).order_by(Product.sku, Draft.kind, Draft.id)
    if q.kind:
        query = query.where(Draft.kind == q.kind)
    if q.sku:
        query = query.where(Product.sku == q.sku)
    if q.status:
        query = query.where(Draft.status == q.status)
    if q.job:
        query = query.where(Draft.job_id == q.job)
    if q.segment:
        query = query.where(Draft.segment == q.segment)
    if q.id is not None:
        query = query.where(Draft.id == q.id)
    if q.stale:
        query = query.where(Draft.stale.is_not(None), Draft.status.in_(LIVE))
    with use_session(session) as s:
        return [draft_record(d) for d in s.scalars(query)]


EXPORT_FIELDS = ("id", "sku", "kind", "lang", "channel", "target", "segment", "variant", "status", "passed", "score", "text",
                 "fields", "model", "template", "prompt_hash")


def export_drafts(out: TextIO, fmt: str = "jsonl", q: DraftQuery | None = None, session: Session | None = None) -> int:
    """Write drafts (best variant first within each product) as JSON lines or CSV; returns the count."""
    rows = list_drafts(q, session)
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
