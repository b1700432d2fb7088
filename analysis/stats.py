"""Small statistics shared by the sentiment and stance summaries."""
from __future__ import annotations

import numpy as np

from analysis.config import SEED


#: Resampled values drawn at once by :func:`bootstrap_mean_ci` (bounds its memory).
_BLOCK = 1 << 20


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
        sums, counts = _group_sums(v, groups)
    k = len(sums)
    if k < 2:
        return mean, np.nan, np.nan, "n=1: no interval"
    rng = np.random.default_rng(seed)
    # the resamples are drawn a block of rows at a time, so that a corpus-wide mean over tens of
    # thousands of statements needs a few MB rather than 3 x n_boot x k x 8 bytes (1 GB at k=23,000);
    # the generator yields the same stream either way, so the interval is unchanged
    rows = max(1, _BLOCK // k)
    boots = np.empty(n_boot)
    for r0 in range(0, n_boot, rows):
        idx = rng.integers(0, k, size=(min(rows, n_boot - r0), k))
        boots[r0:r0 + len(idx)] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    note = "no variation" if np.ptp(v) == 0 else ("few statements (n<5)" if k < 5 else "")
    return mean, float(low), float(high), note


def mean(values) -> float:
    """``pd.Series(values, dtype=float).mean()`` computed as pandas computes it (NaN values
    summed as 0, the sum divided by the count of the others; NaN when there is none), so that
    no digit changes, without building a Series for a handful of values."""
    a = np.asarray(list(values), dtype="float64")
    missing = np.isnan(a)
    n = a.size - int(missing.sum())
    if not n:
        return np.nan
    if missing.any():
        a = np.where(missing, 0.0, a)
    return float(a.sum() / np.float64(n))


def _group_sums(v: np.ndarray, groups) -> tuple[np.ndarray, np.ndarray]:
    """``(sums, sizes)`` of ``v`` by group, in sorted order of the group keys: exactly what
    ``pd.Series(v).groupby(groups, sort=True)`` gives with ``.sum()`` and ``.size()`` (pandas 3.1),
    without its per-call overhead (~0.5 ms, paid once per speaker and article). Keys are
    statement groups (numbers, strings or tuples of them, comparable with each other); rows
    whose key is missing belong to no group, as in pandas.

    The sums are added the way pandas adds them, so no bit changes: when the rows come in sorted
    order of their keys and no value is NaN, with ``np.add.reduceat`` over the runs of one key;
    otherwise one by one with Kahan compensation, NaN values skipped (its ``group_sum``)."""
    keys = [None if isinstance(key, float) and key != key else key for key in groups]
    order = sorted({key for key in keys if key is not None})
    code_of = {key: c for c, key in enumerate(order)}
    codes = [code_of[key] if key is not None else -1 for key in keys]   # -1: no group
    kept = np.array([c for c in codes if c >= 0], dtype=np.intp)
    sizes = np.bincount(kept, minlength=len(order)).astype("float64")
    if all(a <= b for a, b in zip(codes, codes[1:])) and not np.isnan(v).any():
        x = v[len(codes) - len(kept):]         # rows without a group come first
        starts = np.flatnonzero(np.r_[True, np.diff(kept) != 0]) if len(kept) else kept
        return (np.add.reduceat(x, starts) if len(kept) else np.zeros(0)), sizes
    total = [0.0] * len(order)
    comp = [0.0] * len(order)
    for val, c in zip(v.tolist(), codes):
        if c < 0 or val != val:
            continue
        y = val - comp[c]
        t = total[c] + y
        comp[c] = t - total[c] - y
        if comp[c] != comp[c]:      # an infinite value: no compensation
            comp[c] = 0.0
        total[c] = t
    return np.array(total, dtype="float64"), sizes
