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
  /**
   * The parameter blocks in order, to name an entry in errors ("block WQ, entry 5"); their sizes
   * must add up to the optimiser's size. Without it entries are named by index only.
   */
  blocks?: readonly ParamBlock[];
}

/** A named run of the flat parameter vector. */
export interface ParamBlock {
  name: string;
  size: number;
}

export interface AdamWState extends AdamWOptions {
  m: Float64Array;
  /**
   * Second moments, stored as v_i / vScale_i² so that a gradient as large as 1e200 (whose square
   * overflows) still gives Adam's bounded step; vScale_i is 1 (exactly the textbook update) until an
   * entry's g_i² or v_i would overflow, then a power of two.
   */
  v: Float64Array;
  vScale: Float64Array;
  t: number;
}

/** "entry i (block WQ, index 5)" for flat index i, from the blocks when given. */
export function nameEntry(i: number, blocks?: readonly ParamBlock[]): string {
  if (blocks) {
    let off = 0;
    for (const b of blocks) {
      if (i < off + b.size) return `entry ${i} (block ${b.name}, index ${i - off})`;
      off += b.size;
    }
  }
  return `entry ${i}`;
}

/**
 * Throws a RangeError naming the first non-finite entry of a gradient (block and index when `blocks`
 * are given). Before, one NaN made that parameter and its moments NaN for good, and training noticed
 * a step later as "diverged".
 */
export function assertFiniteGradient(g: ArrayLike<number>, blocks?: readonly ParamBlock[]): void {
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g[i])) {
      throw new RangeError(`the gradient is not finite at ${nameEntry(i, blocks)}: ${g[i]}; the update was not applied (a fault in the loss or its gradient there, not a learning-rate problem)`);
    }
  }
}

/**
 * Advice for a loss that became non-finite during training, matching the cause: a parameter that is
 * not finite (named), the first loss (not the step size's doing), or finite parameters driven to
 * where the loss overflows (lower the learning rate).
 */
export function divergenceAdvice(θ: ArrayLike<number>, updates: number, blocks?: readonly ParamBlock[], knob = "lr"): string {
  let worst = 0, at = 0;
  for (let i = 0; i < θ.length; i++) {
    if (!Number.isFinite(θ[i])) return `parameter ${nameEntry(i, blocks)} is ${θ[i]}`;
    if (Math.abs(θ[i]) > worst) [worst, at] = [Math.abs(θ[i]), i];
  }
  if (updates === 0) return "at the initial parameters, before any update: not a step-size problem; check the initialization and the data";
  return `after ${updates} updates the parameters are finite but large (|θ| up to ${worst.toExponential(2)} at ${nameEntry(at, blocks)}): the steps drove them where the loss overflows; lower ${knob}`;
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
  if (options.blocks) {
    const total = options.blocks.reduce((n, b) => n + b.size, 0);
    if (total !== size) throw new RangeError(`blocks cover ${total} entries for ${size} parameters`);
  }
  return { ...options, m: new Float64Array(size), v: new Float64Array(size), vScale: new Float64Array(size).fill(1), t: 0 };
}

/** Above this |g| (or v), g² may overflow: the entry switches to the scaled second moment. */
const BIG = 2 ** 500;

/**
 * One AdamW update of θ in place with learning rate `lr` (finite, ≥ 0); θ and g as long as the state.
 * Refuses a non-finite gradient before changing anything (RangeError naming the block and index);
 * a huge finite one (|g| up to 1.8e308) moves its parameter by about lr, as Adam's step is bounded.
 */
export function adamwStep(s: AdamWState, θ: Float64Array, g: ArrayLike<number>, lr: number): void {
  assertNonNegative("lr", lr);
  // A short g read undefined entries and wrote NaN into θ.
  if (θ.length !== s.m.length) throw new RangeError(`θ must have ${s.m.length} entries (the optimiser's size), got ${θ.length}`);
  if (g.length !== θ.length) throw new RangeError(`g must have ${θ.length} entries (one per parameter), got ${g.length}`);
  assertFiniteGradient(g, s.blocks);
  s.t++;
  const { beta1: b1, beta2: b2, m, v, vScale, decayMask, weightDecay } = s;
  const eps = s.eps ?? 1e-8;
  const c1 = 1 - Math.pow(b1, s.t), c2 = 1 - Math.pow(b2, s.t);
  for (let i = 0; i < θ.length; i++) {
    const gi = g[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    if (decayMask[i]) θ[i] -= lr * weightDecay * θ[i];
    if (vScale[i] === 1 && Math.abs(gi) < BIG && v[i] < BIG) {
      // The textbook update, bit for bit as before.
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      θ[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      continue;
    }
    // Before: g = 1e200 made v = ∞ and the step m/√v = 0. Here v = v[i]·S² with S a power of two ≥ |g|.
    const S = Math.max(vScale[i], 2 ** Math.min(1023, Math.ceil(Math.log2(Math.abs(gi) || 1)))), r = vScale[i] / S, gs = gi / S;
    v[i] = b2 * v[i] * r * r + (1 - b2) * gs * gs;
    vScale[i] = S;
    θ[i] -= (lr * (m[i] / S / c1)) / (Math.sqrt(v[i] / c2) + eps / S);
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
