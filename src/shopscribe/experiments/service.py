"""Experiments: approved drafts of one product and kind as variants, shoppers assigned once (fixed split or
Thompson sampling), views and goal events tied to the variant, and the report that says what won.

An impression is a shopper's `view` of the experiment's product with a variant; a conversion is a shopper with
the goal event (click, cart or purchase) on it. Shoppers are pseudonyms, as everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shopscribe.catalog import pseudonym
from shopscribe.errors import UserError
from shopscribe.experiments import allocation, stats
from shopscribe.store import Assignment, AuditLog, Draft, DraftStatus, Event, Experiment, Product, session_scope, utcnow

EVENT_TYPES = ("view", "click", "cart", "purchase")
_rng_lock = threading.Lock()
_rng = np.random.default_rng()


class UnknownExperiment(UserError):
    """No experiment by that id (the API answers 404)."""


class BadVariant(UserError):
    """An event or request naming a variant the experiment does not have (the API answers 422)."""


class CreateRequest(BaseModel):
    sku: str
    kind: str
    drafts: list[int] = Field(min_length=2)  # the first is the control
    policy: Literal["fixed", "thompson"] = "thompson"
    goal: Literal["click", "cart", "purchase"] = "purchase"
    actor: str = "cli"


class Variant(BaseModel):
    variant: int  # the draft id
    text: str


class EventIn(BaseModel):
    user: str = Field(min_length=1, max_length=200)
    sku: str = Field(min_length=1, max_length=128)
    type: Literal["view", "click", "cart", "purchase"]
    variant: int
    at: dt.datetime | None = None


class VariantStats(BaseModel):
    variant: int
    impressions: int
    conversions: int
    rate: float
    interval: tuple[float, float]
    chance_to_beat_control: float
    expected_loss: float
    p_value_vs_control: float | None


class Report(BaseModel):
    id: int
    sku: str
    kind: str
    goal: str
    policy: str
    variants: list[VariantStats]
    srm_p: float | None  # None for Thompson sampling, whose split is meant to move
    srm_alarm: bool
    sample_size_per_variant: int | None  # to detect a 10 % relative lift on the control's rate
    winner: int | None  # the promoted draft once ended; while running, the one the stopping rule would promote
    status: str = "running"  # running | ended | stopped
    decided_by: str | None = None  # "auto" (the stopping rule) or the person who promoted or stopped it
    learning: str | None = None  # what a promoted winner now teaches the shop's writing


def create(req: CreateRequest) -> int:
    if len(set(req.drafts)) != len(req.drafts):
        raise UserError("each draft may be one variant only")
    with session_scope() as s:
        product = s.scalar(select(Product).where(Product.sku == req.sku))
        if product is None:
            raise UserError(f"unknown SKU {req.sku!r}")
        found = {d.id: d for d in s.scalars(select(Draft).where(Draft.id.in_(req.drafts)))}
        for draft_id in req.drafts:
            d = found.get(draft_id)
            if d is None:
                raise UserError(f"no draft with id {draft_id}")
            if d.product_id != product.id or d.kind != req.kind:
                raise UserError(f"draft {draft_id} is {d.kind} copy of another product; every variant must be "
                                f"{req.kind} copy of {req.sku}")
            if not DraftStatus.parse(d.status).reviewed_good:
                raise UserError(f"draft {draft_id} is {d.status}: only approved drafts are tested (drafts approve)")
        exp = Experiment(product_id=product.id, kind=req.kind, goal=req.goal, policy=req.policy, drafts=req.drafts)
        s.add(exp)
        s.flush()
        s.add(AuditLog(actor=req.actor, action="experiment.created", entity="experiment", entity_id=str(exp.id),
                       detail={"sku": req.sku, "kind": req.kind, "drafts": req.drafts, "policy": req.policy,
                               "goal": req.goal}))
        return exp.id


class Summary(BaseModel):
    id: int
    sku: str
    kind: str
    goal: str
    policy: str
    status: str
    drafts: list[int]
    winner: int | None
    decided_by: str | None
    created_at: dt.datetime


def list_experiments(sku: str | None = None) -> list[Summary]:
    """Every experiment, newest first (of one product, if asked)."""
    query = select(Experiment).join(Experiment.product).order_by(Experiment.id.desc())
    if sku:
        query = query.where(Product.sku == sku)
    with session_scope() as s:
        return [Summary(id=e.id, sku=e.product.sku, kind=e.kind, goal=e.goal, policy=e.policy, status=e.status,
                        drafts=list(e.drafts), winner=e.winner, decided_by=e.decided_by, created_at=e.created_at)
                for e in s.scalars(query)]


def allocate(experiment_id: int, user: str, key: str) -> Variant:
    """The variant this shopper sees: the one they were given before, else a new assignment by the policy."""
    who = pseudonym(user, key)
    with session_scope() as s:
        exp = experiment_of(s, experiment_id)
        if exp.status != "running":  # ended: everyone sees the winner; stopped: everyone sees the control again
            held = exp.winner if exp.status == "ended" and exp.winner is not None else exp.drafts[0]
            return Variant(variant=held, text=s.get(Draft, held).text)
        held = s.scalar(select(Assignment.draft_id).where(Assignment.experiment_id == exp.id, Assignment.user == who))
        if held is None:
            if exp.policy == "fixed":
                held = exp.drafts[allocation.fixed(who, exp.id, len(exp.drafts))]
            else:
                imps, convs = _counts(s, exp)
                with _rng_lock:
                    held = exp.drafts[allocation.thompson(convs, imps, _rng)]
            try:
                with s.begin_nested():
                    s.add(Assignment(experiment_id=exp.id, user=who, draft_id=held))
            except IntegrityError:  # the same shopper, twice at once: the first assignment stands
                held = s.scalar(select(Assignment.draft_id).where(Assignment.experiment_id == exp.id,
                                                                  Assignment.user == who))
        text = s.get(Draft, held).text
    return Variant(variant=held, text=text)


def record_event(event: EventIn, key: str) -> None:
    """Store one storefront event tied to its variant; anything that does not name a running variant is refused."""
    who = pseudonym(event.user, key)
    at = event.at or utcnow()
    at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    with session_scope() as s:
        product = s.scalar(select(Product).where(Product.sku == event.sku))
        if product is None:
            raise BadVariant(f"unknown SKU {event.sku!r}")
        # Ended experiments still count: their storefront keeps showing (and reporting) the winner.
        tested = s.scalars(select(Experiment).where(Experiment.product_id == product.id)).all()
        if not any(event.variant in e.drafts for e in tested):
            raise BadVariant(f"draft {event.variant} is not a variant of an experiment on {event.sku}")
        event_key = hashlib.sha256(f"api|{who}|{event.sku}|{event.type}|{event.variant}|{at.isoformat()}"
                                   .encode()).hexdigest()
        if s.scalar(select(Event.id).where(Event.event_key == event_key)) is None:  # a retried POST adds nothing
            s.add(Event(event_key=event_key, user=who, product_id=product.id, type=event.type,
                        variant=f"draft:{event.variant}", draft_id=event.variant, occurred_at=at, source="api"))


def report(experiment_id: int) -> Report:
    with session_scope() as s:
        exp = experiment_of(s, experiment_id)
        imps, convs = _counts(s, exp)
        sku = exp.product.sku
        draws = stats.posterior_draws(convs, imps, seed=exp.id)
        beat, loss = stats.chance_to_beat(draws), stats.expected_loss(draws)
        variants = []
        for i, draft_id in enumerate(exp.drafts):
            variants.append(VariantStats(
                variant=draft_id, impressions=imps[i], conversions=convs[i],
                rate=round(convs[i] / imps[i], 4) if imps[i] else 0.0, interval=stats.interval(convs[i], imps[i]),
                chance_to_beat_control=beat[i], expected_loss=loss[i],
                p_value_vs_control=None if i == 0 else stats.z_test(convs[0], imps[0], convs[i], imps[i])))
        srm = stats.srm_p(imps, [1 / len(imps)] * len(imps)) if exp.policy == "fixed" else None
        base = convs[0] / imps[0] if imps[0] else 0.0
        need = stats.sample_size(base)
        best = int(np.argmin(loss))
        alarm = srm is not None and srm < 0.001
        winner = exp.drafts[best] if _stopping_rule(exp.policy, imps, loss[best], need, alarm) else None
        learning = None
        if exp.status == "ended":
            winner = exp.winner
            lang = s.get(Draft, winner).lang if winner is not None else None
            learning = (f"draft {winner} is now the preferred few-shot example and a strong positive example for "
                        f"the critic for {exp.kind} copy in {lang}; publish sends it for {sku}") if winner else None
        elif exp.status == "stopped":
            winner = None
        return Report(id=exp.id, sku=sku, kind=exp.kind, goal=exp.goal, policy=exp.policy, variants=variants,
                      srm_p=srm, srm_alarm=alarm, sample_size_per_variant=need, winner=winner, status=exp.status,
                      decided_by=exp.decided_by, learning=learning)


def _stopping_rule(policy: str, impressions: list[int], best_loss: float, need: int | None, alarm: bool) -> bool:
    """Stop when choosing the best arm risks almost nothing (expected loss ≤ 0.1 point of conversion) and the test
    has its traffic: every arm for a fixed split (whose ratio must also be sound), and in total for Thompson
    sampling, which by design starves the arms that lose."""
    if alarm or need is None or best_loss > 0.001:
        return False
    return (min(impressions) if policy == "fixed" else sum(impressions)) >= need


def daily(experiment_id: int) -> tuple[list[str], dict[int, list[float]], dict[int, list[float]]]:
    """Per day: each variant's cumulative conversion rate and its share of that day's impressions (for the plot)."""
    with session_scope() as s:
        exp = experiment_of(s, experiment_id)
        rows = s.execute(select(Event.draft_id, Event.type, Event.user, Event.occurred_at)
                         .where(Event.draft_id.in_(exp.drafts)).order_by(Event.occurred_at)).all()
        goal = exp.goal
        drafts = list(exp.drafts)
    by_day: dict[str, list[tuple[int, str, str]]] = {}
    for draft_id, kind, user, at in rows:  # ordered by time, so days come in order
        by_day.setdefault(at.date().isoformat(), []).append((draft_id, kind, user))
    rate: dict[int, list[float]] = {d: [] for d in drafts}
    share: dict[int, list[float]] = {d: [] for d in drafts}
    seen: dict[int, set[str]] = {d: set() for d in drafts}
    won: dict[int, set[str]] = {d: set() for d in drafts}
    for day_rows in by_day.values():
        today = {d: 0 for d in drafts}
        for draft_id, kind, user in day_rows:
            if kind == "view":
                today[draft_id] += user not in seen[draft_id]
                seen[draft_id].add(user)
            elif kind == goal:
                won[draft_id].add(user)
        total = sum(today.values()) or 1
        for d in drafts:
            rate[d].append(len(won[d] & seen[d]) / len(seen[d]) if seen[d] else 0.0)
            share[d].append(today[d] / total)
    return list(by_day), rate, share


def experiment_of(s: Session, experiment_id: int) -> Experiment:
    """The experiment by id, or UnknownExperiment (a 404 to the API)."""
    exp = s.get(Experiment, experiment_id)
    if exp is None:
        raise UnknownExperiment(f"no experiment {experiment_id}")
    return exp


def _counts(s, exp: Experiment) -> tuple[list[int], list[int]]:
    """Per variant: shoppers who viewed it, and those of them with the goal event on it."""
    viewers = dict(s.execute(select(Event.draft_id, func.count(func.distinct(Event.user)))
                             .where(Event.draft_id.in_(exp.drafts), Event.type == "view")
                             .group_by(Event.draft_id)).all())
    converted = {}
    for draft_id in exp.drafts:
        seen = select(Event.user).where(Event.draft_id == draft_id, Event.type == "view")
        converted[draft_id] = s.scalar(select(func.count(func.distinct(Event.user))).where(
            Event.draft_id == draft_id, Event.type == exp.goal, Event.user.in_(seen))) or 0
    return [viewers.get(d, 0) for d in exp.drafts], [converted[d] for d in exp.drafts]
