/**
 * Derivatives of the reduced loss φ(c) = min_b L, c = f1 − f0 [DERIVED here, not in the note].
 *
 * Since b shifts f0 and f1 together, min_b L depends on (e, w) only through c = (1+2w|w|)e², so
 * L(e, w) = φ(c(e, w)). With g1 = ∂L/∂f1, g0 = ∂L/∂f0, h_i = ∂g_i/∂f_i = π_i σ′(f_i):
 * - φ′(c) = g1 at b* (envelope theorem, §3.3);
 * - stationarity g1 + g0 = 0 gives df0* / dc = −h1/(h1 + h0), hence φ″(c) = h1·h0/(h1 + h0).
 */
import { stationary } from "../markov/binary";
import { optimalLogits } from "./bias";
import { sigmoid, sigmoidSlope } from "./numerics";

/**
 * φ′(c) = g1 = π1[σ(f1*) − (1−q)] (§3.3). Zero exactly at c = c* (Γ*); at c = 0 it is pq(p+q−1)/(p+q)².
 *
 * @example
 * reducedSlope(0, 0.9, 0.9); // 0.81·0.8/3.24 = 0.2
 */
export function reducedSlope(c: number, p: number, q: number): number {
  const { f1 } = optimalLogits(c, p, q);
  const pi1 = stationary(p, q)[1];
  return pi1 * (sigmoid(f1) - (1 - q));
}

/**
 * φ″(c) = h1·h0/(h1 + h0) > 0 with h_i = π_i σ′(f_i*): the curvature left after minimising over b
 * (a "harmonic mean" of the two per-logit curvatures). Returns 0 when both logits saturate in double precision.
 *
 * @example
 * reducedCurvature(0, 0.2, 0.3); // 0.0576 = π0π1·σ′(ln(p/q)) = 0.24·0.24
 */
export function reducedCurvature(c: number, p: number, q: number): number {
  const { f0, f1 } = optimalLogits(c, p, q);
  const [pi0, pi1] = stationary(p, q);
  const h1 = pi1 * sigmoidSlope(f1);
  const h0 = pi0 * sigmoidSlope(f0);
  const s = h1 + h0;
  // h1·(h0/s) instead of h1·h0/s: the product can underflow while the result is representable.
  return s > 0 ? h1 * (h0 / s) : 0;
}
