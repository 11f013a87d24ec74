/**
 * The canonical (e, w, b) model (Local to Global §3.1) trained like the full transformer: the same AdamW
 * (β = (0.9, 0.95), decoupled weight decay on e and w — the canonical images of the token embedding and the
 * feed-forward matrices — not on b, as the full model does not decay b) and the same one-cycle cosine schedule,
 * but on the population loss L(e, w, b) (§3.1) with its exact gradient (§3.3, `canonicalGradientWithBias`):
 * no batches, so a run is deterministic given its start.
 *
 * @example
 * const run = trainCanonical({ p: 0.5, q: 0.8, steps: 1000, lr: 2e-3, beta1: 0.9, beta2: 0.95, weightDecay: 1e-3 },
 *   smallCanonicalInit(rng.fork("canonical-0")));
 * run.loss[1000]; // ≈ H_uni = 0.6663 when it stays on the plateau
 */
import { canonicalGradientWithBias } from "../canonical/gradient";
import { canonicalLossWithBias } from "../canonical/loss";
import { assertPQ } from "../markov/validate";
import type { Rng } from "../runtime/rng";
import { assertFinite, assertHalfOpenUnit, assertInteger, assertNonNegative, assertPositive } from "../runtime/validate";
import { adamwStep, createAdamW, divergenceAdvice, oneCycleLr } from "./adamw";

export interface CanonicalTrainConfig {
  p: number;
  q: number;
  steps: number;
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
}

export interface CanonicalPoint {
  e: number;
  w: number;
  b: number;
}

export interface CanonicalRun {
  /** e, w, b and the population loss L(e, w, b) at step 0 (the start) and after each update: steps + 1 entries. */
  e: number[];
  w: number[];
  b: number[];
  loss: number[];
}

/** e, w ~ N(0, σ²) independently (σ > 0, default 0.02, the full model's standard σ), b = 0 (as the full model's b). */
export function smallCanonicalInit(rng: Rng, sigma = 0.02): CanonicalPoint {
  assertPositive("sigma", sigma);
  return { e: rng.normal(0, sigma), w: rng.normal(0, sigma), b: 0 };
}

/**
 * Trains (e, w, b) from `start` with AdamW on the population loss. FIG4 (train.ts) fits as a config.
 * Throws naming the bad field; throws if the loss stops being finite.
 */
export function trainCanonical(c: CanonicalTrainConfig, start: CanonicalPoint): CanonicalRun {
  assertPQ(c.p, c.q);
  assertInteger("steps", c.steps);
  assertPositive("lr", c.lr);
  assertHalfOpenUnit("beta1", c.beta1);
  assertHalfOpenUnit("beta2", c.beta2);
  assertNonNegative("weightDecay", c.weightDecay);
  assertFinite("start.e", start.e);
  assertFinite("start.w", start.w);
  assertFinite("start.b", start.b);
  const θ = Float64Array.of(start.e, start.w, start.b);
  const opt = createAdamW(3, { beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay, decayMask: Uint8Array.of(1, 1, 0), blocks: [{ name: "e", size: 1 }, { name: "w", size: 1 }, { name: "b", size: 1 }] });
  const run: CanonicalRun = { e: [θ[0]], w: [θ[1]], b: [θ[2]], loss: [canonicalLossWithBias(θ[0], θ[1], θ[2], c.p, c.q)] };
  for (let step = 1; step <= c.steps; step++) {
    const g = canonicalGradientWithBias(θ[0], θ[1], θ[2], c.p, c.q);
    adamwStep(opt, θ, g, oneCycleLr(step - 1, c.steps, c.lr));
    const L = canonicalLossWithBias(θ[0], θ[1], θ[2], c.p, c.q);
    if (!Number.isFinite(L)) throw new Error(`canonical training diverged at step ${step} (loss ${L}): ${divergenceAdvice(θ, step, opt.blocks)}`);
    run.e.push(θ[0]);
    run.w.push(θ[1]);
    run.b.push(θ[2]);
    run.loss.push(L);
  }
  return run;
}
