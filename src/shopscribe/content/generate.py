"""`shopscribe generate` and POST /api/v1/generate as one room function: a GenerateRequest in, a GenerateResult out.

Every rule of a generation run lives here, not in the CLI: which products, the few-shot pool, the template,
the shop's profile and its own templates, the adapter default, and that all of it is checked before a model loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy.orm import Session

from shopscribe.channels import get_channel
from shopscribe.config import Settings
from shopscribe.content.jobs import Executor, JobResult, JobSpec, ThreadExecutor, Writer, run_job
from shopscribe.content.kinds import get_kind
from shopscribe.content.pipeline import MAX_ATTEMPTS
from shopscribe.content.stale import stale_skus
from shopscribe.errors import UserError
from shopscribe.llm import Generator, default_adapter, get_generator, require_adapter
from shopscribe.prompts import Audience, examples_for, load_profile, load_template, require_template


class GenerateRequest(BaseModel):
    kind: str
    skus: list[str] = Field(default_factory=list)  # with all_products False: these products
    all_products: bool = False
    stale: bool = False  # the products whose approved or published copy of this kind states a changed fact
    per_variant: bool = False  # copy for each variant of the products that have several (Shopify variants)
    lang: Literal["zh", "en", "auto"] = "auto"  # auto: each product's own language
    variants: int = Field(1, ge=1, le=8)
    # How the variants are ordered: the gate's score, or minimum-Bayes-risk (the one the others agree with most).
    pick: Literal["gate", "consensus"] = "gate"
    # Plain copy that stops shorter than this is continued to the next sentence end (content.lengthen); 0: off.
    min_chars: int = Field(0, ge=0, le=2000)
    channel: str | None = None  # default per kind and language
    template: str | None = None  # default KIND.LANG
    # Worked examples per prompt: the shop's approved copy, else the built-in starters; 0 writes without any.
    few_shot: int = Field(1, ge=0, le=8)
    # How they enter the prompt: as worked turns, or their copy alone (fewer prompt tokens; prompts.EXAMPLE_STYLES).
    example_style: Literal["turns", "copy"] = "turns"
    pool: Path | None = None  # an AdvertiseGen-format examples file; default: approved drafts, then starters
    profile: Path | None = None  # shop profile TOML; default HOME/shop.toml
    model: str | None = None  # default from settings
    adapter: Path | None = None  # LoRA adapter; default settings.adapter, else the shop's own (llm.default_adapter)
    no_adapter: bool = False  # the base model even where the shop has trained an adapter
    fresh: bool = False  # a new job instead of resuming the same request
    max_attempts: int = Field(MAX_ATTEMPTS, ge=1, le=6)
    seed: int | None = None
    audience: Audience | None = None  # a shopper segment's profile: write its variant instead of the generic copy
    note: str | None = Field(None, max_length=500)  # a reviewer's reason for sending the product back, told to the model

    @field_validator("kind")
    @classmethod
    def _kind(cls, kind: str) -> str:
        return get_kind(kind).name

    @field_validator("lang", mode="before")
    @classmethod
    def _lang(cls, lang: str) -> str:
        if lang not in ("zh", "en", "auto"):
            raise UserError(f"--lang must be zh, en or auto, not '{lang}'")
        return lang


class GenerateResult(BaseModel):
    job: str
    drafts: list[dict[str, Any]]
    failed: list[dict[str, str]]
    resumed: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float


@dataclass
class Prepared:
    """A checked request, ready to plan and run: its JobSpec and the Writer its items use."""

    spec: JobSpec
    writer: Writer
    own_generator: bool  # made here from the settings: the caller closes it when done


def prepare(req: GenerateRequest, settings: Settings, *, generator: Generator | None = None,
            session: Session | None = None) -> Prepared:
    """Every rule of a generation request, checked before any model loads (UserError when one fails); then the
    job's spec and writer. Without a `generator` one is made from `settings`."""
    kind = get_kind(req.kind)
    if bool(req.skus) + req.all_products + req.stale != 1:
        raise UserError("give one of --sku SKU (one or more), --all or --stale")
    if req.stale:
        skus = stale_skus(kind.name, session)
        if not skus:
            raise UserError(f"no approved or published {kind.name} copy is stale; `shopscribe drafts --stale` lists "
                            "what a re-import made stale")
        req = req.model_copy(update={"skus": skus, "stale": False})
    if req.channel:
        get_channel(req.channel, kind.name)
    templates_dir = settings.prompts_dir
    for lang in ("zh", "en") if req.lang == "auto" else (req.lang,):
        # The shop's own templates (HOME/prompts) may replace the built-in ones: a broken one is exit 2 here.
        require_template(req.template or f"{kind.name}.{lang}", templates_dir)
        load_template(f"_base.{lang}", templates_dir)
    voice = load_profile(req.profile or settings.home / "shop.toml")
    langs = ("zh", "en") if req.lang == "auto" else (req.lang,)
    examples = examples_for(kind.name, langs, req.few_shot, req.pool, session) if req.few_shot else None
    adapter = req.adapter or (None if req.no_adapter else default_adapter(settings, req.model))
    if adapter is not None:
        require_adapter(adapter)
    own = generator is None
    generator = generator or get_generator(settings, model=req.model, adapters=[adapter] if adapter else None)
    spec = JobSpec(kind=kind.name, lang=req.lang, variants=req.variants, channel=req.channel,
                   skus=list(req.skus) or None, template=req.template, max_attempts=req.max_attempts, seed=req.seed,
                   few_shot=req.few_shot, pool=examples[1] if examples else None,
                   segment=req.audience.name if req.audience else None, note=req.note, per_variant=req.per_variant,
                   pick=req.pick, min_chars=req.min_chars, example_style=req.example_style)
    writer = Writer(generator, voice=voice, audience=req.audience, examples=examples[0] if examples else None,
                    templates_dir=templates_dir, home=settings.home)
    return Prepared(spec, writer, own)


def generate(
    req: GenerateRequest,
    settings: Settings,
    *,
    generator: Generator | None = None,
    executor: Executor | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    session: Session | None = None,
) -> GenerateResult:
    """Write (or resume writing) drafts for the products asked for. Usage errors are raised as UserError before
    any model loads; without a `generator` one is made from `settings` and closed afterwards."""
    ready = prepare(req, settings, generator=generator, session=session)
    try:
        result = run_job(ready.spec, ready.writer, executor=executor or ThreadExecutor(settings.concurrency),
                         fresh=req.fresh, on_progress=on_progress, session=session)
    finally:
        if ready.own_generator:
            ready.writer.generator.close()
    return result_of(result)


def result_of(result: JobResult) -> GenerateResult:
    return GenerateResult(job=result.job_id, drafts=result.drafts, failed=result.failed, resumed=result.resumed,
                          prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
                          seconds=round(result.seconds, 2))
