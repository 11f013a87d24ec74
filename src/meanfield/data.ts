/**
 * In-context regression prompts in the paper's token layout (Gao et al., §2, "the data setting is
 * versatile"): an input H ∈ R^{D×(N+1)} with D = d + 3 rows —
 *   rows 0..d−1  x_1 … x_{N+1}            (the inputs; column N is the query)
 *   row  d       y_1 … y_N and 0          (labels, 0 in the query column)
 *   row  d+1     0 … 0 1                  (an indicator of the query token)
 *   row  d+2     1 … 1                    (ones)
 * — and the label y(H) = y_{N+1}, read at (d+1, N+1) in the paper's 1-based indexing (row d,
 * column N here).
 *
 * The task is ours: y_i = βᵀx_i with β uniform on the unit sphere of R^d (one β per prompt) and
 * x_i uniform on [−√3, √3]^d (unit variance per coordinate), so ‖H‖_{2-col} and |y| are bounded
 * (Assumption 1), labels are noiseless, and E[y²] = 1 (the zero predictor has risk ½).
 * A fixed sample of n prompts is our empirical μ.
 *
 * @example
 * const s = icrSample(rng.fork("train"), { n: 16, d: 2, N: 4 });
 * s.H.length;   // 16 · 5 · 5
 * s.y[0];       // the query's label of prompt 0
 */
import type { Rng } from "../runtime/rng";
import { assertInteger } from "../runtime/validate";

export interface IcrSample {
  readonly n: number;
  readonly d: number;
  /** Context length; T = N + 1 tokens. */
  readonly N: number;
  /** Rows, d + 3. */
  readonly D: number;
  /** Tokens, N + 1. */
  readonly T: number;
  /** n prompts, each D×T row-major: H[b·D·T + r·T + c]. */
  readonly H: Float64Array;
  /** Labels y(H), one per prompt. */
  readonly y: Float64Array;
  /** Readout entry (0-based): the model predicts Read[T̂(H, 1)] = T̂[readRow, readCol]. */
  readonly readRow: number;
  readonly readCol: number;
}

/** Draws n prompts from `rng` (errors name the argument: n, d, N ≥ 1). */
export function icrSample(rng: Rng, sizes: { n: number; d: number; N: number }): IcrSample {
  const n = assertInteger("n", sizes.n);
  const d = assertInteger("d", sizes.d);
  const N = assertInteger("N", sizes.N);
  const D = d + 3;
  const T = N + 1;
  const H = new Float64Array(n * D * T);
  const y = new Float64Array(n);
  const beta = new Float64Array(d);
  const s3 = Math.sqrt(3);
  for (let b = 0; b < n; b++) {
    let norm = 0;
    for (let a = 0; a < d; a++) {
      beta[a] = rng.normal();
      norm += beta[a] * beta[a];
    }
    norm = Math.sqrt(norm) || 1;
    const o = b * D * T;
    for (let c = 0; c < T; c++) {
      let yc = 0;
      for (let a = 0; a < d; a++) {
        const x = s3 * (2 * rng.uniform() - 1);
        H[o + a * T + c] = x;
        yc += (beta[a] / norm) * x;
      }
      if (c < N) H[o + d * T + c] = yc;
      else y[b] = yc;
      H[o + (d + 1) * T + c] = c === N ? 1 : 0;
      H[o + (d + 2) * T + c] = 1;
    }
  }
  return { n, d, N, D, T, H, y, readRow: d, readCol: N };
}

/**
 * Validates a sample (possibly built by hand): sizes agree, data finite, readout inside the D×T
 * matrix. Errors name the field.
 */
export function assertIcrSample(s: IcrSample): void {
  const n = assertInteger("sample.n", s.n);
  const D = assertInteger("sample.D", s.D);
  const T = assertInteger("sample.T", s.T);
  if (!(s.H instanceof Float64Array) || s.H.length !== n * D * T) throw new RangeError(`sample.H must be a Float64Array of n·D·T = ${n * D * T} numbers, got ${s.H?.length}`);
  if (!(s.y instanceof Float64Array) || s.y.length !== n) throw new RangeError(`sample.y must be a Float64Array of n = ${n} numbers, got ${s.y?.length}`);
  if (!Number.isInteger(s.readRow) || s.readRow < 0 || s.readRow >= D) throw new RangeError(`readout row ${s.readRow} is outside the D×T = ${D}×${T} matrix`);
  if (!Number.isInteger(s.readCol) || s.readCol < 0 || s.readCol >= T) throw new RangeError(`readout column ${s.readCol} is outside the D×T = ${D}×${T} matrix`);
  for (let i = 0; i < s.H.length; i++) if (!Number.isFinite(s.H[i])) throw new RangeError(`sample.H[${i}] is ${s.H[i]} (prompt ${Math.floor(i / (D * T))})`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(s.y[i])) throw new RangeError(`sample.y[${i}] is ${s.y[i]}`);
}

/** The same prompts with another readout entry (validated). */
export function withReadout(s: IcrSample, readRow: number, readCol: number): IcrSample {
  const r = { ...s, readRow, readCol };
  assertIcrSample(r);
  return r;
}

/** The first `count` prompts of a sample (e.g. probe prompts for output gaps). */
export function firstPrompts(s: IcrSample, count: number): IcrSample {
  const m = assertInteger("count", count);
  if (m > s.n) throw new RangeError(`count = ${m} exceeds the sample's n = ${s.n}`);
  return promptRange(s, 0, m);
}

/** Prompts start … end − 1 of a sample (a copy), e.g. one thread's share of a training step. */
export function promptRange(s: IcrSample, start: number, end: number): IcrSample {
  assertInteger("end", end, 1, s.n);
  assertInteger("start", start, 0, end - 1);
  const DT = s.D * s.T;
  return { ...s, n: end - start, H: s.H.slice(start * DT, end * DT), y: s.y.slice(start, end) };
}
