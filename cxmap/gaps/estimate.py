"""Mergeable sufficient statistics and the intervals of the gaps contract.

Every statistic here is a small sum that combines exactly across files,
waves and shards: ``a.merge(b)`` is the statistic of both inputs together.
Means keep (n, mean, M2) and merge by Chan, Golub & LeVeque (1983), so large
values (amounts in cents) never cancel to a zero variance.

The intervals, one function each (the method and its source in the docstring):

- means: Student's t; a sample without spread (all answers equal, or one
  answer) gets the distribution-free Markov bound on the scale instead;
- top-2-box shares: Wilson (1927) score interval;
- NPS: adjusted Wald (Rocks 2016), never zero-width.

No scipy: the Student t quantile comes from the regularized incomplete beta
function (continued fraction), inverted by safeguarded Newton steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

CONFIDENCE = 0.95
Z95 = NormalDist().inv_cdf(0.975)
_NORMAL = NormalDist()


class Method(StrEnum):
    """How an interval (and its p-values) was computed."""

    NONE = "none"
    T = "t"
    MARKOV = "markov-bound"
    WILSON = "wilson"
    ADJUSTED_WALD = "adjusted-wald"


@dataclass(frozen=True)
class Estimate:
    """An aggregate with its interval and what a test against a bound needs.

    ``value`` is the figure the user sees (mean, share in percent, NPS); the
    interval is ``low``..``high``. ``centre``, ``se`` and ``df`` (None: normal)
    are what a test or a difference between two waves uses: for the adjusted
    Wald NPS the centre is the adjusted score, for a share the Agresti-Caffo
    centre (Agresti & Caffo 2000). ``scale`` is the range the figure lives in;
    ``n_eff`` the (Kish) effective sample size.
    """

    n: int
    value: float | None
    low: float | None
    high: float | None
    method: Method = Method.NONE
    centre: float | None = None
    se: float | None = None
    df: float | None = None
    scale: tuple[float, float] | None = None
    n_eff: float | None = None

    def p_greater(self, bound: float) -> float:
        """One-sided p-value of H0 "the true figure <= bound" (small: it is above)."""
        return _p_side(self, bound, greater=True)

    def p_less(self, bound: float) -> float:
        """One-sided p-value of H0 "the true figure >= bound" (small: it is below)."""
        return _p_side(self, bound, greater=False)


EMPTY = Estimate(0, None, None, None)


def _p_side(est: Estimate, bound: float, *, greater: bool) -> float:
    if est.value is None or est.method is Method.NONE:
        return 1.0
    low, high = est.scale if est.scale is not None else (-math.inf, math.inf)
    if greater and bound >= high:
        return 1.0  # nothing can lie above the top of the scale
    if not greater and bound <= low:
        return 1.0
    if est.method is Method.MARKOV:
        n = est.n_eff if est.n_eff is not None else float(est.n)
        v = est.value
        if greater:
            if v <= bound:
                return 1.0
            if bound <= low:
                return 0.0
            return float(((bound - low) / (v - low)) ** n)
        if v >= bound:
            return 1.0
        if bound >= high:
            return 0.0
        return float(((high - bound) / (high - v)) ** n)
    if est.method is Method.WILSON:
        # the score test that the Wilson interval inverts: the SE under H0
        n = est.n_eff if est.n_eff is not None else float(est.n)
        p0, phat = bound / 100.0, est.value / 100.0
        if p0 <= 0.0:
            return 0.0 if (greater and phat > 0) else 1.0
        if p0 >= 1.0:
            return 0.0 if (not greater and phat < 1) else 1.0
        z = (phat - p0) / math.sqrt(p0 * (1 - p0) / n)
        return _NORMAL.cdf(-z) if greater else _NORMAL.cdf(z)
    assert est.centre is not None and est.se is not None
    if est.se <= 0:
        return 1.0
    stat = (est.centre - bound) / est.se
    if est.df is None:
        return _NORMAL.cdf(-stat) if greater else _NORMAL.cdf(stat)
    return t_cdf(-stat, est.df) if greater else t_cdf(stat, est.df)


def critical(confidence: float, df: float | None = None) -> float:
    """The two-sided critical value: normal, or Student's t with ``df``."""
    p = 0.5 + confidence / 2
    return _NORMAL.inv_cdf(p) if df is None else t_quantile(p, df)


@dataclass
class MeanStats:
    """Count, mean and M2 (sum of squared deviations): a mean and its interval.

    Adding and merging use the pairwise update of Chan, Golub & LeVeque (1983,
    *The American Statistician* 37(3)), exact for merged shards and stable for
    large values, unlike the one-pass sum of squares.
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, value: float, count: int = 1) -> None:
        """Count ``value`` ``count`` times."""
        self._combine(count, value, 0.0)

    def merge(self, other: MeanStats) -> None:
        """Add another statistic of the same metric (another file, wave or shard)."""
        self._combine(other.n, other.mean, other.m2)

    def _combine(self, n_b: int, mean_b: float, m2_b: float) -> None:
        if n_b <= 0:
            return
        n = self.n + n_b
        delta = mean_b - self.mean
        self.mean += delta * n_b / n
        self.m2 += m2_b + delta * delta * self.n * n_b / n
        self.n = n

    def estimate(
        self, scale: tuple[float, float] | None = None, confidence: float = CONFIDENCE
    ) -> Estimate:
        """The mean with its t interval (Markov bound without spread), clipped to ``scale``."""
        return t_interval(self.n, self.mean, self.m2, scale, confidence)


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

    def estimate(
        self, scale: tuple[float, float] | None = None, confidence: float = CONFIDENCE
    ) -> Estimate:
        """The share as a percentage with its Wilson interval."""
        return wilson_interval(self.hits, self.n, confidence)


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

    def estimate(
        self, scale: tuple[float, float] | None = None, confidence: float = CONFIDENCE
    ) -> Estimate:
        """The score -100..100 with its adjusted Wald interval."""
        return nps_interval(self.promoters, self.passives, self.detractors, confidence)


Stats = MeanStats | ShareStats | NpsStats


def t_interval(
    n: float,
    mean: float,
    m2: float,
    scale: tuple[float, float] | None = None,
    confidence: float = CONFIDENCE,
    *,
    count: int | None = None,
) -> Estimate:
    """Mean and Student t interval from n, mean and M2 (``n`` may be a Kish effective n).

    Not valid without spread (M2 = 0: one answer, or all answers equal), where
    the t interval has zero width: then, with a ``scale``, the interval is the
    Markov bound (``markov_interval``); without a scale, there is no interval.
    The interval is clipped to the scale (a mean cannot leave it).
    """
    shown = count if count is not None else round(n)
    if n <= 0 or shown <= 0:
        return EMPTY
    if m2 <= 0.0:
        if scale is None:
            return Estimate(shown, mean, None, None)
        return markov_interval(n, mean, scale, confidence, count=count)
    if n <= 1:
        # a (weighted) effective sample of one answer with spread: not estimable
        return Estimate(shown, mean, None, None)
    df = n - 1
    se = math.sqrt(m2 / (n - 1) / n)
    half = critical(confidence, df) * se
    low, high = mean - half, mean + half
    if scale is not None:
        low, high = max(low, scale[0]), min(high, scale[1])
    n_eff = None if count is None else n
    return Estimate(shown, mean, low, high, Method.T, mean, se, df, scale, n_eff)


def markov_interval(
    n: float,
    value: float,
    scale: tuple[float, float],
    confidence: float = CONFIDENCE,
    *,
    count: int | None = None,
) -> Estimate:
    """Interval for the mean of a sample without spread: all ``n`` answers equal ``value``.

    Distribution-free, valid at the edges of the scale and for n = 1. By
    Markov's inequality on the scale [L, H], an answer reaches ``value`` with
    probability at most (mu - L) / (value - L), so n such answers have
    probability at most ((mu - L) / (value - L))^n. Inverting that test at
    a = (1 - confidence) / 2 gives the lower end value - (1 - a^(1/n))(value - L)
    and, symmetrically, the upper end value + (1 - a^(1/n))(H - value). At n = 30
    answers all 5 on 1..5 this is 4.54..5: never "above" a 4.9 target.
    """
    low, high = scale
    a = (1 - confidence) / 2
    reach = 1 - a ** (1 / n)
    shown = count if count is not None else round(n)
    n_eff = None if count is None else n
    return Estimate(
        shown,
        value,
        value - reach * (value - low),
        value + reach * (high - value),
        Method.MARKOV,
        value,
        None,
        None,
        scale,
        n_eff,
    )


def wilson_interval(
    hits: float, n: float, confidence: float = CONFIDENCE, *, count: int | None = None
) -> Estimate:
    """Share of hits in percent with the Wilson score interval (Wilson 1927, JASA 22).

    Valid at 0 and 100%: no hit gives 0..upper, never a zero width. ``n`` may
    be a Kish effective n (``hits`` is then the weighted share times n).
    The centre and SE for a difference between waves follow Agresti & Caffo
    (2000): one hit and one miss added.
    """
    shown = count if count is not None else round(n)
    if n <= 0 or shown <= 0:
        return EMPTY
    z = critical(confidence)
    p = hits / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    ac = (hits + 1) / (n + 2)
    ac_se = math.sqrt(ac * (1 - ac) / (n + 2))
    return Estimate(
        shown,
        100 * p,
        100 * max(0.0, centre - half),
        100 * min(1.0, centre + half),
        Method.WILSON,
        100 * ac,
        100 * ac_se,
        None,
        (0.0, 100.0),
        None if count is None else n,
    )


def nps_interval(
    promoters: float,
    passives: float,
    detractors: float,
    confidence: float = CONFIDENCE,
    *,
    count: int | None = None,
) -> Estimate:
    """NPS with the adjusted Wald interval (Rocks 2016, *The American Statistician* 70(4)).

    Add 3/4 to the promoters and to the detractors and 3 to n, then
    NPS' = 100 (p' - d') with SE = 100 sqrt((p' + d' - (p' - d')^2) / n'); the
    interval NPS' +- z SE is clipped to -100..100. Unlike the plain Wald
    interval (coverage 59-84% at n = 30 for a high NPS), it keeps close to the
    nominal level at the edges and is never zero-width (30 promoters: about
    78.7..100). The figure shown (``value``) stays the plain NPS.
    """
    n = promoters + passives + detractors
    shown = count if count is not None else round(n)
    if n <= 0 or shown <= 0:
        return EMPTY
    score = 100 * (promoters - detractors) / n
    n_adj = n + 3
    p, d = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    centre = 100 * (p - d)
    se = 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n_adj)
    half = critical(confidence) * se
    return Estimate(
        shown,
        score,
        max(-100.0, centre - half),
        min(100.0, centre + half),
        Method.ADJUSTED_WALD,
        centre,
        se,
        None,
        (-100.0, 100.0),
        None if count is None else n,
    )


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
