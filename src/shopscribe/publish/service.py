"""`shopscribe publish`: approved copy to a channel, once. Every delivery is a row of the publication log; the
copy that is live in a slot (channel, product, field) is its latest delivered row, so publishing the same copy
again sends nothing, a failed delivery is retried on the next run, and a rollback re-delivers the copy before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.config import Settings
from shopscribe.errors import UserError
from shopscribe.publish.deliveries import Delivery, FileExport, Item, ShopifyCsv, Webhook
from shopscribe.store import AuditLog, Draft, DraftStatus, Experiment, Product, Publication, session_scope, use_session, utcnow

CHANNELS = ("file", "shopify-csv", "webhook")


class PublishRequest(BaseModel):
    channel: str
    skus: list[str] = Field(default_factory=list)  # empty: every product with approved copy
    kind: str | None = None
    output: Path | None = None  # file and shopify-csv
    at: dt.datetime | None = None  # later: record it now, deliver with `publish --due` once the time has come
    due: bool = False  # deliver the scheduled publications whose time has come
    actor: str = "cli"


class Failed(BaseModel):
    sku: str
    reason: str


class PublishResult(BaseModel):
    published: int = 0
    skipped_already_published: int = 0
    scheduled: int = 0
    failed: list[Failed] = Field(default_factory=list)
    publications: list[int] = Field(default_factory=list)


class RollbackRequest(BaseModel):
    channel: str
    sku: str
    kind: str
    output: Path | None = None
    actor: str = "cli"


def delivery_for(req: PublishRequest | RollbackRequest, settings: Settings) -> Delivery:
    if req.channel not in CHANNELS:
        raise UserError(f"unknown publishing channel '{req.channel}'; choose one of: {', '.join(CHANNELS)}")
    if req.channel == "webhook":
        if not settings.webhook_url:
            raise UserError("the webhook channel needs SHOPSCRIBE_WEBHOOK_URL (and SHOPSCRIBE_WEBHOOK_SECRET)")
        return Webhook(settings.webhook_url, settings.webhook_secret.get_secret_value(), settings.webhook_timeout_s)
    if req.output is None:
        raise UserError(f"the {req.channel} channel writes a file: give it with -o FILE")
    return FileExport(req.output) if req.channel == "file" else ShopifyCsv(req.output)


def publish(req: PublishRequest, settings: Settings, delivery: Delivery | None = None,
            session: Session | None = None) -> PublishResult:
    """Publish (or schedule) the best approved draft of each product and field; see the module docstring."""
    delivery = delivery or delivery_for(req, settings)
    result = PublishResult()
    now = utcnow()
    with use_session(session) as s:
        if req.due:
            due = list(s.scalars(select(Publication).where(Publication.channel == req.channel,
                                                           Publication.state == "pending",
                                                           Publication.scheduled_at <= now)))
            _deliver(s, delivery, due, result, req.actor)
            return result
        pending = []
        won = Experiment.winners(s, req.kind)
        for draft in _candidates(s, req, won):
            key = publication_key(req.channel, draft.product.sku, draft.kind, draft.text)
            live = _live(s, req.channel, draft.product_id, draft.kind)
            if live is not None and live.key == key:
                result.skipped_already_published += 1
                continue
            waiting = s.scalar(select(Publication).where(Publication.channel == req.channel, Publication.key == key,
                                                         Publication.state.in_(("pending", "failed"))))
            pub = waiting or Publication(draft_id=draft.id, product_id=draft.product_id, channel=req.channel,
                                         field=draft.kind, key=key, text=draft.text, state="pending",
                                         **provenance(draft, won))
            if req.at is not None and _aware(req.at) > now:
                pub.scheduled_at = _aware(req.at)
                s.add(pub)
                result.scheduled += 1
                continue
            s.add(pub)
            pending.append(pub)
        s.flush()
        _deliver(s, delivery, pending, result, req.actor)
    return result


def rollback(req: RollbackRequest, settings: Settings, delivery: Delivery | None = None) -> PublishResult:
    """Deliver again the copy that was live before the current one in this slot."""
    delivery = delivery or delivery_for(req, settings)
    result = PublishResult()
    with session_scope() as s:
        product = s.scalar(select(Product).where(Product.sku == req.sku))
        if product is None:
            raise UserError(f"unknown SKU {req.sku!r}")
        history = list(s.scalars(select(Publication).where(
            Publication.channel == req.channel, Publication.product_id == product.id, Publication.field == req.kind,
            Publication.state == "delivered").order_by(Publication.delivered_at.desc(), Publication.id.desc())))
        if not history:
            raise UserError(f"nothing is published for {req.sku} {req.kind} on {req.channel}")
        current = history[0]
        earlier = next((p for p in history[1:] if p.key != current.key), None)
        if earlier is None:
            raise UserError(f"{req.sku} {req.kind} on {req.channel} has no earlier version to roll back to")
        pub = Publication(draft_id=earlier.draft_id, product_id=product.id, channel=req.channel, field=req.kind,
                          key=earlier.key, text=earlier.text, state="pending", rollback_of=current.id,
                          template=earlier.template, model=earlier.model, adapter=earlier.adapter,
                          experiment_id=earlier.experiment_id)
        s.add(pub)
        s.flush()
        _deliver(s, delivery, [pub], result, req.actor)
    return result


def publication_log(channel: str | None = None, sku: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    query = select(Publication).order_by(Publication.id.desc()).limit(limit)
    if channel:
        query = query.where(Publication.channel == channel)
    with session_scope() as s:
        if sku:
            query = query.join(Product, Product.id == Publication.product_id).where(Product.sku == sku)
        return [{"id": p.id, "channel": p.channel, "sku": p.product.sku, "field": p.field, "draft_id": p.draft_id,
                 "state": p.state, "attempts": p.attempts, "error": p.error, "rollback_of": p.rollback_of,
                 "scheduled_at": p.scheduled_at, "delivered_at": p.delivered_at, "text": p.text,
                 "template": p.template, "model": p.model, "adapter": p.adapter, "experiment_id": p.experiment_id}
                for p in s.scalars(query)]


def provenance(draft: Draft, won: dict[int, int]) -> dict[str, Any]:
    """What wrote a draft's copy, as a publication records it: template, model and adapter apart, and the experiment
    it won (so "which prompt wrote the copy that sold" is one query)."""
    model, _, adapter = (draft.model or "").partition("+lora:")
    return {"template": draft.template or None, "model": model or None, "adapter": adapter or None,
            "experiment_id": won.get(draft.id)}


def publication_key(channel: str, sku: str, field: str, text: str) -> str:
    return hashlib.sha256("\x1f".join((channel, sku, field, text)).encode("utf-8")).hexdigest()


# ---- inside ----------------------------------------------------------------------------------------------------


def _candidates(s: Session, req: PublishRequest, won: dict[int, int]) -> list[Draft]:
    """The best approved draft per product and field: an experiment's promoted winner, else the highest score, then
    the newest."""
    query = select(Draft).join(Product, Product.id == Draft.product_id).where(
        Draft.status.in_((DraftStatus.approved, DraftStatus.published)), Draft.target == "", Draft.segment.is_(None))
    if req.skus:
        query = query.where(Product.sku.in_(req.skus))
    if req.kind:
        query = query.where(Draft.kind == req.kind)
    best: dict[tuple[int, str], Draft] = {}
    for d in s.scalars(query.order_by(Product.sku, Draft.kind, Draft.id)):
        slot = (d.product_id, d.kind)
        held = best.get(slot)
        if held is None or _rank(d, won) > _rank(held, won):
            best[slot] = d
    missing = set(req.skus) - {d.product.sku for d in best.values()}
    if missing:
        raise UserError(f"no approved copy for {', '.join(sorted(missing))}: approve drafts first "
                        "(shopscribe drafts approve)")
    return sorted(best.values(), key=lambda d: (d.product.sku, d.kind))


def _rank(d: Draft, won: dict[int, int]) -> tuple[Any, ...]:
    # The latest experiment's winner first (conversions said so); then a published draft stays the choice until a
    # newer approval beats it; among approvals, score then recency.
    return (won.get(d.id, 0), d.status == DraftStatus.approved, float(d.score or 0), d.id)


def _live(s: Session, channel: str, product_id: int, field: str) -> Publication | None:
    return s.scalar(select(Publication).where(Publication.channel == channel, Publication.product_id == product_id,
                                              Publication.field == field, Publication.state == "delivered")
                    .order_by(Publication.delivered_at.desc(), Publication.id.desc()).limit(1))


def _deliver(s: Session, delivery: Delivery, pubs: list[Publication], result: PublishResult, actor: str) -> None:
    if not pubs:
        return
    items = [Item(p.id, p.key, p.product.sku, p.field, p.text, dict(p.draft.fields or {}), p.draft_id) for p in pubs]
    for pub, outcome in zip(pubs, delivery.deliver(items)):
        pub.attempts += outcome.attempts
        if not outcome.delivered:
            pub.state, pub.error = "failed", outcome.error
            result.failed.append(Failed(sku=pub.product.sku, reason=f"{delivery.name}: {outcome.error}"))
            continue
        previous = _live(s, pub.channel, pub.product_id, pub.field)
        pub.state, pub.error, pub.delivered_at = "delivered", None, utcnow()
        _mark_published(s, pub, previous, actor)
        result.published += 1
        result.publications.append(pub.id)
        s.flush()


def _mark_published(s: Session, pub: Publication, previous: Publication | None, actor: str) -> None:
    """The draft now live is published; the one it replaced (when another draft) retires."""
    draft = pub.draft
    if DraftStatus.parse(draft.status) == DraftStatus.approved:
        draft.status = DraftStatus.published
    if previous is not None and previous.draft_id != draft.id:
        old = previous.draft
        if DraftStatus.parse(old.status) == DraftStatus.published:
            old.status = DraftStatus.retired
    s.add(AuditLog(actor=actor, action="draft.published", entity="draft", entity_id=str(draft.id),
                   detail={"channel": pub.channel, "publication": pub.id, "rollback_of": pub.rollback_of}))


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
