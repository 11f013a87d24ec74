/** Theorem 2 (§5): basins of the (e, w) gradient flow at b*, their separatrix and limits; §6 common region. */
import { assertFinite, assertNonNegative, assertNotIid } from "../markov/validate";
import { E_SAD, W_SAD, energy } from "./energy";

/** "global" = I_* (→ Γ*, loss H_bi), "local" = I_min (→ e = 0, loss H_uni), "separatrix" (→ saddle (0, −1/√2)). */
export type Basin = "global" | "local" | "separatrix";

/**
 * Basin of the start (e, w) under the flow ė = −∂L/∂e, ẇ = −∂L/∂w (Theorem 2, §5), with E0 = E(e, w):
 *
 * - p + q > 1: global iff w < −1/√2, or −1/√2 ≤ w < 0 and E0 > E_sad; local iff w ≥ 0, or −1/√2 < w < 0 and
 *   E0 < E_sad; separatrix for −1/√2 ≤ w < 0 with E0 ≈ E_sad.
 * - p + q < 1: global iff w ≥ −1/√2, or w < −1/√2 and E0 > E_sad; local iff w < −1/√2 and E0 < E_sad;
 *   separatrix for w < −1/√2 with E0 ≈ E_sad.
 *
 * "E0 ≈ E_sad" means |E0 − E_sad| ≤ tol·|E_sad| (tol default 1e-12, relative): within it the flow is too close to
 * the saddle's stable manifold for the sign of E0 − E_sad to be trusted. Pass tol = 0 for the exact rule.
 *
 * Invariant lines (conventions that keep the whole plane classified):
 * - e = 0: every point is critical (Theorem 1), so the start never moves; its loss is H_uni and it is reported as
 *   "local", except the saddle (0, −1/√2) itself (|E0 − E_sad| within tol), reported as "separatrix".
 * - w = 0, e ≠ 0 (E undefined): the flow stays on w = 0 with e² → c* if c* > 0, so "global" for p + q < 1 and
 *   "local" for p + q > 1, matching the w ≥ −1/√2 (resp. w ≥ 0) rule above.
 *
 * @example
 * basinOf(0.5, -1, 0.5, 0.8); // "global"
 * basinOf(0.3, -1, 0.1, 0.1); // "local"
 */
export function basinOf(e: number, w: number, p: number, q: number, tol = 1e-12): Basin {
  assertFinite("e", e);
  assertFinite("w", w);
  assertNotIid(p, q);
  assertNonNegative("tol", tol);
  const above = p + q > 1;
  const near = (E0: number) => Math.abs(E0 - E_SAD) <= tol * Math.abs(E_SAD);
  if (e === 0) return w !== 0 && near(energy(0, w)) ? "separatrix" : "local";
  if (w === 0) return above ? "local" : "global";
  const E0 = energy(e, w);
  if (above) {
    if (w < W_SAD) return "global";
    if (w > 0) return "local";
  } else if (w >= W_SAD) {
    return "global";
  }
  if (near(E0)) return "separatrix";
  return E0 > E_SAD ? "global" : "local";
}

/**
 * e ≥ 0 on the level set E = E_sad: e = √(w² − ln|w| − (1 + ln 2)/2), for w < 0 (§5). Without (p, q) it returns
 * the whole level curve (both sides of −1/√2); with (p, q) only the separatrix branch of Theorem 2:
 * −1/√2 < w < 0 for p + q > 1, w < −1/√2 for p + q < 1. Null outside.
 *
 * @example
 * separatrixE(-0.5, 0.9, 0.9); // ≈ 0.310763
 * separatrixE(-2, 0.9, 0.9);   // null (that branch flows to Γ* when p + q > 1)
 */
export function separatrixE(w: number, p?: number, q?: number): number | null {
  assertFinite("w", w);
  if ((p === undefined) !== (q === undefined)) {
    throw new RangeError(`p and q must be given together, got p = ${String(p)}, q = ${String(q)}`);
  }
  if (p !== undefined && q !== undefined) {
    assertNotIid(p, q);
    const onBranch = p + q > 1 ? w > W_SAD && w < 0 : w < W_SAD;
    if (!onBranch) return null;
  }
  if (w >= 0) return null;
  const e2 = w * w - Math.log(-w) + E_SAD;
  return Math.sqrt(Math.max(e2, 0)); // e2 < 0 only by rounding next to w = −1/√2
}

/**
 * Where the level set of E through (e0, w0), followed along its starting branch, meets e = 0: the root w∞ of
 * w∞² + sign(w∞)·ln|w∞| = −E0 (§5, "Limits") on that branch — (0, w∞) is the limit of an I_min trajectory.
 * Branches: w > 0 gives w∞ ∈ (0, w0]; w0 < −1/√2 gives w∞ ∈ [w0, −1/√2]; −1/√2 < w0 < 0 gives w∞ ∈ [−1/√2, w0].
 * Returns null when that branch never reaches e = 0 (w0 < 0 with E0 > E_sad). Pure geometry: it does not check
 * that the start is in I_min (use `basinOf`). On the invariant lines: e0 = 0 gives w0, w0 = 0 gives 0.
 * Solved by bisection to full double precision.
 *
 * @example
 * limitOnAxis(0.3, -1); // ≈ −0.892071 (left branch, E0 = −0.91)
 */
export function limitOnAxis(e0: number, w0: number): number | null {
  assertFinite("e0", e0);
  assertFinite("w0", w0);
  if (w0 === 0) return 0;
  if (e0 === 0) return w0;
  const E0 = energy(e0, w0);
  const G = (w: number) => w * w + Math.sign(w) * Math.log(Math.abs(w)) + E0; // F(w) + E0, zero at w∞
  if (w0 > 0) return bisect(G, 0, w0); // G increasing, G(0+) = −∞, G(w0) = e0² ≥ 0
  if (E0 > E_SAD) return null;
  if (w0 < W_SAD) return bisect(G, w0, W_SAD); // G decreasing on the left branch
  if (w0 > W_SAD) return bisect(G, W_SAD, w0); // G increasing on the right branch
  return W_SAD;
}

/** Bisection for a monotone G with a sign change on [lo, hi]; never evaluates G at an endpoint equal to 0. */
function bisect(G: (w: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  const ga = a === 0 ? -Infinity : G(a);
  const gb = G(b);
  if (ga === 0) return a;
  if (gb === 0) return b;
  if (Math.sign(ga) === Math.sign(gb)) return Math.abs(ga) < Math.abs(gb) ? a : b; // rounding at a touching root
  const sa = Math.sign(ga);
  for (let i = 0; i < 2200; i++) {
    const m = a + (b - a) / 2;
    if (m === a || m === b) break;
    const gm = G(m);
    if (gm === 0) return m;
    if (Math.sign(gm) === sa) a = m;
    else b = m;
  }
  return a + (b - a) / 2;
}

/**
 * §6 common (data-agnostic) region I_common = I_*(p+q<1) ∩ I_*(p+q>1) = {w < 0, E(e, w) > E_sad}: starts that
 * reach Γ* whatever the side of p + q = 1. False on w = 0.
 *
 * @example
 * inCommonRegion(0.5, -1); // true  (E = −0.75)
 * inCommonRegion(0.3, -1); // false (E = −0.91)
 */
export function inCommonRegion(e: number, w: number): boolean {
  assertFinite("e", e);
  assertFinite("w", w);
  return w < 0 && energy(e, w) > E_SAD;
}
