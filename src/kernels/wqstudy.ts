/**
 * Notebook 06's W_Q-only comparison of the two kernels, run to a convergence criterion.
 *
 * An instance (`teacherInstance`) fixes X, W_K, W_V, w^O and a start θ₀, and a teacher W_Q*; each
 * kernel's targets are that kernel's own output at W_Q*, y_K = out_K(W_Q*), so the global optimum
 * of both losses is f = 0, attained (a realisable family: "reaching the global optimum" then means
 * f → 0). Both kernels start from the same θ₀ and each runs GD with its own Lipschitz step
 * (`runToCriterion`) until f ≤ ε·f₀ (reached), ‖∇f‖ ≤ δ·‖∇f₀‖ (stuck) or the cap (unresolved).
 *
 * @example
 * const row = wqCriterionRun(teacherInstance({ N: 3, n: 3, D: 9, H: 1, d: 2 }, rng.fork("i0")), opts);
 * row.gaussian.outcome; row.softmax.steps;
 */
import type { Rng } from "../runtime/rng";
import { KERNEL_NAMES, KernelName } from "./kernel";
import { RegressionData, initRegressionParams, regressionForward, regressionLayout, regressionLossAndGradient, trainableMask } from "./regression";
import { RegressionInstance, regressionInstance } from "./experiments";
import { CriterionOutcome, CriterionRun, StepRule, runToCriterion } from "./convergence";
import { assertPositive } from "../runtime/validate";

export interface TeacherSpec {
  N: number;
  n: number;
  D: number;
  H: number;
  d: number;
  /** Standard-deviation multiplier of the teacher W_Q* (entries N(0, teacherScale²/D); default 2). */
  teacherScale?: number;
}

export interface TeacherInstance extends RegressionInstance {
  /** θ₀ with W_Q replaced by the teacher's W_Q*. */
  teacher: Float64Array;
  /** Per kernel: X and that kernel's targets out_K(W_Q*). */
  dataBy: Record<KernelName, RegressionData>;
}

/** A realisable instance (module doc): τ = 2√d, W_Q*, W_K, W_V, θ₀ and X drawn from forks of `rng`. */
export function teacherInstance(spec: TeacherSpec, rng: Rng): TeacherInstance {
  const scale = assertPositive("teacherScale", spec.teacherScale ?? 2);
  const inst = regressionInstance({ N: spec.N, n: spec.n, D: spec.D, H: spec.H, d: spec.d, tauRule: "2sqrt", targetScale: 1 }, rng);
  const { offset } = regressionLayout(inst.models.softmax);
  const wq = initRegressionParams(inst.models.softmax, rng.fork("teacher"), { Q: scale });
  const teacher = Float64Array.from(inst.theta0);
  teacher.set(wq.subarray(offset.Q, offset.K), offset.Q);
  const dataBy = Object.fromEntries(
    KERNEL_NAMES.map((k) => [k, { X: inst.data.X, y: regressionForward(inst.models[k], teacher, inst.data).out }]),
  ) as Record<KernelName, RegressionData>;
  return { ...inst, teacher, dataBy };
}

export interface CriterionSettings {
  eps: number;
  delta: number;
  maxSteps: number;
  step: StepRule;
}

/** What a notebook keeps of one run: the run without θ, the step history or the rounding flag, and its starting step. */
export type KernelRunSummary = Omit<CriterionRun, "theta" | "etas" | "roundingStop"> & {
  /** The starting step size. */
  eta0: number;
};

export function summarizeRun(run: CriterionRun): KernelRunSummary {
  return {
    outcome: run.outcome, steps: run.steps, f0: run.f0, fT: run.fT, gradNorm0: run.gradNorm0, gradNormT: run.gradNormT,
    eta0: run.etas[0], halvings: run.halvings, at: run.at, loss: run.loss, gradNorm: run.gradNorm,
  };
}

/** Both kernels, W_Q only, from the same θ₀ on their own realisable targets. */
export function wqCriterionRun(inst: TeacherInstance, settings: CriterionSettings): Record<KernelName, KernelRunSummary> {
  const one = (k: KernelName): KernelRunSummary => {
    const model = inst.models[k], data = inst.dataBy[k];
    const lg = (θ: Float64Array, g: Float64Array) => regressionLossAndGradient(model, θ, data, g).loss;
    return summarizeRun(runToCriterion(lg, inst.theta0, { mask: trainableMask(model, ["Q"]), ...settings }));
  };
  return { softmax: one("softmax"), gaussian: one("gaussian") };
}

/** Sizes of a random instance: D from `Ds`, d from `ds`, uniformly, from `rng`. */
export function drawSizes(rng: Rng, Ds: readonly number[], ds: readonly number[]): { D: number; d: number } {
  if (Ds.length === 0 || ds.length === 0) throw new RangeError("Ds and ds must be non-empty");
  return { D: Ds[Math.floor(rng.fork("D").uniform() * Ds.length)], d: ds[Math.floor(rng.fork("d").uniform() * ds.length)] };
}

/** Counts of the three outcomes over runs. */
export function outcomeCounts(runs: readonly { outcome: CriterionOutcome }[]): Record<CriterionOutcome, number> {
  const c: Record<CriterionOutcome, number> = { reached: 0, stuck: 0, unresolved: 0 };
  for (const r of runs) c[r.outcome]++;
  return c;
}

