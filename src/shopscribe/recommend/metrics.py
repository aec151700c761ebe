"""Ranking metrics at k, as Microsoft Recommenders defines them (binary relevance, averaged over test shoppers),
and the stratified split its benchmarks use."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def ranking_metrics(recommended: dict[str, Sequence[str]], relevant: dict[str, set[str]], k: int = 10) -> dict[str, float]:
    """NDCG@k, precision@k, recall@k and MAP@k over the shoppers in `relevant` (a shopper without a list scores 0).

    MAP@k is Recommenders' map_at_k: the sum of precision at each hit's rank, over the number of relevant items.
    """
    totals = {"ndcg": 0.0, "precision": 0.0, "recall": 0.0, "map": 0.0}
    users = [u for u, rel in relevant.items() if rel]
    for user in users:
        rel = relevant[user]
        recs = list(recommended.get(user, ()))[:k]
        hits, dcg, ap = 0, 0.0, 0.0
        for rank, item in enumerate(recs, 1):
            if item in rel:
                hits += 1
                dcg += 1.0 / math.log2(rank + 1)
                ap += hits / rank
        idcg = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(rel), k) + 1))
        totals["ndcg"] += dcg / idcg
        totals["precision"] += hits / k
        totals["recall"] += hits / len(rel)
        totals["map"] += ap / len(rel)
    n = max(len(users), 1)
    return {name: round(value / n, 4) for name, value in totals.items()} | {"users": len(users), "k": k}


def stratified_split(pairs: Sequence[tuple[str, T]], ratio: float = 0.75, seed: int = 42
                     ) -> tuple[list[tuple[str, T]], list[tuple[str, T]]]:
    """Per shopper, a random `ratio` of their rows to train and the rest to test (each shopper in both when they
    have two rows or more), the protocol of Recommenders' python_stratified_split."""
    by_user: dict[str, list[tuple[str, T]]] = defaultdict(list)
    for pair in pairs:
        by_user[pair[0]].append(pair)
    rng = random.Random(seed)
    train, test = [], []
    for user in sorted(by_user):
        rows = by_user[user]
        rng.shuffle(rows)
        cut = max(1, round(len(rows) * ratio)) if len(rows) > 1 else 1
        train += rows[:cut]
        test += rows[cut:]
    return train, test
