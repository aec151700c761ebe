"""Render a kind's template for one product into chat messages, with its template name and hashes."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from shopscribe.errors import UserError
from shopscribe.prompts.voice import ShopProfile

TEMPLATES = Path(__file__).parent / "templates"
# Product fields that reach a prompt. Source paths, ids and timestamps stay out: they are not copy.
PROMPT_FIELDS = ("title", "brand", "category", "price", "currency", "attributes", "description")
DESCRIPTION_CHARS = 600
VALUE_CHARS = 200  # an attribute value or a title longer than this is cut: it is data, not an essay
# Splits a rendered template into system and user messages. Every value that reaches a prompt loses its control
# characters (product_facts, one_line), so catalog text cannot forge it.
USER_MARKER = "\x00USER\x00"
# How a fact line is labelled, per language. Plain words a shopper would use: nothing here reads as a tag or a
# field name the model could copy into the copy.
LABELS = {
    "zh": {"title": "名称", "brand": "品牌", "category": "品类", "price": "价格", "description": "介绍"},
    "en": {"title": "Product", "brand": "Brand", "category": "Category", "price": "Price", "description": "About it"},
}
# How worked examples enter a prompt. "turns": each is a user turn with its product's facts, then its copy as the
# answer. "copy": the examples' copy alone, quoted before the product's facts, about 30 % fewer prompt tokens in
# the description's 3-shot prompt; reading the prompt is most of a few-shot row's time on a CPU.
EXAMPLE_STYLES = ("turns", "copy")
COPY_LEAD = {"zh": "同类商品的参考文案（只学写法，内容以下面的商品信息为准）：",
             "en": "Copy written for similar products (learn the style only; the facts are the product's below):"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_LINE_END = re.compile(r"[。！？.!?；;：:，,]$")


@dataclass(frozen=True)
class Prompt:
    messages: list[dict[str, str]]
    template: str  # name@hash of the template source: which wording produced a draft
    hash: str  # hash of the rendered messages: the exact prompt


@dataclass(frozen=True)
class Example:
    """A worked example for few-shot prompting: product data and the copy a reviewer accepted."""

    product: dict[str, Any]
    text: str
    # Template variables of the example's own (a review-reply example's review, say); the product being written
    # lends it nothing of its own data.
    context: dict[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=8)
def _environment(extra_dir: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(TEMPLATES))]
    if extra_dir:
        loaders.insert(0, jinja2.FileSystemLoader(extra_dir))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def product_data(product: dict[str, Any]) -> str:
    """Product fields as one JSON object; angle brackets escaped so data cannot close its tag."""
    data = {k: product.get(k) for k in PROMPT_FIELDS if product.get(k) not in (None, "", {}, [])}
    if isinstance(data.get("description"), str) and len(data["description"]) > DESCRIPTION_CHARS:
        data["description"] = data["description"][:DESCRIPTION_CHARS] + "…"
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def one_line(text: Any, limit: int = VALUE_CHARS) -> str:
    """A catalog or shopper value as one line of plain text: no line breaks or control characters (so it cannot
    start a line of its own or forge the message split), no longer than `limit`."""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _prose(text: str, lang: str) -> str:
    """A description's lines (an HTML list, say) as one run of sentences: a line without end punctuation gets one,
    so the model never sees, and never repeats, a line break or a bare list item."""
    end = "。" if lang == "zh" else ". "
    text = re.sub(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]+", " ", text)  # control characters, line breaks kept
    parts = [p.strip() for p in re.split(r"[\r\n\u2028\u2029]+", text) if p.strip()]
    joined = "".join(p if _LINE_END.search(p) else p + end for p in parts) if lang == "zh" else \
        " ".join(p if _LINE_END.search(p) else p + "." for p in parts)
    return one_line(joined, DESCRIPTION_CHARS)


def _price(product: dict[str, Any], lang: str) -> str:
    price, currency = str(product.get("price") or "").strip(), str(product.get("currency") or "").upper()
    if not price or not re.match(r"^[\d.,]+$", price):
        return price  # "¥89", "$129.00": as the catalog writes it
    if currency == "CNY":
        return f"{price}元" if lang == "zh" else f"¥{price}"
    if currency == "USD":
        return f"${price}"
    return f"{price} {currency}".strip()


def product_facts(product: dict[str, Any], lang: str) -> str:
    """The product's fields as plain "label：value" lines in the prompt's language, attributes under their own
    names, the description last as sentences. One value never spans lines."""
    labels = LABELS.get(lang, LABELS["en"])
    sep = "：" if lang == "zh" else ": "
    lines = []
    for key in ("title", "brand", "category"):
        if product.get(key):
            lines.append(f"{labels[key]}{sep}{one_line(product[key])}")
    if product.get("price") not in (None, ""):
        lines.append(f"{labels['price']}{sep}{one_line(_price(product, lang))}")
    for key, value in (product.get("attributes") or {}).items():
        shown = "、".join(map(str, value)) if isinstance(value, (list, tuple)) else value
        if str(shown).strip():
            lines.append(f"{one_line(key, 40)}{sep}{one_line(shown)}")
    if isinstance(product.get("description"), str) and product["description"].strip():
        lines.append(f"{labels['description']}{sep}{_prose(product['description'], lang)}")
    return "\n".join(lines)


def template_names(extra_dir: Path | None = None) -> list[str]:
    env = _environment(str(extra_dir) if extra_dir else None)
    return sorted(n.removesuffix(".j2") for n in env.list_templates(extensions=["j2"]) if not n.startswith("_"))


def require_template(name: str, templates_dir: Path | None = None) -> str:
    """The template's name without .j2; a name that is not one is the user's mistake, reported with the names
    there are (callers check before a model loads)."""
    name = name.removesuffix(".j2")
    names = template_names(templates_dir)
    if name not in names:
        raise UserError(f"no prompt template '{name}'; available: {', '.join(names)} "
                        "(a shop's own templates go in HOME/prompts)")
    load_template(name, templates_dir)  # a syntax error shows now, not once per product
    return name


def template_id(name: str, lang: str, templates_dir: Path | None = None) -> str:
    """name@hash of a template's source and the base it extends: which wording a draft came from."""
    env = _environment(str(templates_dir) if templates_dir else None)
    name = require_template(name, templates_dir)
    source, _, _ = env.loader.get_source(env, name + ".j2")
    base_source, _, _ = env.loader.get_source(env, f"_base.{lang}.j2")
    return f"{name}@{_sha(base_source + source)[:12]}"


def load_template(name: str, templates_dir: Path | None = None) -> jinja2.Template:
    """A compiled template; a syntax error in a shop's own template is a UserError naming its file and line."""
    env = _environment(str(templates_dir) if templates_dir else None)
    try:
        return env.get_template(name.removesuffix(".j2") + ".j2")
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or name}:{exc.lineno}"
        raise UserError(f"{where}: prompt template syntax error ({exc.message}); fix the template") from None


# What an example's user turn leaves out unless the example brings its own: the data of the product being written.
EXAMPLE_BLANKS = {"review_json": "", "highlights_json": "", "praised_aspects": "", "complaint_aspects": "",
                  "negative": False}


def build_prompt(
    kind: str,
    lang: str,
    product: dict[str, Any],
    *,
    voice: ShopProfile | None = None,
    examples: list[Example] | None = None,
    template: str | None = None,
    templates_dir: Path | None = None,
    context: dict[str, Any] | None = None,
    example_style: str = "turns",
) -> Prompt:
    """Messages for one product. `template` overrides the default `{kind}.{lang}` (prompt experiments);
    `example_style` is one of EXAMPLE_STYLES."""
    name = (template or f"{kind}.{lang}").removesuffix(".j2")
    tid = template_id(name, lang, templates_dir)
    tmpl = load_template(name, templates_dir)
    variables = {"lang": lang, "voice": voice or ShopProfile(), "review_json": "", "negative": False,
                 "limit_hint": "", "channel_name": "", "audience_json": "", "reviewer_note": "", "highlights_json": "",
                 "praised_aspects": "", "complaint_aspects": "", "brief": False}
    variables.update(context or {})

    def render(prod: dict[str, Any], own: dict[str, Any] | None = None) -> tuple[str, str]:
        values = variables if own is None else {**variables, **EXAMPLE_BLANKS, **own}
        try:
            # product_json stays for a shop's own templates written against the earlier JSON block.
            text = tmpl.render(**values, product_facts=product_facts(prod, lang), product_json=product_data(prod),
                               user_marker=USER_MARKER)
        except jinja2.TemplateError as exc:  # a shop's own template with a mistake in it
            raise UserError(f"prompt template '{name}' does not render: {exc}") from None
        if text.count(USER_MARKER) != 1:
            raise UserError(f"prompt template '{name}' must put {{{{ user_marker }}}} once between the system "
                            f"and the user message; extend _base.{lang}.j2 to get it")
        system, user = text.split(USER_MARKER)
        return system.strip(), user.strip()

    if example_style not in EXAMPLE_STYLES:
        raise ValueError(f"example_style is one of {EXAMPLE_STYLES}, not {example_style!r}")
    system, user = render(product)
    messages = [{"role": "system", "content": system}]
    if example_style == "copy" and examples:
        # Numbered lines of flattened copy: an example's text can no more start a line of its own than a value.
        quoted = "\n".join(f"{i}. {one_line(ex.text, DESCRIPTION_CHARS)}" for i, ex in enumerate(examples, 1))
        user = f"{COPY_LEAD.get(lang, COPY_LEAD['en'])}\n{quoted}\n\n{user}"
    else:
        for ex in examples or []:
            messages.append({"role": "user", "content": render(ex.product, ex.context)[1]})
            messages.append({"role": "assistant", "content": ex.text})
    messages.append({"role": "user", "content": user})
    return Prompt(messages=messages, template=tid, hash=_sha(json.dumps(messages, ensure_ascii=False)))
