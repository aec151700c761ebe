"""The quality gate: ad-law compliance, facts, SEO and length, duplicates and injection; ranking and feedback."""

from shopscribe.quality.context import Context, product_text
from shopscribe.quality.gate import CHECKS, check_text
from shopscribe.quality.injection import untrusted_spans
from shopscribe.quality.lang import detect_lang
from shopscribe.quality.report import CheckReport, Flag, feedback_for, rank
from shopscribe.quality.seo import text_width

__all__ = ["CHECKS", "CheckReport", "Context", "Flag", "check_text", "detect_lang", "feedback_for", "product_text",
           "rank", "text_width", "untrusted_spans"]
