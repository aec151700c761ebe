"""Batch generation over the catalog: a resumable job with per-product state in the store.

A job's id is derived from what it asks for, so running the same command again resumes it:
products already done are skipped, failed or unfinished ones are retried, and the unique
(job, product, target, variant) key means a crash can never leave two draft sets for a product.

A job runs in three steps that a cluster runner reuses as they are: plan_job() (which items are left),
run_item() (one product's drafts, stored in their own transaction) and finish_job(). run_job() drives them
with an Executor: threads here; the scale room supplies one that runs run_item on Ray workers.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.catalog import product_record, variant_record
from shopscribe.content.drafts import draft_record
from shopscribe.content.kinds import get_kind
from shopscribe.content.pipeline import MAX_ATTEMPTS, Written, write
from shopscribe.errors import UserError
from shopscribe.llm import GenerationError, Generator
from shopscribe.prompts import Audience, Example, ShopProfile
from shopscribe.quality import detect_lang
from shopscribe.store import (
    AuditLog,
    CustomerReview,
    Draft,
    DraftStatus,
    GenerationJob,
    JobItem,
    Product,
    ProductInsight,
    ReviewInsight,
    session_scope,
    use_session,
    utcnow,
)

@dataclass
class JobSpec:
    kind: str
    lang: str = "auto"  # zh | en | auto (from each product's own text)
    variants: int = 1
    channel: str | None = None
    skus: list[str] | None = None  # None: the whole catalog
    template: str | None = None
    max_attempts: int = MAX_ATTEMPTS
    temperature: float = 0.7
    seed: int | None = None
    few_shot: int = 0  # retrieved examples per prompt
    pool: str | None = None  # where they come from (a file, or the shop's approved drafts)
    segment: str | None = None  # the shopper segment the copy is written for (Writer.audience has its profile)
    note: str | None = None  # a reviewer's reason for sending the product back to generation
    per_variant: bool = False  # copy for each variant of a product that has several, not for the product
    pick: str = "gate"  # how the variants are ordered: the gate's score, or their consensus (pipeline.PICKS)
    min_chars: int = 0  # plain copy shorter than this is continued to the next sentence end (content.lengthen)
    example_style: str = "turns"  # how the examples enter the prompt (prompts.EXAMPLE_STYLES)


# (product, its language, texts to leave out) → worked examples for its prompt, nearest last.
ExampleFinder = Callable[[dict[str, Any], str, list[str]], list[Example]]


@dataclass
class JobResult:
    job_id: str
    drafts: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    resumed: int = 0  # items already done by an earlier run of this job
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class WorkItem:
    """One unit of a job: a product, and for review replies the customer review it answers, or for per-variant copy
    the variant it is written for."""

    sku: str
    target: str  # "", "review:<id>" or "variant:<variant sku>"

    @property
    def customer_review_id(self) -> int | None:
        return int(self.target.split(":", 1)[1]) if self.target.startswith("review:") else None

    @property
    def variant_sku(self) -> str | None:
        return self.target.split(":", 1)[1] if self.target.startswith("variant:") else None


@dataclass
class JobPlan:
    """What is left of a job: the items to write, and what every item needs to know besides its own product."""

    job_id: str
    spec: JobSpec
    db_url: str  # the database the items write to (the planning session's)
    todo: list[WorkItem] = field(default_factory=list)
    resumed: int = 0
    unknown: list[dict[str, str]] = field(default_factory=list)  # asked-for SKUs the catalog does not have
    others: dict[str, list[str]] = field(default_factory=dict)  # sku → its existing copy of this kind
    started: float = field(default_factory=time.perf_counter)


@dataclass
class Writer:
    """Everything run_item needs besides the plan; settings are resolved by the caller, never read here."""

    generator: Generator
    voice: ShopProfile | None = None
    audience: Audience | None = None  # the segment profile, for a segment-specific variant
    examples: ExampleFinder | None = None
    templates_dir: Path | None = None  # HOME/prompts, when the shop has its own templates
    home: Path | None = None  # for the shop's critic
    cancel: threading.Event | None = None


@dataclass(frozen=True)
class ItemOutcome:
    item: WorkItem
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0


T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs fn over items and yields each result as it completes (any order)."""

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...


@dataclass
class ThreadExecutor:
    """Items in a pool of threads; the embedded engine's slots and an HTTP server's queue both like several."""

    workers: int = 4

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            for fut in as_completed([pool.submit(fn, it) for it in items]):
                yield fut.result()


def job_id_for(spec: JobSpec, model: str, fresh_token: str = "") -> str:
    key = json.dumps({"kind": spec.kind, "lang": spec.lang, "variants": spec.variants, "channel": spec.channel,
                      "skus": sorted(spec.skus) if spec.skus else None, "template": spec.template,
                      "model": model, "fresh": fresh_token,
                      # Only when used, so jobs started before few-shot existed keep their ids and resume.
                      **({"few_shot": spec.few_shot, "pool": spec.pool} if spec.few_shot else {}),
                      **({"segment": spec.segment} if spec.segment else {}),
                      **({"per_variant": True} if spec.per_variant else {}),
                      **({"pick": spec.pick} if spec.pick != "gate" else {}),
                      **({"min_chars": spec.min_chars} if spec.min_chars else {}),
                      **({"example_style": spec.example_style} if spec.example_style != "turns" else {}),
                      **({"note": spec.note} if spec.note else {})}, sort_keys=True)
    return "job-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def lang_of(product: dict[str, Any]) -> str:
    return detect_lang(f"{product.get('title') or ''} {product.get('description') or ''}")


def plan_job(spec: JobSpec, model: str, *, fresh: bool = False, session: Session | None = None,
             job_id: str | None = None) -> JobPlan:
    """Record the job and its items (idempotent) and work out which items are left to write; `job_id` resumes a
    job known by its id (a fresh job's id cannot be derived again).

    The plan is committed before it returns, even in the caller's session: the items are written in
    transactions of their own, which must see it.
    """
    kind = get_kind(spec.kind)
    job_id = job_id or job_id_for(spec, model, str(time.time_ns()) if fresh else "")
    with use_session(session) as s:
        plan = JobPlan(job_id, spec, s.get_bind().url.render_as_string(hide_password=False))
        query = select(Product).order_by(Product.sku)
        if spec.skus:
            query = query.where(Product.sku.in_(spec.skus))
        products = {p.sku: p for p in s.scalars(query)}
        for sku in spec.skus or []:
            if sku not in products:
                plan.unknown.append({"sku": sku, "reason": "unknown SKU: import it first (shopscribe import products)"})
        items = []
        for sku, p in products.items():
            if kind.replies_to_review:
                items += [WorkItem(sku, f"review:{r.id}") for r in sorted(p.customer_reviews, key=lambda r: r.id)]
            elif spec.per_variant:
                named = [v.sku for v in p.variants if v.sku]
                items += [WorkItem(sku, f"variant:{v}") for v in named] if len(named) > 1 else []
            else:
                items.append(WorkItem(sku, ""))
        job = s.get(GenerationJob, job_id)
        if job is None:
            job = GenerationJob(id=job_id, kind=spec.kind, lang=spec.lang, variants=spec.variants,
                                params={**spec.__dict__, "model": model}, status="running")
            s.add(job)
            s.add(AuditLog(action="job.started", entity="generation_job", entity_id=job_id,
                           detail={"kind": spec.kind, "products": len(products)}))
        job.status = "running"
        s.flush()
        known = {(i.sku, i.target): i for i in s.scalars(select(JobItem).where(JobItem.job_id == job_id))}
        for it in items:
            if (it.sku, it.target) not in known:
                s.add(JobItem(job_id=job_id, sku=it.sku, target=it.target, state="pending"))
        done = {k for k, v in known.items() if v.state == "done"}
        plan.others = _existing_copy(s, spec.kind)
        s.commit()
    plan.todo = [it for it in items if (it.sku, it.target) not in done]
    plan.resumed = len(items) - len(plan.todo)
    return plan


def run_item(plan: JobPlan, item: WorkItem, writer: Writer) -> ItemOutcome:
    """Write one product's drafts; store them and mark the item done in one transaction.

    One product's failure is recorded on its item (retried on the next run) and never raised.
    """
    spec = plan.spec
    try:
        with session_scope(plan.db_url) as s:
            p = s.scalars(select(Product).where(Product.sku == item.sku)).one()
            product = product_record(p)
            product_id = p.id
            if item.variant_sku is not None:
                product = variant_record(product, next(v for v in p.variants if v.sku == item.variant_sku))
            customer_review = None
            if item.customer_review_id is not None:
                r = s.get(CustomerReview, item.customer_review_id)
                customer_review = {"rating": r.rating, "text": r.text}
                said = s.get(ReviewInsight, r.id)  # what `insights run` found in it, when it has run
                if said is not None:
                    customer_review |= {"sentiment": said.sentiment, "aspects": said.aspects}
            highlights = reviewers_confirm(s, product_id)
        lang = lang_of(product) if spec.lang == "auto" else spec.lang
        other_texts = [t for sku, texts in plan.others.items() if sku != item.sku for t in texts]
        shots = (writer.examples(product, lang, plan.others.get(item.sku, []))
                 if writer.examples and spec.few_shot else None)
        written = write(product, spec.kind, lang, writer.generator, variants=spec.variants, channel=spec.channel,
                        voice=writer.voice, customer_review=customer_review, audience=writer.audience,
                        note=spec.note, examples=shots, template=spec.template, highlights=highlights,
                        max_attempts=spec.max_attempts, temperature=spec.temperature, seed=spec.seed,
                        others=other_texts, templates_dir=writer.templates_dir, home=writer.home,
                        cancel=writer.cancel, pick=spec.pick, min_chars=spec.min_chars or None,
                        example_style=spec.example_style)
        _store(plan, item, product_id, lang, written)
        return ItemOutcome(item, None, sum(c.prompt_tokens for c in written.candidates),
                           sum(c.completion_tokens for c in written.candidates))
    except GenerationError as exc:
        reason = f"generation failed: {exc}"
    except UserError:
        raise  # the shop's configuration (a template, say) fails every product alike: stop with exit 2
    except Exception as exc:  # one product's bad data or a bug must not stop the batch; it is retried on rerun
        reason = f"{type(exc).__name__}: {exc}"
    _mark_failed(plan, item, reason)
    return ItemOutcome(item, reason)


def finish_job(plan: JobPlan, outcomes: Sequence[ItemOutcome], session: Session | None = None,
               stopped: bool = False) -> JobResult:
    """Mark the job done (every item done) or incomplete, and gather its drafts and failures. A job `stopped` on
    purpose (its cancel event set) stays running, so the next start of the same job resumes it."""
    result = JobResult(plan.job_id, resumed=plan.resumed, failed=list(plan.unknown))
    for out in outcomes:
        if out.error:
            result.failed.append({"sku": out.item.sku, "reason": out.error})
        result.prompt_tokens += out.prompt_tokens
        result.completion_tokens += out.completion_tokens
    with use_session(session) as s:
        job = s.get(GenerationJob, plan.job_id)
        states = s.scalars(select(JobItem.state).where(JobItem.job_id == plan.job_id)).all()
        if not stopped:
            job.status = "done" if all(st == "done" for st in states) else "incomplete"
            job.finished_at = utcnow()
        drafts = s.scalars(select(Draft).where(Draft.job_id == plan.job_id)
                           .order_by(Draft.product_id, Draft.target, Draft.variant))
        result.drafts = [draft_record(d) for d in drafts]
    result.seconds = time.perf_counter() - plan.started
    return result


def run_job(
    spec: JobSpec,
    writer: Writer,
    *,
    executor: Executor | None = None,
    fresh: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    session: Session | None = None,
) -> JobResult:
    """Run (or resume) a generation job: plan, write every item left on the executor, finish.

    `writer.examples` finds spec.few_shot worked examples per product (prompts.FewShotPool over approved copy);
    the product's own existing copy is never its own example.
    """
    plan = plan_job(spec, writer.generator.model, fresh=fresh, session=session)
    return run_plan(plan, writer, executor=executor, on_progress=on_progress, session=session)


def run_plan(
    plan: JobPlan,
    writer: Writer,
    *,
    executor: Executor | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    session: Session | None = None,
) -> JobResult:
    """Write every item a plan has left on the executor, then finish the job."""
    outcomes: list[ItemOutcome] = []
    tokens = 0
    for out in (executor or ThreadExecutor()).map_unordered(lambda it: run_item(plan, it, writer), plan.todo):
        outcomes.append(out)
        tokens += out.completion_tokens
        if on_progress:
            on_progress(len(outcomes), tokens)
    return finish_job(plan, outcomes, session, stopped=writer.cancel is not None and writer.cancel.is_set())


def reviewers_confirm(s: Session, product_id: int) -> list[str]:
    """The product's strengths from its reviews (insights), one line each: the model's summary, else a shopper's
    clause. Generation prompts take them as data: selling points reviewers confirm."""
    found = s.get(ProductInsight, product_id)
    return [p.get("summary") or p["quote"] for p in found.strengths] if found is not None else []


def _existing_copy(s: Session, kind: str, limit: int = 2000) -> dict[str, list[str]]:
    """Other products' copy of this kind, for the near-duplicate check."""
    rows = s.execute(select(Product.sku, Draft.text).join(Draft.product).where(Draft.kind == kind)
                     .order_by(Draft.id.desc()).limit(limit)).all()
    by_sku: dict[str, list[str]] = {}
    for sku, text in rows:
        by_sku.setdefault(sku, []).append(text)
    return by_sku


def _store(plan: JobPlan, item: WorkItem, product_id: int, lang: str, written: Written) -> None:
    spec = plan.spec
    with session_scope(plan.db_url) as s:
        row = s.scalars(select(JobItem).where(JobItem.job_id == plan.job_id, JobItem.sku == item.sku,
                                              JobItem.target == item.target)).one()
        if row.state == "done":  # another runner of the same job finished it first
            return
        for variant, cand in enumerate(written.candidates):
            s.add(Draft(
                product_id=product_id, job_id=plan.job_id, kind=spec.kind, lang=lang, channel=written.channel,
                target=item.target, variant=variant, text=cand.text, fields=cand.fields, status=DraftStatus.draft,
                model=written.model, template=written.prompt.template,
                settings={**written.settings, "strategy": cand.strategy, "tries": cand.tries},
                prompt_hash=written.prompt.hash, prompt_tokens=cand.prompt_tokens,
                completion_tokens=cand.completion_tokens, latency_ms=cand.latency_ms, attempts=cand.attempts,
                score=cand.report.score, check_report=cand.report.to_dict(),
                customer_review_id=item.customer_review_id, segment=spec.segment,
            ))
        row.state, row.error = "done", None
        s.add(AuditLog(action="draft.created", entity="product", entity_id=item.sku,
                       detail={"job": plan.job_id, "kind": spec.kind, "drafts": len(written.candidates),
                               "passed": sum(c.passed for c in written.candidates)}))


def _mark_failed(plan: JobPlan, item: WorkItem, reason: str) -> None:
    with session_scope(plan.db_url) as s:
        row = s.scalars(select(JobItem).where(JobItem.job_id == plan.job_id, JobItem.sku == item.sku,
                                              JobItem.target == item.target)).one()
        row.state, row.error = "failed", reason[:2000]
