/**
 * Training the two-layer classifier with mini-batch SGD or Adam (the paper used SGD for text
 * classification and Adam for Pathfinder; its learning rates, batch sizes and epochs are not
 * public), with the test loss and accuracy after every epoch (epoch 0 = before training).
 * The batch order comes from `rng`, so two kernels given the same fork see the same batches.
 *
 * @example
 * const r = fitClassifier(cfg, θ0, train, test, { optimizer: "adam", lr: 3e-3, epochs: 10, batch: 32 }, rng.fork("order"));
 * r.testLoss[10]; firstBelow(r.testLoss, 0.4);
 */
import type { Rng } from "../runtime/rng";
import { adamwStep, assertFiniteGradient, createAdamW, divergenceAdvice } from "../training/adamw";
import { ClassifierConfig, classifierEvaluate, classifierLayout, classifierLossAndGradient } from "./classifier";
import type { TaskData } from "./tasks";
import { assertInteger, assertPositive } from "../runtime/validate";

export interface FitOptions {
  optimizer: "sgd" | "adam";
  lr: number;
  epochs: number;
  batch: number;
}

export interface FitResult {
  /** Per epoch 0..E. */
  testLoss: number[];
  testAccuracy: number[];
  /** Mean training mini-batch loss per epoch 1..E (index 0: the training loss before training). */
  trainLoss: number[];
  theta: Float64Array;
}

export function fitClassifier(
  cfg: ClassifierConfig, θ0: ArrayLike<number>, train: TaskData, test: TaskData, options: FitOptions, rng: Rng, onEpoch?: (epoch: number) => void,
): FitResult {
  const { optimizer, lr, epochs, batch } = options;
  if (optimizer !== "sgd" && optimizer !== "adam") throw new RangeError(`optimizer must be "sgd" or "adam", got ${JSON.stringify(optimizer)}`);
  assertPositive("lr", lr);
  assertInteger("epochs", epochs);
  assertInteger("batch", batch);
  for (const [name, t] of [["train", train], ["test", test]] as const) {
    if (t.n !== cfg.n || t.vocab > cfg.vocab) throw new RangeError(`${name} has n = ${t.n}, vocab ${t.vocab}; the model has n = ${cfg.n}, vocab ${cfg.vocab}`);
    if (t.labels.length === 0) throw new RangeError(`${name} is empty`);
  }
  const { size } = classifierLayout(cfg);
  if (θ0.length !== size) throw new RangeError(`θ0 must have ${size} entries, got ${θ0.length}`);
  const θ = Float64Array.from(θ0), grad = new Float64Array(size);
  const blocks = classifierLayout(cfg).blocks.map((b) => ({ name: b.name, size: b.rows * b.cols }));
  const adam = optimizer === "adam" ? createAdamW(size, { beta1: 0.9, beta2: 0.999, weightDecay: 0, decayMask: new Uint8Array(size), blocks }) : null;
  let updates = 0;
  const M = train.labels.length, n = cfg.n;
  const order = Array.from({ length: M }, (_, i) => i);
  const bt = new Int32Array(batch * n), bl = new Uint8Array(batch);
  const ev0 = classifierEvaluate(cfg, θ, test.tokens, test.labels);
  const testLoss = [ev0.loss], testAccuracy = [ev0.accuracy], trainLoss = [classifierEvaluate(cfg, θ, train.tokens, train.labels).loss];
  for (let e = 1; e <= epochs; e++) {
    for (let i = M - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(rng.uniform() * (i + 1)));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let sum = 0, batches = 0;
    for (let s = 0; s + batch <= M; s += batch) {
      for (let b = 0; b < batch; b++) {
        const i = order[s + b];
        bt.set(train.tokens.subarray(i * n, (i + 1) * n), b * n);
        bl[b] = train.labels[i];
      }
      const { loss } = classifierLossAndGradient(cfg, θ, bt, bl, grad);
      // Before: always "lower lr", also for a NaN gradient entry that had poisoned θ the step before.
      if (!Number.isFinite(loss)) throw new RangeError(`training diverged at epoch ${e} (loss ${loss}): ${divergenceAdvice(θ, updates, blocks)}`);
      sum += loss;
      batches++;
      if (adam) adamwStep(adam, θ, grad, lr);
      else {
        assertFiniteGradient(grad, blocks);
        for (let j = 0; j < size; j++) θ[j] -= lr * grad[j];
      }
      updates++;
    }
    trainLoss.push(sum / Math.max(1, batches));
    const ev = classifierEvaluate(cfg, θ, test.tokens, test.labels);
    testLoss.push(ev.loss);
    testAccuracy.push(ev.accuracy);
    onEpoch?.(e);
  }
  return { testLoss, testAccuracy, trainLoss, theta: θ };
}

/** The first index where xs[i] ≤ target, or null. */
export function firstBelow(xs: readonly number[], target: number): number | null {
  const i = xs.findIndex((v) => v <= target);
  return i < 0 ? null : i;
}
