/** Seeded sampling from the binary chain of §1 and empirical transition estimates. */
import type { Rng } from "../runtime/rng";
import { stationary } from "./binary";
import { assertInteger, assertPQ } from "./validate";

/**
 * One sequence x_1..x_n with x_1 ~ π and x_{k+1} | x_k ~ P (§1, "steady" start).
 *
 * Draw convention (shared with `sampleHigherOrder` so k = 1 reproduces this stream exactly):
 * one uniform u per symbol; x_1 = u < π0 ? 0 : 1; then x_{k+1} = u < P(1 | x_k) ? 1 : 0.
 *
 * @example
 * const x = sampleSequence(0.2, 0.3, 1000, createRng(1)); // Uint8Array of 0/1
 */
export function sampleSequence(p: number, q: number, n: number, rng: Rng): Uint8Array {
  assertPQ(p, q);
  assertInteger("n", n);
  const out = new Uint8Array(n);
  fillRow(out, 0, n, p, q, stationary(p, q)[0], rng);
  return out;
}

/**
 * `batch` independent sequences of length n, row-major in one Uint8Array of length batch·n
 * (row r is out[r·n .. r·n + n − 1]); rows are drawn one after another from the same stream.
 *
 * @example
 * const xs = sampleBatch(0.5, 0.8, 16, 1024, createRng(1)); // xs.length === 16 * 1024
 */
export function sampleBatch(p: number, q: number, batch: number, n: number, rng: Rng): Uint8Array {
  assertPQ(p, q);
  assertInteger("batch", batch);
  assertInteger("n", n);
  const out = new Uint8Array(batch * n);
  const pi0 = stationary(p, q)[0];
  for (let r = 0; r < batch; r++) fillRow(out, r * n, n, p, q, pi0, rng);
  return out;
}

function fillRow(out: Uint8Array, start: number, n: number, p: number, q: number, pi0: number, rng: Rng): void {
  let x = rng.uniform() < pi0 ? 0 : 1;
  out[start] = x;
  for (let k = 1; k < n; k++) {
    const p1 = x === 0 ? p : 1 - q; // P(next = 1 | current)
    x = rng.uniform() < p1 ? 1 : 0;
    out[start + k] = x;
  }
}

/** Empirical transition counts and frequencies of a binary sequence. */
export interface TransitionEstimate {
  /** p̂ = #(0→1) / n0, or null when no transition leaves state 0. */
  pHat: number | null;
  /** q̂ = #(1→0) / n1, or null when no transition leaves state 1. */
  qHat: number | null;
  /** Number of transitions leaving state 0. */
  n0: number;
  /** Number of transitions leaving state 1. */
  n1: number;
  /** Number of 0→1 transitions. */
  n01: number;
  /** Number of 1→0 transitions. */
  n10: number;
}

/**
 * Counts transitions 0→1 and 1→0 and returns p̂, q̂ (the maximum-likelihood estimates of p, q).
 * With `rowLength`, `seq` is read as a row-major batch and pairs straddling two rows are skipped.
 * p̂ (q̂) is null, not NaN, when state 0 (1) is never left.
 *
 * @example
 * estimateTransitions(Uint8Array.from([0, 1, 1, 0, 0])); // { pHat: 0.5, qHat: 0.5, n0: 2, n1: 2, ... }
 */
export function estimateTransitions(seq: ArrayLike<number>, rowLength?: number): TransitionEstimate {
  const len = seq.length;
  const row = rowLength === undefined ? len : assertInteger("rowLength", rowLength);
  if (rowLength !== undefined && len % row !== 0) {
    throw new RangeError(`rowLength must divide seq.length (${len}), got ${row}`);
  }
  let n0 = 0;
  let n1 = 0;
  let n01 = 0;
  let n10 = 0;
  for (let i = 0; i < len; i++) {
    const x = seq[i];
    if (x !== 0 && x !== 1) throw new RangeError(`seq[${i}] must be 0 or 1, got ${String(x)}`);
    if ((i + 1) % row === 0 || i + 1 >= len) continue; // last symbol of a row has no successor
    const y = seq[i + 1];
    if (x === 0) {
      n0++;
      if (y === 1) n01++;
    } else {
      n1++;
      if (y === 0) n10++;
    }
  }
  return {
    pHat: n0 > 0 ? n01 / n0 : null,
    qHat: n1 > 0 ? n10 / n1 : null,
    n0,
    n1,
    n01,
    n10,
  };
}
