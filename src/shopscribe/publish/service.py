"""`shopscribe publish`: approved copy to a channel, once. Every delivery is a row of the publication log; the
copy that is live in a slot (channel, product, field) is its latest delivered row, so publishing the same copy
again sends nothing, a failed delivery is retried on the next run, and a rollback re-delivers the copy before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.catalog.shopify import COPY_COLUMNS, SHOP_MODEL
from shopscribe.config import Settings
from shopscribe.errors import UserError
from shopscribe.publish.deliveries import Delivery, FileExport, Item, ShopifyCsv, Webhook
from shopscribe.store import (
    AuditLog,
    Draft,
    DraftStatus,
    Experiment,
    Product,
    Publication,
    publication_key,
    session_scope,
    use_session,
    utcnow,
)

CHANNELS = ("file", "shopify-csv", "webhook")


class PublishRequest(BaseModel):
    channel: str
    skus: list[str] = Field(default_factory=list)  # empty: every product with approved copy
    kind: str | None = None
    output: Path | None = None  # file and shopify-csv
    at: dt.datetime | None = None  # later: record it now, deliver with `publish --due` once the time has come
    due: bool = False  # deliver the scheduled publications whose time has come
    # shopify-csv: write every product of the shop's export, with the copy live there where nothing new is published
    all_products: bool = False
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
    if req.all_products and not isinstance(delivery, ShopifyCsv):
        raise UserError("--all-products writes the shop's whole Shopify export: use it with --channel shopify-csv")
    result = PublishResult()
    now = utcnow()
    with use_session(session) as s:
        _bind_shopify(s, delivery, req.all_products)
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
            live = Publication.live(s, req.channel, draft.product_id, draft.kind)
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
        if req.all_products and not pending:
            delivery.deliver([])  # nothing new: the file is still every product with the copy live there
    return result


def rollback(req: RollbackRequest, settings: Settings, delivery: Delivery | None = None) -> PublishResult:
    """Deliver again the copy that was live before the current one in this slot."""
    delivery = delivery or delivery_for(req, settings)
    result = PublishResult()
    with session_scope() as s:
        _bind_shopify(s, delivery, False)
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


class WithdrawRequest(BaseModel):
    draft_ids: list[int] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=2000)
    actor: str = "cli"


class WithdrawResult(BaseModel):
    withdrawn: list[int] = Field(default_factory=list)
    taken_down: list[dict[str, str]] = Field(default_factory=list)  # the live slots: {"channel", "sku", "field"}


def withdraw(req: WithdrawRequest, settings: Settings, delivery: Delivery | None = None) -> WithdrawResult:
    """Take copy down at once (a fact it states is false now): the drafts retire, and where one is live its slot's
    publication is marked withdrawn, so nothing of ours counts as live there until a successor is published. A
    webhook receiver is told (`"withdrawn": true`); a file channel's next file simply no longer has it."""
    result = WithdrawResult()
    with session_scope() as s:
        drafts = {d.id: d for d in s.scalars(select(Draft).where(Draft.id.in_(req.draft_ids)))}
        missing = [i for i in req.draft_ids if i not in drafts]
        if missing:
            raise UserError(f"no draft with id {', '.join(map(str, missing))}; list them with `shopscribe drafts`")
        for draft_id in req.draft_ids:
            d = drafts[draft_id]
            if not DraftStatus.parse(d.status).reviewed_good:
                raise UserError(f"draft {d.id} is {d.status}: only approved or published copy is withdrawn")
        for draft_id in req.draft_ids:
            d = drafts[draft_id]
            live = [p for p in (Publication.live(s, c, d.product_id, d.kind) for c in CHANNELS) if p and p.draft_id == d.id]
            for pub in live:
                gone = Publication(draft_id=d.id, product_id=d.product_id, channel=pub.channel, field=pub.field,
                                   key=pub.key, text=pub.text, state="withdrawn", error=req.reason,
                                   delivered_at=utcnow())
                s.add(gone)
                if pub.channel == "webhook" and (delivery is not None or settings.webhook_url):
                    s.flush()
                    _tell_withdrawn(s, delivery or delivery_for(PublishRequest(channel="webhook"), settings), gone)
                result.taken_down.append({"channel": pub.channel, "sku": d.product.sku, "field": pub.field})
            d.status = DraftStatus.retired
            s.add(AuditLog(actor=req.actor, action="draft.withdrawn", entity="draft", entity_id=str(d.id),
                           detail={"reason": req.reason, "taken_down": [p.channel for p in live]}))
            result.withdrawn.append(d.id)
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
    elif req.all_products:
        query = query.where(Draft.kind.in_(COPY_COLUMNS))  # the shop's copy columns, one kind each
    best: dict[tuple[int, str], Draft] = {}
    for d in s.scalars(query.order_by(Product.sku, Draft.kind, Draft.id)):
        if d.model == SHOP_MODEL and d.id not in won:
            continue  # the shop's own copy is live in the shop already; sent on only when it won an experiment
        if d.stale and d.status != DraftStatus.published:
            continue  # it states a fact the catalog no longer has: never sent anew (live copy stays till replaced)
        slot = (d.product_id, d.kind)
        held = best.get(slot)
        if held is None or _rank(d, won) > _rank(held, won):
            best[slot] = d
    missing = set(req.skus) - {d.product.sku for d in best.values()}
    if missing:
        raise UserError(f"no approved copy for {', '.join(sorted(missing))}: approve drafts first "
                        "(shopscribe drafts approve)")
    return sorted(best.values(), key=lambda d: (d.product.sku, d.kind))


def _bind_shopify(s: Session, delivery: Delivery, all_products: bool) -> None:
    """A shopify-csv delivery writes the shop's own export back; for every product, it needs the copy live there."""
    if not isinstance(delivery, ShopifyCsv):
        return
    live: dict[tuple[int, str], Publication] = {}
    if all_products:
        query = (select(Publication).where(Publication.channel == delivery.name,
                                           Publication.state.in_(("delivered", "withdrawn")))
                 .order_by(Publication.delivered_at, Publication.id))
        for pub in s.scalars(query):
            live[(pub.product_id, pub.field)] = pub  # the latest wins, as in Publication.live
    delivery.all_products = all_products
    delivery.bind(s, [_item(p) for p in live.values() if p.state == "delivered" and p.field in COPY_COLUMNS])


def _item(p: Publication) -> Item:
    return Item(p.id, p.key, p.product.sku, p.field, p.text, dict(p.draft.fields or {}), p.draft_id)


def _rank(d: Draft, won: dict[int, int]) -> tuple[Any, ...]:
    # The latest experiment's winner first (conversions said so); then a published draft stays the choice until a
    # newer approval beats it; among approvals, score then recency.
    return (won.get(d.id, 0), d.status == DraftStatus.approved, float(d.score or 0), d.id)


def _deliver(s: Session, delivery: Delivery, pubs: list[Publication], result: PublishResult, actor: str) -> None:
    if not pubs:
        return
    items = [_item(p) for p in pubs]
    for pub, outcome in zip(pubs, delivery.deliver(items)):
        pub.attempts += outcome.attempts
        if not outcome.delivered:
            pub.state, pub.error = "failed", outcome.error
            result.failed.append(Failed(sku=pub.product.sku, reason=f"{delivery.name}: {outcome.error}"))
            continue
        previous = Publication.live(s, pub.channel, pub.product_id, pub.field)
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


def _tell_withdrawn(s: Session, delivery: Delivery, pub: Publication) -> None:
    item = Item(pub.id, "withdrawn:" + pub.key, pub.product.sku, pub.field, "", {}, pub.draft_id, withdrawn=True)
    [outcome] = delivery.deliver([item])
    pub.attempts = outcome.attempts
    if not outcome.delivered:
        pub.error = f"{pub.error}; the receiver was not told: {outcome.error}"


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
