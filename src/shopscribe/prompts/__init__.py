"""Prompts: Jinja2 templates per content kind and language, brand voice, few-shot examples."""

from shopscribe.prompts.render import Example, Prompt, build_prompt, product_data, require_template, template_id, template_names
from shopscribe.prompts.voice import ShopProfile, load_profile

__all__ = ["Example", "Prompt", "ShopProfile", "build_prompt", "load_profile", "product_data", "require_template", "template_id", "template_names"]
