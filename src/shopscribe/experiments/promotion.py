"""Ending an experiment: the stopping rule promotes the winner by itself, a person may promote another variant or
stop the test without one, and a win teaches the shop what sells.

Promotion does not rewrite any copy: it records the winner on the experiment, and from then on `publish` sends
the winner for that product and kind (replacing the control where the control is live), few-shot pools rank it
first among the shop's examples, and the critic counts it as a strong positive. Where the product's copy is live
on the webhook channel, promotion delivers the winner there at once; a file channel takes it on its next run.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import select

from shopscribe.config import Settings
from shopscribe.errors import UserError
from shopscribe.experiments.service import experiment_of, report
from shopscribe.store import AuditLog, Draft, DraftStatus, Publication, session_scope, utcnow

AUTO = "auto"  # decided_by when the stopping rule chose the winner


class PromoteRequest(BaseModel):
    experiment_id: int
    draft: int | None = None  # None: the winner the report names (refused while there is none)
    actor: str = "cli"


class Decision(BaseModel):
    id: int
    status: str
    winner: int | None
    decided_by: str | None
    republished: list[str] = Field(default_factory=list)  # channels the winner was delivered to at once
    next: str = ""  # what the shop does now, in one sentence


def promote(req: PromoteRequest, settings: Settings | None = None) -> Decision:
    """End the experiment with `req.draft` (or the report's winner) as the copy that stays."""
    current = report(req.experiment_id)
    draft_id = req.draft if req.draft is not None else current.winner
    if draft_id is None:
        raise UserError(f"experiment {req.experiment_id} has no winner yet; name the variant to promote with --draft "
                        "or stop it without one")
    with session_scope() as s:
        exp = experiment_of(s, req.experiment_id)
        if draft_id not in exp.drafts:
            raise UserError(f"draft {draft_id} is not a variant of experiment {exp.id}; its variants are "
                            f"{', '.join(map(str, exp.drafts))}")
        if not DraftStatus.parse(s.get(Draft, draft_id).status).reviewed_good:
            raise UserError(f"draft {draft_id} is no longer approved; promote another variant")
        overridden = exp.winner if exp.status == "ended" and exp.winner != draft_id else None
        exp.status, exp.winner, exp.decided_by, exp.ended_at = "ended", draft_id, req.actor, utcnow()
        s.add(AuditLog(actor=req.actor, action="experiment.promoted", entity="experiment", entity_id=str(exp.id),
                       detail={"winner": draft_id, "overrides": overridden,
                               "variants": [v.model_dump(mode="json") for v in current.variants]}))
        sku, kind = exp.product.sku, exp.kind
        live_on = set(s.scalars(select(Publication.channel).where(
            Publication.product_id == exp.product_id, Publication.field == kind, Publication.state == "delivered")))
    republished = _republish(sku, kind, live_on, settings, req.actor)
    waiting = sorted(live_on - set(republished))
    nxt = (f"publish it where the old copy is live: shopscribe publish --channel {waiting[0]} --sku {sku} --kind {kind}"
           if waiting else "" if republished else
           f"publish it: shopscribe publish --channel CHANNEL --sku {sku} --kind {kind}")
    return Decision(id=req.experiment_id, status="ended", winner=draft_id, decided_by=req.actor,
                    republished=republished, next=nxt)


def stop(experiment_id: int, actor: str = "cli") -> Decision:
    """End the experiment without a winner: shoppers get the control again, nothing is learnt from it."""
    with session_scope() as s:
        exp = experiment_of(s, experiment_id)
        if exp.status != "running":
            raise UserError(f"experiment {experiment_id} has already ended")
        exp.status, exp.decided_by, exp.ended_at = "stopped", actor, utcnow()
        s.add(AuditLog(actor=actor, action="experiment.stopped", entity="experiment", entity_id=str(exp.id),
                       detail={}))
    return Decision(id=experiment_id, status="stopped", winner=None, decided_by=actor)


def conclude(experiment_id: int, settings: Settings | None = None) -> Decision | None:
    """The stopping rule: a running experiment whose report names a winner is promoted (decided_by "auto")."""
    with session_scope() as s:
        running = experiment_of(s, experiment_id).status == "running"
    if running and report(experiment_id).winner is not None:
        return promote(PromoteRequest(experiment_id=experiment_id, actor=AUTO), settings)
    return None


def _republish(sku: str, kind: str, live_on: set[str], settings: Settings | None, actor: str) -> list[str]:
    """Deliver the winner now on the channels that need no file path and where the old copy is live."""
    if "webhook" not in live_on or settings is None or not settings.webhook_url:
        return []
    from shopscribe.publish import PublishRequest, publish

    result = publish(PublishRequest(channel="webhook", skus=[sku], kind=kind, actor=actor), settings)
    return ["webhook"] if result.published and not result.failed else []
