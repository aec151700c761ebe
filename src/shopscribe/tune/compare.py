"""Prompt experiments: the same rows through two templates, per-metric differences with paired-bootstrap 95% CIs."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopscribe.config import Settings
from shopscribe.tune import evaluate

# Row metrics compared as means; corpus BLEU (sacrebleu) is resampled from its per-row n-gram statistics.
ROW_METRICS = ("bleu4", "rouge1", "rouge2", "rougeL", "chars", "fact_consistency", "compliance_rate")


@dataclass(frozen=True)
class Difference:
    """B − A on one metric: the observed difference and its bootstrap percentile interval."""

    metric: str
    a: float
    b: float
    diff: float
    low: float
    high: float

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "a": round(self.a, 2), "b": round(self.b, 2), "diff": round(self.diff, 2),
                "ci95": [round(self.low, 2), round(self.high, 2)]}


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default method) of already sorted values."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap(n: int, statistic: Callable[[Sequence[int]], float], *, resamples: int = 1000,
              seed: int = 0) -> tuple[float, float, float]:
    """(statistic over all rows, 2.5th, 97.5th percentile of it over `resamples` resamplings of the row indices
    with replacement). The random draws depend only on n and seed."""
    if n == 0:
        raise ValueError("no rows to compare")
    observed = statistic(range(n))
    rng = random.Random(seed)
    draws = sorted(statistic([rng.randrange(n) for _ in range(n)]) for _ in range(resamples))
    return observed, _percentile(draws, 0.025), _percentile(draws, 0.975)


def paired_bootstrap(a: Sequence[float], b: Sequence[float], *, resamples: int = 1000,
                     seed: int = 0) -> tuple[float, float, float]:
    """Mean of B − A with its paired-bootstrap 95% interval: both systems are resampled with the same row
    indices, since a row hard for one is hard for the other."""
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in size: {len(a)} and {len(b)}")
    return bootstrap(len(a), lambda idx: sum(b[i] - a[i] for i in idx) / len(idx), resamples=resamples, seed=seed)


def _sacrebleu_stats(refs: Sequence[str], hyps: Sequence[str]) -> tuple[Any, list[list[int]]]:
    from sacrebleu.metrics import BLEU

    bleu = BLEU(tokenize="zh")
    return bleu, bleu._extract_corpus_statistics(list(hyps), [list(refs)])


def compare_records(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]], *, resamples: int = 1000,
                    seed: int = 0) -> list[Difference]:
    """Differences B − A for every metric over rows both runs predicted (matched by key)."""
    b_by_key = {r["key"]: r for r in b}
    pairs = [(ra, b_by_key[ra["key"]]) for ra in a if ra["key"] in b_by_key]
    if not pairs:
        from shopscribe.errors import UserError

        raise UserError("no row has a prediction from both templates (see the failed rows); nothing to compare")
    ra = [p[0] for p in pairs]
    rb = [p[1] for p in pairs]
    sa, sb = evaluate.row_scores(ra), evaluate.row_scores(rb)
    out = []
    for m in ROW_METRICS:
        xa, xb = [s[m] for s in sa], [s[m] for s in sb]
        diff, low, high = paired_bootstrap(xa, xb, resamples=resamples, seed=seed)
        out.append(Difference(m, sum(xa) / len(xa), sum(xb) / len(xb), diff, low, high))
    refs = [r["reference"] for r in ra]
    bleu, stats_a = _sacrebleu_stats(refs, [r["prediction"] for r in ra])
    _, stats_b = _sacrebleu_stats(refs, [r["prediction"] for r in rb])

    def corpus(stats: list[list[int]], idx: Sequence[int]) -> float:
        summed = [sum(stats[i][j] for i in idx) for j in range(len(stats[0]))]
        return float(bleu._compute_score_from_stats(summed).score)

    diff, low, high = bootstrap(len(ra), lambda idx: corpus(stats_b, idx) - corpus(stats_a, idx),
                                resamples=resamples, seed=seed)
    all_rows = range(len(ra))
    out.insert(1, Difference("sacrebleu", corpus(stats_a, all_rows), corpus(stats_b, all_rows), diff, low, high))
    return out


def compare_templates(data: Path, templates: tuple[str, str], *, limit: int | None, model: str | None,
                      few_shot: int = 0, pool: Path | None = None, decoding: evaluate.Decoding | None = None,
                      predictions_dir: Path | None = None, resamples: int = 1000,
                      on_progress: Callable[[int, int], None] | None = None,
                      settings: Settings | None = None) -> dict[str, Any]:
    """Evaluate both templates on the same rows (each resumable in its own predictions file), then compare."""
    from shopscribe.errors import UserError
    from shopscribe.prompts.fewshot import refuse_dev

    if templates[0] == templates[1]:
        raise UserError(f"--templates got '{templates[0]}' twice: give two different template names")
    refuse_dev(data, "for prompt experiments")
    runs = []
    for name in templates:
        req = evaluate.EvalRequest(data=data, limit=limit, model=model, few_shot=few_shot, pool=pool,
                                   template=name, decoding=decoding or evaluate.Decoding(),
                                   predictions_out=(Path(predictions_dir) / f"{Path(data).stem}-{name}.jsonl"
                                                    if predictions_dir else None))
        result, records = evaluate.evaluate_records(req, on_progress=on_progress, settings=settings)
        runs.append((result, records))
    (ra, rec_a), (rb, rec_b) = runs
    diffs = compare_records(rec_a, rec_b, resamples=resamples)
    return {"data": str(data), "rows": len(rec_a), "templates": {"a": templates[0], "b": templates[1]},
            "a": ra, "b": rb, "differences": [d.to_dict() for d in diffs],
            "bootstrap": {"resamples": resamples, "seed": 0, "interval": "percentile 2.5–97.5, paired by row"}}
