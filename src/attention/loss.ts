/**
 * Exact population loss of the reconstructed (e, w, a) model (§8 RECONSTRUCTION, not the paper's model),
 * its gradient, the optimal bias b* and the reduced loss L(e, w, a) = min_b L(e, w, a, b).
 *
 * L_N(e, w, a, b) = (1/N)Σ_{n=1}^{N} E[−x_{n+1} ln σ(logit_n) − (1 − x_{n+1}) ln σ(−logit_n)] over sequences
 * x_1..x_{N+1} from the stationary chain (p, q) — the BCE averaged over positions, as in §2 item 5 — with
 * logit_n from `attentionLogit`. The expectation is a finite weighted sum over the cells of
 * `attentionChain(p, q, N)`; see `AttentionEvaluator` for the formulas and the kink convention.
 */
import type { AttentionChain } from "./chain";
import { evaluatorFor } from "./evaluator";

/** Gradient over (e, w, a, b). */
export type Gradient4 = [number, number, number, number];
/** Gradient over (e, w, a). */
export type Gradient3 = [number, number, number];

/**
 * L_N(e, w, a, b) in nats (§8 reconstruction, exact: a weighted sum over the O(N²) cells of `chain`).
 *
 * @example
 * const chain = attentionChain(0.2, 0.3, 16);
 * attentionLossWithBias(0, 0, 0, 0, chain); // ln 2 (every logit is 0)
 */
export function attentionLossWithBias(e: number, w: number, a: number, b: number, chain: AttentionChain): number {
  const ev = evaluatorFor(chain);
  ev.set(e, w, a);
  return ev.loss(b);
}

/**
 * ∇L_N(e, w, a, b) = [∂L/∂e, ∂L/∂w, ∂L/∂a, ∂L/∂b] in closed form (§8 reconstruction). Through the kink of
 * max(s, 0) the one-sided convention ReLU′(0) = 0 is used (see `AttentionEvaluator`).
 *
 * @example
 * attentionGradientWithBias(0.8, -0.3, 0.5, 0.1, attentionChain(0.2, 0.3, 16)); // [dL/de, dL/dw, dL/da, dL/db]
 */
export function attentionGradientWithBias(e: number, w: number, a: number, b: number, chain: AttentionChain): Gradient4 {
  const ev = evaluatorFor(chain);
  ev.set(e, w, a);
  const out: Gradient4 = [0, 0, 0, 0];
  if (!Number.isFinite(b)) throw new RangeError(`b must be a finite number, got ${String(b)}`);
  ev.gradient(b, out);
  return out;
}

/**
 * b*(e, w, a) = argmin_b L_N(e, w, a, b): unique because L is strictly convex in b; safeguarded Newton
 * (§8 "L is convex in b, so find b* by 1-D Newton"). At e = 0 every logit equals b and b* = ln(p/q) (§3.2).
 *
 * @example
 * attentionOptimalBias(0, 1, 2, attentionChain(0.5, 0.8, 16)); // ln(0.5/0.8) ≈ −0.470004
 */
export function attentionOptimalBias(e: number, w: number, a: number, chain: AttentionChain): number {
  const ev = evaluatorFor(chain);
  ev.set(e, w, a);
  return ev.optimalBias();
}

/**
 * L(e, w, a) := min_b L_N(e, w, a, b) (§8 reconstruction). Equals `canonicalLoss(e, w, p, q)` on the slice
 * a = 0 (§3.2), equals H_uni on e = 0, and is ≥ H_bi (the entropy rate) everywhere.
 *
 * @example
 * attentionLoss(0.8, -0.3, 0, attentionChain(0.2, 0.3, 16)); // = canonicalLoss(0.8, −0.3, 0.2, 0.3)
 */
export function attentionLoss(e: number, w: number, a: number, chain: AttentionChain): number {
  const ev = evaluatorFor(chain);
  ev.set(e, w, a);
  return ev.loss(ev.optimalBias());
}

/**
 * ∇L(e, w, a) at b* by the envelope theorem: the (e, w, a) part of the free-bias gradient at b = b*
 * (§8 reconstruction; §3.3 for the 2-D analogue). The gradient flow is θ̇ = −∇L(θ).
 *
 * @example
 * attentionGradient(0.8, -0.3, 0.5, attentionChain(0.2, 0.3, 16)); // [dL/de, dL/dw, dL/da]
 */
export function attentionGradient(e: number, w: number, a: number, chain: AttentionChain): Gradient3 {
  const ev = evaluatorFor(chain);
  ev.set(e, w, a);
  const out: Gradient4 = [0, 0, 0, 0];
  ev.gradient(ev.optimalBias(), out);
  return [out[0], out[1], out[2]];
}
