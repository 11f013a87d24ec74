/**
 * Argument checks for the Markov sources and the canonical landscape (the generic ones live in
 * src/runtime/validate.ts and are re-exported here).
 *
 * Every check throws a RangeError (TypeError for wrong kinds) whose message starts with the argument's
 * name, so a bad call fails loudly instead of propagating NaN.
 */
import { assertClosedUnit, assertFinite, assertInteger, assertNonNegative, assertNumber } from "../runtime/validate";

export { assertClosedUnit, assertFinite, assertInteger, assertNonNegative };

/** Tolerance for "p + q = 1": the i.i.d. case where c*, Γ* and the basin statements are undefined (§1). */
export const IID_TOL = 1e-12;

/**
 * Throws unless `x` lies in the open interval (0, 1): switching probabilities p, q (§1).
 *
 * @example
 * assertOpenUnit("p", 0.2); // 0.2
 * assertOpenUnit("p", 1.2); // throws RangeError("p must be in (0, 1), got 1.2")
 */
export function assertOpenUnit(name: string, x: number): number {
  if (typeof x !== "number" || !(x > 0 && x < 1)) {
    assertNumber(name, x);
    throw new RangeError(`${name} must be in (0, 1), got ${String(x)}`);
  }
  return x;
}

/**
 * Checks p, q ∈ (0, 1) (§1).
 *
 * @example
 * assertPQ(0.2, 0.3);
 */
export function assertPQ(p: number, q: number): void {
  assertOpenUnit("p", p);
  assertOpenUnit("q", q);
}

/**
 * Checks p, q ∈ (0, 1) and p + q ≠ 1 (within IID_TOL): the landscape statements (c*, Γ*, Theorems 1–2)
 * depend on sign(1 − p − q), which is undefined for i.i.d. data.
 *
 * @example
 * assertNotIid(0.2, 0.3);
 * assertNotIid(0.4, 0.6); // throws RangeError("p + q must differ from 1 ...")
 */
export function assertNotIid(p: number, q: number): void {
  assertPQ(p, q);
  if (Math.abs(p + q - 1) <= IID_TOL) {
    throw new RangeError(
      `p + q must differ from 1 (i.i.d. data: c*, Γ* and the basins are undefined), got p = ${p}, q = ${q}`,
    );
  }
}

/**
 * Throws unless `P` is a square row-stochastic matrix: entries in [0, 1], rows summing to 1 within 1e-12.
 *
 * @example
 * assertStochastic("P", [[0.9, 0.1], [0.2, 0.8]]);
 */
export function assertStochastic(name: string, P: ReadonlyArray<ArrayLike<number>>): number {
  const k = P.length;
  if (k < 1) throw new RangeError(`${name} must have at least one row, got 0`);
  for (let i = 0; i < k; i++) {
    const row = P[i];
    if (row.length !== k) {
      throw new RangeError(`${name} must be square: row ${i} has length ${row.length}, expected ${k}`);
    }
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = row[j];
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw new RangeError(`${name}[${i}][${j}] must be in [0, 1], got ${String(v)}`);
      }
      s += v;
    }
    if (Math.abs(s - 1) > 1e-12) {
      throw new RangeError(`${name} row ${i} must sum to 1 within 1e-12, got ${s}`);
    }
  }
  return k;
}
