/**
 * One thread's share of an evaluator step, the same code on the calling thread and on every
 * worker: views over the SharedArrayBuffers, and `runJob` for each phase (attention rows,
 * sequences, attention rows backward).
 *
 * @example
 * const ctx = threadContext(config, buffers);
 * runJob(ctx, { kind: "rows", from: 0, to: config.N });
 */
import { AttentionShared, allocateShared, attentionRows, attentionRowsBackward, rowSplit } from "../model/attention";
import { Accumulator, createAccumulator } from "../model/batch";
import { ModelConfig, Params, createParams } from "../model/params";
import { Workspace, allocateWorkspace, sequencePass } from "../model/sequence";

/** One phase's share for one thread. */
export type Job =
  | { kind: "rows"; from: number; to: number }
  | { kind: "sequences"; shardFrom: number; shardTo: number; B: number; grad: boolean; scale: number }
  | { kind: "rowsBackward"; shardFrom: number; shardTo: number };

/**
 * The memory every thread sees: parameters, attention parts, the batch, one accumulator and one
 * loss slot per shard. Shards, not threads, own the partial sums, so how many threads share the
 * shards does not change a single rounding (see evaluator.ts).
 */
export interface SharedBuffers {
  paramsBuf: SharedArrayBuffer;
  sharedBuf: SharedArrayBuffer;
  bitsBuf: SharedArrayBuffer;
  accBufs: SharedArrayBuffer[];
  /** One summed loss per shard (Float64). */
  lossBuf: SharedArrayBuffer;
}

/** Sequences [from, to) of shard s of S over a batch of B: contiguous, in batch order. */
export function shardSequences(B: number, s: number, S: number): { from: number; to: number } {
  return { from: Math.floor((s * B) / S), to: Math.floor(((s + 1) * B) / S) };
}

export interface ThreadContext {
  params: Params;
  shared: AttentionShared;
  bits: Uint8Array;
  /** Every shard's accumulator; accs[0] receives the batch sums. */
  accs: Accumulator[];
  /** Every shard's summed loss. */
  losses: Float64Array;
  ws: Workspace;
}

export function threadContext(config: ModelConfig, b: SharedBuffers): ThreadContext {
  const { d, N } = config;
  const accs = b.accBufs.map((buf) => createAccumulator(d, N, new Float64Array(buf)));
  return {
    params: createParams(config, new Float64Array(b.paramsBuf)),
    shared: allocateShared(d, N, new Float64Array(b.sharedBuf)),
    bits: new Uint8Array(b.bitsBuf),
    accs,
    losses: new Float64Array(b.lossBuf),
    ws: allocateWorkspace(d, N),
  };
}

/**
 * Runs `job` on this thread for its shards [shardFrom, shardTo): each shard's sums go to that
 * shard's own accumulator and loss slot, in the same order whichever thread runs it.
 */
export function runJob(ctx: ThreadContext, job: Job): void {
  const { params, shared, accs } = ctx;
  if (job.kind === "rows") {
    attentionRows(shared, job.from, job.to);
    return;
  }
  const S = accs.length, N = params.config.N;
  if (job.kind === "rowsBackward") {
    const parts = accs.map((a) => a.shared);
    for (let s = job.shardFrom; s < job.shardTo; s++) {
      attentionRowsBackward(shared, parts, accs[0].shared, accs[s].shared, rowSplit(N, s, S), rowSplit(N, s + 1, S));
    }
    return;
  }
  for (let s = job.shardFrom; s < job.shardTo; s++) {
    const acc = accs[s];
    if (job.grad) acc.data.fill(0);
    const grad = job.grad ? { g: acc.g, shared: acc.shared, scale: job.scale } : null;
    const { from, to } = shardSequences(job.B, s, S);
    let loss = 0;
    for (let q = from; q < to; q++) loss += sequencePass(params, shared, ctx.bits, q * (N + 1), ctx.ws, grad);
    ctx.losses[s] = loss;
  }
}
