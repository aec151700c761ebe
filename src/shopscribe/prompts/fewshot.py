"""Retrieval few-shot: the k pool examples whose attributes overlap a product's most (BM25 over key#value terms).

A pool is the shop's approved copy, or AdvertiseGen train.jsonl for the benchmark. The dev split never
enters a pool: examples chosen from it would leak the references the benchmark scores against.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopscribe.catalog import advertisegen
from shopscribe.errors import UserError
from shopscribe.prompts.render import Example
from shopscribe.prompts.starters import starters_for

# BM25's usual constants: k1 bounds how much a repeated term adds, b how much long attribute lists are discounted.
K1 = 1.2
B = 0.75
# Copy that won an experiment scores this much more than equally close approved copy: it is the shop's proof of
# what sells, yet an example for another kind of product still loses to a close one.
PREFERRED_BOOST = 0.5


def terms(product: dict[str, Any]) -> list[str]:
    """A product's attributes as retrieval terms 'key#value', one per value (values joined with 、 split apart)."""
    out = []
    for key, value in (product.get("attributes") or {}).items():
        # Catalog attributes may hold a list (Shopify options); AdvertiseGen joins values with 、.
        values = value if isinstance(value, (list, tuple)) else str(value).split("、")
        for part in values:
            if str(part).strip():
                out.append(f"{str(key).strip()}#{str(part).strip()}")
    if product.get("category") and not any(t.startswith("类型#") for t in out):
        out.append(f"类型#{product['category']}")
    return out


@dataclass(frozen=True)
class PoolItem:
    """One example in a pool: where it came from (for the record), the product, and its approved copy."""

    key: str
    product: dict[str, Any]
    text: str
    preferred: bool = False  # won an experiment
    context: dict[str, Any] | None = None  # what the copy answered (a review reply's review)

    def example(self) -> Example:
        return Example(self.product, self.text, dict(self.context or {}))


class FewShotPool:
    """An in-memory BM25 index over the pool's attribute terms; `nearest` is deterministic (ties keep pool order)."""

    def __init__(self, items: Sequence[PoolItem], source: str = "") -> None:
        if not items:
            raise UserError(f"the few-shot pool {source} is empty: give a pool with at least one example")
        self.items = list(items)
        self.source = source
        self._docs = [Counter(terms(item.product)) for item in self.items]
        self._lengths = [sum(d.values()) for d in self._docs]
        self._avg_len = sum(self._lengths) / len(self._lengths) or 1.0
        df: Counter[str] = Counter()
        for doc in self._docs:
            df.update(doc.keys())
        n = len(self._docs)
        # BM25+ style idf that stays positive, so a term shared by most of the pool still counts a little.
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def __len__(self) -> int:
        return len(self.items)

    def scores(self, product: dict[str, Any]) -> list[float]:
        """BM25 score of every pool item for the product's terms (each distinct query term counted once); an
        experiment's winner scores PREFERRED_BOOST more."""
        query = set(terms(product))
        out = []
        for doc, length in zip(self._docs, self._lengths):
            s = 0.0
            for t in query:
                tf = doc.get(t, 0)
                if tf:
                    s += self._idf[t] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self._avg_len))
            out.append(s)
        return [s * (1 + PREFERRED_BOOST) if item.preferred else s for s, item in zip(out, self.items)]

    def nearest(self, product: dict[str, Any], k: int, *, exclude_texts: Iterable[str] = ()) -> list[PoolItem]:
        """The k best-scoring items with some overlap, best first; items whose copy is in exclude_texts are skipped
        (so a row's own reference can never be its example)."""
        if k <= 0:
            return []
        banned = set(exclude_texts)
        scored = sorted(enumerate(self.scores(product)), key=lambda p: (-p[1], p[0]))
        out: list[PoolItem] = []
        seen_texts: set[str] = set()
        for i, score in scored:
            if score <= 0 or len(out) >= k:
                break
            item = self.items[i]
            if item.text in banned or item.text in seen_texts:
                continue
            seen_texts.add(item.text)
            out.append(item)
        return out

    def examples(self, product: dict[str, Any], k: int, *, exclude_texts: Iterable[str] = ()) -> list[Example]:
        """The k nearest as prompt examples, closest last: it then sits right before the product it should help."""
        return [item.example() for item in reversed(self.nearest(product, k, exclude_texts=exclude_texts))]


def refuse_dev(path: Path, purpose: str) -> None:
    """UserError if `path` is the AdvertiseGen dev split (by name or by its rows): it is for reporting only."""
    if advertisegen.is_dev_file(path):
        raise UserError(
            f"{path} is the AdvertiseGen dev split, which is for reporting only and must not be used {purpose}; "
            "use train.jsonl (or your own approved copy) instead"
        )


def pool_from_advertisegen(path: Path, limit: int | None = None) -> FewShotPool:
    """A pool from an AdvertiseGen-format file (train.jsonl); the dev split is refused."""
    path = Path(path)
    refuse_dev(path, "as a few-shot pool")
    rows = advertisegen.read_rows(path, limit)
    return FewShotPool([PoolItem(r.key, r.product(), r.summary) for r in rows], source=str(path))


def pool_from_drafts(kind: str, lang: str, session: Session | None = None) -> FewShotPool:
    """A pool of the shop's approved and published drafts of one kind and language (the shop's own live copy
    included), with their products' current data; experiment winners are preferred."""
    from sqlalchemy import select

    from shopscribe.store import Draft, DraftStatus, Experiment, use_session

    good = [st for st in DraftStatus if st.reviewed_good]
    with use_session(session) as s:
        won = Experiment.winners(s, kind)
        drafts = s.scalars(select(Draft).where(Draft.kind == kind, Draft.lang == lang, Draft.target == "",
                                               Draft.status.in_(good)).order_by(Draft.id)).all()
        items = [PoolItem(f"draft:{d.id}", {"title": d.product.title, "category": d.product.category,
                                            "attributes": dict(d.product.attributes or {})}, d.text,
                          preferred=d.id in won,
                          context=_answered(s, d.customer_review_id))
                 for d in drafts]
    if not items:
        raise UserError(f"no approved {kind} drafts in {lang} to use as few-shot examples; approve some drafts first "
                        "or give an AdvertiseGen-format pool file")
    return FewShotPool(items, source=f"approved {kind}.{lang} drafts")


def _answered(s: Session, review_id: int | None) -> dict[str, Any] | None:
    """The review an approved reply answered, as its example's context."""
    from shopscribe.store import CustomerReview

    review = s.get(CustomerReview, review_id) if review_id is not None else None
    return {"review": {"rating": review.rating, "text": review.text}} if review is not None else None


def pool_for(kind: str, lang: str, pool_file: Path | None = None, session: Session | None = None) -> FewShotPool:
    """The few-shot pool a generation run draws on: an examples file when given, else the shop's approved drafts of
    this kind in one language. Built before any model loads, so a bad pool costs nothing."""
    if pool_file is not None:
        return pool_from_advertisegen(pool_file)
    if lang not in ("zh", "en"):
        raise UserError("--few-shot draws on approved drafts of one language: give --lang zh or --lang en, "
                        "or an examples file with --pool")
    return pool_from_drafts(kind, lang, session)


# (product, its language, texts to leave out) → worked examples for its prompt, closest last.
ExampleFinder = Callable[[dict[str, Any], str, list[str]], list[Example]]


def examples_for(kind: str, langs: Sequence[str], k: int, pool_file: Path | None = None,
                 session: Session | None = None) -> tuple[ExampleFinder, str]:
    """How a generation run finds its k worked examples per product, and where they come from (for the job's record).

    An examples file, when given, is the only source. Otherwise the shop's approved copy of the kind in the
    product's language comes first; built-in starters fill what it cannot (all of it, for a new shop). Pools are
    built here, before any model loads.
    """
    if pool_file is not None:
        pool = pool_from_advertisegen(pool_file)
        return (lambda product, _lang, exclude: pool.examples(product, k, exclude_texts=exclude)), pool.source
    own: dict[str, FewShotPool | None] = {}
    for lang in langs:
        try:
            own[lang] = pool_from_drafts(kind, lang, session)
        except UserError:  # nothing approved yet in this language
            own[lang] = None

    def find(product: dict[str, Any], lang: str, exclude: list[str]) -> list[Example]:
        pool = own.get(lang)
        shots = pool.examples(product, k, exclude_texts=exclude) if pool is not None else []
        if len(shots) < k:  # the farthest go first: starters stand before the shop's own, closer copy
            shots = starters_for(kind, lang, product, k - len(shots)) + shots
        return shots

    mine = [f"approved {kind}.{lang} drafts" for lang in langs if own.get(lang) is not None]
    return find, "; ".join([*mine, "built-in starters"])
