"""Batch generation over the catalog: a resumable job with per-product state in the store.

A job's id is derived from what it asks for, so running the same command again resumes it:
products already done are skipped, failed or unfinished ones are retried, and the unique
(job, product, target, variant) key means a crash can never leave two draft sets for a product.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from shopscribe.catalog import product_record
from shopscribe.config import get_settings
from shopscribe.content.drafts import draft_record
from shopscribe.content.kinds import get_kind
from shopscribe.content.pipeline import Written, write
from shopscribe.llm import GenerationError, Generator
from shopscribe.prompts import Example, ShopProfile
from shopscribe.quality import detect_lang
from shopscribe.store import AuditLog, Draft, GenerationJob, JobItem, Product, Review, session_scope, utcnow


@dataclass
class JobSpec:
    kind: str
    lang: str = "auto"  # zh | en | auto (from each product's own text)
    variants: int = 1
    channel: str | None = None
    skus: list[str] | None = None  # None: the whole catalog
    template: str | None = None
    max_attempts: int = 3
    temperature: float = 0.7
    seed: int | None = None
    few_shot: int = 0  # retrieved examples per prompt
    pool: str | None = None  # where they come from (a file, or the shop's approved drafts)


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
class _Item:
    sku: str
    target: str  # "" or "review:<id>"


def job_id_for(spec: JobSpec, model: str, fresh_token: str = "") -> str:
    key = json.dumps({"kind": spec.kind, "lang": spec.lang, "variants": spec.variants, "channel": spec.channel,
                      "skus": sorted(spec.skus) if spec.skus else None, "template": spec.template,
                      "model": model, "fresh": fresh_token,
                      # Only when used, so jobs started before few-shot existed keep their ids and resume.
                      **({"few_shot": spec.few_shot, "pool": spec.pool} if spec.few_shot else {})}, sort_keys=True)
    return "job-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def lang_of(product: dict[str, Any]) -> str:
    return detect_lang(f"{product.get('title') or ''} {product.get('description') or ''}")


def run_job(
    spec: JobSpec,
    generator: Generator,
    *,
    fresh: bool = False,
    concurrency: int = 4,
    voice: ShopProfile | None = None,
    examples: ExampleFinder | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> JobResult:
    """Run (or resume) a generation job; one product's failure is recorded and never stops the batch.

    `examples` finds spec.few_shot worked examples per product (tune.FewShotPool over approved copy); the
    product's own existing copy is never its own example.
    """
    kind = get_kind(spec.kind)
    job_id = job_id_for(spec, generator.model, str(time.time_ns()) if fresh else "")
    result = JobResult(job_id)
    started = time.perf_counter()
    with session_scope() as s:
        query = select(Product).order_by(Product.sku)
        if spec.skus:
            query = query.where(Product.sku.in_(spec.skus))
        products = {p.sku: p for p in s.scalars(query)}
        for sku in spec.skus or []:
            if sku not in products:
                result.failed.append({"sku": sku, "reason": "unknown SKU: import it first (shopscribe import products)"})
        items = []
        for sku, p in products.items():
            if kind.needs_review:
                items += [_Item(sku, f"review:{r.id}") for r in sorted(p.reviews, key=lambda r: r.id)]
            else:
                items.append(_Item(sku, ""))
        job = s.get(GenerationJob, job_id)
        if job is None:
            job = GenerationJob(id=job_id, kind=spec.kind, lang=spec.lang, variants=spec.variants,
                                params={**spec.__dict__, "model": generator.model}, status="running")
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
    todo = [it for it in items if (it.sku, it.target) not in done]
    result.resumed = len(items) - len(todo)
    others = _existing_copy(spec.kind)
    completed = 0
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(_run_item, job_id, it, spec, generator, voice, others, examples, cancel): it
                   for it in todo}
        for fut in as_completed(futures):
            it = futures[fut]
            error, tokens = fut.result()
            if error:
                result.failed.append({"sku": it.sku, "reason": error})
            result.prompt_tokens += tokens[0]
            result.completion_tokens += tokens[1]
            completed += 1
            if on_progress:
                on_progress(completed, result.completion_tokens)
    with session_scope() as s:
        job = s.get(GenerationJob, job_id)
        states = s.scalars(select(JobItem.state).where(JobItem.job_id == job_id)).all()
        job.status = "done" if all(st == "done" for st in states) else "incomplete"
        job.finished_at = utcnow()
        drafts = s.scalars(select(Draft).where(Draft.job_id == job_id).order_by(Draft.product_id, Draft.target, Draft.variant))
        result.drafts = [draft_record(d) for d in drafts]
    result.seconds = time.perf_counter() - started
    return result


def _existing_copy(kind: str, limit: int = 2000) -> dict[str, list[str]]:
    """Other products' copy of this kind, for the near-duplicate check."""
    with session_scope() as s:
        rows = s.execute(select(Product.sku, Draft.text).join(Draft.product).where(Draft.kind == kind)
                         .order_by(Draft.id.desc()).limit(limit)).all()
    by_sku: dict[str, list[str]] = {}
    for sku, text in rows:
        by_sku.setdefault(sku, []).append(text)
    return by_sku


def _run_item(job_id: str, it: _Item, spec: JobSpec, generator: Generator, voice: ShopProfile | None,
              others: dict[str, list[str]], examples: ExampleFinder | None,
              cancel: threading.Event | None) -> tuple[str | None, tuple[int, int]]:
    """Write one product's drafts; store them and mark the item done in one transaction."""
    try:
        with session_scope() as s:
            p = s.scalars(select(Product).where(Product.sku == it.sku)).one()
            product = product_record(p)
            product_id = p.id
            review = None
            if it.target:
                r = s.get(Review, int(it.target.split(":", 1)[1]))
                review = {"rating": r.rating, "text": r.text}
        lang = lang_of(product) if spec.lang == "auto" else spec.lang
        other_texts = [t for sku, texts in others.items() if sku != it.sku for t in texts]
        shots = examples(product, lang, others.get(it.sku, [])) if examples and spec.few_shot else None
        written = write(product, spec.kind, lang, generator, variants=spec.variants, channel=spec.channel,
                        voice=voice, review=review, examples=shots, template=spec.template,
                        max_attempts=spec.max_attempts,
                        temperature=spec.temperature, seed=spec.seed, others=other_texts,
                        templates_dir=get_settings().prompts_dir, cancel=cancel)
        _store(job_id, it, product_id, spec, lang, written)
        used = sum(c.prompt_tokens for c in written.candidates), sum(c.completion_tokens for c in written.candidates)
        return None, used
    except GenerationError as exc:
        _mark_failed(job_id, it, f"generation failed: {exc}")
        return f"generation failed: {exc}", (0, 0)
    except Exception as exc:  # one product's bad data or a bug must not stop the batch; it is retried on rerun
        _mark_failed(job_id, it, f"{type(exc).__name__}: {exc}")
        return f"{type(exc).__name__}: {exc}", (0, 0)


def _store(job_id: str, it: _Item, product_id: int, spec: JobSpec, lang: str, written: Written) -> None:
    with session_scope() as s:
        item = s.scalars(select(JobItem).where(JobItem.job_id == job_id, JobItem.sku == it.sku,
                                               JobItem.target == it.target)).one()
        if item.state == "done":  # another runner of the same job finished it first
            return
        for variant, cand in enumerate(written.candidates):
            s.add(Draft(
                product_id=product_id, job_id=job_id, kind=spec.kind, lang=lang, channel=written.channel,
                target=it.target, variant=variant, text=cand.text, fields=cand.fields, status="draft",
                model=written.model, settings=written.settings, template=written.prompt.template,
                prompt_hash=written.prompt.hash, prompt_tokens=cand.prompt_tokens,
                completion_tokens=cand.completion_tokens, latency_ms=cand.latency_ms, attempts=cand.attempts,
                score=cand.report.score, check_report=cand.report.to_dict(),
                review_id=int(it.target.split(":", 1)[1]) if it.target else None,
            ))
        item.state, item.error = "done", None
        s.add(AuditLog(action="draft.created", entity="product", entity_id=it.sku,
                       detail={"job": job_id, "kind": spec.kind, "drafts": len(written.candidates),
                               "passed": sum(c.passed for c in written.candidates)}))


def _mark_failed(job_id: str, it: _Item, reason: str) -> None:
    with session_scope() as s:
        item = s.scalars(select(JobItem).where(JobItem.job_id == job_id, JobItem.sku == it.sku,
                                               JobItem.target == it.target)).one()
        item.state, item.error = "failed", reason[:2000]
