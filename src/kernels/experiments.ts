/**
 * Seeded instances of the regression model and the outcome of a gradient-descent run, as notebook
 * 06 reports them: "≈ 0" (f_T ≤ relZero·f_0), "stuck" (‖∇f‖ ≤ gradTol with f_T above that:
 * a point with vanishing gradient and positive loss) or "descending" (neither, when the budget ran
 * out). Both numbers, f_T and ‖∇f_T‖, are always kept next to the label.
 *
 * @example
 * const inst = regressionInstance({ N: 4, n: 4, D: 16, H: 2, d: 4, tauRule: "2sqrt", targetScale: 1 }, rng.fork("i0"));
 * const run = kernelGradientDescent(..., inst.theta0, { ... });
 * runOutcome(run).outcome; // "≈ 0" | "stuck" | "descending"
 */
import type { Rng } from "../runtime/rng";
import { KernelName, gaussianTau } from "./kernel";
import { KernelRegression, RegressionData, gaussianInputs, gaussianTargets, initRegressionParams, kernelRegression, withKernel } from "./regression";
import { DescentRun, kernelGradientDescent } from "./descent";
import { regressionLossAndGradient, trainableMask, WeightName } from "./regression";
import { softmaxHullFloor } from "./bmatrix";
import { assertPositive } from "../runtime/validate";

export interface InstanceSpec {
  N: number;
  n: number;
  D: number;
  H: number;
  d: number;
  /** τ = √d ("sqrt") or 2√d ("2sqrt"). */
  tauRule: "sqrt" | "2sqrt";
  /** Targets y ~ N(0, targetScale²). */
  targetScale: number;
  /** Standard deviation multipliers of the W_Q, W_K initialisation (default 1: N(0, 1/D)). */
  qkScale?: number;
}

export interface RegressionInstance {
  /** The model per kernel; both share w^O. */
  models: Record<KernelName, KernelRegression>;
  theta0: Float64Array;
  data: RegressionData;
}

/** One instance: w^O, θ₀, X and y drawn from separate forks of `rng`, the same for both kernels. */
export function regressionInstance(spec: InstanceSpec, rng: Rng): RegressionInstance {
  assertPositive("targetScale", spec.targetScale);
  const base = kernelRegression({ N: spec.N, n: spec.n, D: spec.D, H: spec.H, d: spec.d, kernel: "softmax", tau: gaussianTau(spec.d, spec.tauRule) }, rng.fork("wO"));
  const s = spec.qkScale ?? 1;
  const theta0 = initRegressionParams(base, rng.fork("theta"), { Q: s, K: s });
  const y = gaussianTargets(base, rng.fork("y")).map((v) => spec.targetScale * v);
  return { models: { softmax: base, gaussian: withKernel(base, "gaussian") }, theta0, data: { X: gaussianInputs(base, rng.fork("X")), y } };
}

export type RunOutcome = "≈ 0" | "stuck" | "descending" | "diverged";

export interface OutcomeReport {
  outcome: RunOutcome;
  f0: number;
  fT: number;
  gradNormT: number;
  steps: number;
}

/** Classifies the end of a run (see the module doc); defaults relZero 1e-6, gradTol 1e-6. */
export function runOutcome(run: DescentRun, options: { relZero?: number; gradTol?: number } = {}): OutcomeReport {
  const relZero = options.relZero ?? 1e-6, gradTol = options.gradTol ?? 1e-6;
  const T = run.loss.length - 1, f0 = run.loss[0], fT = run.loss[T], gradNormT = run.gradNorm[T];
  const outcome: RunOutcome = fT <= relZero * f0 ? "≈ 0" : gradNormT <= gradTol ? "stuck" : "descending";
  return { outcome, f0, fT, gradNormT, steps: T };
}

export interface KernelComparison {
  /** Per kernel: the run (null if it diverged) and its outcome. */
  runs: Record<KernelName, { run: DescentRun | null; report: OutcomeReport }>;
  /** The softmax lower bound of bmatrix.ts: > 0 means zero loss is out of the softmax kernel's reach. */
  softmaxFloor: number;
}

/**
 * Trains the weights in `trained` (default W_Q only) with both kernels from the same θ₀ on the
 * same data, by fixed-step GD (stopping once f ≤ relZero·f₀), and classifies both ends.
 */
export function compareKernels(
  inst: RegressionInstance,
  options: { steps: number; step: number | "armijo"; trained?: readonly WeightName[]; relZero?: number; gradTol?: number },
): KernelComparison {
  const trained = options.trained ?? ["Q"];
  const relZero = options.relZero ?? 1e-6;
  const one = (kernel: KernelName) => {
    const model = inst.models[kernel];
    const lg = (θ: Float64Array, g: Float64Array) => regressionLossAndGradient(model, θ, inst.data, g).loss;
    const f0 = lg(Float64Array.from(inst.theta0), new Float64Array(inst.theta0.length));
    try {
      const run = kernelGradientDescent(lg, inst.theta0, { mask: trainableMask(model, trained), steps: options.steps, step: options.step, stopBelow: relZero * f0 });
      return { run, report: runOutcome(run, { relZero, gradTol: options.gradTol }) };
    } catch (e) {
      if (!(e instanceof RangeError) || !/diverged/.test(e.message)) throw e;
      return { run: null, report: { outcome: "diverged" as RunOutcome, f0, fT: Infinity, gradNormT: Infinity, steps: options.steps } };
    }
  };
  return { runs: { softmax: one("softmax"), gaussian: one("gaussian") }, softmaxFloor: softmaxHullFloor(inst.models.softmax, inst.theta0, inst.data) };
}
