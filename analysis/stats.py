"""Small statistics shared by the sentiment and stance summaries."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config import SEED


def bootstrap_mean_ci(values, groups=None, *, seed: int = SEED, n_boot: int = 2000,
                      level: float = 0.95) -> tuple[float, float, float, str]:
    """``(mean, low, high, note)``: percentile bootstrap interval for the mean.

    With ``groups`` the resampling unit is the group (pieces of one split
    quote are resampled together); the mean is over all values. Each call uses
    a fresh ``numpy.random.default_rng(seed)``, so the same input and seed
    always give the same interval. Fewer than two units: interval NaN and
    ``note`` says why.
    """
    v = np.asarray(values, dtype="float64")
    if v.size == 0:
        return np.nan, np.nan, np.nan, "no statements"
    mean = float(v.mean())
    if groups is None:
        sums, counts = v, np.ones_like(v)
    else:
        g = pd.Series(v).groupby(pd.Series(list(groups)), sort=True)
        sums, counts = g.sum().to_numpy(), g.size().to_numpy(dtype="float64")
    k = len(sums)
    if k < 2:
        return mean, np.nan, np.nan, "n=1: no interval"
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, k, size=(n_boot, k))
    boots = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    note = "no variation" if np.ptp(v) == 0 else ("few statements (n<5)" if k < 5 else "")
    return mean, float(low), float(high), note
