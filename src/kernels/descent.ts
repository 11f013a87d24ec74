/**
 * Full-batch gradient descent on a masked parameter vector, with a fixed step or an Armijo
 * backtracking line search, recording the loss and the norm of the masked gradient ‖∇f‖ (the
 * gradient with respect to the trained weights only) at every step.
 *
 * @example
 * const run = kernelGradientDescent((θ, g) => regressionLossAndGradient(model, θ, data, g).loss, θ0,
 *   { mask: trainableMask(model, ["V"]), steps: 500, step: rate.eta });
 * run.loss[500]; run.gradNorm[500];
 */
import { divergenceAdvice } from "../training/adamw";
import { assertInteger } from "../runtime/validate";

export type LossAndGradient = (θ: Float64Array, grad: Float64Array) => number;

export interface DescentOptions {
  /** 1 where θ is trained (default: all). */
  mask?: Uint8Array;
  /** Number of updates (≥ 0). */
  steps: number;
  /** A fixed step η > 0, or "armijo": backtracking from twice the last accepted step. */
  step: number | "armijo";
  /** Armijo: first trial step (default 1) and sufficient-decrease constant (default 1e-4). */
  initialStep?: number;
  /** Stop early once f ≤ this (default 0: never). */
  stopBelow?: number;
  /** Called every `every` steps with (step, loss, θ) (progress bars, quantities along the run). */
  onStep?: (t: number, loss: number, θ: Float64Array) => void;
  every?: number;
}

export interface DescentRun {
  /** f at steps 0..T (T ≤ steps when stopped early). */
  loss: number[];
  /** ‖masked ∇f‖ at steps 0..T. */
  gradNorm: number[];
  /** θ after the last step. */
  theta: Float64Array;
}

export function kernelGradientDescent(lossAndGrad: LossAndGradient, θ0: ArrayLike<number>, options: DescentOptions): DescentRun {
  const { steps, step } = options;
  assertInteger("steps", steps, 0);
  if (step !== "armijo" && !(Number.isFinite(step) && step > 0)) throw new RangeError(`step must be a finite number > 0 or "armijo", got ${step}`);
  const size = θ0.length;
  if (size === 0) throw new RangeError("θ0 is empty");
  const mask = options.mask ?? new Uint8Array(size).fill(1);
  if (mask.length !== size) throw new RangeError(`mask must have ${size} entries, got ${mask.length}`);
  const θ = Float64Array.from(θ0), g = new Float64Array(size), trial = new Float64Array(size), gt = new Float64Array(size);
  const maskedNorm2 = (v: Float64Array) => {
    let s = 0;
    for (let j = 0; j < size; j++) if (mask[j]) s += v[j] * v[j];
    return s;
  };
  let f = lossAndGrad(θ, g);
  const loss = [f], gradNorm = [Math.sqrt(maskedNorm2(g))];
  let s = options.initialStep ?? 1;
  for (let t = 1; t <= steps; t++) {
    // Before: always "lower the step", also when a NaN gradient entry had poisoned θ.
    if (!Number.isFinite(f)) throw new RangeError(`gradient descent diverged at step ${t - 1} (loss ${f}): ${divergenceAdvice(θ, t - 1, undefined, "the step")}`);
    for (let j = 0; j < size; j++) {
      if (mask[j] && !Number.isFinite(g[j])) throw new RangeError(`the gradient is not finite at entry ${j}: ${g[j]}, at step ${t - 1} with a finite loss ${f}; a fault in lossAndGrad there, not a step-size problem`);
    }
    if (options.stopBelow !== undefined && f <= options.stopBelow) break;
    if (step === "armijo") {
      const g2 = maskedNorm2(g);
      if (g2 === 0) {
        loss.push(f);
        gradNorm.push(0);
        continue;
      }
      s *= 2;
      let ft = Infinity;
      for (let tries = 0; tries < 60; tries++) {
        for (let j = 0; j < size; j++) trial[j] = mask[j] ? θ[j] - s * g[j] : θ[j];
        ft = lossAndGrad(trial, gt);
        if (ft <= f - 1e-4 * s * g2) break;
        s /= 2;
      }
      if (ft <= f) {
        θ.set(trial);
        g.set(gt);
        f = ft;
      }
    } else {
      for (let j = 0; j < size; j++) if (mask[j]) θ[j] -= step * g[j];
      f = lossAndGrad(θ, g);
    }
    loss.push(f);
    gradNorm.push(Math.sqrt(maskedNorm2(g)));
    if (options.onStep && t % (options.every ?? 100) === 0) options.onStep(t, f, θ);
  }
  return { loss, gradNorm, theta: θ };
}

/**
 * The measured per-step contraction of a loss curve, exp((ln f_T − ln f_0)/T), over the steps
 * before the loss first falls to `relFloor`·f_0 (rounding then takes over; default 1e-24).
 */
export function measuredContraction(loss: readonly number[], relFloor = 1e-24): { contraction: number; steps: number } {
  if (loss.length < 2) throw new RangeError("loss must hold at least two values");
  if (!(loss[0] > 0)) throw new RangeError(`loss[0] must be > 0, got ${loss[0]}`);
  let T = loss.length - 1;
  for (let t = 1; t < loss.length; t++) {
    if (loss[t] <= relFloor * loss[0]) {
      T = t;
      break;
    }
  }
  return { contraction: Math.exp((Math.log(Math.max(loss[T], Number.MIN_VALUE)) - Math.log(loss[0])) / T), steps: T };
}
