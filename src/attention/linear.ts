/**
 * A second RECONSTRUCTION of the (e, w, a) system (not the paper's model, whose definition was not found):
 * LINEAR attention whose scores carry e², which reproduces the structure the seed summaries attribute to the
 * paper — stationary points where 1 + a·e² = 0 and 1 + 2w|w| = 0 — and has a conserved energy.
 *
 * Derivation (§2 architecture with the softmax replaced by a causal linear average, §7(a) embedding, u unit):
 * x̃_i = e(x_i − ½)u; W_Q = u uᵀ, W_K = 4a·u uᵀ, W_V = u uᵀ, W_O = I and att_{n,i} = ⟨W_Q x̃_n, W_K x̃_i⟩/n, so
 *   att_{n,i} = 4a e²(x_n − ½)(x_i − ½)/n — the query and the key each carry one factor e;
 *   Σ_i att_{n,i} W_V x̃_i = 4a e³(x_n − ½)·(1/n)Σ_i (x_i − ½)²·u = a e³(x_n − ½)u   ((x_i − ½)² = ¼);
 *   y_n = e(1 + a e²)(x_n − ½)u.
 * The attention output is parallel to the skip path, so position n still sees x_n only: the loss does not
 * depend on N, and with W1 = |w|v uᵀ, W2 = w u vᵀ, tied head ⟨e u, ·⟩ + b:
 *   f1 = b + e²k/2 + 2w|w|·e·max(e k, 0),  f0 = b − e²k/2 + 2w|w|·e·max(−e k, 0),  k = 1 + a e²,
 *   f1 − f0 = e²(1 + a e²)(1 + 2w|w|) =: c(e, w, a).
 * So L(e, w, a) = min_b L = φ(c) with φ the reduced loss of §3.2, and ∇L = φ′(c)∇c with
 *   ∇c = (2e(1 + 2a e²)(1 + 2w|w|), 4|w|e²(1 + a e²), e⁴(1 + 2w|w|)).
 * ∇c = 0 off e = 0 exactly when 1 + 2w|w| = 0 and 1 + a e² = 0: the seeds' Θ_station. With a free bias the
 * offset in f0 switches with sign(e(1 + a e²)) — the sign(1 + a e²) that makes the paper's Hessian undefined.
 *
 * Conserved energy [DERIVED here]: C(e, w, a) = e² − 2a² − (w² + sign(w) ln|w|) satisfies ∇C·∇c = 0, since
 * 2e·c_e − 4a·c_a − (2w + 1/|w|)·c_w = (4e² + 8a e⁴ − 4a e⁴ − 4e² − 4a e⁴)(1 + 2w|w|) = 0. At a = 0 it is the
 * E(e, w) of §3.4; the coefficient 2 does not depend on how a is normalised (1 + λa e² gives the same C).
 */
import { lossAtLogits, reducedLoss } from "../canonical/loss";
import { reducedSlope } from "../canonical/reduced";
import { registerField } from "../flows/fields";
import type { Field } from "../flows/ode";
import type { Limit } from "../canonical/limit";
import type { Logits } from "../canonical/logits";
import { entropyRate, unigramLoss } from "../markov/binary";
import { assertFinite, assertNonNegative, assertPQ } from "../markov/validate";

/**
 * Logit gap c = e²(1 + a e²)(1 + 2w|w|) of the linear-attention reconstruction (derivation in the file comment).
 *
 * @example
 * linearAttentionGap(1, 0, 0);  // 1: the canonical gap e²(1 + 2w|w|) at a = 0
 * linearAttentionGap(1, 3, -1); // 0: 1 + a e² = 0 switches the whole block off
 */
export function linearAttentionGap(e: number, w: number, a: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  const e2 = e * e;
  return e2 * (1 + a * e2) * (1 + 2 * w * Math.abs(w));
}

/**
 * The two logits (f0, f1) of the linear-attention reconstruction with a free bias b:
 * f1 = b + e²k/2 + 2w|w|·e·max(e k, 0), f0 = b − e²k/2 + 2w|w|·e·max(−e k, 0), k = 1 + a e².
 * The ReLU path lands on f1 or on f0 according to sign(e(1 + a e²)).
 *
 * @example
 * linearAttentionLogits(1, 1, 0, 0); // { f0: −0.5, f1: 2.5 } = canonical logits(1, 1, 0)
 */
export function linearAttentionLogits(e: number, w: number, a: number, b: number): Logits {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFinite("b", b);
  const e2 = e * e;
  const ek = e * (1 + a * e2);
  const m2 = 2 * w * Math.abs(w);
  return { f0: b - (e * ek) / 2 + m2 * e * Math.max(-ek, 0), f1: b + (e * ek) / 2 + m2 * e * Math.max(ek, 0) };
}

/**
 * L(e, w, a, b) of the linear-attention reconstruction (nats; the canonical two-logit loss of §3.1).
 *
 * @example
 * linearAttentionLossWithBias(0.5, -1, 0, 0, 0.5, 0.8); // = canonicalLossWithBias(0.5, −1, 0, 0.5, 0.8)
 */
export function linearAttentionLossWithBias(e: number, w: number, a: number, b: number, p: number, q: number): number {
  const { f0, f1 } = linearAttentionLogits(e, w, a, b);
  return lossAtLogits(f0, f1, p, q);
}

/**
 * L(e, w, a) = min_b L = φ(e²(1 + a e²)(1 + 2w|w|)) (φ: reduced loss, §3.2).
 *
 * @example
 * linearAttentionLoss(1, -Math.SQRT1_2, -1, 0.2, 0.3); // φ(0) = H_uni: a point of Θ_station
 */
export function linearAttentionLoss(e: number, w: number, a: number, p: number, q: number): number {
  return reducedLoss(linearAttentionGap(e, w, a), p, q);
}

/**
 * ∇L(e, w, a) = φ′(c)·∇c at b* (envelope theorem, as §3.3), ∇c in the file comment.
 *
 * @example
 * linearAttentionGradient(1, -Math.SQRT1_2, -1, 0.2, 0.3); // [0, 0, 0] up to rounding: Θ_station
 */
export function linearAttentionGradient(e: number, w: number, a: number, p: number, q: number): [number, number, number] {
  const slope = reducedSlope(linearAttentionGap(e, w, a), p, q);
  const e2 = e * e;
  const K = 1 + 2 * w * Math.abs(w);
  return [slope * 2 * e * (1 + 2 * a * e2) * K, slope * 4 * Math.abs(w) * e2 * (1 + a * e2), slope * e2 * e2 * K];
}

/**
 * C(e, w, a) = e² − 2a² − (w² + sign(w)·ln|w|): conserved by the gradient flow of the linear-attention
 * reconstruction (proof in the file comment); equals E(e, w) of §3.4 at a = 0. Throws at w = 0.
 *
 * @example
 * linearAttentionEnergy(0.5, -1, 0); // −0.75 = energy(0.5, −1)
 */
export function linearAttentionEnergy(e: number, w: number, a: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  if (w === 0) throw new RangeError("w must be nonzero: the energy is undefined on the invariant plane w = 0, got w = 0");
  return e * e - 2 * a * a - (w * w + Math.sign(w) * Math.log(Math.abs(w)));
}

/**
 * −∇L(e, w, a) of the linear-attention reconstruction as a flow field (y = [e, w, a]); registered in
 * the parallel integrators as { kind: "attention-linear", p, q }.
 *
 * @example
 * const f = linearAttentionFlowField(0.2, 0.3);
 * f(Float64Array.of(0.1, 0.05, -0.1), new Float64Array(3));
 */
export function linearAttentionFlowField(p: number, q: number): Field {
  assertPQ(p, q);
  return (y, dy) => {
    if (!(Number.isFinite(y[0]) && Number.isFinite(y[1]) && Number.isFinite(y[2]))) {
      dy.fill(NaN);
      return;
    }
    const g = linearAttentionGradient(y[0], y[1], y[2], p, q);
    dy[0] = -g[0];
    dy[1] = -g[1];
    dy[2] = -g[2];
  };
}

/**
 * "global" when the linear-attention loss is within `tol` of H_bi (the surface c = c*), "local" when within
 * `tol` of H_uni (c = 0: e = 0 or Θ_station), "undecided" otherwise.
 *
 * @example
 * linearAttentionLimitOf(0, 0.3, 0.5, 0.5, 0.8); // "local"
 */
export function linearAttentionLimitOf(e: number, w: number, a: number, p: number, q: number, tol = 1e-4): Limit {
  assertNonNegative("tol", tol);
  const L = linearAttentionLoss(e, w, a, p, q);
  if (Math.abs(L - entropyRate(p, q)) <= tol) return "global";
  if (Math.abs(L - unigramLoss(p, q)) <= tol) return "local";
  return "undecided";
}

registerField("attention-linear", __filename, (s) => linearAttentionFlowField(Number(s.p), Number(s.q)));
