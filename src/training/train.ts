/**
 * Training the full transformer on fresh Markov batches (note §10): AdamW β = (0.9, 0.95), weight
 * decay 1e-3 on the matrices (not on p_n or b), one-cycle cosine schedule, a fresh batch of B
 * sequences every step, and the test loss on another fresh batch after every update. Seeded:
 * the same configuration gives the same curve.
 *
 * @example
 * const run = await train({ ...FIG4, init: "june", seed: 1, steps: 200, N: 128 });
 * run.testLoss[run.testLoss.length - 1]; // ≈ bigram loss 0.619 when it has converged
 */
import { sampleBatch } from "../markov/sample";
import { assertPQ } from "../markov/validate";
import { transitionEstimates } from "../model/batch";
import { lowRankInit, paperInit, standardInit } from "../model/init";
import { ModelConfig, PARAM_NAMES, Params, decayMask, paramSizes } from "../model/params";
import { energyFraction } from "../model/rank";
import { assertSeed, createRng } from "../runtime/rng";
import { assertHalfOpenUnit, assertInteger, assertNonNegative, assertOneOf, assertPositive } from "../runtime/validate";
import { adamwStep, createAdamW, divergenceAdvice, oneCycleLr } from "./adamw";
import { Evaluator, createEvaluator } from "./evaluator";
import { checkpoint, interruptGeneration } from "../runtime/interrupt";

/** Bumped whenever a change to the model or the trainer changes results: it is part of every cache key. */
export const MODEL_VERSION = 2;

export type InitKind = "standard" | "june" | "aug" | "lowrank";

export interface TrainConfig {
  p: number;
  q: number;
  d: number;
  N: number;
  B: number;
  steps: number;
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  init: InitKind;
  seed: number;
  /** Steps (1-based, after the update) at which W1, W_V and the first d positions are kept. */
  snapshots?: number[];
  /** Record σ₁²/Σσ² of W1 and W_V every this many steps (0: never). */
  rankEvery?: number;
}

/** The paper's Fig. 4 setting (§10): p = 0.5, q = 0.8, d = 8, N = 1024, B = 16, lr 2e-3 (June). */
export const FIG4: Omit<TrainConfig, "init" | "seed"> = {
  p: 0.5, q: 0.8, d: 8, N: 1024, B: 16, steps: 1000, lr: 2e-3, beta1: 0.9, beta2: 0.95, weightDecay: 1e-3,
};

export interface Snapshot {
  step: number;
  W1: number[];
  WV: number[];
  pos: number[];
}

export interface TrainResult {
  /** Test loss on a fresh batch after each update, steps 1..steps; index 0 is the loss at init. */
  testLoss: number[];
  /** The model's estimates of p and q on the last test batch. */
  estimates: { p: number; q: number };
  snapshots: Snapshot[];
  /** σ₁²/Σσ² of W1 and W_V at `step` (includes 0); null where the matrix is zero (undefined). */
  rank: { step: number[]; W1: (number | null)[]; WV: (number | null)[] };
  seconds: number;
}

/**
 * Checks every field of a training configuration at the door, naming the bad one. Before, a NaN weight
 * decay or an infinite lr failed steps later with a misleading message, and a fractional or negative
 * rankEvery, or a snapshot step that never comes, silently recorded something else or nothing.
 */
export function validateTrainConfig(c: TrainConfig): void {
  if (c === null || typeof c !== "object") throw new TypeError(`c must be a training configuration object, got ${c === null ? "null" : typeof c}`);
  assertPQ(c.p, c.q);
  for (const k of ["d", "N", "B", "steps"] as const) if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`${k} must be a positive integer, got ${c[k]}`);
  assertPositive("lr", c.lr);
  assertHalfOpenUnit("beta1", c.beta1);
  assertHalfOpenUnit("beta2", c.beta2);
  assertNonNegative("weightDecay", c.weightDecay);
  assertOneOf("init", c.init, ["standard", "june", "aug", "lowrank"] as const);
  assertSeed(c.seed);
  if (c.rankEvery !== undefined) assertInteger("rankEvery", c.rankEvery, 0);
  if (c.snapshots !== undefined) c.snapshots.forEach((s, i) => assertInteger(`snapshots[${i}]`, s, 0, c.steps));
}

export function initialParams(c: TrainConfig): Params {
  validateTrainConfig(c); // an unknown init returned undefined
  const config: ModelConfig = { d: c.d, N: c.N };
  const rng = createRng(c.seed).fork("init");
  switch (c.init) {
    case "standard": return standardInit(config, rng);
    case "june": return paperInit(config, "june", rng);
    case "aug": return paperInit(config, "aug", rng);
    case "lowrank": return lowRankInit(config, rng);
  }
}

export interface TrainOptions {
  onStep?: (step: number, total: number, testLoss: number) => void;
  /**
   * Sees the live parameters θ at step 0 (initialisation) and after every update (steps 1..steps): called
   * steps + 1 times. θ is the trainer's own buffer — read it, copy what you keep, never write to it.
   */
  observe?: (step: number, θ: Params) => void;
  threads?: number;
  evaluator?: Evaluator;
}

export async function train(c: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
  validateTrainConfig(c);
  const t0 = Date.now();
  const born = interruptGeneration();
  const config: ModelConfig = { d: c.d, N: c.N };
  const ev = options.evaluator ?? createEvaluator(config, c.B, { threads: options.threads });
  if (ev.config.d !== c.d || ev.config.N !== c.N || ev.B !== c.B) throw new RangeError("evaluator shape does not match the training configuration");
  try {
    const θ = ev.params;
    θ.data.set(initialParams(c).data);
    const sizes = paramSizes(config), blocks = PARAM_NAMES.map((name) => ({ name, size: sizes[name] }));
    const opt = createAdamW(θ.data.length, { beta1: c.beta1, beta2: c.beta2, weightDecay: c.weightDecay, decayMask: decayMask(config), blocks });
    const rng = createRng(c.seed);
    const dataRng = rng.fork("train-data"), testRng = rng.fork("test-data");
    const fresh = (r: typeof rng) => sampleBatch(c.p, c.q, c.B, c.N + 1, r);
    const snapAt = new Set(c.snapshots ?? []);
    const snapshots: Snapshot[] = [];
    const rank = { step: [] as number[], W1: [] as (number | null)[], WV: [] as (number | null)[] };
    const fraction = (a: Float64Array, rows: number, cols: number) => (a.some((v) => v !== 0) ? energyFraction(a, rows, cols) : null);
    const keep = (step: number) => {
      if (snapAt.has(step)) snapshots.push({ step, W1: Array.from(θ.W1), WV: Array.from(θ.WV), pos: Array.from(θ.pos.subarray(0, c.d * c.d)) });
      if (c.rankEvery && step % c.rankEvery === 0) {
        rank.step.push(step);
        rank.W1.push(fraction(θ.W1, 4 * c.d, c.d));
        rank.WV.push(fraction(θ.WV, c.d, c.d));
      }
    };
    keep(0);
    options.observe?.(0, θ);
    let testBits = fresh(testRng);
    const testLoss = [await ev.loss(testBits)];
    for (let step = 1; step <= c.steps; step++) {
      // Kernel > Interrupt stops the run here (and a loop on one thread still lets SIGINT in).
      await checkpoint(born);
      const { loss, grad } = await ev.gradient(fresh(dataRng));
      if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${step} (loss ${loss}): ${divergenceAdvice(θ.data, step - 1, blocks)}`);
      adamwStep(opt, θ.data, grad, oneCycleLr(step - 1, c.steps, c.lr));
      testBits = fresh(testRng);
      testLoss.push(await ev.loss(testBits));
      keep(step);
      options.observe?.(step, θ);
      options.onStep?.(step, c.steps, testLoss[step]);
    }
    const estimates = transitionEstimates(θ, testBits, c.B);
    return { testLoss, estimates, snapshots, rank, seconds: (Date.now() - t0) / 1000 };
  } finally {
    if (!options.evaluator) ev.close();
  }
}
