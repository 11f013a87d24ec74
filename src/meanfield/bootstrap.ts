/**
 * Seed-bootstrap intervals for the quantities notebook 07 reads off its sweeps: a log–log slope
 * through per-seed measurements at several sizes, and a mean over seeds. Each size's seeds are
 * resampled with replacement (independently per size: the runs at different sizes are independent
 * draws), the curve is re-aggregated and the statistic recomputed; the interval is the central
 * `level` quantile range of the replicates. Deterministic for a given `seed`.
 *
 * @example
 * const s = bootstrapSlope([2, 4, 8, 16, 32], gapsBySeed, { seed: 7 });
 * s.slope, s.lo, s.hi;   // the slope of the seed means and its 90 % interval
 */
import { createRng } from "../runtime/rng";
import { logLogSlope } from "./fit";

export interface SeedInterval {
  /** The statistic on the data as measured. */
  value: number;
  lo: number;
  hi: number;
  /** Central coverage of [lo, hi] (default 0.9). */
  level: number;
}

export interface BootstrapOptions {
  seed: number;
  /** Replicates (default 2000). */
  reps?: number;
  /** Default 0.9. */
  level?: number;
  /** How the seeds at one size are combined: arithmetic mean (default), geometric mean or root mean square. */
  aggregate?: "mean" | "geo" | "rms";
  /**
   * Resample seed indices jointly across sizes (all groups the same length): for sweeps where seed s
   * is the same draw at every size (one law discretised at several L), so its level is shared.
   */
  paired?: boolean;
}

function aggregateOf(kind: BootstrapOptions["aggregate"]): (xs: readonly number[]) => number {
  if (kind === "geo") return (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
  if (kind === "rms") return (xs) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
  return (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos), f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** A statistic of per-size seed groups and its bootstrap interval over the seeds. */
export function bootstrapGroups(
  groups: readonly (readonly number[])[],
  statistic: (aggregated: number[]) => number,
  options: BootstrapOptions,
): SeedInterval {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) throw new RangeError("bootstrap: every group needs at least one value");
  const agg = aggregateOf(options.aggregate);
  const reps = options.reps ?? 2000, level = options.level ?? 0.9;
  const rng = createRng(options.seed);
  const value = statistic(groups.map(agg));
  const out: number[] = [];
  const pick: number[] = [];
  if (options.paired && groups.some((g) => g.length !== groups[0].length)) throw new RangeError("bootstrap: paired groups need equal lengths");
  const idx: number[] = [];
  for (let r = 0; r < reps; r++) {
    if (options.paired) {
      idx.length = 0;
      for (let i = 0; i < groups[0].length; i++) idx.push(Math.floor(rng.uniform() * groups[0].length));
    }
    const ys = groups.map((g) => {
      pick.length = 0;
      for (let i = 0; i < g.length; i++) pick.push(g[options.paired ? idx[i] : Math.floor(rng.uniform() * g.length)]);
      return agg(pick);
    });
    out.push(statistic(ys));
  }
  out.sort((a, b) => a - b);
  return { value, lo: quantile(out, (1 - level) / 2), hi: quantile(out, (1 + level) / 2), level };
}

/** The log–log slope of the aggregated seeds against xs, with its seed-bootstrap interval (≥ 5 sizes). */
export function bootstrapSlope(xs: readonly number[], groups: readonly (readonly number[])[], options: BootstrapOptions): SeedInterval {
  if (xs.length !== groups.length) throw new RangeError(`bootstrapSlope: ${xs.length} sizes but ${groups.length} groups`);
  if (xs.length < 5) throw new RangeError(`bootstrapSlope: a slope needs at least 5 sizes, got ${xs.length}`);
  return bootstrapGroups(groups, (ys) => logLogSlope(xs, ys).slope, options);
}

/** The mean of one group of seeds and its bootstrap interval. */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions): SeedInterval {
  return bootstrapGroups([values], (ys) => ys[0], options);
}

/** `0.123 [0.100, 0.150]` with `digits` significant digits. */
export function formatInterval(i: SeedInterval, digits = 3): string {
  const f = (x: number) => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(digits - 1) : x.toPrecision(digits));
  return `${f(i.value)} [${f(i.lo)}, ${f(i.hi)}]`;
}
