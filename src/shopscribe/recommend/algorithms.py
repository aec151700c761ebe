"""The recommenders: popularity, item-item, EASE, ALS and BPR, behind one shape.

Every model is fitted on a users × items matrix and scores any shopper from their history row, so a shopper
whose events arrived after training is still served. Factor models (ALS, BPR) keep the factors of the shoppers
they were trained on and fold newcomers in from their history.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from scipy import sparse


def binary(x: sparse.csr_matrix) -> sparse.csr_matrix:
    out = x.copy().astype(np.float32)
    out.data[:] = 1.0
    return out


@dataclass
class Recommender:
    """The shape every model has. `params` are its settings; `arrays` all it learnt (saved as one .npz)."""

    name: ClassVar[str] = ""
    params: dict[str, Any] = field(default_factory=dict)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def fit(self, x: sparse.csr_matrix) -> Recommender:
        raise NotImplementedError

    def scores(self, history: sparse.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        """Scores (rows × items) for shoppers with these history rows; `users` are their training row numbers
        (-1 for a shopper the model has not seen), used by factor models."""
        raise NotImplementedError


@dataclass
class Popularity(Recommender):
    """How many shoppers touched each item: the baseline, and the list a cold-start shopper gets."""

    name: ClassVar[str] = "popularity"

    def fit(self, x: sparse.csr_matrix) -> Popularity:
        self.arrays = {"pop": np.asarray(binary(x).sum(axis=0)).ravel().astype(np.float32)}
        return self

    def scores(self, history: sparse.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        return np.tile(self.arrays["pop"], (history.shape[0], 1))


@dataclass
class ItemItem(Recommender):
    """Cosine similarity between items' shopper sets (shrunk when few shoppers are shared), top neighbours kept."""

    name: ClassVar[str] = "item-item"

    def fit(self, x: sparse.csr_matrix) -> ItemItem:
        neighbours = int(self.params.get("neighbours", 100))
        shrink = float(self.params.get("shrink", 10.0))
        b = binary(x).tocsc()
        co = (b.T @ b).toarray().astype(np.float32)  # items × items co-occurrence
        norms = np.sqrt(np.diag(co))
        sim = co / (np.outer(norms, norms) + shrink + 1e-9)
        np.fill_diagonal(sim, 0.0)
        if neighbours < sim.shape[1]:
            cut = np.argpartition(-sim, neighbours, axis=1)[:, neighbours:]
            np.put_along_axis(sim, cut, 0.0, axis=1)
        self.arrays = {"sim": sim}
        return self

    def scores(self, history: sparse.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        return np.asarray(binary(history) @ self.arrays["sim"])


@dataclass
class Ease(Recommender):
    """EASE (Steck, 2019): a closed-form item-item model, B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹.

    Exact and fast for catalogs of up to some ten thousand products (one items × items inverse).
    """

    name: ClassVar[str] = "ease"
    MAX_ITEMS: ClassVar[int] = 20_000

    def fit(self, x: sparse.csr_matrix) -> Ease:
        lam = float(self.params.get("l2", 250.0))
        b = binary(x)
        gram = (b.T @ b).toarray().astype(np.float64)
        gram[np.diag_indices_from(gram)] += lam
        p = np.linalg.inv(gram)
        weights = -p / np.diag(p)
        np.fill_diagonal(weights, 0.0)
        self.arrays = {"b": weights.astype(np.float32)}
        return self

    def scores(self, history: sparse.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        return np.asarray(binary(history) @ self.arrays["b"])


@dataclass
class _Factors(Recommender):
    """Shopper and item factors from the implicit library; newcomers are folded in by least squares."""

    def _model(self) -> Any:
        raise NotImplementedError

    def fit(self, x: sparse.csr_matrix) -> _Factors:
        from threadpoolctl import threadpool_limits

        # implicit runs its own threads; a BLAS thread pool beside them only contends for the same cores. Its
        # warning about the pool is answered by the limit (it can miss a second BLAS copy's setting).
        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="OpenBLAS is configured", category=RuntimeWarning)
            model = self._model()
            model.fit(self._confidence(x), show_progress=False)
        self.arrays = {"users": np.asarray(model.user_factors, dtype=np.float32),
                       "items": np.asarray(model.item_factors, dtype=np.float32)}
        return self

    def _confidence(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        return x.astype(np.float32).tocsr()

    def scores(self, history: sparse.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        items = self.arrays["items"]
        known = self.arrays["users"]
        users = np.full(history.shape[0], -1) if users is None else np.asarray(users)
        reg = float(self.params.get("regularization", 0.1))
        gram_inv = np.linalg.inv(items.T @ items + reg * np.eye(items.shape[1], dtype=np.float32))
        folded = np.asarray(binary(history) @ items) @ gram_inv  # u = (YᵀY + λI)⁻¹ Yᵀ h
        vectors = np.where((users >= 0)[:, None], known[np.clip(users, 0, None)], folded)
        return vectors @ items.T


@dataclass
class Als(_Factors):
    """Alternating least squares on confidence-weighted events (Hu, Koren and Volinsky, 2008)."""

    name: ClassVar[str] = "als"

    def _model(self) -> Any:
        from implicit.cpu.als import AlternatingLeastSquares

        p = self.params
        return AlternatingLeastSquares(factors=int(p.get("factors", 16)), regularization=float(p.get("regularization", 0.1)),
                                       iterations=int(p.get("iterations", 30)), random_state=int(p.get("seed", 0)),
                                       num_threads=int(p.get("threads", 2)))

    def _confidence(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        return (x * float(self.params.get("alpha", 0.1))).astype(np.float32).tocsr()


@dataclass
class Bpr(_Factors):
    """Bayesian personalised ranking (Rendle et al., 2009): pairwise, on which items a shopper touched."""

    name: ClassVar[str] = "bpr"

    def _model(self) -> Any:
        from implicit.cpu.bpr import BayesianPersonalizedRanking

        p = self.params
        return BayesianPersonalizedRanking(factors=int(p.get("factors", 32)), learning_rate=float(p.get("learning_rate", 0.01)),
                                           regularization=float(p.get("regularization", 0.01)),
                                           iterations=int(p.get("iterations", 50)), random_state=int(p.get("seed", 0)),
                                           num_threads=int(p.get("threads", 2)))

    def _confidence(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        return binary(x)


ALGORITHMS: dict[str, type[Recommender]] = {m.name: m for m in (Popularity, ItemItem, Ease, Als, Bpr)}


def top_k(scores: np.ndarray, k: int, exclude: sparse.csr_matrix | None = None) -> np.ndarray:
    """Column indexes of the k best scores per row, best first; excluded cells never appear. Ties keep the lower
    index first, so lists are deterministic."""
    s = scores.astype(np.float64, copy=True)
    if exclude is not None and exclude.nnz:
        rows, cols = exclude.nonzero()
        s[rows, cols] = -np.inf
    k = min(k, s.shape[1])
    # Sort by (-score, index): lexsort's last key is primary.
    order = np.lexsort((np.broadcast_to(np.arange(s.shape[1]), s.shape), -s), axis=1)[:, :k]
    keep = np.take_along_axis(s, order, axis=1) > -np.inf
    return np.where(keep, order, -1)
