/**
 * The particles as a measure (Gao et al., Thm 3.1: the empirical law
 * ρ̂ = (1/(ML)) Σ_{t,j} δ_{(θ_{t,j}, w_{t,j}, t)} converges weakly): 1-D statistics of the particles
 * by depth, so runs with different (M, L) compare as measures — moments by layer, histograms,
 * and the 1-D Wasserstein distance W₁ between two particle sets.
 *
 * @example
 * const vyy = particleEntry(shape, params, "V", 2, 2);  // V[y, y] of every particle, by layer (L × M)
 * momentsByLayer(vyy);                                  // { mean: [...L], sd: [...L] }
 * wasserstein1(vyy.flat(), reference.flat());
 */
import type { MeanFieldShape } from "./shape";
import { assertMeanFieldParams } from "./shape";

export type ParticleBlock = "V" | "W" | "W1" | "W2";

/** One matrix entry of every particle, grouped by layer: result[l][j]. Errors name a bad block/row/col. */
export function particleEntry(shape: MeanFieldShape, params: Float64Array, block: ParticleBlock, row: number, col: number): number[][] {
  assertMeanFieldParams(shape, params);
  const { D, k } = shape;
  const dims: Record<ParticleBlock, [number, number, number]> = {
    V: [shape.offV, D, D], W: [shape.offW, D, D], W1: [shape.offW1, k, D], W2: [shape.offW2, D, k],
  };
  if (!(block in dims)) throw new RangeError(`block must be V, W, W1 or W2, got ${block}`);
  const [off, rows, cols] = dims[block];
  if (!Number.isInteger(row) || row < 0 || row >= rows) throw new RangeError(`row ${row} is outside ${block} (${rows}×${cols})`);
  if (!Number.isInteger(col) || col < 0 || col >= cols) throw new RangeError(`col ${col} is outside ${block} (${rows}×${cols})`);
  return Array.from({ length: shape.L }, (_, l) =>
    Array.from({ length: shape.M }, (_, j) => params[(l * shape.M + j) * shape.P + off + row * cols + col]));
}

/** The norm (‖θ‖² + ‖w‖²)^{1/2} of every particle, by layer: result[l][j]. */
export function particleNorms(shape: MeanFieldShape, params: Float64Array): number[][] {
  assertMeanFieldParams(shape, params);
  return Array.from({ length: shape.L }, (_, l) =>
    Array.from({ length: shape.M }, (_, j) => {
      let s = 0;
      const o = (l * shape.M + j) * shape.P;
      for (let i = o; i < o + shape.P; i++) s += params[i] * params[i];
      return Math.sqrt(s);
    }));
}

/** Mean and (population) standard deviation of each layer's values. */
export function momentsByLayer(values: readonly (readonly number[])[]): { mean: number[]; sd: number[] } {
  const mean: number[] = [], sd: number[] = [];
  values.forEach((xs, l) => {
    if (xs.length === 0) throw new RangeError(`layer ${l} has no particles`);
    xs.forEach((x, j) => { if (!Number.isFinite(x)) throw new RangeError(`layer ${l}, particle ${j}: value ${x} is not finite`); }); // was a NaN mean and sd
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean.push(m);
    sd.push(Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length));
  });
  return { mean, sd };
}

/** A density histogram on [lo, hi] with `bins` equal bins (values outside are clamped into the end bins). */
export function particleHistogram(values: readonly number[], bins: number, lo: number, hi: number): { centers: number[]; density: number[] } {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`need finite lo < hi, got [${lo}, ${hi}]`);
  if (values.length === 0) throw new RangeError("values is empty");
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of values) {
    if (!Number.isFinite(x)) throw new RangeError(`values holds ${x}`);
    counts[Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / w)))]++;
  }
  return { centers: counts.map((_, i) => lo + (i + 0.5) * w), density: counts.map((c) => c / (values.length * w)) };
}

/**
 * W₁ between the empirical measures of two 1-D samples (sizes may differ): ∫ |F_a(x) − F_b(x)| dx,
 * exact, by merging the sorted samples.
 */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) throw new RangeError("wasserstein1: both samples must be non-empty");
  for (const x of [...a, ...b]) if (!Number.isFinite(x)) throw new RangeError(`wasserstein1: sample holds ${x}`);
  const xs = [...a].sort((p, q) => p - q), ys = [...b].sort((p, q) => p - q);
  let i = 0, j = 0, total = 0, prev = Math.min(xs[0], ys[0]);
  while (i < xs.length || j < ys.length) {
    const next = j >= ys.length || (i < xs.length && xs[i] <= ys[j]) ? xs[i] : ys[j];
    total += Math.abs(i / xs.length - j / ys.length) * (next - prev);
    prev = next;
    if (j >= ys.length || (i < xs.length && xs[i] <= ys[j])) i++;
    else j++;
  }
  return total;
}
