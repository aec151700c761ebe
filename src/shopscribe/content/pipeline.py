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
from shopscribe.content.consensus import consensus_order
from shopscribe.content.kinds import Kind, get_kind
from shopscribe.content.lengthen import lengthen
from shopscribe.llm import Completion, GenerationRequest, Generator
from shopscribe.prompts import Audience, Example, Prompt, ShopProfile, build_prompt, one_line

TEXT_FIELDS = ("title", "description")
# How a blocked candidate is tried again. A rewrite in the same conversation, with the flags fed back, mends most
# flags. When the same check blocks twice, asking the same way rarely converges (an echo stays echoed: it is in the
# conversation), so the next try changes strategy: a fresh sample of the first prompt, examples and all, cooler;
# then a brief prompt (task and facts only, no examples), cooler still.
STRATEGIES = ("first", "rewrite", "fresh", "brief", "cut")
PICKS = ("gate", "consensus")  # how write() orders its candidates
# The last, deterministic repair ("cut"): a clause or sentence whose words alone block the draft (an absolute term, a
# claim the facts contradict, a repeated sentence, a use the product was not made for) is taken out, and the rest
# kept if it then passes the whole gate (but for length, which the trim mends). Cutting never adds a claim; other
# blocks (echo, shape …) need new words.
CUTTABLE = frozenset({"compliance", "fact", "duplicate", "category"})
LADDER = {"fresh": 0.4, "brief": 0.2}  # strategy → temperature
MAX_ATTEMPTS = 4  # the first try, a rewrite, then both rungs of the ladder


@dataclass
class Candidate:
    """One generated variant after parsing, checking and (if needed) rewriting."""

    text: str
    fields: dict[str, Any]
    report: quality.CheckReport
    attempts: int = 1
    strategy: str = "first"  # which try produced the kept text (STRATEGIES)
    tries: list[dict[str, Any]] = field(default_factory=list)  # every try: its strategy and the checks that blocked
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
    return _without(text, _SENTENCE, spans).strip()


def _without(text: str, piece: re.Pattern[str], spans: list[tuple[int, int]]) -> str:
    """The text without every piece (a match of `piece`) that a span touches. What lies between pieces stays: a
    newline the sentence pattern steps over still separates "Hello." from "World"."""
    out, last_end = [], 0
    for m in piece.finditer(text):
        if m.start() == m.end():
            continue
        out.append(text[last_end:m.start()])
        last_end = m.end()
        if not any(start < m.end() and end > m.start() for start, end in spans):
            out.append(m.group(0))
    out.append(text[last_end:])
    return "".join(out)


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
    """Over-long copy the model could not shorten is cut at a sentence or clause end, then checked again."""
    return _judged(kind.render(kind.fit(cand.fields, ctx.channel), ctx.channel), kind, ctx)


# A piece that can be taken out: a sentence, or a clause of one (split after Chinese or English punctuation; a line
# break stays with the text so a heading never merges into the body).
_SENTENCE_PIECE = re.compile(r"[^。！？!?；;\n]*?(?:[。！？!?；;]+|\.(?=\s|$)|(?=\n)|$)")
_CLAUSE_PIECE = re.compile(r"[^。！？!?；;，,、\n]*?(?:[。！？!?；;，,、]+|\.(?=\s|$)|(?=\n)|$)")


def _repaired(cand: Candidate, kind: Kind, ctx: quality.GateContext, kept: str) -> tuple[Candidate, str]:
    """The draft after the deterministic repairs, and the strategy that produced it. Words that alone block it are
    cut out (whole sentences first, then clauses) where that leaves it passing but for length; then every field over
    its channel's limit is trimmed, blocked or not, since no channel takes it as it is (a reviewer sees the other
    flags on copy that fits); then a cut is tried once more on what the trim left."""
    if _cuttable(cand) and (cut := _without_blocking_words(cand, kind, ctx)) is not None:
        cand, kept = cut, "cut"
    if cand.fields and "length" in _blocking(cand):
        cand = _trimmed(cand, kind, ctx)
        if _cuttable(cand) and (cut := _without_blocking_words(cand, kind, ctx)) is not None:
            cand, kept = cut, "cut"
    return cand, kept


def _without_blocking_words(cand: Candidate, kind: Kind, ctx: quality.GateContext) -> Candidate | None:
    """The draft with its blocking sentences, else clauses, taken out, if nothing but length then blocks it."""
    for piece in (_SENTENCE_PIECE, _CLAUSE_PIECE):
        cut = _excised(cand, piece, kind, ctx)
        if cut is not None and set(_blocking(cut)) <= {"length"}:
            return cut
    return None


def _cuttable(c: Candidate) -> bool:
    blocks = set(_blocking(c))
    return bool(blocks & CUTTABLE) and blocks <= CUTTABLE | {"length"}


def _excised(cand: Candidate, piece: re.Pattern[str], kind: Kind, ctx: quality.GateContext) -> Candidate | None:
    """The draft with every piece that holds a cuttable blocking flag removed, judged again; None when nothing would
    be left of a line."""
    spans = [(f.start, f.end) for f in cand.report.flags if f.severity == "block" and f.check in CUTTABLE]
    text = cand.text
    lines = [_tidy(line, was) for line, was in zip(_without(text, piece, spans).split("\n"), text.split("\n"))]
    if any(not line for line, was in zip(lines, text.split("\n")) if was.strip()):
        return None
    return _judged("\n".join(lines), kind, ctx)


def _tidy(line: str, was: str) -> str:
    """A line after pieces were cut from it: no separator left at either end, and the sentence end the line had
    before (a heading had none)."""
    line = re.sub(r"^[\s，,、；;：:]+|[\s，,、；;：:]+$", "", line)
    end = re.search(r"[。！？!?.]$", was.rstrip())
    if line and end and not re.search(r"[。！？!?.]$", line):
        line += end.group(0)
    return line


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
    brief: bool = False,
    example_style: str = "turns",
) -> Prompt:
    """The first prompt write() sends for this product: what tuning trains on and what a reviewer can inspect.

    Untrusted sentences are already cut from the product (safe_product); `templates_dir` holds a shop's own
    templates, which win over the built-in ones of the same name.
    """
    kind = get_kind(kind_name)
    channel = kind.channel_for(lang, channel)
    limits = kind.limits(channel)
    context: dict[str, Any] = {"limit_hint": limits[kind.hint_field].hint(lang),
                               "channel_name": get_channel(channel).label(lang)}
    # Every field's limit by name (body_hint, subject_hint …): a template names the ones a small model overruns.
    context |= {f"{name}_hint": limit.hint(lang) for name, limit in limits.items()}
    if kind.replies_to_review:
        if customer_review is None:
            raise ValueError("review-reply needs the customer review it answers")
        context["review_json"] = _review_line(customer_review, lang)
        # What the review analysis found (insights), else the stars: the reply apologises or thanks accordingly.
        felt = customer_review.get("sentiment")
        context["negative"] = felt == "negative" if felt else _low_stars(customer_review)
        said = customer_review.get("aspects") or []
        sep = "、" if lang == "zh" else ", "

        def named(side: str) -> str:  # aspect names from insights' own vocabulary, never the shopper's words
            return sep.join(dict.fromkeys(a.get("label") or a["aspect"] for a in said if a["sentiment"] == side))

        context["praised_aspects"], context["complaint_aspects"] = named("positive"), named("negative")
    if audience is not None:
        context["audience_json"] = audience.as_data(lang)
    if highlights and not kind.replies_to_review:
        # Shoppers' words: data on a line of its own, each one flattened like the product's values.
        context["highlights_json"] = ("；" if lang == "zh" else "; ").join(one_line(h, 80) for h in highlights[:5])
    if brief:  # the repair ladder's last rung: the task and the facts, no rules paragraph
        context["brief"] = True
    if note:
        # The shop's own reviewer wrote it: an instruction, unlike catalog text, but kept to one plain line.
        context["reviewer_note"] = " ".join(note.split())[:500]
    # Examples carry other products' catalog text: untrusted in the same way as this product's. The example's
    # answer is written as the model must answer: the kind's JSON where it has fields.
    shots = [Example(safe_product(e.product), reply, _example_context(e, lang))
             for e in examples or [] if (reply := _as_reply(e.text, kind)) is not None]
    return build_prompt(kind.name, lang, safe_product(product), voice=voice, examples=shots, template=template,
                        templates_dir=templates_dir, context=context, example_style=example_style)


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
    max_attempts: int = MAX_ATTEMPTS,
    temperature: float = 0.7,
    top_p: float = 0.9,
    seed: int | None = None,
    others: list[str] | None = None,
    keywords: list[str] | None = None,
    repeat_penalty: float | None = None,
    dry: float | None = None,
    templates_dir: Path | None = None,
    home: Path | None = None,
    cancel: threading.Event | None = None,
    highlights: list[str] | None = None,
    pick: str = "gate",
    min_chars: int | None = None,
    example_style: str = "turns",
) -> Written:
    """Generate `variants` candidates, check each, rewrite blocked ones up to max_attempts, rank them.

    `pick` orders them: "gate" by the quality score, "consensus" (minimum-Bayes-risk) passing candidates first,
    then the one that agrees most with the others (content.consensus). `min_chars` continues plain copy that
    stopped shorter, sentence by sentence (content.lengthen). `example_style` is how the examples enter the
    prompt (prompts.EXAMPLE_STYLES).

    A candidate that still fails after its attempts is kept with its flags, never dropped. The gate's context
    is content.gate_context's, the one `shopscribe check` uses; `home` brings the shop's critic.
    Raises GenerationError when the backend fails; the caller records it and moves on.
    """
    if pick not in PICKS:
        raise ValueError(f"pick is one of {PICKS}, not {pick!r}")
    kind = get_kind(kind_name)
    channel = kind.channel_for(lang, channel)
    asked = dict(channel=channel, voice=voice, customer_review=customer_review, audience=audience, note=note,
                 template=template, templates_dir=templates_dir, highlights=highlights)
    prompt = prompt_for(product, kind_name, lang, examples=examples, example_style=example_style, **asked)
    request = GenerationRequest(
        messages=prompt.messages, n=variants, max_tokens=kind.max_tokens, temperature=temperature, top_p=top_p,
        seed=seed, json_schema=kind.schema.model_json_schema() if kind.schema else None, repeat_penalty=repeat_penalty, dry=dry,
    )
    ctx = gate_context(kind.name, lang, channel=channel, product=product, voice=voice, keywords=keywords,
                       others=others, home=home)
    completion = generator.generate(request, cancel=cancel)
    share = _share(completion, len(completion.texts))

    def ask(strategy: str, raw: str, cand: Candidate, last: GenerationRequest, attempt: int) -> tuple[
            Completion, GenerationRequest]:
        """One more try by `strategy`; returns its completion and the request a later rewrite continues from."""
        if strategy == "rewrite":
            messages = [*last.messages, {"role": "assistant", "content": raw},
                        {"role": "user", "content": quality.feedback_for(cand.report, lang)}]
            base = last
        else:
            messages = (prompt.messages if strategy == "fresh" else
                        prompt_for(product, kind_name, lang, brief=True, **asked).messages)
            base = last = GenerationRequest(messages=messages, n=1, max_tokens=request.max_tokens,
                                            temperature=min(request.temperature, LADDER[strategy]),
                                            top_p=request.top_p, json_schema=request.json_schema,
                                            repeat_penalty=request.repeat_penalty, dry=request.dry)
        retry = GenerationRequest(messages=messages, n=1, max_tokens=base.max_tokens, temperature=base.temperature,
                                  top_p=base.top_p, seed=None if request.seed is None else request.seed + attempt,
                                  json_schema=base.json_schema, repeat_penalty=base.repeat_penalty, dry=base.dry)
        return generator.generate(retry, cancel=cancel), last

    candidates = []
    for raw in completion.texts:
        usage = list(share)
        if min_chars and kind.schema is None:
            raw, more = lengthen(raw, request, generator, min_chars, cancel)
            if more is not None:
                usage = [a + b for a, b in zip(usage, _share(more, 1))]
        cand = evaluate(raw, kind, ctx)
        tries = [{"strategy": "first", "blocks": _blocking(cand)}]
        kept, last = "first", request
        attempt = 1
        while not cand.passed and attempt < max_attempts:
            attempt += 1
            strategy = next_strategy(tries)
            retry, last = ask(strategy, raw, cand, last, attempt)
            usage = [a + b for a, b in zip(usage, _share(retry, 1))]
            better = evaluate(retry.texts[0], kind, ctx)
            tries.append({"strategy": strategy, "blocks": _blocking(better)})
            if _replaces(better, cand):
                cand, raw, kept = better, retry.texts[0], strategy
        if not cand.passed:
            cand, kept = _repaired(cand, kind, ctx, kept)
        cand.attempts, cand.strategy, cand.tries = attempt, kept, tries
        cand.prompt_tokens, cand.completion_tokens, cand.latency_ms = usage
        candidates.append(cand)
    # The examples the prompt shows: those with an answer in the kind's shape (prompt_for drops the others).
    shown = sum(_as_reply(e.text, kind) is not None for e in examples or [])
    if pick == "consensus":
        order = consensus_order([c.text for c in candidates], [c.passed for c in candidates])
    else:
        order = quality.rank([(c.text, c.report) for c in candidates])
    settings = {"temperature": temperature, "top_p": top_p, "seed": seed, "max_tokens": kind.max_tokens,
                "max_attempts": max_attempts, "channel": channel, "examples": shown,
                "pick": pick, **({"min_chars": min_chars} if min_chars else {}),
                **({"example_style": example_style} if shown and example_style != "turns" else {})}
    return Written([candidates[i] for i in order], prompt, channel, completion.model, settings)


def next_strategy(tries: list[dict[str, Any]]) -> str:
    """The next try after a blocked one: a rewrite with the flags fed back, unless the last two tries were blocked
    by a same check; then the next rung of the ladder not yet climbed (the last rung again once all are)."""
    if len(tries) >= 2 and set(tries[-1]["blocks"]) & set(tries[-2]["blocks"]):
        climbed = {t["strategy"] for t in tries}
        return next((s for s in LADDER if s not in climbed), list(LADDER)[-1])
    return "rewrite"


def _blocking(c: Candidate) -> list[str]:
    return sorted({f.check for f in c.report.flags if f.severity == "block"})


def _review_line(review: dict[str, Any], lang: str) -> str:
    """The customer's review as one line: its stars, then its words with personal data redacted."""
    from shopscribe.catalog import redact_pii

    text = one_line(redact_pii(review.get("text") or ""), 600)
    stars = review.get("rating")
    if stars is None:
        return text
    return f"（{stars}星）{text}" if lang == "zh" else f"({stars} of 5 stars) {text}"


def _example_context(example: Example, lang: str) -> dict[str, Any]:
    """A review-reply example's own review, in the same line the real one takes."""
    review = example.context.get("review")
    if not review:
        return {}
    return {"review_json": _review_line(review, lang), "negative": _low_stars(review)}


def _low_stars(review: dict[str, Any]) -> bool:
    """A review of one or two stars is a complaint; one without stars is not."""
    return (review.get("rating") or 5) <= 2


def _as_reply(text: str, kind: Kind) -> str | None:
    """Approved copy as the answer the model gives: the text itself, or the kind's JSON of its fields; None when
    the copy no longer reads as its kind (it is then no example)."""
    if kind.schema is None:
        return text
    try:
        return json.dumps(kind.read(text), ensure_ascii=False)
    except ValueError:
        return None


def _replaces(better: Candidate, cand: Candidate) -> bool:
    """Whether a retry replaces the kept candidate: copy that reads as its kind always beats copy that does not
    (a format flag leaves the draft without fields), then fewer blocking flags win, a tie going to the newer."""
    def key(c: Candidate) -> tuple[bool, int]:
        return any(f.check == "format" for f in c.report.flags), _blocks(c)
    return key(better) <= key(cand)


def _blocks(c: Candidate) -> int:
    return sum(1 for f in c.report.flags if f.severity == "block")


def _share(completion: Completion, n: int) -> tuple[int, int, int]:
    n = max(n, 1)
    return completion.prompt_tokens // n, completion.completion_tokens // n, completion.latency_ms // n
