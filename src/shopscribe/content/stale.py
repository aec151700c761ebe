"""Copy follows the catalog: when a re-import changes a product's facts, the approved and published drafts that
state an old fact are marked stale with the fact that changed.

A draft "states" a changed fact when its text holds a part of the old value the new value no longer has: a number
(the old price 89 in "只要89元"), or a word of a list (a colour that was dropped). Stale copy is never published
anew; copy that is already live stays live until a reviewer approves a successor (`generate --stale` writes one),
or is withdrawn at once when the shop says the old fact is now false (`drafts withdraw`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.catalog import FactChange, ProductChange
from shopscribe.store import AuditLog, Draft, DraftStatus, Product, use_session

LIVE = tuple(s for s in DraftStatus if s.reviewed_good)  # approved and published: copy that is or may go live
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PARTS = re.compile(r"\s*(?:[/,，、;；|+]|\band\b|和)\s*")


class StaleDraft(BaseModel):
    id: int
    sku: str
    kind: str
    status: str
    stale: list[FactChange]


class StaleResult(BaseModel):
    drafts: list[StaleDraft] = Field(default_factory=list)


def states_old_fact(text: str, change: FactChange) -> bool:
    """Whether `text` states a part of the old value that the new value dropped."""
    if change.old is None:
        return False
    new = change.new or ""
    old_numbers = {_number(n) for n in _NUMBER.findall(change.old)} - {_number(n) for n in _NUMBER.findall(new)}
    if old_numbers and old_numbers & {_number(n) for n in _NUMBER.findall(text)}:
        return True
    kept = {p.casefold() for p in _PARTS.split(new) if p}
    low = text.casefold()
    return any(len(p) >= 2 and not _NUMBER.fullmatch(p) and p.casefold() not in kept and p.casefold() in low
               for p in _PARTS.split(change.old.strip()))


def mark_stale(changed: Iterable[ProductChange], actor: str = "import",
               session: Session | None = None) -> StaleResult:
    """Mark the approved and published drafts of the changed products that state an old fact (see the docstring)."""
    by_sku = {c.sku: c.changes for c in changed}
    result = StaleResult()
    if not by_sku:
        return result
    with use_session(session) as s:
        drafts = s.scalars(select(Draft).join(Draft.product).where(Product.sku.in_(list(by_sku)),
                                                                   Draft.status.in_(LIVE)).order_by(Draft.id))
        for d in drafts:
            hits = [c for c in by_sku[d.product.sku] if states_old_fact(d.text, c)]
            if not hits:
                continue
            known = {(f["fact"], f["old"]) for f in d.stale or []}
            d.stale = [*(d.stale or []), *(c.model_dump() for c in hits if (c.fact, c.old) not in known)]
            s.add(AuditLog(actor=actor, action="draft.stale", entity="draft", entity_id=str(d.id),
                           detail={"changes": [c.model_dump() for c in hits]}))
            result.drafts.append(StaleDraft(id=d.id, sku=d.product.sku, kind=d.kind, status=str(d.status),
                                            stale=[FactChange(**f) for f in d.stale]))
    return result


def stale_skus(kind: str | None = None, session: Session | None = None) -> list[str]:
    """Products with stale approved or published copy (of one kind): what `generate --stale` writes anew."""
    query = select(Product.sku).join(Draft.product).where(Draft.stale.is_not(None), Draft.status.in_(LIVE))
    if kind:
        query = query.where(Draft.kind == kind)
    with use_session(session) as s:
        return sorted(set(s.scalars(query)))


def _number(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
