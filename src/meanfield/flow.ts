/**
 * The ML-rescaled gradient flow of the discrete network with weight decay (Gao et al., Eq. 2.7):
 *   dθ_{t,j}/dτ = −ML ∇_{θ_{t,j}} Q̂(Θ) = −(ML ∇_{θ_{t,j}} R̂(Θ) + λ θ_{t,j}),  same for w_{t,j},
 *   Q̂(Θ) = R̂(Θ) + λ/(2ML) Σ_{t,j} (‖θ_{t,j}‖² + ‖w_{t,j}‖²),
 * integrated by explicit Euler in training time τ with step η. Along the exact flow
 *   dQ̂/dτ = −(1/(ML)) Σ_{t,j} ‖ML ∇_{t,j} Q̂‖²  =: −E(Θ)            (the energy identity),
 * so one Euler step changes Q̂ by −η E + O(η²): we record R̂, Q̂, E and the residual
 * (ΔQ̂ + ηE)/η² every step. Q̂ must never increase: a step that raises it (beyond rounding,
 * 8 ulp of Q̂) is undone and redone with half the step, and counted; the next step starts at η again.
 *
 * @example
 * const run = meanFieldFlow(model, θ0, { lambda: 1e-3, eta: 0.05, tau: 10 });
 * run.objective;   // Q̂ at every recorded time, non-increasing
 * run.halvings;    // how many steps had to be halved
 */
import type { MeanFieldModel } from "./model";
import { meanFieldBackward, meanFieldForward } from "./model";
import { assertMeanFieldParams } from "./shape";

export interface FlowOptions {
  /** Weight decay λ ≥ 0. */
  lambda: number;
  /** Euler step η > 0 in training time τ. */
  eta: number;
  /** Horizon: integrate τ ∈ [0, tau]. */
  tau: number;
  /** Record every this many accepted steps (default 1; the first and last are always recorded). */
  recordEvery?: number;
  /** Training times at which to keep a copy of the parameters (for particle statistics). */
  snapshots?: readonly number[];
  /** A model on held-out prompts: its risk is recorded with the others. */
  heldOut?: MeanFieldModel;
  /** Outputs on the first `probes` training prompts are recorded (default 0). */
  probes?: number;
  /** Give up after this many consecutive halvings of one step (default 30). */
  maxHalvings?: number;
  /** Called after every accepted step with (τ, horizon). */
  onStep?: (tau: number, horizon: number) => void;
}

export interface FlowRecord {
  /** Recorded training times τ. */
  tau: number[];
  /** R̂ at those times. */
  risk: number[];
  /** Q̂ at those times. */
  objective: number[];
  /** E(Θ) = (1/ML) Σ ‖ML ∇ Q̂‖² at those times. */
  energy: number[];
  /** Held-out risk at those times (empty without `heldOut`). */
  heldOutRisk: number[];
  /** max_{t,j} (‖θ_{t,j}‖² + ‖w_{t,j}‖²)^{1/2} at those times. */
  maxNorm: number[];
  /** (1/ML) Σ (‖θ‖² + ‖w‖²) at those times. */
  secondMoment: number[];
  /** Outputs on the probe prompts at those times (one array per time). */
  probeOutputs: number[][];
  /** Energy-identity residual (ΔQ̂ + ηE)/η² of every accepted step. */
  energyResidual: number[];
  /** Largest increase of Q̂ over one accepted step (≤ 8 ulp by construction; negative when Q̂ always fell). */
  maxIncrease: number;
  /** Steps halved (each halving counted once). */
  halvings: number;
  /** Accepted steps. */
  steps: number;
  /** Parameter copies at the requested snapshot times (the first accepted τ ≥ the time). */
  snapshots: { tau: number; params: Float64Array }[];
  /** Final parameters. */
  params: Float64Array;
}

function validate(options: FlowOptions): void {
  const { lambda, eta, tau } = options;
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`lambda must be a finite number ≥ 0, got ${lambda}`);
  if (!(Number.isFinite(eta) && eta > 0)) throw new RangeError(`eta must be a finite number > 0, got ${eta}`);
  if (!(Number.isFinite(tau) && tau >= 0)) throw new RangeError(`tau must be a finite number ≥ 0, got ${tau}`);
  const every = options.recordEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`recordEvery must be an integer ≥ 1, got ${every}`);
}

function sumSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

function maxParticleNorm(x: Float64Array, P: number): number {
  let worst = 0;
  for (let o = 0; o < x.length; o += P) {
    let s = 0;
    for (let i = o; i < o + P; i++) s += x[i] * x[i];
    if (s > worst) worst = s;
  }
  return Math.sqrt(worst);
}

/**
 * A non-finite velocity names its particle. Before, a NaN entry made every trial Q̂ NaN, the step was
 * halved 60 times and the run failed as "Q̂ still increases … parameters diverging?" — the wrong cause.
 */
function assertFiniteVelocity(v: Float64Array, E: number, shape: { M: number; P: number }, tau: number): void {
  if (Number.isFinite(E)) return;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      const particle = Math.floor(i / shape.P);
      throw new RangeError(`meanFieldFlow: the velocity is ${v[i]} at entry ${i} (layer ${Math.floor(particle / shape.M)}, particle ${particle % shape.M}, coordinate ${i % shape.P}) at τ = ${tau}: a non-finite risk gradient, not a step-size problem`);
    }
  }
  throw new RangeError(`meanFieldFlow: E = ${E} overflows at τ = ${tau} (every velocity entry is finite): the parameters are diverging; lower eta`);
}

/** Q̂ = R̂ + λ/(2ML)·Σ‖Θ‖² (runs a forward pass). */
export function meanFieldObjective(model: MeanFieldModel, params: Float64Array, lambda: number): number {
  const ML = model.shape.M * model.shape.L;
  return meanFieldForward(model, params) + (lambda / (2 * ML)) * sumSquares(params);
}

/**
 * The velocity v = ML ∇R̂ + λΘ (= ML ∇Q̂) at `params`, written into `v`; returns [Q̂, E] with
 * E = (1/ML) Σ v².
 */
export function meanFieldVelocity(model: MeanFieldModel, params: Float64Array, lambda: number, v: Float64Array): [number, number] {
  const r = meanFieldForward(model, params);
  meanFieldBackward(model, params, v);
  return velocityFromGradient(model.shape.M * model.shape.L, r, params, lambda, v);
}

/**
 * Turns ∇R̂ (in `v`, overwritten) into v = ML ∇R̂ + λΘ and returns [Q̂, E] given R̂ = `risk`; shared by
 * `meanFieldVelocity` and the threaded team (team.ts).
 */
export function velocityFromGradient(ML: number, risk: number, params: Float64Array, lambda: number, v: Float64Array): [number, number] {
  let E = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = ML * v[i] + lambda * params[i];
    E += v[i] * v[i];
  }
  return [risk + (lambda / (2 * ML)) * sumSquares(params), E / ML];
}

/**
 * One explicit Euler step of size η from `params` without any halving: returns the measured
 * |Q̂(Θ − ηv) − Q̂(Θ) + ηE|, the energy identity's error, which is O(η²).
 */
export function energyIdentityError(model: MeanFieldModel, params: Float64Array, lambda: number, eta: number): number {
  validate({ lambda, eta, tau: 0 });
  const v = new Float64Array(params.length);
  const [Q0, E] = meanFieldVelocity(model, params, lambda, v);
  const next = params.map((x, i) => x - eta * v[i]);
  return Math.abs(meanFieldObjective(model, next, lambda) - Q0 + eta * E);
}

/** Integrates the flow from `params0` (not modified) over τ ∈ [0, tau]. Errors name the bad option. */
export function meanFieldFlow(model: MeanFieldModel, params0: Float64Array, options: FlowOptions): FlowRecord {
  validate(options);
  const { shape } = model;
  assertMeanFieldParams(shape, params0, "params0");
  const { lambda, eta, tau: horizon } = options;
  const every = options.recordEvery ?? 1;
  const maxHalvings = options.maxHalvings ?? 30;
  const probes = options.probes ?? 0;
  if (!Number.isInteger(probes) || probes < 0 || probes > model.sample.n) throw new RangeError(`probes must be an integer in [0, n = ${model.sample.n}], got ${probes}`);
  const snapTimes = [...(options.snapshots ?? [])].sort((a, b) => a - b);
  const ML = shape.M * shape.L;
  let params = params0.slice();
  let trial = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const rec: FlowRecord = {
    tau: [], risk: [], objective: [], energy: [], heldOutRisk: [], maxNorm: [], secondMoment: [], probeOutputs: [],
    energyResidual: [], maxIncrease: -Infinity, halvings: 0, steps: 0, snapshots: [], params,
  };
  let [Q, E] = meanFieldVelocity(model, params, lambda, v);
  assertFiniteVelocity(v, E, shape, 0);
  let risk = Q - (lambda / (2 * ML)) * sumSquares(params);
  let probeOut = Array.from(model.prediction.subarray(0, probes));
  let tau = 0;
  const record = () => {
    rec.tau.push(tau);
    rec.risk.push(risk);
    rec.objective.push(Q);
    rec.energy.push(E);
    const s = sumSquares(params);
    rec.secondMoment.push(s / ML);
    rec.maxNorm.push(maxParticleNorm(params, shape.P));
    rec.probeOutputs.push(probeOut);
    if (options.heldOut) rec.heldOutRisk.push(meanFieldForward(options.heldOut, params));
    while (snapTimes.length && snapTimes[0] <= tau + 1e-12) {
      snapTimes.shift();
      rec.snapshots.push({ tau, params: params.slice() });
    }
  };
  record();
  const tiny = 1e-12 * Math.max(1, horizon);
  while (tau < horizon - tiny) {
    let h = Math.min(eta, horizon - tau);
    let halved = 0;
    for (;;) {
      for (let i = 0; i < params.length; i++) trial[i] = params[i] - h * v[i];
      const rTrial = meanFieldForward(model, trial);
      const qTrial = rTrial + (lambda / (2 * ML)) * sumSquares(trial);
      const increase = qTrial - Q;
      if (increase <= 8 * Number.EPSILON * Math.abs(Q)) {
        rec.energyResidual.push((increase + h * E) / (h * h));
        if (increase > rec.maxIncrease) rec.maxIncrease = increase;
        risk = rTrial;
        Q = qTrial;
        break;
      }
      if (++halved > maxHalvings) throw new Error(`meanFieldFlow: Q̂ still increases after ${maxHalvings} halvings of the step at τ = ${tau} (η = ${eta}); parameters diverging?`);
      rec.halvings++;
      h /= 2;
    }
    // accept: the forward pass of the trial point is still in the model's caches
    const swap = params;
    params = trial;
    trial = swap;
    probeOut = Array.from(model.prediction.subarray(0, probes));
    meanFieldBackward(model, params, v);
    E = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = ML * v[i] + lambda * params[i];
      E += v[i] * v[i];
    }
    E /= ML;
    assertFiniteVelocity(v, E, shape, tau + h);
    tau += h;
    rec.steps++;
    if (rec.steps % every === 0 || tau >= horizon - tiny) record();
    options.onStep?.(tau, horizon);
  }
  rec.params = params;
  return rec;
}
