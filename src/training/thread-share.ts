/**
 * One thread's share of an evaluator step, the same code on the calling thread and on every
 * worker: views over the SharedArrayBuffers, and `runJob` for each phase (attention rows,
 * sequences, attention rows backward).
 *
 * @example
 * const ctx = threadContext(config, buffers, 0);
 * runJob(ctx, { kind: "rows", from: 0, to: config.N });
 */
import { AttentionShared, allocateShared, attentionRows, attentionRowsBackward } from "../model/attention";
import { Accumulator, createAccumulator } from "../model/batch";
import { ModelConfig, Params, createParams } from "../model/params";
import { Workspace, allocateWorkspace, sequencePass } from "../model/sequence";

/** One phase's share for one thread. */
export type Job =
  | { kind: "rows"; from: number; to: number }
  | { kind: "sequences"; from: number; count: number; grad: boolean; scale: number }
  | { kind: "rowsBackward"; from: number; to: number };

/** The memory every thread sees: parameters, attention parts, the batch, one accumulator per thread. */
export interface SharedBuffers {
  paramsBuf: SharedArrayBuffer;
  sharedBuf: SharedArrayBuffer;
  bitsBuf: SharedArrayBuffer;
  accBufs: SharedArrayBuffer[];
}

export interface ThreadContext {
  params: Params;
  shared: AttentionShared;
  bits: Uint8Array;
  /** Every thread's accumulator; accs[0] (the calling thread's) receives the batch sums. */
  accs: Accumulator[];
  /** This thread's accumulator. */
  own: Accumulator;
  ws: Workspace;
}

export function threadContext(config: ModelConfig, b: SharedBuffers, index: number): ThreadContext {
  const { d, N } = config;
  const accs = b.accBufs.map((buf) => createAccumulator(d, N, new Float64Array(buf)));
  return {
    params: createParams(config, new Float64Array(b.paramsBuf)),
    shared: allocateShared(d, N, new Float64Array(b.sharedBuf)),
    bits: new Uint8Array(b.bitsBuf),
    accs,
    own: accs[index],
    ws: allocateWorkspace(d, N),
  };
}

/** Runs `job` on this thread; returns the summed loss of its sequences (0 for the row phases). */
export function runJob(ctx: ThreadContext, job: Job): number {
  const { params, shared, own } = ctx;
  if (job.kind === "rows") {
    attentionRows(shared, job.from, job.to);
    return 0;
  }
  if (job.kind === "rowsBackward") {
    attentionRowsBackward(shared, ctx.accs.map((a) => a.shared), ctx.accs[0].shared, own.shared, job.from, job.to);
    return 0;
  }
  if (job.grad) own.data.fill(0);
  const N = params.config.N;
  const grad = job.grad ? { g: own.g, shared: own.shared, scale: job.scale } : null;
  let loss = 0;
  for (let s = job.from; s < job.from + job.count; s++) loss += sequencePass(params, shared, ctx.bits, s * (N + 1), ctx.ws, grad);
  return loss;
}
