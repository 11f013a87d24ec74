/**
 * Sample summaries used across the book (mean ± std bands, check tolerances).
 *
 * @example
 * mean([1, 2, 3]);      // 2
 * variance([1, 2, 3]);  // 1   (unbiased, divides by n − 1)
 */

import { assertFiniteArray } from "./validate";

function assertSample(xs: ArrayLike<number>, what: string, min: number): void {
  assertFiniteArray("xs", xs);
  if (xs.length < min) throw new RangeError(`xs must hold at least ${min} value${min === 1 ? "" : "s"} for the ${what}, got ${xs.length}`);
}

/** Arithmetic mean. */
export function mean(xs: ArrayLike<number>): number {
  assertSample(xs, "mean", 1);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Unbiased sample variance (two-pass, for accuracy). */
export function variance(xs: ArrayLike<number>): number {
  assertSample(xs, "variance", 2);
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) * (xs[i] - m);
  return s / (xs.length - 1);
}

/** Unbiased sample standard deviation. */
export function std(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Median (average of the two middle values for even n). */
export function median(xs: ArrayLike<number>): number {
  assertSample(xs, "median", 1);
  const s = Array.from(xs).sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** P(K = k) for K ~ Binomial(n, p), through log-gamma-free products (exact enough for n ≤ 10⁴). */
function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log((n - k + i) / i);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

function assertCount(name: string, x: number, min: number): void {
  if (!Number.isInteger(x) || x < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${x}`);
}

/**
 * Wilson score interval for a binomial proportion: `successes` out of `n` trials, two-sided, normal quantile `z`
 * (default 1.96, 95 %). Unlike the Wald interval p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not empty at 0 or n
 * successes; its upper end is 1 exactly when every trial succeeded. (Wilson 1927.)
 *
 * @example
 * wilsonInterval(1, 5);  // [0.0362, 0.6245]
 * wilsonInterval(5, 5);  // [0.5655, 1]
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): [number, number] {
  assertCount("n", n, 1);
  assertCount("successes", successes, 0);
  if (successes > n) throw new RangeError(`successes must be ≤ n, got ${successes} of ${n}`);
  if (!(z > 0)) throw new RangeError(`z must be > 0, got ${z}`);
  const ph = successes / n, z2 = z * z;
  const centre = (ph + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((ph * (1 - ph)) / n + z2 / (4 * n * n));
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

export interface QuantileInterval {
  /** The sample q-quantile x_(⌈nq⌉) (order statistics are 1-based). */
  estimate: number;
  /** x_(l), or −Infinity when even the smallest value cannot bound the quantile from below at this confidence. */
  lower: number;
  /** x_(u), or +Infinity when the largest value cannot bound it from above (also when it is censored, i.e. +Infinity). */
  upper: number;
  /** The exact coverage P(l ≤ K < u), K ~ Binomial(n, q): at least `confidence`. */
  coverage: number;
}

/**
 * Distribution-free confidence interval for the q-quantile of a continuous distribution from a sample, by order
 * statistics: P(x_(l) ≤ ξ_q ≤ x_(u)) = P(l ≤ K ≤ u − 1) with K ~ Binomial(n, q), l as large and u as small as keep
 * each tail ≤ (1 − confidence)/2. Values may be +Infinity for right-censored observations (e.g. a run that had not
 * escaped by the end): order statistics stay valid as long as the interval's ends are finite.
 *
 * @example
 * quantileInterval([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4], 0.5);
 * // { estimate: 4, lower: 3, upper: 7, coverage: 0.9586 }  (l = 6, u = 15 for n = 20)
 */
export function quantileInterval(values: readonly number[], q: number, confidence = 0.95): QuantileInterval {
  if (values.length < 1) throw new RangeError("quantileInterval: needs at least 1 value");
  values.forEach((v, i) => { if (Number.isNaN(v) || v === -Infinity) throw new RangeError(`quantileInterval: value ${i} is ${v}`); });
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const s = [...values].sort((a, b) => a - b), n = s.length, tail = (1 - confidence) / 2;
  const pmf = Array.from({ length: n + 1 }, (_, k) => binomialPmf(k, n, q));
  let l = 0, below = 0; // largest l with P(K ≤ l − 1) ≤ tail
  while (l < n && below + pmf[l] <= tail) below += pmf[l++];
  let u = n + 1, above = 0; // smallest u with P(K ≥ u) ≤ tail
  while (u > l + 1 && above + pmf[u - 1] <= tail) above += pmf[--u];
  return {
    estimate: s[Math.max(1, Math.ceil(n * q)) - 1],
    lower: l === 0 ? -Infinity : s[l - 1],
    upper: u === n + 1 ? Infinity : s[u - 1],
    coverage: 1 - below - above,
  };
}

/**
 * Two-sided exact sign test: the p-value of seeing `below` of `n` paired differences on one side when each side has
 * probability ½ (ties dropped beforehand): min(1, 2·min(P(K ≤ below), P(K ≥ below))), K ~ Binomial(n, ½).
 *
 * @example
 * signTestP(9, 12); // 0.146 (9 of 12 pairs moved the same way: not significant at 5 %)
 */
export function signTestP(below: number, n: number): number {
  assertCount("n", n, 1);
  assertCount("below", below, 0);
  if (below > n) throw new RangeError(`below must be ≤ n, got ${below} of ${n}`);
  let lo = 0, hi = 0;
  for (let k = 0; k <= n; k++) {
    const pk = binomialPmf(k, n, 0.5);
    if (k <= below) lo += pk;
    if (k >= below) hi += pk;
  }
  return Math.min(1, 2 * Math.min(lo, hi));
}
