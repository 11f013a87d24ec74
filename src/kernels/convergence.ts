/**
 * Gradient descent run to a convergence criterion instead of a fixed horizon, with a step set by
 * a measured local Lipschitz constant of the gradient — the protocol of notebook 06's W_Q-only
 * comparison.
 *
 * Outcome of a run:
 * - `reached`: f ≤ ε·f₀ (the global optimum of an interpolating model is f = 0);
 * - `stuck`: ‖∇f‖ ≤ δ·‖∇f₀‖ while f > ε·f₀ (a point with vanishing gradient and positive loss);
 * - `unresolved`: neither within `maxSteps` (reported, never folded into another outcome).
 *
 * Step rule `lipschitz`: η = safety / L̂, where L̂ = |λ|max of the Hessian of f in the trained
 * weights, measured by power iteration on central-difference Hessian–vector products at the start
 * and every `every` steps. A step that raises f is undone and retried with η/2 (counted in
 * `halvings`); the next re-measurement resets η. Each kernel thus gets the step its own curvature
 * allows, not a step shared by both.
 *
 * @example
 * const run = runToCriterion(lg, θ0, { mask, eps: 1e-8, delta: 1e-9, maxSteps: 20000, step: { rule: "lipschitz", every: 200 } });
 * run.outcome; run.steps; run.fT / run.f0;
 */
import { assertInteger, assertPositive } from "../runtime/validate";
import type { LossAndGradient } from "./descent";

export type CriterionOutcome = "reached" | "stuck" | "unresolved";

export const CRITERION_OUTCOMES: readonly CriterionOutcome[] = ["reached", "stuck", "unresolved"];

export type StepRule = { rule: "fixed"; eta: number } | { rule: "lipschitz"; every: number; safety?: number; powerIterations?: number };

export interface CriterionOptions {
  /** 1 where θ is trained (default: all). */
  mask?: Uint8Array;
  /** Reached: f ≤ eps·f₀. */
  eps: number;
  /** Stuck: ‖∇f‖ ≤ delta·‖∇f₀‖ (relative to the starting gradient) with f > eps·f₀. */
  delta: number;
  /** Cap on the number of accepted steps; a run that hits it is `unresolved`. */
  maxSteps: number;
  step: StepRule;
}

export interface CriterionRun {
  outcome: CriterionOutcome;
  /** Accepted steps taken (the time to ε for a reached run). */
  steps: number;
  f0: number;
  fT: number;
  /** ‖∇f‖ at the start. */
  gradNorm0: number;
  gradNormT: number;
  /** The step sizes used at each re-measurement (first = the starting step). */
  etas: number[];
  /** Steps undone and halved because f rose. */
  halvings: number;
  /** The run ended because no step size (down to η·2⁻⁶⁰) lowered f: rounding level (counted as stuck). */
  roundingStop: boolean;
  /** f and ‖∇f‖ at log-spaced steps (`at`), for figures. */
  at: number[];
  loss: number[];
  gradNorm: number[];
  theta: Float64Array;
}

function maskedNorm(v: Float64Array, mask: Uint8Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) if (mask[j]) s += v[j] * v[j];
  return Math.sqrt(s);
}

/**
 * |λ|max of the Hessian of f restricted to the masked coordinates, at θ: power iteration on
 * Hv ≈ (∇f(θ + hv) − ∇f(θ − hv)) / 2h. Deterministic (starts from the gradient direction, or
 * from the all-ones direction when the gradient vanishes).
 */
export function hessianNormEstimate(lossAndGrad: LossAndGradient, θ: Float64Array, mask: Uint8Array, iterations = 20): number {
  assertInteger("iterations", iterations, 1);
  const size = θ.length, g = new Float64Array(size);
  lossAndGrad(Float64Array.from(θ), g);
  let v = new Float64Array(size);
  for (let j = 0; j < size; j++) v[j] = mask[j] ? g[j] : 0;
  if (maskedNorm(v, mask) === 0) for (let j = 0; j < size; j++) v[j] = mask[j] ? 1 : 0;
  const gp = new Float64Array(size), gm = new Float64Array(size), tp = new Float64Array(size), tm = new Float64Array(size);
  let scale = 0;
  for (let j = 0; j < size; j++) scale = Math.max(scale, Math.abs(θ[j]));
  const h = 1e-5 * Math.max(1, scale);
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    const nv = maskedNorm(v, mask);
    if (nv === 0) return 0;
    for (let j = 0; j < size; j++) {
      const u = mask[j] ? v[j] / nv : 0;
      v[j] = u;
      tp[j] = θ[j] + h * u;
      tm[j] = θ[j] - h * u;
    }
    lossAndGrad(tp, gp);
    lossAndGrad(tm, gm);
    const hv = new Float64Array(size);
    for (let j = 0; j < size; j++) hv[j] = mask[j] ? (gp[j] - gm[j]) / (2 * h) : 0;
    lambda = maskedNorm(hv, mask);
    v = hv;
  }
  return lambda;
}

/** Whether step t (≥ 0) is kept for the figures: every step below 100, then ~90 per decade. */
export function logSpacedStep(t: number): boolean {
  if (t < 100) return true;
  const stride = Math.pow(10, Math.floor(Math.log10(t)) - 1);
  return t % stride === 0;
}

/** Gradient descent until f ≤ eps·f₀ (reached), ‖∇f‖ ≤ delta (stuck) or maxSteps (unresolved). */
export function runToCriterion(lossAndGrad: LossAndGradient, θ0: ArrayLike<number>, options: CriterionOptions): CriterionRun {
  const { eps, delta, maxSteps, step } = options;
  assertPositive("eps", eps);
  assertPositive("delta", delta);
  assertInteger("maxSteps", maxSteps, 1);
  const size = θ0.length;
  const mask = options.mask ?? new Uint8Array(size).fill(1);
  if (mask.length !== size) throw new RangeError(`mask must have ${size} entries, got ${mask.length}`);
  if (step.rule === "fixed") assertPositive("step.eta", step.eta);
  else assertInteger("step.every", step.every, 1);
  const θ = Float64Array.from(θ0), g = new Float64Array(size), trial = new Float64Array(size), gt = new Float64Array(size);
  let f = lossAndGrad(θ, g);
  if (!(Number.isFinite(f) && f > 0)) throw new RangeError(`f₀ must be finite and > 0, got ${f}`);
  const f0 = f;
  let gn = maskedNorm(g, mask);
  const g0 = gn;
  const at = [0], loss = [f], gradNorm = [gn], etas: number[] = [];
  const measure = (): number => {
    if (step.rule === "fixed") return step.eta;
    const L = hessianNormEstimate(lossAndGrad, θ, mask, step.powerIterations ?? 20);
    return (step.safety ?? 1) / Math.max(L, 1e-300);
  };
  let eta = measure();
  etas.push(eta);
  let halvings = 0, t = 0, roundingStop = false;
  const outcomeNow = (): CriterionOutcome | null => (f <= eps * f0 ? "reached" : gn <= delta * g0 ? "stuck" : null);
  let outcome = outcomeNow();
  while (outcome === null && t < maxSteps) {
    if (step.rule === "lipschitz" && t > 0 && t % step.every === 0) {
      eta = measure();
      etas.push(eta);
    }
    let ft = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let j = 0; j < size; j++) trial[j] = mask[j] ? θ[j] - eta * g[j] : θ[j];
      ft = lossAndGrad(trial, gt);
      if (ft <= f) break;
      eta /= 2;
      halvings++;
    }
    if (!(ft <= f)) {
      roundingStop = true; // no decrease at any step size: rounding level
      break;
    }
    θ.set(trial);
    g.set(gt);
    f = ft;
    gn = maskedNorm(g, mask);
    t++;
    if (logSpacedStep(t)) {
      at.push(t);
      loss.push(f);
      gradNorm.push(gn);
    }
    outcome = outcomeNow();
  }
  if (outcome === null) outcome = t < maxSteps ? "stuck" : "unresolved";
  if (at[at.length - 1] !== t) {
    at.push(t);
    loss.push(f);
    gradNorm.push(gn);
  }
  return { outcome, steps: t, f0, fT: f, gradNorm0: g0, gradNormT: gn, etas, halvings, roundingStop, at, loss, gradNorm, theta: θ };
}
