import { assertClosedUnit } from "./validate";

/**
 * Binary entropy h(t) = −t ln t − (1−t) ln(1−t) in nats, with h(0) = h(1) = 0 (§1).
 *
 * @example
 * binaryEntropy(0.5); // ln 2 ≈ 0.693147
 */
export function binaryEntropy(t: number): number {
  assertClosedUnit("t", t);
  return xlogx(t) + xlogx(1 - t);
}

/**
 * −x ln x with the continuous extension 0 at x = 0 (the summand of every entropy here), for x ≥ 0.
 *
 * @example
 * xlogx(0);  // 0
 * xlogx(-1); // throws RangeError("x must be a number >= 0, got -1")
 */
export function xlogx(x: number): number {
  if (x > 0) return -x * Math.log(x);
  if (x === 0) return 0;
  // Before: NaN and negative x returned 0, so an entropy of garbage looked like a certain outcome.
  throw new RangeError(`x must be a number >= 0, got ${String(x)}`);
}
