/**
 * The sweeps of notebook 07 as plain spec lists and typed summaries, so a notebook cell shows the
 * parameters, one call, a figure and a check:
 * - `lambdaSweep`: Thm 4.1 / Cor 4.1 — the population risk (a large held-out sample of fresh
 *   prompts, its standard error kept) at the end of long regularised runs, for several λ and seeds,
 *   at (M, L) and at (M/2, L/2) (the change between them measures the finite-(M, L) error), and an
 *   independent calibration run (own prompts and initialisation) that sets the constant C of the
 *   one-sided check R ≤ Cλ before the sweep is read;
 * - `capacitySweep`: the App. H analogue — heads at a fixed depth and depth at fixed heads, several
 *   seeds, λ = 0, training and held-out risk at the end;
 * - `regimeSweep`: Thm 3.1 in the theorem's regime — M growing with L, the initial law i.i.d. per
 *   layer, every network compared with one wide-and-deep reference, a calibration seed at the
 *   smallest size setting C of the one-sided bound gap ≤ C(L⁻¹ + √(log(L+1)/M)).
 *
 * @example
 * const sweep = lambdaSweep(cfg, (label) => rng.fork(label).seed);
 * const study = await meanFieldStudy("lambda", sweep.specs, { cache: true });
 * const rows = sweep.summarise(study.runs, 7);
 */
import type { SeedInterval } from "./bootstrap";
import { bootstrapMean, bootstrapSlope } from "./bootstrap";
import type { MeanFieldRunResult, MeanFieldRunSpec } from "./run";
import { supGap } from "./fit";

type SeedOf = (label: string) => number;

interface Common {
  d: number;
  N: number;
  k: number;
  /** Initial-law radius (uniform ball). */
  R: number;
  eta: number;
  tau: number;
  every: number;
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1];
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function finalHeldOut(r: MeanFieldRunResult): { risk: number; se: number } {
  if (!r.finalHeldOut) throw new Error("run has no held-out sample");
  return r.finalHeldOut;
}

/** Relative fall of Q̂ over the last tenth of the horizon: (Q̂(0.9τ) − Q̂(τ)) / Q̂(τ). */
export function lateDecrease(r: MeanFieldRunResult): number {
  const t = 0.9 * last(r.tau);
  const i = r.tau.findIndex((x) => x >= t);
  return (r.objective[i] - last(r.objective)) / last(r.objective);
}

/** The held-out risk recorded nearest to training time τ. */
export function heldOutAt(r: MeanFieldRunResult, tau: number): number {
  let best = 0;
  r.tau.forEach((x, i) => { if (Math.abs(x - tau) < Math.abs(r.tau[best] - tau)) best = i; });
  return r.heldOutRisk[best];
}

export interface LambdaSweepConfig extends Common {
  /** Training prompts (the flow's empirical μ). */
  n: number;
  /** Fresh prompts for the population risk. */
  population: number;
  M: number;
  L: number;
  lambdas: number[];
  seeds: number;
  /** λ of the calibration run (its own prompts and initialisation). */
  lambdaCal: number;
}

export interface LambdaRow {
  lambda: number;
  /** Population risk at (M, L): mean over seeds with its bootstrap interval. */
  population: SeedInterval;
  /** Mean standard error of one run's held-out estimate. */
  se: number;
  /** Training risk at the end, mean over seeds. */
  training: number;
  /** Population risk at (M/2, L/2), mean over seeds. */
  half: number;
  /** Largest relative fall of Q̂ over the last tenth of the horizon (0 at stationarity). */
  lateDecrease: number;
  /** The population risk at τ_end/20, mean over seeds (far from stationarity). */
  early: number;
}

export function lambdaSweep(cfg: LambdaSweepConfig, seedOf: SeedOf) {
  const run = (M: number, L: number, lambda: number, tag: string): MeanFieldRunSpec => ({
    data: { seed: seedOf(`λ sweep prompts ${tag}`), n: cfg.n, d: cfg.d, N: cfg.N },
    heldOut: { seed: seedOf("λ sweep population"), n: cfg.population },
    k: cfg.k, L, M, init: { law: "ball", R: cfg.R, seed: seedOf(`λ sweep init ${tag} ${M}×${L}`) },
    lambda, eta: cfg.eta, tau: cfg.tau, recordEvery: cfg.every,
  });
  const hM = Math.max(1, cfg.M / 2), hL = Math.max(1, cfg.L / 2);
  const seeds = Array.from({ length: cfg.seeds }, (_, s) => `seed ${s}`);
  const specs: MeanFieldRunSpec[] = [
    run(cfg.M, cfg.L, cfg.lambdaCal, "calibration"),
    ...cfg.lambdas.flatMap((l) => seeds.map((s) => run(cfg.M, cfg.L, l, s))),
    ...cfg.lambdas.flatMap((l) => seeds.map((s) => run(hM, hL, l, s))),
  ];
  const summarise = (runs: readonly MeanFieldRunResult[], seed: number) => {
    const S = cfg.seeds, nl = cfg.lambdas.length;
    const main = (i: number) => runs.slice(1 + i * S, 1 + (i + 1) * S);
    const half = (i: number) => runs.slice(1 + (nl + i) * S, 1 + (nl + i + 1) * S);
    const rows: LambdaRow[] = cfg.lambdas.map((lambda, i) => ({
      lambda,
      population: bootstrapMean(main(i).map((r) => finalHeldOut(r).risk), { seed: seed + i }),
      se: mean(main(i).map((r) => finalHeldOut(r).se)),
      training: mean(main(i).map((r) => last(r.risk))),
      half: mean(half(i).map((r) => finalHeldOut(r).risk)),
      lateDecrease: Math.max(...main(i).map(lateDecrease)),
      early: mean(main(i).map((r) => heldOutAt(r, cfg.tau / 20))),
    }));
    const cal = runs[0];
    return { rows, calibration: { lambda: cfg.lambdaCal, ...finalHeldOut(cal) }, halfSize: { M: hM, L: hL } };
  };
  return { specs, summarise };
}

export interface CapacityConfig extends Common {
  n: number;
  heldOut: number;
  /** Heads sweep at depth `L`. */
  Ms: number[];
  L: number;
  /** Depth sweep at `M` heads. */
  Ls: number[];
  M: number;
  seeds: number;
}

export interface CapacityRow {
  sweep: "M" | "L";
  value: number;
  /** Final training risk: geometric mean over seeds, bootstrap interval. */
  training: SeedInterval;
  /** Final held-out risk: mean over seeds, bootstrap interval. */
  heldOut: SeedInterval;
  /** Training risk at τ_end/20 (geometric mean over seeds). */
  early: number;
}

export function capacitySweep(cfg: CapacityConfig, seedOf: SeedOf) {
  const run = (M: number, L: number, s: number): MeanFieldRunSpec => ({
    data: { seed: seedOf("App. H prompts"), n: cfg.n, d: cfg.d, N: cfg.N },
    heldOut: { seed: seedOf("App. H held-out"), n: cfg.heldOut },
    k: cfg.k, L, M, init: { law: "ball", R: cfg.R, seed: seedOf(`App. H ${M}×${L}, seed ${s}`) },
    lambda: 0, eta: cfg.eta, tau: cfg.tau, recordEvery: cfg.every,
  });
  const S = Array.from({ length: cfg.seeds }, (_, s) => s);
  const sizes: ["M" | "L", number, number, number][] = [
    ...cfg.Ms.map((M) => ["M", M, M, cfg.L] as ["M", number, number, number]),
    ...cfg.Ls.map((L) => ["L", L, cfg.M, L] as ["L", number, number, number]),
  ];
  const specs = sizes.flatMap(([, , M, L]) => S.map((s) => run(M, L, s)));
  const summarise = (runs: readonly MeanFieldRunResult[], seed: number) => {
    const groups = sizes.map((_, i) => runs.slice(i * cfg.seeds, (i + 1) * cfg.seeds));
    const rows: CapacityRow[] = sizes.map(([sweep, value], i) => ({
      sweep, value,
      training: bootstrapMean(groups[i].map((r) => Math.log(last(r.risk))), { seed: seed + i }),
      heldOut: bootstrapMean(groups[i].map((r) => finalHeldOut(r).risk), { seed: seed + 100 + i }),
      early: Math.exp(mean(groups[i].map((r) => Math.log(r.risk[nearest(r.tau, cfg.tau / 20)])))),
    })).map((row) => ({ ...row, training: expInterval(row.training) }));
    const trend = (sweep: "M" | "L") => {
      const idx = sizes.map((s, i) => i).filter((i) => sizes[i][0] === sweep);
      return bootstrapSlope(idx.map((i) => sizes[i][1]), idx.map((i) => groups[i].map((r) => last(r.risk))),
        { seed: seed + (sweep === "M" ? 7 : 8), aggregate: "geo" });
    };
    /** Smallest over largest final training risk of one sweep, with its seed-bootstrap interval. */
    const ratio = (sweep: "M" | "L", at: (r: MeanFieldRunResult) => number = (r) => last(r.risk)) => {
      const idx = sizes.map((s, i) => i).filter((i) => sizes[i][0] === sweep);
      const lo = groups[idx[0]], hi = groups[idx[idx.length - 1]];
      return ratioInterval(lo.map(at), hi.map(at), seed + 10);
    };
    return { rows, trend, ratio, groups };
  };
  return { specs, summarise };
}

function nearest(ts: readonly number[], t: number): number {
  let best = 0;
  ts.forEach((x, i) => { if (Math.abs(x - t) < Math.abs(ts[best] - t)) best = i; });
  return best;
}

function expInterval(i: SeedInterval): SeedInterval {
  return { ...i, value: Math.exp(i.value), lo: Math.exp(i.lo), hi: Math.exp(i.hi) };
}

/** Geometric-mean ratio a/b over seeds with its bootstrap interval (both groups resampled). */
export function ratioInterval(a: readonly number[], b: readonly number[], seed: number): SeedInterval {
  const la = bootstrapMean(a.map(Math.log), { seed }), lb = bootstrapMean(b.map(Math.log), { seed: seed + 1 });
  // Independent groups: the log-ratio's interval from the two half-widths added in quadrature.
  const v = la.value - lb.value;
  const up = Math.hypot(la.hi - la.value, lb.value - lb.lo), down = Math.hypot(la.value - la.lo, lb.hi - lb.value);
  return { value: Math.exp(v), lo: Math.exp(v - down), hi: Math.exp(v + up), level: la.level };
}

export interface RegimeConfig extends Common {
  data: { seed: number; n: number };
  lambda: number;
  /** Depths; M = `Mper`·L heads at depth L, so √(log(L+1)/M) falls along the sweep. */
  Ls: number[];
  Mper: number;
  seeds: number;
  ref: { L: number; M: number };
}

/** The theorem's shape L⁻¹ + √(log(L+1)/M) (δ = 0). */
export const thm31Shape = (L: number, M: number): number => 1 / L + Math.sqrt(Math.log(L + 1) / M);

export function regimeSweep(cfg: RegimeConfig, seedOf: SeedOf) {
  const run = (L: number, M: number, tag: string): MeanFieldRunSpec => ({
    data: { seed: cfg.data.seed, n: cfg.data.n, d: cfg.d, N: cfg.N }, k: cfg.k, L, M,
    init: { law: "ball", R: cfg.R, seed: seedOf(`regime ${tag}, L = ${L}`) },
    lambda: cfg.lambda, eta: cfg.eta, tau: cfg.tau, recordEvery: cfg.every,
  });
  const specs: MeanFieldRunSpec[] = [
    run(cfg.ref.L, cfg.ref.M, "reference"),
    run(cfg.Ls[0], cfg.Mper * cfg.Ls[0], "calibration"),
    ...cfg.Ls.flatMap((L) => Array.from({ length: cfg.seeds }, (_, s) => run(L, cfg.Mper * L, `seed ${s}`))),
  ];
  const gap = (a: MeanFieldRunResult, b: MeanFieldRunResult) => supGap(a.tau, a.risk, b.tau, b.risk);
  const summarise = (runs: readonly MeanFieldRunResult[], seed: number) => {
    const [ref, cal] = runs;
    const groups = cfg.Ls.map((_, i) => runs.slice(2 + i * cfg.seeds, 2 + (i + 1) * cfg.seeds));
    const gaps = groups.map((g) => g.map((r) => gap(r, ref)));
    const shapes = cfg.Ls.map((L) => thm31Shape(L, cfg.Mper * L));
    // C is set by the calibration seed alone, before the sweep's gaps are read: twice its ratio.
    const C = (2 * gap(cal, ref)) / shapes[0];
    const ratio = Math.max(...gaps.map((g, i) => Math.max(...g) / (C * shapes[i])));
    // The same test against a poor reference: the smallest network of the sweep (seed 0).
    const poor = groups[0][0];
    const ratioPoor = Math.max(...groups.slice(1).map((g, i) => Math.max(...g.map((r) => gap(r, poor))) / (C * shapes[i + 1])));
    const ratio0 = Math.max(...gaps[0]) / (C * shapes[0]);
    const slope = bootstrapSlope(shapes, gaps, { seed, aggregate: "mean" });
    return { gaps, shapes, C, ratio, ratio0, ratioPoor, slope, ref, groups };
  };
  return { specs, summarise };
}
