/**
 * Loss and gradient of the transformer on a batch, spread over every core.
 *
 * Parameters, the per-step attention parts, the batch and one accumulator per shard live in
 * SharedArrayBuffers. A step runs in phases, each split over the threads (the calling thread
 * takes the first share): the attention rows (T^x, R^x, G^x; equal triangle areas), the
 * sequences (forward, and backward into their shard's accumulator), then — for a gradient —
 * the per-step attention backward over row shards, and a short serial finish. The result equals
 * `batchLossAndGradient` (serial) up to the order of floating-point sums.
 *
 * Results do not depend on the number of threads: the batch and the rows are cut into
 * `EVALUATOR_SHARDS` shards (fewer when B is smaller) whatever the thread count, each shard sums
 * into its own accumulator in a fixed order, and the shards are added in shard order. Threads only
 * decide who computes which shard. (Before, each thread summed its own share, so 1, 2 and 3
 * threads gave training curves that differed from step 2 on.)
 *
 * @example
 * const ev = createEvaluator({ d: 8, N: 1024 }, 16);
 * ev.params.data.set(standardInit({ d: 8, N: 1024 }, rng).data);
 * const { loss, grad } = await ev.gradient(bits);
 * ev.close();
 */
import * as os from "os";
import * as path from "path";
import type { Worker } from "worker_threads";
import { attentionFinish, attentionPositions, rowSplit, sharedSize } from "../model/attention";
import { accumulatorSize, validateBatch } from "../model/batch";
import { ModelConfig, Params, paramCount, validateConfig } from "../model/params";
import { assertInteger } from "../runtime/validate";
import { request, spawnTsWorker, stopWorker } from "../runtime/workers";
import { Job, SharedBuffers, runJob, threadContext } from "./thread-share";

/**
 * Shards of a batch (and of the attention rows): the most threads an evaluator uses. Fixed, so that
 * a result is the same on any machine; each shard costs one accumulator (≈ 8·N² bytes).
 */
export const EVALUATOR_SHARDS = 8;

export interface Evaluator {
  readonly config: ModelConfig;
  readonly B: number;
  /** The parameters every thread reads (SharedArrayBuffer-backed); update them in place. */
  readonly params: Params;
  /** Mean BCE and its gradient at `params` (the gradient is a view, valid until the next call). */
  gradient(bits: Uint8Array): Promise<{ loss: number; grad: Float64Array }>;
  /** Mean BCE at `params` (forward only). */
  loss(bits: Uint8Array): Promise<number>;
  close(): void;
}

function sab(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/**
 * `threads` (an integer ≥ 1) defaults to the number of cores, capped at the shard count
 * min(B, EVALUATOR_SHARDS); 1 runs everything on the calling thread. The numbers do not depend on it.
 */
export function createEvaluator(config: ModelConfig, B: number, options: { threads?: number } = {}): Evaluator {
  validateConfig(config);
  const { d, N } = config;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`B must be a positive integer (the batch size), got ${B}`);
  // Before: threads = NaN built an evaluator with no accumulator, 2.5 one whose last worker had none.
  if (options.threads !== undefined) assertInteger("threads", options.threads);
  const S = Math.min(B, EVALUATOR_SHARDS);
  const threads = Math.max(1, Math.min(S, options.threads ?? (os.availableParallelism?.() ?? os.cpus().length)));
  const buffers: SharedBuffers = {
    paramsBuf: sab(8 * paramCount(config)),
    sharedBuf: sab(8 * sharedSize(d, N)),
    bitsBuf: sab(B * (N + 1)),
    accBufs: Array.from({ length: S }, () => sab(8 * accumulatorSize(d, N))),
    lossBuf: sab(8 * S),
  };
  const ctx = threadContext(config, buffers);
  const { params, shared, losses } = ctx;
  const main = ctx.accs[0];
  const workers: Worker[] = [];
  for (let t = 1; t < threads; t++) {
    workers.push(spawnTsWorker(path.join(__dirname, "worker.ts"), { config, ...buffers }));
  }
  // Thread t's share: shards [floor(tS/T), floor((t+1)S/T)), and forward rows (no sums across rows there).
  const shardsOf = (t: number) => ({ shardFrom: Math.floor((t * S) / threads), shardTo: Math.floor(((t + 1) * S) / threads) });
  const rowsOf = (t: number) => ({ from: rowSplit(N, t, threads), to: rowSplit(N, t + 1, threads) });
  let nextId = 0;

  /** Runs one phase: job(t) on every thread t (this one is t = 0). */
  async function phase(job: (t: number) => Job): Promise<void> {
    const pending = workers.map((w, k) => request<{ value: number }>(w, { id: ++nextId, ...job(k + 1) }));
    try {
      runJob(ctx, job(0));
    } catch (e) {
      await Promise.allSettled(pending); // the workers' errors (likely the same) are answered here, not left unhandled
      throw e;
    }
    await Promise.all(pending);
  }

  // The attention parts depend on the parameters only: recompute them only when those changed
  // (the test loss after an update and the next step's gradient share them).
  const sharedFor = new Float64Array(params.data.length).fill(NaN);
  const refreshShared = async () => {
    const p = params.data;
    for (let i = 0; i < p.length; i++) {
      if (p[i] !== sharedFor[i]) {
        attentionPositions(params, shared);
        await phase((t) => ({ kind: "rows", ...rowsOf(t) }));
        sharedFor.set(p);
        return;
      }
    }
  };

  /** Adds every other shard's accumulator into shard 0's over [from, to), in shard order. */
  const sumInto = (from: number, to: number) => {
    const m = main.data;
    for (let k = 1; k < ctx.accs.length; k++) {
      const a = ctx.accs[k].data;
      for (let i = from; i < to; i++) m[i] += a[i];
    }
  };

  async function run(bits: Uint8Array, withGrad: boolean): Promise<number> {
    validateBatch(bits, B, N);
    workers.forEach((w) => w.ref());
    try {
      await refreshShared();
      ctx.bits.set(bits);
      const scale = 1 / (B * N);
      await phase((t) => ({ kind: "sequences", grad: withGrad, scale, B, ...shardsOf(t) }));
      let sum = 0;
      for (let s = 0; s < S; s++) sum += losses[s];
      if (withGrad) {
        sumInto(main.sumEnd, main.baselineEnd); // D^x, r^x: the batch sums the rows need
        await phase((t) => ({ kind: "rowsBackward", ...shardsOf(t) }));
        sumInto(0, main.sumEnd);
        attentionFinish(params, shared, main.shared, main.g);
      }
      return sum / (B * N);
    } finally {
      workers.forEach((w) => w.unref());
    }
  }
  return {
    config,
    B,
    params,
    async gradient(bits) {
      const loss = await run(bits, true);
      return { loss, grad: main.g.data };
    },
    loss(bits) {
      return run(bits, false);
    },
    close() {
      for (const w of workers) stopWorker(w, "the evaluator was closed while a step ran");
      workers.length = 0;
    },
  };
}
