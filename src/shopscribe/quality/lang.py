"""Which language a text is written in: Chinese or English, by script (decided in catalog.cleaning, which the
catalog import asks too when it keeps a shop's own copy)."""

from __future__ import annotations

from shopscribe.catalog.cleaning import detect_lang

__all__ = ["detect_lang"]
