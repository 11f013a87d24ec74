/**
 * One training run of the discrete mean-field transformer described by plain data (a run spec),
 * so that sweeps can be spread over worker threads and cached as JSON: the data sample, the
 * initial law and the flow all follow from the spec's seeds (each forked from the notebook's
 * session generator by the caller).
 *
 * @example
 * const spec: MeanFieldRunSpec = { data: { seed: rng.fork("data").seed, n: 16, d: 2, N: 4 },
 *   k: 5, L: 2, M: 8, init: { law: "ball", R: 5, seed: rng.fork("init").seed },
 *   lambda: 1e-3, eta: 0.05, tau: 10 };
 * const r = runMeanField(spec);   // r.risk, r.objective, r.halvings, …
 */
import { createRng } from "../runtime/rng";
import { icrSample } from "./data";
import type { FlowRecord } from "./flow";
import { meanFieldFlow } from "./flow";
import { discretizeLaw, gaussianLaw, smoothInDepthLaw, uniformBallLaw } from "./laws";
import { meanFieldModel, meanFieldPredict } from "./model";
import type { ParticleBlock } from "./particles";
import { particleEntry, particleNorms } from "./particles";
import { meanFieldShape } from "./shape";

export type InitSpec =
  | { law: "ball"; R: number; seed: number }
  | { law: "smooth"; R: number; seed: number; modes?: number }
  | { law: "gaussian"; sigma: number; seed: number };

export interface MeanFieldRunSpec {
  /** The training sample (our empirical μ). */
  data: { seed: number; n: number; d: number; N: number };
  /** A held-out sample of the same task, for a population-risk estimate. */
  heldOut?: { seed: number; n: number };
  k: number;
  L: number;
  M: number;
  init: InitSpec;
  lambda: number;
  eta: number;
  tau: number;
  recordEvery?: number;
  probes?: number;
  /** Training times at which particle features are kept. */
  snapshots?: number[];
  /** Matrix entries recorded at the snapshots (by layer). */
  features?: { block: ParticleBlock; row: number; col: number }[];
}

/** Bump when a change to src/meanfield alters results: cached full-profile sweeps are keyed by it. */
export const MEANFIELD_VERSION = 4;

export interface MeanFieldRunResult extends Omit<FlowRecord, "params" | "snapshots" | "energyResidual"> {
  /** Median and largest |(ΔQ̂ + ηE)/η²| over the run's accepted steps (the energy identity's O(η²) term). */
  energyResidual: { median: number; maxAbs: number };
  spec: MeanFieldRunSpec;
  /** At each snapshot: feature values [feature][layer][particle] and particle norms [layer][particle]. */
  snapshots: { tau: number; features: number[][][]; norms: number[][] }[];
  seconds: number;
  /**
   * With `heldOut`: the final held-out risk (1/n) Σ ½(ŷ − y)² and its standard error sd/√n over the
   * held-out prompts (an estimate of the population risk of the task and its sampling error).
   */
  finalHeldOut?: { n: number; risk: number; se: number };
}

/** The initial parameters a spec describes (the smooth law depends on the seed only, not on L). */
export function meanFieldInitialParams(spec: MeanFieldRunSpec): Float64Array {
  const shape = meanFieldShape({ D: spec.data.d + 3, k: spec.k, L: spec.L, M: spec.M });
  const rng = createRng(spec.init.seed);
  switch (spec.init.law) {
    case "ball": return uniformBallLaw(rng, shape, spec.init.R);
    case "gaussian": return gaussianLaw(rng, shape, spec.init.sigma);
    case "smooth": return discretizeLaw(smoothInDepthLaw(rng, { D: shape.D, k: spec.k, M: spec.M, R: spec.init.R, modes: spec.init.modes }), spec.L);
    default: throw new RangeError(`init.law must be ball, smooth or gaussian, got ${(spec.init as { law: string }).law}`);
  }
}

/** Cost of a run in head·prompt·steps (to order sweeps longest first). */
export function runCost(spec: MeanFieldRunSpec): number {
  return spec.L * spec.M * spec.data.n * (spec.tau / spec.eta);
}

export function runMeanField(spec: MeanFieldRunSpec): MeanFieldRunResult {
  const t0 = Date.now();
  const sample = icrSample(createRng(spec.data.seed), spec.data);
  const shape = meanFieldShape({ D: sample.D, k: spec.k, L: spec.L, M: spec.M });
  const model = meanFieldModel(shape, sample);
  const heldOut = spec.heldOut ? meanFieldModel(shape, icrSample(createRng(spec.heldOut.seed), { ...spec.data, n: spec.heldOut.n })) : undefined;
  const flow = meanFieldFlow(model, meanFieldInitialParams(spec), {
    lambda: spec.lambda, eta: spec.eta, tau: spec.tau, recordEvery: spec.recordEvery, probes: spec.probes, snapshots: spec.snapshots, heldOut,
  });
  const { params: final, snapshots, energyResidual, ...rest } = flow;
  let finalHeldOut: MeanFieldRunResult["finalHeldOut"];
  if (heldOut) {
    const yhat = meanFieldPredict(heldOut, final), y = heldOut.sample.y;
    const loss = Array.from(yhat, (v, b) => 0.5 * (v - y[b]) ** 2);
    const m = loss.reduce((a, b) => a + b, 0) / loss.length;
    const v = loss.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, loss.length - 1);
    finalHeldOut = { n: loss.length, risk: m, se: Math.sqrt(v / loss.length) };
  }
  const abs = energyResidual.map(Math.abs).sort((a, b) => a - b);
  return {
    ...rest,
    energyResidual: { median: abs.length ? abs[abs.length >> 1] : 0, maxAbs: abs.length ? abs[abs.length - 1] : 0 },
    spec,
    snapshots: snapshots.map((s) => ({
      tau: s.tau,
      features: (spec.features ?? []).map((f) => particleEntry(shape, s.params, f.block, f.row, f.col)),
      norms: particleNorms(shape, s.params),
    })),
    seconds: (Date.now() - t0) / 1000,
    ...(finalHeldOut ? { finalHeldOut } : {}),
  };
}
