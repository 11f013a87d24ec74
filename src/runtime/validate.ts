/**
 * Argument checks at the door, shared by every layer of the library.
 *
 * Every check throws an error whose message starts with the argument's name — a TypeError when the
 * argument is not a number at all (a string from a form, undefined), a RangeError when it is a number
 * out of range — so a bad call fails loudly instead of propagating NaN, looping forever or silently
 * doing something else.
 */

/**
 * Throws a TypeError unless `x` is a number (NaN and ±Infinity pass: the range checks below judge those).
 *
 * @example
 * assertNumber("p", "0.2"); // throws TypeError("p must be a number, got string 0.2")
 */
export function assertNumber(name: string, x: unknown): asserts x is number {
  if (typeof x !== "number") fail(name, x, "a number");
}

/**
 * The throw, kept out of the checks so they stay small enough to inline into hot callers: a TypeError
 * when `x` is not a number at all, else a RangeError saying what `name` must be.
 */
function fail(name: string, x: unknown, what: string): never {
  if (typeof x !== "number") throw new TypeError(`${name} must be a number, got ${x === null ? "null" : typeof x} ${String(x)}`);
  throw new RangeError(`${name} must be ${what}, got ${String(x)}`);
}

/**
 * Throws unless `x` is a finite number.
 *
 * @example
 * assertFinite("e", 0.5); // 0.5
 * assertFinite("e", NaN); // throws RangeError("e must be a finite number, got NaN")
 */
export function assertFinite(name: string, x: number): number {
  if (typeof x !== "number" || !Number.isFinite(x)) fail(name, x, "a finite number");
  return x;
}

/**
 * Throws unless `x` lies in the closed interval [0, 1] (a probability that may be degenerate).
 *
 * @example
 * assertClosedUnit("t", 0); // 0
 */
export function assertClosedUnit(name: string, x: number): number {
  if (typeof x !== "number" || !(x >= 0 && x <= 1)) fail(name, x, "in [0, 1]");
  return x;
}

/**
 * Throws unless `n` is an integer ≥ `min` (default 1) and ≤ `max` (default no bound): counts, sizes, indices.
 *
 * @example
 * assertInteger("n", 10);          // 10
 * assertInteger("from", 3, 0, 2);  // throws RangeError("from must be an integer in [0, 2], got 3")
 */
export function assertInteger(name: string, n: number, min = 1, max = Infinity): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    fail(name, n, `an integer ${max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`}`);
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
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) fail(name, x, "a finite number >= 0");
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
  if (typeof x !== "number" || !Number.isFinite(x) || !(x > 0)) fail(name, x, "a finite number > 0");
  return x;
}

/**
 * Throws unless `x` is a number > 0, where +Infinity means "no bound" (e.g. a blow-up threshold).
 *
 * @example
 * assertPositiveOrInfinite("blowUp", Infinity); // Infinity
 */
export function assertPositiveOrInfinite(name: string, x: number): number {
  if (typeof x !== "number" || !(x > 0)) fail(name, x, "a number > 0 (or Infinity for no bound)");
  return x;
}

/**
 * Throws unless `x` lies in the half-open interval [0, 1): decay rates such as Adam's β₁, β₂ (β = 1 would
 * divide by 1 − β^t = 0), a uniform draw.
 *
 * @example
 * assertHalfOpenUnit("beta1", 0.9); // 0.9
 * assertHalfOpenUnit("beta2", 1);   // throws RangeError("beta2 must be in [0, 1), got 1")
 */
export function assertHalfOpenUnit(name: string, x: number): number {
  if (typeof x !== "number" || !(x >= 0 && x < 1)) fail(name, x, "in [0, 1)");
  return x;
}

/**
 * Throws unless every entry of `xs` is a finite number (and, with `length`, there are exactly that many):
 * one pass at the door, so the loops behind it need no checks of their own.
 *
 * @example
 * assertFiniteArray("grad", [1, 2, 3], 3); // the array
 * assertFiniteArray("xs", [1, NaN]);       // throws RangeError("xs[1] must be a finite number, got NaN")
 */
export function assertFiniteArray<T extends ArrayLike<number>>(name: string, xs: T, length?: number): T {
  if (xs === null || typeof xs !== "object" || typeof xs.length !== "number") {
    throw new TypeError(`${name} must be an array of numbers, got ${xs === null ? "null" : typeof xs}`);
  }
  if (length !== undefined && xs.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${xs.length}`);
  }
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
  return xs;
}

/**
 * Throws unless `x` is one of `allowed` (a kind named by a string: an initialisation, an attention variant).
 *
 * @example
 * assertOneOf("variant", "june", ["june", "aug"] as const); // "june"
 */
export function assertOneOf<T extends string>(name: string, x: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(x)) {
    const list = allowed.map((a) => `"${a}"`).join(", ");
    throw new RangeError(`${name} must be one of ${list}, got ${typeof x === "string" ? `"${x}"` : String(x)}`);
  }
  return x as T;
}
