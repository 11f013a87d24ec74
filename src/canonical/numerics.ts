/** Overflow-free scalar primitives for logistic losses (no log(0), no exp overflow). */

/**
 * Logistic σ(x) = 1/(1 + e^{−x}), evaluated on the side where the exponential cannot overflow.
 *
 * @example
 * sigmoid(0); // 0.5
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const z = Math.exp(x);
  return z / (1 + z);
}

/**
 * softplus(x) = ln(1 + e^x) = −ln σ(−x), exact to rounding for all finite x.
 *
 * @example
 * softplus(0); // ln 2
 */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * ln σ(x) = −softplus(−x); finite for every finite x.
 *
 * @example
 * logSigmoid(-1000); // −1000
 */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/**
 * σ′(x) = σ(x)σ(−x) = e^{−|x|}/(1 + e^{−|x|})².
 *
 * @example
 * sigmoidSlope(0); // 0.25
 */
export function sigmoidSlope(x: number): number {
  const z = Math.exp(-Math.abs(x));
  return z / ((1 + z) * (1 + z));
}

/**
 * ln(e^a + e^b) with ±∞ allowed: logaddexp of §3.2 (−∞ is ln 0; +∞ absorbs anything but NaN).
 *
 * @example
 * logAddExp(0, 0); // ln 2
 */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  if (m === Infinity) return Infinity; // a − b would be ∞ − ∞ = NaN (before: logAddExp(∞, ∞) was NaN)
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}
