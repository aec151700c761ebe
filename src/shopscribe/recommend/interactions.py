"""Shopper events as an implicit-feedback matrix: one row per shopper (pseudonym), one column per product (SKU).

A purchase says more than a view, so each event type carries a weight; repeated events add up. The matrix is
what every recommender here trains on, and what `recommend for` reads a shopper's history from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopscribe.store import Event, Product, use_session

# How much one event of each type says about a shopper's interest (a purchase ≈ eight views).
WEIGHTS: dict[str, float] = {"view": 1.0, "click": 2.0, "cart": 4.0, "purchase": 8.0}


@dataclass(frozen=True)
class Touch:
    """One event as the recommenders see it."""

    user: str  # pseudonym
    sku: str
    type: str  # view | click | cart | purchase
    at: dt.datetime


@dataclass
class Interactions:
    """Weighted shopper × product matrix, plus which pairs were purchases (left out of "for you" lists)."""

    users: list[str]
    items: list[str]
    matrix: sparse.csr_matrix  # float32, users × items, summed event weights
    bought: sparse.csr_matrix  # bool, users × items
    user_index: dict[str, int] = field(init=False)
    item_index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.user_index = {u: i for i, u in enumerate(self.users)}
        self.item_index = {s: i for i, s in enumerate(self.items)}

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def row(self, user: str) -> sparse.csr_matrix:
        """The shopper's history (1 × items); empty for a shopper not in the matrix."""
        i = self.user_index.get(user)
        if i is None:
            return sparse.csr_matrix((1, len(self.items)), dtype=np.float32)
        return self.matrix[i]


def build(touches: Iterable[Touch], items: Sequence[str] | None = None,
          weights: dict[str, float] | None = None) -> Interactions:
    """The matrix of these events. `items` fixes the columns (every catalog product, in order); events of other SKUs
    are left out."""
    weights = weights or WEIGHTS
    touches = list(touches)
    item_list = list(items) if items is not None else sorted({t.sku for t in touches})
    item_index = {s: i for i, s in enumerate(item_list)}
    user_list = sorted({t.user for t in touches if t.sku in item_index})
    user_index = {u: i for i, u in enumerate(user_list)}
    rows, cols, vals, brows, bcols = [], [], [], [], []
    for t in touches:
        j = item_index.get(t.sku)
        if j is None:
            continue
        rows.append(user_index[t.user])
        cols.append(j)
        vals.append(weights.get(t.type, 1.0))
        if t.type == "purchase":
            brows.append(user_index[t.user])
            bcols.append(j)
    shape = (len(user_list), len(item_list))
    matrix = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    bought = sparse.csr_matrix((np.ones(len(brows), dtype=bool), (brows, bcols)), shape=shape)
    bought.sum_duplicates()
    return Interactions(user_list, item_list, matrix, bought.astype(bool))


def load_touches(session: Session | None = None, *, users: Collection[str] | None = None) -> list[Touch]:
    """Every stored event, or only these shoppers' (serving one shopper reads their history, not the shop's), oldest
    first."""
    query = select(Event.user, Product.sku, Event.type, Event.occurred_at).join(Product, Product.id == Event.product_id)
    with use_session(session) as s:
        if users is None:
            rows = s.execute(query.order_by(Event.occurred_at, Event.id)).all()
        else:
            wanted = sorted(set(users))
            rows = []
            for i in range(0, len(wanted), 500):  # bounded IN lists: SQLite caps bound parameters
                rows += s.execute(query.where(Event.user.in_(wanted[i:i + 500]))).all()
            rows.sort(key=lambda r: r[3])
    return [Touch(u, sku, t, _aware(at)) for u, sku, t, at in rows]


def catalog_skus(session: Session | None = None) -> list[str]:
    with use_session(session) as s:
        return list(s.scalars(select(Product.sku).order_by(Product.sku)))


def _aware(at: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes for timezone-aware columns; every stored time is UTC.
    return at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
