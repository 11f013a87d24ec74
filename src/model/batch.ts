/**
 * Loss and gradient of the transformer on a batch of binary sequences — the serial reference
 * the parallel trainer reproduces exactly.
 *
 * A batch is `B` rows of N + 1 bits (row-major): inputs x_1..x_N, targets x_2..x_{N+1}; the loss is
 * BCE averaged over all B·N positions (§2, item 5).
 *
 * @example
 * const θ = standardInit({ d: 8, N: 64 }, createRng(1));
 * const bits = sampleBatch(0.5, 0.8, 16, 65, createRng(2));
 * const { loss, grad } = batchLossAndGradient(θ, bits, 16);
 */
import { AttentionShared, AttentionSharedGrad, allocateShared, attentionShared, attentionSharedBackward } from "./attention";
import { assertInteger } from "../runtime/validate";
import { Params, createParams, paramCount, validateConfig } from "./params";
import { Workspace, allocateWorkspace, sequencePass } from "./sequence";

/** Gradient accumulators of one thread: direct parameter gradients plus the attention sums. */
export interface Accumulator {
  g: Params;
  shared: AttentionSharedGrad;
  /** All of the above in one buffer (to zero, sum and ship in one go). */
  data: Float64Array;
  /**
   * data[0, sumEnd): what is summed over threads at the end of a step (g, dβ, dγ, dδ, dV, dv_e, dK);
   * data[sumEnd, baselineEnd): D⁰, D¹, r⁰, r¹, summed before `attentionRowsBackward`.
   */
  sumEnd: number;
  baselineEnd: number;
}

export function accumulatorSize(d: number, N: number): number {
  validateConfig({ d, N });
  return paramCount({ d, N }) + 2 * N + 1 + 2 * N * d + d + 2 * N * d + 2 * N + N * d + N * N;
}

/** Views an accumulator over `data` (zeros if omitted; may be SharedArrayBuffer-backed). */
export function createAccumulator(d: number, N: number, data?: Float64Array): Accumulator {
  const buf = data ?? new Float64Array(accumulatorSize(d, N));
  if (buf.length !== accumulatorSize(d, N)) throw new RangeError(`data must have ${accumulatorSize(d, N)} numbers for d = ${d}, N = ${N}, got ${buf.length}`);
  let o = paramCount({ d, N });
  const take = (n: number) => buf.subarray(o, (o += n));
  const g = createParams({ d, N }, buf.subarray(0, o));
  const dbeta = take(N), dgamma = take(N), ddelta = take(1), dV = take(N * d), dve = take(d), dK = take(N * d);
  const sumEnd = o;
  const D0 = take(N * d), D1 = take(N * d), r0 = take(N), r1 = take(N);
  const baselineEnd = o;
  const shared: AttentionSharedGrad = { dbeta, dgamma, ddelta, dV, dve, dK, D0, D1, r0, r1, dQ: take(N * d), dA: take(N * N) };
  return { g, shared, data: buf, sumEnd, baselineEnd };
}

/** Checks a batch's shape and symbols (one byte scan: a symbol 2 was read as a 1 in one place and a 2 in another). */
export function validateBatch(bits: Uint8Array, B: number, N: number): void {
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`B must be a positive integer (the batch size), got ${B}`);
  assertInteger("N", N);
  if (bits.length !== B * (N + 1)) throw new RangeError(`bits: a batch of ${B} sequences needs ${B * (N + 1)} bits (N + 1 = ${N + 1} each), got ${bits.length}`);
  for (let i = 0; i < bits.length; i++) if (bits[i] > 1) throw new RangeError(`bits[${i}] must be 0 or 1, got ${bits[i]}`);
}

/** Reusable buffers for serial evaluation. */
export interface Scratch {
  shared: AttentionShared;
  ws: Workspace;
}

export function allocateScratch(d: number, N: number): Scratch {
  return { shared: allocateShared(d, N), ws: allocateWorkspace(d, N) };
}

/** Mean BCE over the batch (forward only: the per-step test loss). */
export function batchLoss(θ: Params, bits: Uint8Array, B: number, scratch?: Scratch): number {
  const { d, N } = θ.config;
  validateBatch(bits, B, N);
  const s = scratch ?? allocateScratch(d, N);
  attentionShared(θ, s.shared);
  let sum = 0;
  for (let k = 0; k < B; k++) sum += sequencePass(θ, s.shared, bits, k * (N + 1), s.ws, null);
  return sum / (B * N);
}

/** Mean BCE and its gradient (a Params-shaped buffer), serially. */
export function batchLossAndGradient(θ: Params, bits: Uint8Array, B: number, scratch?: Scratch): { loss: number; grad: Params } {
  const { d, N } = θ.config;
  validateBatch(bits, B, N);
  const s = scratch ?? allocateScratch(d, N);
  attentionShared(θ, s.shared);
  const acc = createAccumulator(d, N);
  const scale = 1 / (B * N);
  let sum = 0;
  for (let k = 0; k < B; k++) sum += sequencePass(θ, s.shared, bits, k * (N + 1), s.ws, { g: acc.g, shared: acc.shared, scale });
  attentionSharedBackward(θ, s.shared, acc.shared, acc.g);
  return { loss: sum / (B * N), grad: createParams(θ.config, Float64Array.from(acc.g.data)) };
}

/**
 * The model's estimates of the chain: the mean predicted P(x_{n+1} = 1) after a 0 (≈ p) and the
 * mean predicted P(x_{n+1} = 0) after a 1 (≈ q), over every position of the batch (the authors'
 * est_0 and est_1).
 */
export function transitionEstimates(θ: Params, bits: Uint8Array, B: number, scratch?: Scratch): { p: number; q: number } {
  const { d, N } = θ.config;
  validateBatch(bits, B, N);
  const s = scratch ?? allocateScratch(d, N);
  attentionShared(θ, s.shared);
  let s0 = 0, n0 = 0, s1 = 0, n1 = 0;
  for (let k = 0; k < B; k++) {
    const off = k * (N + 1);
    sequencePass(θ, s.shared, bits, off, s.ws, null);
    for (let n = 0; n < N; n++) {
      const p1 = 1 / (1 + Math.exp(-s.ws.logit[n]));
      if (bits[off + n]) { s1 += 1 - p1; n1++; } else { s0 += p1; n0++; }
    }
  }
  return { p: n0 ? s0 / n0 : NaN, q: n1 ? s1 / n1 : NaN };
}
