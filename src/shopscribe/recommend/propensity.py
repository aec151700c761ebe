"""Purchase propensity: the probability that a shopper buys within the next `horizon_days`, from their events so far.

Training looks back: features as of (last event − horizon), label = a purchase in the horizon after it. Scoring
uses features as of the last event. A gradient-boosted model (LightGBM) with calibrated probabilities when there
are enough shoppers; a logistic regression below that, where boosting would only memorise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from shopscribe.errors import UserError
from shopscribe.recommend.interactions import Touch

FEATURES = ("recency_days", "purchase_recency_days", "events_7d", "events_30d", "views", "clicks", "carts",
            "purchases", "carts_not_bought", "categories", "top_category_share", "relative_price", "tenure_days")
BOOSTING_MIN_SHOPPERS = 200
NEVER = 365.0  # days, for "no purchase yet": far enough to rank below any real recency


@dataclass(frozen=True)
class ProductInfo:
    category: str
    price: float | None


def features(touches: Sequence[Touch], at: dt.datetime, products: dict[str, ProductInfo]) -> dict[str, list[float]]:
    """Per shopper, the FEATURES from their events before `at` (shoppers with none are left out)."""
    medians = _category_medians(products)
    by_user: dict[str, list[Touch]] = defaultdict(list)
    for t in touches:
        if t.at < at:
            by_user[t.user].append(t)
    out = {}
    for user, ts in by_user.items():
        kinds = Counter(t.type for t in ts)
        last = max(t.at for t in ts)
        first = min(t.at for t in ts)
        bought = [t.at for t in ts if t.type == "purchase"]
        bought_skus = {t.sku for t in ts if t.type == "purchase"}
        carted = {t.sku for t in ts if t.type == "cart"}
        cats = Counter(products[t.sku].category for t in ts if t.sku in products)
        rel = [products[t.sku].price / medians[products[t.sku].category] for t in ts
               if t.sku in products and products[t.sku].price and medians.get(products[t.sku].category)]
        out[user] = [
            _days(at - last), _days(at - max(bought)) if bought else NEVER,
            sum(1 for t in ts if at - t.at <= dt.timedelta(days=7)), sum(1 for t in ts if at - t.at <= dt.timedelta(days=30)),
            kinds["view"], kinds["click"], kinds["cart"], kinds["purchase"], len(carted - bought_skus),
            len(cats), (max(cats.values()) / sum(cats.values())) if cats else 0.0,
            float(np.mean(rel)) if rel else 1.0, _days(at - first),
        ]
    return out


def labels(touches: Sequence[Touch], start: dt.datetime, end: dt.datetime) -> set[str]:
    """Shoppers with a purchase in [start, end)."""
    return {t.user for t in touches if t.type == "purchase" and start <= t.at < end}


@dataclass
class PropensityModel:
    kind: str  # lightgbm | logistic
    model: Any
    horizon_days: int
    trained_at: dt.datetime  # the feature cut-off of the training rows
    shoppers: int
    positives: int

    def predict(self, rows: dict[str, list[float]]) -> dict[str, float]:
        if not rows:
            return {}
        users = sorted(rows)
        x = np.asarray([rows[u] for u in users], dtype=np.float64)
        p = self.model.predict_proba(_transform(x))[:, 1]
        return {u: round(float(v), 4) for u, v in zip(users, p)}


def fit(touches: Sequence[Touch], products: dict[str, ProductInfo], horizon_days: int = 7, seed: int = 0
        ) -> PropensityModel:
    """Train on features as of (last event − horizon) and purchases in the horizon after."""
    if not touches:
        raise UserError("no shopper events to learn from: import some first (shopscribe import events FILE)")
    end = max(t.at for t in touches)
    cut = end - dt.timedelta(days=horizon_days)
    rows = features(touches, cut, products)
    bought = labels(touches, cut, end + dt.timedelta(seconds=1))
    users = sorted(rows)
    y = np.asarray([u in bought for u in users], dtype=int)
    if len(users) < 10 or y.sum() < 2 or (len(y) - y.sum()) < 2:
        raise UserError(f"too few shoppers to learn purchase propensity: {len(users)} shoppers with events before "
                        f"{cut:%Y-%m-%d}, {int(y.sum())} of them bought in the {horizon_days} days after; "
                        "import more events or shorten --horizon")
    x = _transform(np.asarray([rows[u] for u in users], dtype=np.float64))
    kind, model = _model(len(users), int(y.sum()), seed)
    model.fit(x, y)
    return PropensityModel(kind, model, horizon_days, cut, len(users), int(y.sum()))


def recency_frequency(rows: dict[str, list[float]]) -> dict[str, float]:
    """The baseline: frequency over recency (30-day events / (1 + days since last event))."""
    i_rec, i_freq = FEATURES.index("recency_days"), FEATURES.index("events_30d")
    return {u: r[i_freq] / (1.0 + r[i_rec]) for u, r in rows.items()}


def _model(n: int, positives: int, seed: int) -> tuple[str, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if n < BOOSTING_MIN_SHOPPERS or positives < 20:
        return "logistic", make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    import lightgbm
    from sklearn.calibration import CalibratedClassifierCV

    booster = lightgbm.LGBMClassifier(n_estimators=200, learning_rate=0.05, num_leaves=15, min_child_samples=20,
                                      subsample=0.8, subsample_freq=1, colsample_bytree=0.8, random_state=seed,
                                      n_jobs=1, verbose=-1)  # n_jobs=1: LightGBM's threads crawl beside others
    # Boosted scores rank well but are not probabilities; isotonic calibration on held-out folds makes them so.
    return "lightgbm", CalibratedClassifierCV(booster, method="isotonic" if positives >= 100 else "sigmoid", cv=3)


def _transform(x: np.ndarray) -> np.ndarray:
    # Counts and days are heavy-tailed: log1p keeps one very active shopper from setting the scale.
    return np.log1p(np.clip(x, 0, None))


def _days(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 86400, 3)


def _category_medians(products: dict[str, ProductInfo]) -> dict[str, float]:
    prices: dict[str, list[float]] = defaultdict(list)
    for p in products.values():
        if p.price:
            prices[p.category].append(p.price)
    return {c: float(np.median(v)) for c, v in prices.items() if v}


def pr_auc(y: Sequence[int], scores: Sequence[float]) -> float:
    from sklearn.metrics import average_precision_score

    return round(float(average_precision_score(y, scores)), 4)


def roc_auc(y: Sequence[int], scores: Sequence[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, scores)), 4) if len(set(y)) > 1 else math.nan
