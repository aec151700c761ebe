"""Categories for products imported without one, or with one that looks wrong: a classifier trained on the shop's
own categorised products suggests, a person accepts or dismisses, and only an accepted suggestion is written.

Decisions. Features are TF-IDF of character n-grams (1–3, within words), which need no word segmentation and so serve
Chinese and English alike, plus word uni- and bigrams; the model is a multinomial logistic regression, whose top
probability is the confidence shown. The model lives for one call: a few thousand products train in seconds, and a
model file would only go stale when the catalog changes. A product whose category the model would judge is never in
the model that judges it: its probabilities come from a model trained on the other folds (cross-fitting), since a
model that has seen a mislabelled product has half learned the wrong label. Categories with fewer than
MIN_PER_CATEGORY products are not learned, and a product in one is never called suspicious.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.errors import UserError
from shopscribe.store import AuditLog, CategorySuggestion, Product, use_session

MIN_PER_CATEGORY = 3
FOLDS = 5
C = 100.0  # weak regularisation: on a shop of 40 products C = 1 or 10 leaves every probability near 1/k
SEED = 21

Status = Literal["pending", "accepted", "dismissed"]


class SuggestRequest(BaseModel):
    skus: list[str] = Field(default_factory=list)  # the products to judge; empty: every product
    min_confidence: float = Field(0.5, ge=0.0, le=1.0)  # below it a missing category is "unsure" and no row is written
    suspicious_below: float = Field(0.2, ge=0.0, le=1.0)  # a category the model gives less than this … (see suggest)


class Suggestion(BaseModel):
    id: int
    sku: str
    title: str
    current: str | None  # the product's category when suggested
    category: str
    confidence: float
    status: Status
    reason: Literal["missing", "suspicious"]
    created_at: dt.datetime
    new: bool = False  # written by this call (False: an earlier call's pending suggestion, or a listing)


class Unsure(BaseModel):
    sku: str
    title: str
    category: str  # the model's best guess, not written
    confidence: float


class SuggestResult(BaseModel):
    trained_on: int  # categorised products the model learned from
    categories: list[str]  # the categories it can predict
    too_small: list[str]  # categories with fewer than MIN_PER_CATEGORY products: not learned, never judged
    judged: int  # products looked at
    suggestions: list[Suggestion]  # pending suggestions for the judged products (new ones flagged)
    unsure: list[Unsure]  # products without a category whose best guess is below min_confidence
    dismissed_before: list[str]  # SKUs whose suggestion a person already dismissed: not suggested again


class DecideRequest(BaseModel):
    ids: list[int] = Field(min_length=1)
    accept: bool
    actor: str = Field(min_length=1, max_length=128)


class Skipped(BaseModel):
    id: int
    reason: str


class DecideResult(BaseModel):
    changed: list[int]
    skipped: list[Skipped] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)  # the changed ones, as they are now


def product_text(p: Product) -> str:
    """What the classifier reads of a product: title, brand, description, attribute names and values."""
    attrs = " ".join(f"{k} {v}" for k, v in (p.attributes or {}).items())
    return " ".join(part for part in (p.title, p.brand or "", p.description or "", attrs) if part).strip()


@dataclass
class Classifier:
    """A fitted category model: the text features and the logistic regression on them."""

    features: Any
    model: Any

    @property
    def categories(self) -> list[str]:
        return [str(c) for c in self.model.classes_]

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row per text, one probability per category (in `categories` order)."""
        return self.model.predict_proba(self.features.transform(texts))


def _features(word_only: bool = False) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    words = ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w+\b"))
    chars = ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True))
    return FeatureUnion([words] if word_only else [chars, words])


def _regression() -> Any:
    from sklearn.linear_model import LogisticRegression

    # saga at tol 1e-3 fits Superstore's 1,400 training titles in about 2 s on 2 shared cores, lbfgs several times
    # slower, with the same accuracy to within 0.005.
    return LogisticRegression(C=C, solver="saga", tol=1e-3, max_iter=1000, random_state=SEED)


def train(texts: list[str], labels: list[str], *, word_only: bool = False) -> Classifier:
    """Fit the classifier (word_only: the word-TF-IDF baseline the benchmark compares against)."""
    features = _features(word_only)
    return Classifier(features, _regression().fit(features.fit_transform(texts), labels))


def cross_probabilities(texts: list[str], labels: list[str], folds: int = FOLDS) -> tuple[list[str], np.ndarray]:
    """Each text's class probabilities from a model that did not see its label (stratified folds); the class order.

    The TF-IDF vocabulary is fitted once on every text: it never sees a label, so it leaks nothing to the judge.
    """
    from sklearn.model_selection import StratifiedKFold

    categories = sorted(set(labels))
    matrix = _features().fit_transform(texts)
    out = np.zeros((len(texts), len(categories)))
    y = np.array(labels)
    splitter = StratifiedKFold(min(folds, min(Counter(labels).values())), shuffle=True, random_state=SEED)
    for fit_idx, judge_idx in splitter.split(np.zeros(len(y)), y):
        model = _regression().fit(matrix[fit_idx], y[fit_idx])
        cols = [categories.index(str(c)) for c in model.classes_]
        out[np.ix_(judge_idx, cols)] = model.predict_proba(matrix[judge_idx])
    return categories, out


def _learnable(products: list[Product]) -> tuple[list[Product], list[str]]:
    counts = Counter(p.category for p in products if p.category)
    learn = {c for c, n in counts.items() if n >= MIN_PER_CATEGORY}
    if len(learn) < 2:
        have = ", ".join(f"{c} {n}" for c, n in counts.most_common()) or "none"
        raise UserError(f"categories are learned from the shop's own categorised products: it needs at least 2 "
                        f"categories with {MIN_PER_CATEGORY} or more products each (has: {have}); give more products "
                        "a category (import them with one), then suggest again")
    return [p for p in products if p.category in learn], sorted(c for c in counts if c not in learn)


def suggest(req: SuggestRequest, session: Session | None = None) -> SuggestResult:
    """Suggest categories for the judged products (all, or `skus`) and write them as pending suggestions.

    A product without a category gets the model's best category when its probability is at least `min_confidence`
    (else it is listed as unsure, nothing written). A categorised product is suspicious when the model gives its own
    category less than `suspicious_below` and another at least `min_confidence`; that other one is suggested.
    Idempotent: a pending suggestion of the same category for the same product is not written again, and one a
    person dismissed (same product, same current category, same suggestion) is not suggested again.
    """
    with use_session(session) as s:
        products = list(s.scalars(select(Product).order_by(Product.id)))
        if req.skus:
            by_sku = {p.sku: p for p in products}
            missing = [k for k in req.skus if k not in by_sku]
            if missing:
                raise UserError(f"no product with SKU {', '.join(missing)}; list them with `shopscribe products`")
            judged = [by_sku[k] for k in dict.fromkeys(req.skus)]
        else:
            judged = products
        learned, too_small = _learnable(products)
        texts, labels = [product_text(p) for p in learned], [str(p.category) for p in learned]
        judged_ids = {p.id for p in judged}

        proposals: list[tuple[Product, str, float, str]] = []  # (product, category, confidence, reason)
        unsure: list[Unsure] = []
        if any(p.category in set(labels) for p in judged):
            categories, cross = cross_probabilities(texts, labels)
            for p, row in zip(learned, cross):
                if p.id not in judged_ids:
                    continue
                best = int(row.argmax())
                if row[categories.index(str(p.category))] < req.suspicious_below and row[best] >= req.min_confidence:
                    proposals.append((p, categories[best], float(row[best]), "suspicious"))
        blank = [p for p in judged if not p.category]
        if blank:
            clf = train(texts, labels)
            for p, row in zip(blank, clf.probabilities([product_text(p) for p in blank])):
                best = int(row.argmax())
                if row[best] >= req.min_confidence:
                    proposals.append((p, clf.categories[best], float(row[best]), "missing"))
                else:
                    unsure.append(Unsure(sku=p.sku, title=p.title, category=clf.categories[best],
                                         confidence=round(float(row[best]), 4)))

        earlier = list(s.scalars(select(CategorySuggestion).where(CategorySuggestion.product_id.in_(judged_ids))
                                 .order_by(CategorySuggestion.id)))
        shown: list[Suggestion] = []
        dismissed_before: list[str] = []
        for p, category, confidence, reason in sorted(proposals, key=lambda x: x[0].id):
            same = [e for e in earlier if e.category == category and e.current == (p.category or None)]
            if any(e.status == "dismissed" for e in same):
                dismissed_before.append(p.sku)
                continue
            pending = next((e for e in same if e.status == "pending"), None)
            if pending is not None:
                shown.append(_view(pending, p))
                continue
            row = CategorySuggestion(product_id=p.id, current=p.category or None, category=category,
                                     confidence=round(confidence, 4), status="pending")
            s.add(row)
            s.flush()
            shown.append(_view(row, p, new=True))
        return SuggestResult(trained_on=len(learned), categories=sorted(set(labels)), too_small=too_small,
                             judged=len(judged), suggestions=shown, unsure=unsure, dismissed_before=dismissed_before)


def decide(req: DecideRequest, session: Session | None = None) -> DecideResult:
    """Accept (write the category to the product, audit row `category.accepted` with before/after) or dismiss
    (the product stays as it is, audit row `category.dismissed`) pending suggestions.

    Skipped, with the reason: a suggestion already decided, and an accept whose product's category changed since
    the suggestion was made (someone else set it; accepting would overwrite them). Accepting one suggestion
    dismisses the product's other pending ones. Unknown ids are an error before anything changes.
    """
    result = DecideResult(changed=[])
    with use_session(session) as s:
        found = {r.id: r for r in s.scalars(select(CategorySuggestion).where(CategorySuggestion.id.in_(req.ids)))}
        missing = [i for i in req.ids if i not in found]
        if missing:
            raise UserError(f"no category suggestion with id {', '.join(map(str, missing))}; list them with "
                            "`shopscribe insights categories list`")
        for i in dict.fromkeys(req.ids):
            row = found[i]
            p = row.product
            if row.status != "pending":
                result.skipped.append(Skipped(id=i, reason=f"already {row.status}"))
                continue
            if req.accept and (p.category or None) != row.current:
                result.skipped.append(Skipped(id=i, reason=f"the product's category changed since the suggestion "
                                              f"(was {row.current or 'none'}, now {p.category or 'none'}); "
                                              "suggest again"))
                continue
            if req.accept:
                before = p.category
                p.category = row.category
                row.status = "accepted"
                s.add(AuditLog(actor=req.actor, action="category.accepted", entity="product", entity_id=p.sku,
                               detail={"suggestion": row.id, "before": before, "after": row.category,
                                       "confidence": row.confidence}))
                others = s.scalars(select(CategorySuggestion).where(CategorySuggestion.product_id == p.id,
                                                                    CategorySuggestion.status == "pending",
                                                                    CategorySuggestion.id != row.id))
                for other in others:
                    other.status = "dismissed"
                    s.add(AuditLog(actor=req.actor, action="category.dismissed", entity="product", entity_id=p.sku,
                                   detail={"suggestion": other.id, "category": other.category,
                                           "because": f"suggestion {row.id} was accepted"}))
            else:
                row.status = "dismissed"
                s.add(AuditLog(actor=req.actor, action="category.dismissed", entity="product", entity_id=p.sku,
                               detail={"suggestion": row.id, "category": row.category, "current": p.category}))
            s.flush()
            result.changed.append(i)
            result.suggestions.append(_view(row, p))
    return result


def list_suggestions(status: Status | None = "pending", session: Session | None = None) -> list[Suggestion]:
    """Suggestions with that status (None: all), oldest first."""
    with use_session(session) as s:
        q = select(CategorySuggestion).order_by(CategorySuggestion.id)
        if status is not None:
            q = q.where(CategorySuggestion.status == status)
        return [_view(r, r.product) for r in s.scalars(q)]


def _view(row: CategorySuggestion, p: Product, new: bool = False) -> Suggestion:
    return Suggestion(id=row.id, sku=p.sku, title=p.title, current=row.current, category=row.category,
                      confidence=row.confidence, status=row.status,  # type: ignore[arg-type]
                      reason="missing" if row.current is None else "suspicious", created_at=row.created_at, new=new)
