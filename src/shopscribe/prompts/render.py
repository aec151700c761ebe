"""Render a kind's template for one product into chat messages, with its template name and hashes."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from shopscribe.errors import UserError
from shopscribe.prompts.voice import ShopProfile

TEMPLATES = Path(__file__).parent / "templates"
# Product fields that reach a prompt. Source paths, ids and timestamps stay out: they are not copy.
PROMPT_FIELDS = ("title", "brand", "category", "price", "currency", "attributes", "description")
DESCRIPTION_CHARS = 600
# Splits a rendered template into system and user messages. NUL never survives product_data's
# JSON encoding, so catalog text cannot forge it.
USER_MARKER = "\x00USER\x00"


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
) -> Prompt:
    """Messages for one product. `template` overrides the default `{kind}.{lang}` (prompt experiments)."""
    name = (template or f"{kind}.{lang}").removesuffix(".j2")
    tid = template_id(name, lang, templates_dir)
    tmpl = load_template(name, templates_dir)
    variables = {"lang": lang, "voice": voice or ShopProfile(), "review_json": "", "negative": False,
                 "limit_hint": "", "channel_name": "", "audience_json": "", "reviewer_note": "", "highlights_json": "",
                 "praised_aspects": "", "complaint_aspects": ""}
    variables.update(context or {})

    def render(prod: dict[str, Any]) -> tuple[str, str]:
        try:
            text = tmpl.render(**variables, product_json=product_data(prod), user_marker=USER_MARKER)
        except jinja2.TemplateError as exc:  # a shop's own template with a mistake in it
            raise UserError(f"prompt template '{name}' does not render: {exc}") from None
        if text.count(USER_MARKER) != 1:
            raise UserError(f"prompt template '{name}' must put {{{{ user_marker }}}} once between the system "
                            f"and the user message; extend _base.{lang}.j2 to get it")
        system, user = text.split(USER_MARKER)
        return system.strip(), user.strip()

    system, user = render(product)
    messages = [{"role": "system", "content": system}]
    for ex in examples or []:
        messages.append({"role": "user", "content": render(ex.product)[1]})
        messages.append({"role": "assistant", "content": ex.text})
    messages.append({"role": "user", "content": user})
    return Prompt(messages=messages, template=tid, hash=_sha(json.dumps(messages, ensure_ascii=False)))
