"""Minimum-Bayes-risk selection: of several sampled candidates, the one the others agree with most.

Sampled candidates scatter around what the model believes; the one closest to all the others is its consensus,
and it usually scores better against a human reference than any single greedy or sampled text (MBR decoding).
Agreement is chrF (character n-gram F-score, n = 1–6, β = 2, whitespace ignored), which needs no word
segmentation, so Chinese and English are scored the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

MAX_N = 6
BETA = 2.0


def _grams(text: str) -> list[Counter[str]]:
    chars = "".join(text.split())
    return [Counter(chars[i:i + n] for i in range(len(chars) - n + 1)) for n in range(1, MAX_N + 1)]


def _chrf(hyp: list[Counter[str]], ref: list[Counter[str]]) -> float:
    precisions, recalls = [], []
    for h, r in zip(hyp, ref):
        if not h or not r:
            continue
        common = sum((h & r).values())
        precisions.append(common / sum(h.values()))
        recalls.append(common / sum(r.values()))
    if not precisions:
        return 0.0
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p + r == 0:
        return 0.0
    b2 = BETA * BETA
    return 100.0 * (1 + b2) * p * r / (b2 * p + r)


def chrf(hypothesis: str, reference: str) -> float:
    """chrF of one text against another, 0–100 (the average n-gram precision and recall, as sacrebleu's chrF)."""
    return _chrf(_grams(hypothesis), _grams(reference))


def consensus_scores(texts: Sequence[str]) -> list[float]:
    """Each text's mean chrF against every other text (0 for a single text)."""
    grams = [_grams(t) for t in texts]
    if len(texts) < 2:
        return [0.0] * len(texts)
    return [round(sum(_chrf(grams[i], grams[j]) for j in range(len(texts)) if j != i) / (len(texts) - 1), 3)
            for i in range(len(texts))]


def consensus_order(texts: Sequence[str], passed: Sequence[bool]) -> list[int]:
    """Indexes best first: passing candidates before blocked ones, then by agreement with the others, then the
    earlier one. The gate still decides what may be published; agreement only chooses among its equals."""
    scores = consensus_scores(texts)
    return sorted(range(len(texts)), key=lambda i: (not passed[i], -scores[i], i))
