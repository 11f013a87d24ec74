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
 * −x ln x with the continuous extension 0 at x = 0 (the summand of every entropy here).
 *
 * @example
 * xlogx(0); // 0
 */
export function xlogx(x: number): number {
  return x > 0 ? -x * Math.log(x) : 0;
}
