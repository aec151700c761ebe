"""The built-in starters (prompts/data/starters.toml): the worked examples a prompt shows while a shop has no approved
copy of its own. Small models copy an example's shape closely, so every starter must pass the same quality gate that
generated copy passes, and the set must cover every kind, language and category."""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from shopscribe import content

REPO = Path(__file__).resolve().parents[1]
STARTERS = REPO / "src" / "shopscribe" / "prompts" / "data" / "starters.toml"
SAMPLE = REPO / "sample" / "products.csv"

KINDS = ("description", "title", "bullets", "ad", "social", "email")  # one starter per language and category
CATEGORIES = {
    "zh": ("服装", "厨房", "家居", "个护", "数码配件", "茶叶", "食品"),
    "en": ("Clothing", "Kitchen", "Home", "Personal care", "Electronics accessories", "Food"),
}
CURRENCY = {"zh": "CNY", "en": "USD"}
PRODUCT_FIELDS = {"title", "brand", "category", "price", "currency", "description", "attributes"}


def _load() -> list[dict[str, Any]]:
    return tomllib.loads(STARTERS.read_text(encoding="utf-8"))["starter"]


ALL = _load()


def starter_id(starter: dict[str, Any]) -> str:
    return f"{starter['kind']}-{starter['lang']}-{starter['category']}"


def test_starter_ids_are_unique():
    ids = Counter(starter_id(s) for s in ALL)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("starter", ALL, ids=starter_id)
def test_starter_has_the_documented_shape(starter):
    assert starter["kind"] in (*KINDS, "review-reply")
    assert starter["lang"] in CATEGORIES
    assert starter["category"] in CATEGORIES[starter["lang"]]
    product = starter["product"]
    assert set(product) == PRODUCT_FIELDS
    assert product["category"] == starter["category"]
    assert product["currency"] == CURRENCY[starter["lang"]]
    assert isinstance(product["price"], str) and product["price"]
    assert 3 <= len(product["attributes"]) <= 5
    assert all(isinstance(v, str) and v for v in product["attributes"].values())
    if starter["kind"] == "review-reply":
        review = starter["review"]
        assert review["rating"] in (1, 2, 3, 4, 5)
        assert review["text"].strip()
    else:
        assert "review" not in starter


@pytest.mark.parametrize("starter", ALL, ids=starter_id)
def test_starter_passes_the_quality_gate(starter):
    req = content.CheckRequest(text=starter["text"], product=starter["product"], kind=starter["kind"],
                               lang=starter["lang"])
    result = content.check(req)
    blocks = [f for f in result.flags if f["severity"] == "block"]
    described = "; ".join(f"{f['check']}: «{f['text']}» {f['message']}" for f in blocks)
    assert result.passed, (f"starter {starter['kind']} / {starter['lang']} / {starter['product']['title']!r} "
                           f"is blocked by the gate: {described}")
    assert (result.lang, result.kind) == (starter["lang"], starter["kind"])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", sorted(CATEGORIES))
def test_one_starter_per_kind_language_and_category(kind, lang):
    found = Counter(s["category"] for s in ALL if s["kind"] == kind and s["lang"] == lang)
    assert found == Counter(CATEGORIES[lang]), f"{kind}/{lang}: categories {dict(found)}"


@pytest.mark.parametrize("lang", sorted(CATEGORIES))
def test_review_replies_answer_good_and_bad_reviews_in_different_categories(lang):
    replies = [s for s in ALL if s["kind"] == "review-reply" and s["lang"] == lang]
    ratings = [s["review"]["rating"] for s in replies]
    assert sum(r <= 2 for r in ratings) >= 2, f"{lang}: negative reviews answered: {ratings}"
    assert sum(r >= 4 for r in ratings) >= 2, f"{lang}: positive reviews answered: {ratings}"
    categories = [s["category"] for s in replies]
    assert len(set(categories)) == len(categories), f"{lang}: review replies share a category: {categories}"


def test_products_are_invented_not_taken_from_the_sample_catalog():
    with SAMPLE.open(encoding="utf-8-sig", newline="") as f:
        sample_titles = {row["title"].strip().casefold() for row in csv.DictReader(f)}
    assert sample_titles, "the sample catalog has no titles to compare with"
    taken = sorted({s["product"]["title"] for s in ALL if s["product"]["title"].strip().casefold() in sample_titles})
    assert taken == [], f"starter products copied from sample/products.csv: {taken}"
