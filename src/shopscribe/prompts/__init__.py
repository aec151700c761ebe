"""Prompts: Jinja2 templates per content kind and language, brand voice, few-shot examples and their retrieval."""

from shopscribe.prompts.audience import Audience
from shopscribe.prompts.fewshot import (
    FewShotPool,
    PoolItem,
    examples_for,
    pool_for,
    pool_from_advertisegen,
    pool_from_drafts,
    refuse_dev,
)
from shopscribe.prompts.starters import starter_pool
from shopscribe.prompts.render import (
    EXAMPLE_STYLES,
    Example,
    Prompt,
    build_prompt,
    load_template,
    one_line,
    product_data,
    product_facts,
    require_template,
    template_id,
    template_names,
)
from shopscribe.prompts.voice import ShopProfile, load_profile

__all__ = ["EXAMPLE_STYLES", "Audience", "Example", "FewShotPool", "PoolItem", "Prompt", "ShopProfile", "build_prompt", "examples_for", "load_profile", "load_template",
           "one_line", "pool_for", "pool_from_advertisegen", "pool_from_drafts", "product_data", "product_facts", "refuse_dev", "require_template", "starter_pool",
           "template_id", "template_names"]
