/**
 * Loss and gradient of the transformer on a batch, spread over every core.
 *
 * Parameters, the per-step attention parts and the batch live in SharedArrayBuffers: the calling
 * thread computes the shared attention parts once, each thread runs its slice of the batch into
 * its own accumulator, and the calling thread sums them and finishes the shared backward pass.
 * The result equals `batchLossAndGradient` (serial) up to the order of floating-point sums.
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
import { allocateShared, attentionShared, attentionSharedBackward, sharedSize } from "../model/attention";
import { Accumulator, accumulatorSize, createAccumulator, validateBatch } from "../model/batch";
import { ModelConfig, Params, createParams, paramCount, validateConfig } from "../model/params";
import { allocateWorkspace, sequencePass } from "../model/sequence";
import { request, spawnTsWorker } from "../workers/spawn";

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

/** `threads` defaults to the number of cores; 1 runs everything on the calling thread. */
export function createEvaluator(config: ModelConfig, B: number, options: { threads?: number } = {}): Evaluator {
  validateConfig(config);
  const { d, N } = config;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`batch size B must be a positive integer, got ${B}`);
  const threads = Math.max(1, Math.min(B, options.threads ?? (os.availableParallelism?.() ?? os.cpus().length)));
  const paramsBuf = sab(8 * paramCount(config));
  const sharedBuf = sab(8 * sharedSize(d, N));
  const bitsBuf = sab(B * (N + 1));
  const params = createParams(config, new Float64Array(paramsBuf));
  const shared = allocateShared(d, N, new Float64Array(sharedBuf));
  const bitsView = new Uint8Array(bitsBuf);
  const main: Accumulator = createAccumulator(d, N);
  const ws = allocateWorkspace(d, N);
  const workerAccs: Float64Array[] = [];
  const workers: Worker[] = [];
  for (let t = 1; t < threads; t++) {
    const accBuf = sab(8 * accumulatorSize(d, N));
    workerAccs.push(new Float64Array(accBuf));
    workers.push(spawnTsWorker(path.join(__dirname, "worker.ts"), { config, paramsBuf, sharedBuf, bitsBuf, accBuf }));
  }
  // Sequences per thread: as even as possible.
  const slices = Array.from({ length: threads }, (_, t) => {
    const from = Math.floor((t * B) / threads);
    return { from, count: Math.floor(((t + 1) * B) / threads) - from };
  });
  let nextId = 0;
  // The attention parts depend on the parameters only: recompute them only when those changed
  // (the test loss after an update and the next step's gradient share them).
  const sharedFor = new Float64Array(params.data.length).fill(NaN);
  const refreshShared = () => {
    const p = params.data;
    for (let i = 0; i < p.length; i++) {
      if (p[i] !== sharedFor[i]) {
        attentionShared(params, shared);
        sharedFor.set(p);
        return;
      }
    }
  };

  async function run(bits: Uint8Array, withGrad: boolean): Promise<number> {
    validateBatch(bits, B, N);
    bitsView.set(bits);
    refreshShared();
    const scale = 1 / (B * N);
    workers.forEach((w) => w.ref());
    try {
      const pending = workers.map((w, k) => request<{ loss: number }>(w, { id: ++nextId, grad: withGrad, scale, ...slices[k + 1] }));
      if (withGrad) main.data.fill(0);
      let sum = 0;
      const mine = slices[0];
      for (let s = mine.from; s < mine.from + mine.count; s++) {
        sum += sequencePass(params, shared, bitsView, s * (N + 1), ws, withGrad ? { g: main.g, shared: main.shared, scale } : null);
      }
      for (const r of await Promise.all(pending)) sum += r.loss;
      if (withGrad) {
        for (const acc of workerAccs) {
          const m = main.data;
          for (let i = 0; i < m.length; i++) m[i] += acc[i];
        }
        attentionSharedBackward(params, shared, main.shared, main.g);
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
      for (const w of workers) void w.terminate();
      workers.length = 0;
    },
  };
}
