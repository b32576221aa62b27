"""Mergeable sufficient statistics and the 95% intervals of the gaps contract.

Every statistic here is a small sum that combines exactly across files,
waves and shards: ``a.merge(b)`` is the statistic of both inputs together.
No scipy: the Student t quantile comes from the regularized incomplete beta
function (continued fraction), inverted by safeguarded Newton steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

CONFIDENCE = 0.95
Z95 = NormalDist().inv_cdf(0.975)


@dataclass(frozen=True)
class Estimate:
    """An aggregate with its 95% interval (``low``/``high`` None when n is too small)."""

    n: int
    value: float | None
    low: float | None
    high: float | None


@dataclass
class MeanStats:
    """Count, sum and sum of squares of the answers: enough for a mean and its t interval."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def add(self, value: float, count: int = 1) -> None:
        """Count ``value`` ``count`` times."""
        self.n += count
        self.total += value * count
        self.total_sq += value * value * count

    def merge(self, other: MeanStats) -> None:
        """Add another statistic of the same metric (another file, wave or shard)."""
        self.n += other.n
        self.total += other.total
        self.total_sq += other.total_sq

    def estimate(self) -> Estimate:
        """The mean with its t interval (no interval below two answers)."""
        return t_interval(self.n, self.total, self.total_sq)


@dataclass
class ShareStats:
    """Answers and hits (answers in the two best scale points): a top-2-box share."""

    n: int = 0
    hits: int = 0

    def add(self, hit: bool, count: int = 1) -> None:
        """Count ``count`` answers, hits or not."""
        self.n += count
        if hit:
            self.hits += count

    def merge(self, other: ShareStats) -> None:
        """Add another statistic of the same metric."""
        self.n += other.n
        self.hits += other.hits

    def estimate(self) -> Estimate:
        """The share as a percentage with its Wilson interval."""
        return wilson_interval(self.hits, self.n)


@dataclass
class NpsStats:
    """Promoter, passive and detractor counts: a Net Promoter Score."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def n(self) -> int:
        """All answers."""
        return self.promoters + self.passives + self.detractors

    def add_promoters(self, count: int = 1) -> None:
        """Count promoters (9-10 on the 0..10 scale)."""
        self.promoters += count

    def add_passives(self, count: int = 1) -> None:
        """Count passives (7-8)."""
        self.passives += count

    def add_detractors(self, count: int = 1) -> None:
        """Count detractors (0-6)."""
        self.detractors += count

    def merge(self, other: NpsStats) -> None:
        """Add another statistic of the same metric."""
        self.promoters += other.promoters
        self.passives += other.passives
        self.detractors += other.detractors

    def estimate(self) -> Estimate:
        """The score -100..100 with its Wald (normal approximation) interval."""
        return nps_interval(self.promoters, self.passives, self.detractors)


Stats = MeanStats | ShareStats | NpsStats


def t_interval(n: int, total: float, total_sq: float) -> Estimate:
    """Mean and 95% t interval from count, sum and sum of squares."""
    if n <= 0:
        return Estimate(0, None, None, None)
    mean = total / n
    if n == 1:
        return Estimate(1, mean, None, None)
    variance = max(0.0, (total_sq - total * total / n) / (n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * math.sqrt(variance / n)
    return Estimate(n, mean, mean - half, mean + half)


def wilson_interval(hits: int, n: int) -> Estimate:
    """Share of hits in percent with the 95% Wilson score interval."""
    if n <= 0:
        return Estimate(0, None, None, None)
    p = hits / n
    z2 = Z95 * Z95
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = Z95 / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Estimate(n, 100 * p, 100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def nps_interval(promoters: int, passives: int, detractors: int) -> Estimate:
    """NPS with the 95% Wald interval, SE = 100 * sqrt((p + d - (p - d)^2) / n).

    The interval is clipped to the score's range -100..100.
    """
    n = promoters + passives + detractors
    if n <= 0:
        return Estimate(0, None, None, None)
    p, d = promoters / n, detractors / n
    score = 100 * (p - d)
    se = 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
    return Estimate(n, score, max(-100.0, score - Z95 * se), min(100.0, score + Z95 * se))


# ------------------------------------------------------------ Student's t


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _t_pdf(t: float, df: float) -> float:
    log_pdf = (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )
    return math.exp(log_pdf)


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (0 < p < 1)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t quantile needs 0 < p < 1 and df > 0, not p={p}, df={df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    t = min(max(NormalDist().inv_cdf(p), low), high)
    for _ in range(200):
        error = t_cdf(t, df) - p
        if error > 0:
            high = t
        else:
            low = t
        if abs(error) < 1e-15 or high - low < 1e-13 * max(1.0, t):
            break
        step = t - error / _t_pdf(t, df)
        t = step if low < step < high else (low + high) / 2.0
    return t
