/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay on a mask of parameters, and the
 * one-cycle cosine learning-rate schedule of the authors' runs (§10 of the note): warm-up over the
 * first 2 % from lr/100 to lr, then cosine decay to lr/5 (PyTorch OneCycleLR with div_factor 100,
 * final_div_factor 0.05, pct_start 0.02). Momentum is not cycled (the authors' setting is unknown).
 *
 * @example
 * const opt = createAdamW(θ.data.length, { beta1: 0.9, beta2: 0.95, weightDecay: 1e-3, decayMask });
 * adamwStep(opt, θ.data, grad, oneCycleLr(step, total, 2e-3));
 */
import { assertClosedUnit, assertHalfOpenUnit, assertInteger, assertNonNegative, assertPositive } from "../runtime/validate";

export interface AdamWOptions {
  /** Decay rates of the moment estimates, in [0, 1). */
  beta1: number;
  beta2: number;
  /** Added to √v̂ (default 1e-8), > 0. */
  eps?: number;
  /** Decoupled weight decay, ≥ 0. */
  weightDecay: number;
  /** 1 where weight decay applies. */
  decayMask: Uint8Array;
}

export interface AdamWState extends AdamWOptions {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

export function createAdamW(size: number, options: AdamWOptions): AdamWState {
  // Before: β = NaN or 1 made every parameter NaN at the first step (1 − β^t = 0), eps < 0 sent them to
  // −∞, and a NaN weight decay passed through until the first decayed entry.
  assertInteger("size", size);
  assertHalfOpenUnit("beta1", options.beta1);
  assertHalfOpenUnit("beta2", options.beta2);
  if (options.eps !== undefined) assertPositive("eps", options.eps);
  assertNonNegative("weightDecay", options.weightDecay);
  if (options.decayMask.length !== size) throw new RangeError(`decay mask has ${options.decayMask.length} entries for ${size} parameters`);
  return { ...options, m: new Float64Array(size), v: new Float64Array(size), t: 0 };
}

/** One AdamW update of θ in place with learning rate `lr` (finite, ≥ 0); θ and g as long as the state. */
export function adamwStep(s: AdamWState, θ: Float64Array, g: ArrayLike<number>, lr: number): void {
  assertNonNegative("lr", lr);
  // A short g read undefined entries and wrote NaN into θ.
  if (θ.length !== s.m.length) throw new RangeError(`θ must have ${s.m.length} entries (the optimiser's size), got ${θ.length}`);
  if (g.length !== θ.length) throw new RangeError(`g must have ${θ.length} entries (one per parameter), got ${g.length}`);
  s.t++;
  const { beta1: b1, beta2: b2, m, v, decayMask, weightDecay } = s;
  const eps = s.eps ?? 1e-8;
  const c1 = 1 - Math.pow(b1, s.t), c2 = 1 - Math.pow(b2, s.t);
  for (let i = 0; i < θ.length; i++) {
    const gi = g[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    if (decayMask[i]) θ[i] -= lr * weightDecay * θ[i];
    θ[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
  }
}

/**
 * Learning rate at `step` (0-based, an integer ≥ 0) of `total` (an integer ≥ 1) under the one-cycle cosine
 * schedule peaking at `lr` (≥ 0); pctStart ∈ [0, 1], divFactor and finalDivFactor > 0.
 */
export function oneCycleLr(step: number, total: number, lr: number, pctStart = 0.02, divFactor = 100, finalDivFactor = 0.05): number {
  // Before: a NaN total, lr or pctStart, or divFactor = 0, returned NaN.
  assertInteger("step", step, 0);
  assertInteger("total", total);
  assertNonNegative("lr", lr);
  assertClosedUnit("pctStart", pctStart);
  assertPositive("divFactor", divFactor);
  assertPositive("finalDivFactor", finalDivFactor);
  const initial = lr / divFactor, final = initial / finalDivFactor;
  const up = Math.max(1, Math.round(pctStart * total) - 1);
  const cos = (from: number, to: number, frac: number) => to + ((from - to) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, frac))))) / 2;
  if (step <= up) return cos(initial, lr, step / up);
  return cos(lr, final, (step - up) / Math.max(1, total - 1 - up));
}
