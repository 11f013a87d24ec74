/**
 * Argument checks at the door, shared by every layer of the library.
 *
 * Every check throws a RangeError whose message starts with the argument's name, so a bad call
 * fails loudly instead of propagating NaN, looping forever or silently doing something else.
 */

/**
 * Throws unless `x` is a finite number.
 *
 * @example
 * assertFinite("e", 0.5); // 0.5
 * assertFinite("e", NaN); // throws RangeError("e must be a finite number, got NaN")
 */
export function assertFinite(name: string, x: number): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/**
 * Throws unless `x` lies in the closed interval [0, 1] (a probability that may be degenerate).
 *
 * @example
 * assertClosedUnit("t", 0); // 0
 */
export function assertClosedUnit(name: string, x: number): number {
  if (typeof x !== "number" || !(x >= 0 && x <= 1)) {
    throw new RangeError(`${name} must be in [0, 1], got ${String(x)}`);
  }
  return x;
}

/**
 * Throws unless `n` is an integer ≥ `min` (default 1).
 *
 * @example
 * assertInteger("n", 10); // 10
 */
export function assertInteger(name: string, n: number, min = 1): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(n)}`);
  }
  return n;
}

/**
 * Throws unless `x` is a finite number ≥ 0 (tolerances, step sizes).
 *
 * @example
 * assertNonNegative("tol", 1e-12); // 1e-12
 */
export function assertNonNegative(name: string, x: number): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(x)}`);
  }
  return x;
}

/**
 * Throws unless `x` is a finite number > 0 (step sizes, tolerances, times, scales).
 *
 * @example
 * assertPositive("h0", 0.01); // 0.01
 * assertPositive("h0", 0);    // throws RangeError("h0 must be a finite number > 0, got 0")
 */
export function assertPositive(name: string, x: number): number {
  if (typeof x !== "number" || !Number.isFinite(x) || !(x > 0)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(x)}`);
  }
  return x;
}

/**
 * Throws unless `x` is a number > 0, where +Infinity means "no bound" (e.g. a blow-up threshold).
 *
 * @example
 * assertPositiveOrInfinite("blowUp", Infinity); // Infinity
 */
export function assertPositiveOrInfinite(name: string, x: number): number {
  if (typeof x !== "number" || Number.isNaN(x) || !(x > 0)) {
    throw new RangeError(`${name} must be a number > 0 (or Infinity for no bound), got ${String(x)}`);
  }
  return x;
}
