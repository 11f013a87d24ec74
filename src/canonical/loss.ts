/** Population loss of the canonical model, §3.1, with free bias and at the optimal bias (§3.2). */
import { stationary } from "../markov/binary";
import { optimalLogits } from "./bias";
import { logitGap, logits } from "./logits";
import { assertFinite } from "../markov/validate";
import { softplus } from "./numerics";

/**
 * L as a function of the two logits (§3.1), written with softplus: −ln σ(x) = softplus(−x).
 *
 * @example
 * lossAtLogits(0, 0, 0.2, 0.3); // ln 2
 */
export function lossAtLogits(f0: number, f1: number, p: number, q: number): number {
  assertFinite("f0", f0);
  assertFinite("f1", f1);
  const [pi0, pi1] = stationary(p, q);
  return (
    pi1 * ((1 - q) * softplus(-f1) + q * softplus(f1)) + pi0 * (p * softplus(-f0) + (1 - p) * softplus(f0))
  );
}

/**
 * L(e, w, b) = −π1[(1−q) ln σ(f1) + q ln σ(−f1)] − π0[p ln σ(f0) + (1−p) ln σ(−f0)] (§3.1), in nats.
 *
 * @example
 * canonicalLossWithBias(0, 0, 0, 0.2, 0.3); // ln 2
 */
export function canonicalLossWithBias(e: number, w: number, b: number, p: number, q: number): number {
  const { f0, f1 } = logits(e, w, b);
  return lossAtLogits(f0, f1, p, q);
}

/**
 * Reduced loss φ(c) = min_b L with logit gap c = f1 − f0 (L(e, w) = φ((1+2w|w|)e²), §3.2).
 * φ(0) = H_uni, φ(c*) = H_bi = min φ.
 *
 * @example
 * reducedLoss(cStar(0.2, 0.3), 0.2, 0.3); // H_bi ≈ 0.544587
 */
export function reducedLoss(c: number, p: number, q: number): number {
  const { f0, f1 } = optimalLogits(c, p, q);
  return lossAtLogits(f0, f1, p, q);
}

/**
 * L(e, w) = min_b L(e, w, b) = L(e, w, b*(e, w)) (§3.2).
 *
 * @example
 * canonicalLoss(0, 1, 0.2, 0.3); // H_uni ≈ 0.673012
 */
export function canonicalLoss(e: number, w: number, p: number, q: number): number {
  return reducedLoss(logitGap(e, w), p, q);
}
