"""The quality gate: ad-law compliance, facts, language, shape and length, SEO, duplicates and injection; ranking
and feedback."""

from shopscribe.quality.context import GateContext, product_text
from shopscribe.quality.critic import Critic
from shopscribe.quality.gate import CHECKS, check_copy, check_text
from shopscribe.quality.injection import untrusted_spans
from shopscribe.quality.lang import detect_lang
from shopscribe.quality.report import CheckReport, Flag, feedback_for, rank

__all__ = ["CHECKS", "CheckReport", "Critic", "Flag", "GateContext", "check_copy", "check_text",
           "detect_lang", "feedback_for", "product_text", "rank", "untrusted_spans"]
