"""What an experiment's numbers say: Beta posteriors (rate intervals, chance to beat control, expected loss), the
two-proportion z-test, the sample-ratio-mismatch check and the sample size a lift needs."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

DRAWS = 20_000  # Monte Carlo draws from the posteriors: ±0.5 % on a chance to beat control


def posterior_draws(conversions: Sequence[int], impressions: Sequence[int], seed: int = 0) -> np.ndarray:
    """variants × DRAWS samples of each conversion rate, from Beta(1 + conversions, 1 + misses)."""
    rng = np.random.default_rng(seed)
    return np.vstack([rng.beta(1 + c, 1 + max(n - c, 0), DRAWS) for c, n in zip(conversions, impressions)])


def interval(conversions: int, impressions: int, level: float = 0.95) -> tuple[float, float]:
    a, b = 1 + conversions, 1 + max(impressions - conversions, 0)
    lo, hi = stats.beta.ppf([(1 - level) / 2, (1 + level) / 2], a, b)
    return round(float(lo), 4), round(float(hi), 4)


def chance_to_beat(draws: np.ndarray, control: int = 0) -> list[float]:
    """P(variant's rate > control's) for each variant (the control's own is None-like 0.5 by symmetry)."""
    return [round(float((draws[i] > draws[control]).mean()), 4) for i in range(draws.shape[0])]


def expected_loss(draws: np.ndarray) -> list[float]:
    """E[max rate − this variant's rate]: what choosing it costs if it is not the best (the risk of stopping now)."""
    best = draws.max(axis=0)
    return [round(float((best - draws[i]).mean()), 5) for i in range(draws.shape[0])]


def z_test(c1: int, n1: int, c2: int, n2: int) -> float | None:
    """Two-sided p-value of the difference of two proportions (pooled); None without data on both sides."""
    if not n1 or not n2:
        return None
    pooled = (c1 + c2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (c2 / n2 - c1 / n1) / se
    return round(float(2 * stats.norm.sf(abs(z))), 5)


def srm_p(observed: Sequence[int], shares: Sequence[float]) -> float | None:
    """Chi-squared p-value that the traffic split matches the intended shares; below 0.001 the allocation is
    broken and the result must not be read."""
    total = sum(observed)
    if total == 0:
        return None
    expected = [total * s for s in shares]
    return round(float(stats.chisquare(observed, expected).pvalue), 6)


def sample_size(base_rate: float, relative_lift: float = 0.1, alpha: float = 0.05, power: float = 0.8) -> int | None:
    """Impressions per variant to detect a relative lift over `base_rate` (two-sided test)."""
    if not 0 < base_rate < 1:
        return None
    p1, p2 = base_rate, min(base_rate * (1 + relative_lift), 0.999)
    z_a, z_b = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    n = (z_a * math.sqrt(2 * pbar * (1 - pbar)) + z_b * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p2 - p1) ** 2
    return int(math.ceil(n))
