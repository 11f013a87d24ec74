/** Gradients of the canonical loss, §3.3. */
import { stationary } from "../markov/binary";
import { optimalLogits } from "./bias";
import { logitGap, logits } from "./logits";
import { sigmoid } from "./numerics";

/**
 * ∇L(e, w) at b* (§3.3, envelope theorem): ∂L/∂e = 2e(1+2w|w|)·g1, ∂L/∂w = 4|w|e²·g1, with
 * g1 = π1[σ(f1) − (1−q)]. Gradient flow: ė = −∂L/∂e, ẇ = −∂L/∂w.
 *
 * @example
 * canonicalGradient(0.5, -1, 0.5, 0.8); // [dL/de, dL/dw]
 */
export function canonicalGradient(e: number, w: number, p: number, q: number): [number, number] {
  const c = logitGap(e, w);
  const { f1 } = optimalLogits(c, p, q);
  const g1 = stationary(p, q)[1] * (sigmoid(f1) - (1 - q));
  const m = w * Math.abs(w);
  return [2 * e * (1 + 2 * m) * g1, 4 * Math.abs(w) * e * e * g1];
}

/**
 * ∇L(e, w, b) with a free bias (§3.3): ∂L/∂e = e(1+4w|w|)g1 − e·g0, ∂L/∂w = 4|w|e²g1, ∂L/∂b = g1 + g0,
 * where g0 = π0[σ(f0) − p].
 *
 * @example
 * canonicalGradientWithBias(0.5, -1, 0, 0.5, 0.8); // [dL/de, dL/dw, dL/db]
 */
export function canonicalGradientWithBias(
  e: number,
  w: number,
  b: number,
  p: number,
  q: number,
): [number, number, number] {
  const { f0, f1 } = logits(e, w, b);
  const [pi0, pi1] = stationary(p, q);
  const g1 = pi1 * (sigmoid(f1) - (1 - q));
  const g0 = pi0 * (sigmoid(f0) - p);
  const m = w * Math.abs(w);
  return [e * (1 + 4 * m) * g1 - e * g0, 4 * Math.abs(w) * e * e * g1, g1 + g0];
}

/**
 * ‖∇L(e, w)‖ at b* (Euclidean); zero exactly on the critical set {e = 0} ∪ Γ* (Theorem 1).
 *
 * @example
 * gradientNorm(0, 1, 0.2, 0.3); // 0
 */
export function gradientNorm(e: number, w: number, p: number, q: number): number {
  const [ge, gw] = canonicalGradient(e, w, p, q);
  return Math.hypot(ge, gw);
}
