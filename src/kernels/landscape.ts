/**
 * Loss-landscape slices L(θ₀ + a·d₁ + b·d₂) on a grid of (a, b), with the directions the issue
 * asks for: the direction between two trained points, and a filter-normalised random direction
 * (Li et al., "Visualizing the Loss Landscape of Neural Nets", NeurIPS 2018: each filter of the
 * random direction is rescaled to the norm of the same filter of θ). Which directions the paper's
 * Section 5.2 uses is not public; these are our reading.
 *
 * @example
 * const d2 = filterNormalizedDirection(θ1, regressionBlocks(model), rng.fork("d2"));
 * const s = lossSlice((θ) => regressionLoss(model, θ, data), θ1, difference(θS, θ1), d2, { points: 21 });
 * landscapeRoughness(s.z).localMinima;
 */
import type { Rng } from "../runtime/rng";
import { assertInteger, assertPositive } from "../runtime/validate";

/** A rows×cols row-major matrix inside θ whose columns are filters. */
export interface FilterBlock {
  offset: number;
  rows: number;
  cols: number;
}

/** b − a. */
export function difference(b: ArrayLike<number>, a: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new RangeError(`difference: lengths differ (${b.length} vs ${a.length})`);
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = b[j] - a[j];
  return out;
}

/**
 * A N(0, 1) direction with each filter (column of each block) rescaled to the norm of the same
 * filter of θ; entries outside every block (biases) are 0, as in Li et al.
 */
export function filterNormalizedDirection(θ: ArrayLike<number>, blocks: readonly FilterBlock[], rng: Rng): Float64Array {
  if (blocks.length === 0) throw new RangeError("blocks must list at least one filter block");
  const d = new Float64Array(θ.length);
  for (const { offset, rows, cols } of blocks) {
    if (!(offset >= 0 && offset + rows * cols <= θ.length)) throw new RangeError(`blocks: block at ${offset} (${rows}×${cols}) lies outside θ (${θ.length})`);
    for (let c = 0; c < cols; c++) {
      let nt = 0, nd = 0;
      for (let r = 0; r < rows; r++) {
        const j = offset + r * cols + c;
        d[j] = rng.normal();
        nt += θ[j] * θ[j];
        nd += d[j] * d[j];
      }
      const s = nd > 0 ? Math.sqrt(nt / nd) : 0;
      for (let r = 0; r < rows; r++) d[offset + r * cols + c] *= s;
    }
  }
  return d;
}

export interface LossSlice {
  a: number[];
  b: number[];
  /** z[ib][ia] = L(θ₀ + a[ia]·d₁ + b[ib]·d₂) (Plotly's contour orientation). */
  z: number[][];
}

/** The loss on a points×points grid of (a, b) ∈ [−span, span]² (default span 1, 21 points). */
export function lossSlice(
  loss: (θ: Float64Array) => number, θ0: ArrayLike<number>, d1: ArrayLike<number>, d2: ArrayLike<number>,
  options: { points?: number; span?: number; onRow?: (row: number) => void } = {},
): LossSlice {
  const points = options.points ?? 21, span = options.span ?? 1;
  assertInteger("points", points, 3);
  assertPositive("span", span);
  if (d1.length !== θ0.length) throw new RangeError(`d1 must have ${θ0.length} entries, got ${d1.length}`);
  if (d2.length !== θ0.length) throw new RangeError(`d2 must have ${θ0.length} entries, got ${d2.length}`);
  const grid = Array.from({ length: points }, (_, i) => -span + (2 * span * i) / (points - 1));
  const θ = new Float64Array(θ0.length);
  const z = grid.map((b, ib) => {
    const row = grid.map((a) => {
      for (let j = 0; j < θ.length; j++) θ[j] = θ0[j] + a * d1[j] + b * d2[j];
      const v = loss(θ);
      if (!Number.isFinite(v)) throw new RangeError(`loss is ${v} at (a, b) = (${a}, ${b})`);
      return v;
    });
    options.onRow?.(ib);
    return row;
  });
  return { a: grid, b: grid.slice(), z };
}

export interface Roughness {
  /** Grid points lower than all their (up to 8) neighbours. */
  localMinima: number;
  /** Variance of ln L over the grid. */
  logVariance: number;
  /** Mean |discrete Laplacian of ln L| over interior points (grid units). */
  meanAbsLaplacian: number;
}

/** Roughness of a slice: grid-local minima, variance and mean curvature of ln L. */
export function landscapeRoughness(z: readonly (readonly number[])[]): Roughness {
  const m = z.length, n = z[0]?.length ?? 0;
  if (m < 3 || n < 3) throw new RangeError(`z must be at least 3×3, got ${m}×${n}`);
  const L = z.map((row) => row.map((v) => Math.log(Math.max(v, 1e-300))));
  let minima = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let lowest = true;
      for (let di = -1; di <= 1 && lowest; di++) {
        for (let dj = -1; dj <= 1; dj++) {
          if ((di || dj) && i + di >= 0 && i + di < m && j + dj >= 0 && j + dj < n && z[i + di][j + dj] <= z[i][j]) {
            lowest = false;
            break;
          }
        }
      }
      if (lowest) minima++;
    }
  }
  const flat = L.flat();
  const mu = flat.reduce((s, v) => s + v, 0) / flat.length;
  const logVariance = flat.reduce((s, v) => s + (v - mu) ** 2, 0) / flat.length;
  let lap = 0;
  for (let i = 1; i < m - 1; i++) for (let j = 1; j < n - 1; j++) lap += Math.abs(L[i - 1][j] + L[i + 1][j] + L[i][j - 1] + L[i][j + 1] - 4 * L[i][j]);
  return { localMinima: minima, logVariance, meanAbsLaplacian: lap / ((m - 2) * (n - 2)) };
}
