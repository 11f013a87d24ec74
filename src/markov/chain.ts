/**
 * General k-state first-order chain given by a row-stochastic matrix P (P[i][j] = P(x_{n+1}=j | x_n=i)):
 * stationary law, entropy rate, sampling. Generalises the binary chain of §1.
 */
import type { Rng } from "../runtime/rng";
import { xlogx } from "./entropy";
import { assertHalfOpenUnit } from "../runtime/validate";
import { assertInteger, assertStochastic } from "./validate";

/** A row-stochastic matrix, rows = current state. */
export type StochasticMatrix = ReadonlyArray<ArrayLike<number>>;

/**
 * Stationary law π with πP = π, Σπ = 1.
 *
 * Solves (P − I)ᵀπ = 0 with the last equation replaced by Σπ = 1 (Gaussian elimination, partial pivoting),
 * then one step of iterative refinement. Throws if the law is not unique (several closed classes).
 *
 * @example
 * chainStationary([[0.8, 0.2], [0.3, 0.7]]); // Float64Array [0.6, 0.4]
 */
export function chainStationary(P: StochasticMatrix): Float64Array {
  const k = assertStochastic("P", P);
  const A: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = new Array(k);
    for (let j = 0; j < k; j++) row[j] = i === k - 1 ? 1 : P[j][i] - (i === j ? 1 : 0);
    A.push(row);
  }
  const rhs = new Float64Array(k);
  rhs[k - 1] = 1;
  const lu = luFactor(A);
  const pi = luSolve(lu, rhs);
  // One refinement step: r = rhs − Aπ, π += A⁻¹r. Cheap, and it brings πP = π to ~1e-16.
  const r = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = rhs[i];
    for (let j = 0; j < k; j++) s -= A[i][j] * pi[j];
    r[i] = s;
  }
  const d = luSolve(lu, r);
  let total = 0;
  for (let i = 0; i < k; i++) {
    pi[i] += d[i];
    if (pi[i] < 0) pi[i] = 0; // rounding only: a true stationary law is ≥ 0
    total += pi[i];
  }
  for (let i = 0; i < k; i++) pi[i] /= total;
  return pi;
}

/**
 * Entropy rate H = Σ_i π_i Σ_j −P_ij ln P_ij (nats): the bigram loss of the chain.
 *
 * @example
 * chainEntropyRate([[0.8, 0.2], [0.3, 0.7]]); // = entropyRate(0.2, 0.3) ≈ 0.544587
 */
export function chainEntropyRate(P: StochasticMatrix): number {
  const pi = chainStationary(P);
  let H = 0;
  for (let i = 0; i < pi.length; i++) {
    let hi = 0;
    for (let j = 0; j < pi.length; j++) hi += xlogx(P[i][j]);
    H += pi[i] * hi;
  }
  return H;
}

/**
 * Samples x_1..x_n from the chain; x_1 ~ `init` (a probability vector, default the stationary law).
 * One uniform per symbol, inverted through the cumulative row.
 *
 * @example
 * sampleChain([[0.8, 0.2], [0.3, 0.7]], 100, createRng(3)); // Int32Array of states 0..k−1
 */
export function sampleChain(P: StochasticMatrix, n: number, rng: Rng, init?: ArrayLike<number>): Int32Array {
  const k = assertStochastic("P", P);
  assertInteger("n", n);
  let start: ArrayLike<number>;
  if (init === undefined) {
    start = chainStationary(P);
  } else {
    if (init.length !== k) throw new RangeError(`init must have length ${k}, got ${init.length}`);
    let s = 0;
    for (let i = 0; i < k; i++) {
      if (!(init[i] >= 0 && init[i] <= 1)) throw new RangeError(`init[${i}] must be in [0, 1], got ${init[i]}`);
      s += init[i];
    }
    if (Math.abs(s - 1) > 1e-12) throw new RangeError(`init must sum to 1 within 1e-12, got ${s}`);
    start = init;
  }
  const out = new Int32Array(n);
  let x = categorical(start, rng.uniform());
  out[0] = x;
  for (let t = 1; t < n; t++) {
    x = categorical(P[x], rng.uniform());
    out[t] = x;
  }
  return out;
}

/**
 * Inverse-CDF draw: the first j with u < Σ_{i≤j} w_i; rounding slack goes to the last positive entry.
 * `w`: finite weights ≥ 0, at least one positive (probabilities, summing to 1 up to rounding); `u` ∈ [0, 1).
 *
 * @example
 * drawCategorical([0.25, 0.75], 0.5); // 1
 */
export function drawCategorical(w: ArrayLike<number>, u: number): number {
  // Before: u = NaN or u ≥ 1 silently returned the last state, and a NaN or negative weight was skipped.
  assertHalfOpenUnit("u", u);
  for (let j = 0; j < w.length; j++) {
    if (typeof w[j] !== "number" || !(w[j] >= 0 && w[j] < Infinity)) throw new RangeError(`w[${j}] must be a finite number >= 0, got ${String(w[j])}`);
  }
  return categorical(w, u);
}

/** `drawCategorical` without the checks, for the samplers' inner loops (their weights are checked at their doors). */
export function categorical(w: ArrayLike<number>, u: number): number {
  let cum = 0;
  let last = -1;
  for (let j = 0; j < w.length; j++) {
    if (w[j] > 0) last = j;
    cum += w[j];
    if (u < cum && w[j] > 0) return j;
  }
  if (last < 0) throw new RangeError("w must have a positive entry");
  return last;
}

interface LU {
  a: number[][];
  perm: number[];
}

function luFactor(A: number[][]): LU {
  const k = A.length;
  const a = A.map((r) => r.slice());
  const perm = Array.from({ length: k }, (_, i) => i);
  let scale = 0;
  for (const r of a) for (const v of r) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) <= 1e-13 * scale) {
      throw new RangeError("P must have a unique stationary law (the chain has several closed classes)");
    }
    if (piv !== c) {
      [a[piv], a[c]] = [a[c], a[piv]];
      [perm[piv], perm[c]] = [perm[c], perm[piv]];
    }
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      a[r][c] = f;
      for (let j = c + 1; j < k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return { a, perm };
}

function luSolve({ a, perm }: LU, b: ArrayLike<number>): Float64Array {
  const k = a.length;
  const x = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= a[i][j] * x[j];
    x[i] = s;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < k; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  return x;
}
