/**
 * Critical structure of the reconstructed (e, w, a) model (§8 RECONSTRUCTION): the plane e = 0 and its
 * one-sided curvature, which decides whether its points attract or repel the flow (the caption of Fig. 5:
 * "The local minima are repellors for p+q<1, while attracting for p+q>1").
 *
 * From ∂L/∂e = 2e·Σ_j G_j h_j, ∂L/∂w ∝ e², ∂L/∂a ∝ e² (see `AttentionEvaluator`), every point of e = 0 is
 * critical with L = H_uni (all logits equal b* = logit π1). Near it L = H_uni + e²·S^±(w, a) + O(e⁴), where
 * S^± = Σ_j G_j h_j^± at e = 0, G_j = (w1_j + w0_j)π1 − w1_j and h^± = s + 4w|w|·max(s, 0) (e > 0) or
 * s + 4w|w|·min(s, 0) (e < 0): the two sides of the plane see different ReLU branches, so the curvature is
 * one-sided. Along the flow d(e²)/dt = −4e²S^±, so the plane attracts where S^± > 0 and repels where S^± < 0.
 * At a = 0 both equal the 2-D value pq(p+q−1)(1+2w|w|)/(p+q)² of §3.3 (halved: ∂²L/∂e² = 2S).
 */
import { assertFinite } from "../markov/validate";
import type { AttentionChain } from "./chain";

/**
 * One-sided curvatures of L across the critical plane e = 0: plus = lim_{e→0+} ∂²L/∂e², minus = lim_{e→0−},
 * both 2·S^± of the file comment (exact, no b* solve: at e = 0, b* = logit π1).
 *
 * @example
 * attentionPlaneCurvature(0, 0, attentionChain(0.9, 0.9, 16)); // { plus: 0.4, minus: 0.4 } = 2pq(p+q−1)/(p+q)²
 */
export function attentionPlaneCurvature(w: number, a: number, chain: AttentionChain): { plus: number; minus: number } {
  assertFinite("w", w);
  assertFinite("a", a);
  const { x, d, w1, w0, size, mean1 } = chain;
  const m4 = 4 * w * Math.abs(w);
  let plus = 0;
  let minus = 0;
  for (let j = 0; j < size; j++) {
    const G = (w1[j] + w0[j]) * mean1 - w1[j];
    const s = x[j] - 0.5 + a * d[j];
    plus += G * (s + m4 * Math.max(s, 0));
    minus += G * (s + m4 * Math.min(s, 0));
  }
  return { plus: 2 * plus, minus: 2 * minus };
}
