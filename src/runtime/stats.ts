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
