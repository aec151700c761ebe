"""Which variant a new shopper sees: a fixed split by a hash of who they are (stable, no state), or Thompson
sampling from the variants' Beta posteriors (more traffic to what converts, while still exploring)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


def fixed(user: str, experiment_id: int, n_variants: int) -> int:
    digest = hashlib.sha256(f"{experiment_id}:{user}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % n_variants


def thompson(conversions: Sequence[int], impressions: Sequence[int], rng: np.random.Generator) -> int:
    """One draw from each Beta(1 + conversions, 1 + misses); the largest wins (ties: the earlier variant)."""
    draws = [rng.beta(1 + c, 1 + max(n - c, 0)) for c, n in zip(conversions, impressions)]
    return int(np.argmax(draws))
