/**
 * Reading loss curves the way the paper's Fig. 4 does: a centred moving average (the authors'
 * width 11), mean ± std over runs, and two questions asked of a curve — did it sit on a plateau,
 * and when did it leave it.
 *
 * @example
 * const smooth = movingAverage(run.testLoss, 11);
 * escapeStep(smooth, 0.666278, 0.01); // first step below the unigram plateau by 0.01, or null
 */
import { assertFinite, assertFiniteArray, assertInteger, assertNonNegative } from "../runtime/validate";

/** Centred moving average of odd `width`, shrinking at the ends (no padding). */
export function movingAverage(xs: readonly number[], width = 11): number[] {
  if (!Number.isInteger(width) || width < 1 || width % 2 === 0) throw new RangeError(`width must be an odd positive integer, got ${width}`);
  assertFiniteArray("xs", xs); // a NaN smeared over `width` neighbours
  const h = (width - 1) / 2;
  return xs.map((_, i) => {
    const lo = Math.max(0, i - h), hi = Math.min(xs.length - 1, i + h);
    let s = 0;
    for (let j = lo; j <= hi; j++) s += xs[j];
    return s / (hi - lo + 1);
  });
}

/** Per-step mean and (unbiased) standard deviation over runs of equal length. */
export function meanStd(runs: readonly (readonly number[])[]): { mean: number[]; std: number[] } {
  if (runs.length === 0) throw new RangeError("runs must hold at least one run, got 0");
  const n = runs[0].length;
  runs.forEach((r, k) => {
    if (r.length !== n) throw new RangeError(`runs[${k}] must have the length of runs[0] (${n}), got ${r.length}`);
    assertFiniteArray(`runs[${k}]`, r);
  });
  const mean = Array.from({ length: n }, (_, i) => runs.reduce((s, r) => s + r[i], 0) / runs.length);
  const std = mean.map((m, i) => (runs.length > 1 ? Math.sqrt(runs.reduce((s, r) => s + (r[i] - m) ** 2, 0) / (runs.length - 1)) : 0));
  return { mean, std };
}

/** The longest run of consecutive steps with |curve − level| ≤ tol (≥ 0): its start and length. */
export function longestStretchNear(curve: readonly number[], level: number, tol: number): { start: number; length: number } {
  // Before: a NaN level or tol (or a NaN in the curve) silently meant "never near".
  assertFiniteArray("curve", curve);
  assertFinite("level", level);
  assertNonNegative("tol", tol);
  let best = { start: -1, length: 0 }, start = -1;
  curve.forEach((x, i) => {
    if (Math.abs(x - level) <= tol) {
      if (start < 0) start = i;
      if (i - start + 1 > best.length) best = { start, length: i - start + 1 };
    } else start = -1;
  });
  return best;
}

/**
 * The first step at which a curve that has sat within `tol` of `plateau` drops below
 * plateau − tol and stays below for `hold` steps (an integer ≥ 1); null if it never escapes (or never sat there).
 */
export function escapeStep(curve: readonly number[], plateau: number, tol: number, hold = 50): number | null {
  // Before: a NaN plateau, tol or hold returned null ("never escaped"), hold = 0 the first dip.
  assertFiniteArray("curve", curve);
  assertFinite("plateau", plateau);
  assertNonNegative("tol", tol);
  assertInteger("hold", hold);
  let sat = false;
  for (let i = 0; i < curve.length; i++) {
    if (Math.abs(curve[i] - plateau) <= tol) sat = true;
    if (!sat || curve[i] >= plateau - tol) continue;
    let j = i;
    while (j < curve.length && j - i < hold && curve[j] < plateau - tol) j++;
    if (j - i >= hold) return i;
    i = j;
  }
  return null;
}
