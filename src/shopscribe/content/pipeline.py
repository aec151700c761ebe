"""Write copy for one product: prompt → candidates → parse → checks → rewrite loop → ranked drafts."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopscribe import quality
from shopscribe.channels import get_channel
from shopscribe.content.checking import gate_context
from shopscribe.content.clean import OutputInvalid, parse_reply
from shopscribe.content.kinds import Kind, get_kind
from shopscribe.llm import Completion, GenerationRequest, Generator
from shopscribe.prompts import Audience, Example, Prompt, ShopProfile, build_prompt

TEXT_FIELDS = ("title", "description")


@dataclass
class Candidate:
    """One generated variant after parsing, checking and (if needed) rewriting."""

    text: str
    fields: dict[str, Any]
    report: quality.CheckReport
    attempts: int = 1
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0

    @property
    def passed(self) -> bool:
        return self.report.passed


@dataclass
class Written:
    """Everything generated for one product and kind, best candidate first."""

    candidates: list[Candidate]
    prompt: Prompt
    channel: str
    model: str
    settings: dict[str, Any] = field(default_factory=dict)


def safe_product(product: dict[str, Any]) -> dict[str, Any]:
    """A copy of the product whose free text has instructions, links and contact details cut out.

    Catalog text is untrusted: a description that says "ignore previous instructions" or carries a
    WeChat id is data we must not hand the model as something to repeat.
    """
    clean = dict(product)
    for name in TEXT_FIELDS:
        text = clean.get(name)
        if not isinstance(text, str) or not text:
            continue
        spans = sorted((start, end) for start, end, _ in quality.untrusted_spans(text))
        if spans:
            clean[name] = _cut(text, spans)
    return clean


# A sentence ends at Chinese or English end punctuation; a dot inside "evil.example" or "3.5" does not end one.
_SENTENCE = re.compile(r"[^。！？!?；;\n]+?(?:[。！？!?；;\n]+|\.(?=\s|$)|$)", re.S)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Remove every sentence a span touches, so no half-instruction remains."""
    kept = [m.group(0) for m in _SENTENCE.finditer(text)
            if not any(start < m.end() and end > m.start() for start, end in spans)]
    return "".join(kept).strip()


def evaluate(raw: str, kind: Kind, ctx: quality.GateContext) -> Candidate:
    """Parse a raw reply into the kind's fields, render the copy and put it through the gate.

    A reply that is not the kind's JSON is judged as it stands: copy already written in the kind's shape
    (bullet lines, say) is usable, anything else gets the gate's format flag.
    """
    try:
        text = kind.render(parse_reply(raw, kind), ctx.channel)
    except OutputInvalid:
        text = raw.strip()
    return _judged(text, kind, ctx)


def _judged(text: str, kind: Kind, ctx: quality.GateContext) -> Candidate:
    try:
        fields = kind.read(text)  # what the gate measured, so the stored fields are the checked ones
    except ValueError:
        fields = {}
    return Candidate(text, fields, quality.check_copy(text, ctx))


def _trimmed(cand: Candidate, kind: Kind, ctx: quality.GateContext) -> Candidate:
    """Over-long copy the model could not shorten is cut at a sentence end, then checked again."""
    return _judged(kind.render(kind.fit(cand.fields, ctx.channel), ctx.channel), kind, ctx)


def prompt_for(
    product: dict[str, Any],
    kind_name: str,
    lang: str,
    *,
    channel: str | None = None,
    voice: ShopProfile | None = None,
    examples: list[Example] | None = None,
    customer_review: dict[str, Any] | None = None,
    audience: Audience | None = None,
    note: str | None = None,
    template: str | None = None,
    templates_dir: Path | None = None,
    highlights: list[str] | None = None,
) -> Prompt:
    """The first prompt write() sends for this product: what tuning trains on and what a reviewer can inspect.

    Untrusted sentences are already cut from the product (safe_product); `templates_dir` holds a shop's own
    templates, which win over the built-in ones of the same name.
    """
    kind = get_kind(kind_name)
    channel = kind.channel_for(lang, channel)
    limit = kind.limits(channel)[kind.hint_field]
    context: dict[str, Any] = {"limit_hint": limit.hint(lang), "channel_name": get_channel(channel).label(lang)}
    if kind.replies_to_review:
        if customer_review is None:
            raise ValueError("review-reply needs the customer review it answers")
        context["review_json"] = _review_data(customer_review)
        # What the review analysis found (insights), else the stars: the reply apologises or thanks accordingly.
        felt = customer_review.get("sentiment")
        context["negative"] = felt == "negative" if felt else (customer_review.get("rating") or 5) <= 2
        said = customer_review.get("aspects") or []
        sep = "、" if lang == "zh" else ", "

        def named(side: str) -> str:  # aspect names from insights' own vocabulary, never the shopper's words
            return sep.join(dict.fromkeys(a.get("label") or a["aspect"] for a in said if a["sentiment"] == side))

        context["praised_aspects"], context["complaint_aspects"] = named("positive"), named("negative")
    if audience is not None:
        context["audience_json"] = audience.as_data(lang)
    if highlights and not kind.replies_to_review:
        # Shoppers' words: data in its own block, escaped like the product's, never instructions.
        context["highlights_json"] = json.dumps(highlights[:5], ensure_ascii=False).replace("<", "\\u003c").replace(
            ">", "\\u003e")
    if note:
        # The shop's own reviewer wrote it: an instruction, unlike catalog text, but kept to one plain line.
        context["reviewer_note"] = " ".join(note.split())[:500]
    # Examples carry other products' catalog text: untrusted in the same way as this product's.
    shots = [Example(safe_product(e.product), e.text) for e in examples or []]
    return build_prompt(kind.name, lang, safe_product(product), voice=voice, examples=shots, template=template,
                        templates_dir=templates_dir, context=context)


def write(
    product: dict[str, Any],
    kind_name: str,
    lang: str,
    generator: Generator,
    *,
    variants: int = 1,
    channel: str | None = None,
    voice: ShopProfile | None = None,
    examples: list[Example] | None = None,
    customer_review: dict[str, Any] | None = None,
    audience: Audience | None = None,
    note: str | None = None,
    template: str | None = None,
    max_attempts: int = 3,
    temperature: float = 0.7,
    top_p: float = 0.9,
    seed: int | None = None,
    others: list[str] | None = None,
    keywords: list[str] | None = None,
    repeat_penalty: float | None = None,
    templates_dir: Path | None = None,
    home: Path | None = None,
    cancel: threading.Event | None = None,
    highlights: list[str] | None = None,
) -> Written:
    """Generate `variants` candidates, check each, rewrite blocked ones up to max_attempts, rank them.

    A candidate that still fails after its attempts is kept with its flags, never dropped. The gate's context
    is content.gate_context's, the one `shopscribe check` uses; `home` brings the shop's critic.
    Raises GenerationError when the backend fails; the caller records it and moves on.
    """
    kind = get_kind(kind_name)
    channel = kind.channel_for(lang, channel)
    prompt = prompt_for(product, kind_name, lang, channel=channel, voice=voice, examples=examples,
                        customer_review=customer_review, audience=audience, note=note, template=template,
                        templates_dir=templates_dir, highlights=highlights)
    request = GenerationRequest(
        messages=prompt.messages, n=variants, max_tokens=kind.max_tokens, temperature=temperature, top_p=top_p,
        seed=seed, json_schema=kind.schema.model_json_schema() if kind.schema else None, repeat_penalty=repeat_penalty,
    )
    ctx = gate_context(kind.name, lang, channel=channel, product=product, voice=voice, keywords=keywords,
                       others=others, home=home)
    completion = generator.generate(request, cancel=cancel)
    share = _share(completion, len(completion.texts))
    candidates = []
    for raw in completion.texts:
        cand = evaluate(raw, kind, ctx)
        usage = list(share)
        attempt = 1
        while not cand.passed and attempt < max_attempts:
            attempt += 1
            retry = _rewrite(raw, cand, request, generator, lang, cancel)
            usage = [a + b for a, b in zip(usage, _share(retry, 1))]
            better = evaluate(retry.texts[0], kind, ctx)
            if _blocks(better) <= _blocks(cand):
                cand, raw = better, retry.texts[0]
        if _only_length_blocks(cand):
            cand = _trimmed(cand, kind, ctx)
        cand.attempts = attempt
        cand.prompt_tokens, cand.completion_tokens, cand.latency_ms = usage
        candidates.append(cand)
    order = quality.rank([(c.text, c.report) for c in candidates])
    settings = {"temperature": temperature, "top_p": top_p, "seed": seed, "max_tokens": kind.max_tokens,
                "max_attempts": max_attempts, "channel": channel}
    return Written([candidates[i] for i in order], prompt, channel, completion.model, settings)


def _review_data(review: dict[str, Any]) -> str:
    import json

    from shopscribe.catalog import redact_pii

    data = {"rating": review.get("rating"), "text": redact_pii(review.get("text") or "")}
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _rewrite(raw: str, cand: Candidate, request: GenerationRequest, generator: Generator, lang: str,
             cancel: threading.Event | None) -> Completion:
    """Ask again with the blocking flags fed back (instructor-style bounded retry)."""
    messages = [*request.messages, {"role": "assistant", "content": raw},
                {"role": "user", "content": quality.feedback_for(cand.report, lang)}]
    retry = GenerationRequest(messages=messages, n=1, max_tokens=request.max_tokens,
                              temperature=request.temperature, top_p=request.top_p,
                              seed=None if request.seed is None else request.seed + 1,
                              json_schema=request.json_schema, repeat_penalty=request.repeat_penalty)
    return generator.generate(retry, cancel=cancel)


def _only_length_blocks(c: Candidate) -> bool:
    blocks = {f.check for f in c.report.flags if f.severity == "block"}
    return blocks == {"length"}


def _blocks(c: Candidate) -> int:
    return sum(1 for f in c.report.flags if f.severity == "block")


def _share(completion: Completion, n: int) -> tuple[int, int, int]:
    n = max(n, 1)
    return completion.prompt_tokens // n, completion.completion_tokens // n, completion.latency_ms // n
