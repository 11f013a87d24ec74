/** Theorem 1 (§4): the critical set of L(e, w) is {e = 0} ∪ Γ*. */
import { assertFinite, assertInteger, assertNonNegative, assertNotIid } from "../markov/validate";
import { cStar } from "./cstar";
import { W_SAD } from "./energy";
import { gradientNorm } from "./gradient";
import { canonicalHessian, symmetricEigenvalues2 } from "./hessian";

/**
 * The e > 0 point of Γ* = {(1 + 2w|w|)e² = c*} above w, i.e. √(c* / (1+2w|w|)), or null where Γ* has no point
 * (c* / (1+2w|w|) ≤ 0 or 1 + 2w|w| = 0). The mirror point −e is also on Γ*. Exists for w > −1/√2 when p + q < 1 and
 * for w < −1/√2 when p + q > 1 (Theorem 1).
 *
 * @example
 * gammaStarE(0, 0.1, 0.1); // √c* ≈ 2.0963
 */
export function gammaStarE(w: number, p: number, q: number): number | null {
  assertFinite("w", w);
  const cs = cStar(p, q);
  const k = 1 + 2 * w * Math.abs(w);
  const e2 = cs / k;
  return k !== 0 && e2 > 0 && Number.isFinite(e2) ? Math.sqrt(e2) : null;
}

/**
 * Points (e > 0, w) of Γ* on n equally spaced w in [wMin, wMax] (endpoints included); w values where Γ* has no
 * point are skipped, so fewer than n points may come back.
 *
 * @example
 * gammaStarPoints(0.9, 0.9, -3, -1, 50); // [{ e, w }, ...] on the p+q>1 branch
 */
export function gammaStarPoints(
  p: number,
  q: number,
  wMin: number,
  wMax: number,
  n: number,
): Array<{ e: number; w: number }> {
  assertNotIid(p, q);
  assertFinite("wMin", wMin);
  assertFinite("wMax", wMax);
  if (!(wMax >= wMin)) throw new RangeError(`wMax must be >= wMin, got wMin = ${wMin}, wMax = ${wMax}`);
  assertInteger("n", n, 1);
  const out: Array<{ e: number; w: number }> = [];
  for (let i = 0; i < n; i++) {
    const w = n === 1 ? wMin : wMin + ((wMax - wMin) * i) / (n - 1);
    const e = gammaStarE(w, p, q);
    if (e !== null) out.push({ e, w });
  }
  return out;
}

/** Classification labels of critical points (the authors' Fig. 1 legend for the e = 0 line). */
export type AxisKind = "local-min" | "local-max" | "saddle";

/**
 * Kind of the critical point (0, w) on the line e = 0 (Theorem 1, §4): "saddle" at w = −1/√2 (within `tol`,
 * default 0), otherwise "local-min" where (p+q−1)(1+2w|w|) > 0 and "local-max" (the authors' label: L is concave
 * across e = 0 and constant along it) where it is < 0.
 *
 * @example
 * classifyOnAxis(1, 0.9, 0.9); // "local-min"
 */
export function classifyOnAxis(w: number, p: number, q: number, tol = 0): AxisKind {
  assertFinite("w", w);
  assertNotIid(p, q);
  assertNonNegative("tol", tol);
  if (Math.abs(w - W_SAD) <= tol) return "saddle";
  const k = 1 + 2 * w * Math.abs(w);
  // Rounding can leave k ≈ ±1e-16 at w = W_SAD; the explicit test above is the authoritative one.
  if (k === 0) return "saddle";
  return (p + q - 1) * k > 0 ? "local-min" : "local-max";
}

/** Second-order classification of a point of the (e, w) plane. */
export type CriticalKind = "not-critical" | "local-min" | "local-max" | "saddle" | "degenerate";

/** Tolerances for `criticalKind`. */
export interface CriticalKindOptions {
  /** ‖∇L‖ above this ⇒ "not-critical" (default 1e-9). */
  gradTol?: number;
  /** Eigenvalues with |λ| ≤ eigTol count as zero (default 1e-9). */
  eigTol?: number;
}

/**
 * Classifies (e, w) by ‖∇L‖ and the eigenvalues of the closed-form Hessian at b*. Zero eigenvalues are ignored
 * because the critical sets are curves (one flat direction): "local-min" = no negative and some positive
 * eigenvalue (Γ* and the red-star part of e = 0), "local-max" = no positive and some negative (the authors' label
 * for the rest of e = 0), "saddle" = both signs, "degenerate" = Hessian ≈ 0 (the second-order test is silent;
 * this is the point (0, −1/√2), which `classifyOnAxis` labels "saddle").
 *
 * @example
 * criticalKind(0, -2, 0.1, 0.1); // "local-min"
 */
export function criticalKind(
  e: number,
  w: number,
  p: number,
  q: number,
  options: CriticalKindOptions = {},
): CriticalKind {
  assertNotIid(p, q);
  const gradTol = assertNonNegative("gradTol", options.gradTol ?? 1e-9);
  const eigTol = assertNonNegative("eigTol", options.eigTol ?? 1e-9);
  if (gradientNorm(e, w, p, q) > gradTol) return "not-critical";
  const [lo, hi] = symmetricEigenvalues2(canonicalHessian(e, w, p, q));
  const neg = lo < -eigTol;
  const pos = hi > eigTol;
  if (neg && pos) return "saddle";
  if (pos) return "local-min";
  if (neg) return "local-max";
  return "degenerate";
}
