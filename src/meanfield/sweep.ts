/**
 * Many independent runs spread over worker threads (one per core by default), longest first,
 * results in the order of the specs. The pool starts on first use and is reused (its threads do
 * not keep the process alive); see src/runtime/workers.ts.
 *
 * @example
 * const results = await runMeanFieldMany(specs, { onProgress: (d, n) => bar.update(d, n) });
 */
import * as os from "os";
import * as path from "path";
import type { Worker } from "worker_threads";
import { request, spawnTsWorker } from "../runtime/workers";
import { cached } from "../runtime/cache";
import type { MeanFieldRunResult, MeanFieldRunSpec } from "./run";
import { MEANFIELD_VERSION, runCost, runMeanField } from "./run";

let pool: Worker[] = [];

/** Stops the worker threads. */
export function closeMeanFieldPool(): void {
  for (const w of pool) void w.terminate();
  pool = [];
}

function getPool(size: number): Worker[] {
  if (pool.length === size) return pool;
  closeMeanFieldPool();
  pool = Array.from({ length: size }, () => spawnTsWorker(path.join(__dirname, "worker.ts")));
  return pool;
}

let nextId = 0;

export async function runMeanFieldMany(
  specs: readonly MeanFieldRunSpec[],
  options: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<MeanFieldRunResult[]> {
  const size = options.workers ?? os.availableParallelism?.() ?? os.cpus().length;
  const out: MeanFieldRunResult[] = new Array(specs.length);
  const order = specs.map((_, i) => i).sort((a, b) => runCost(specs[b]) - runCost(specs[a]));
  let done = 0;
  if (size === 0 || specs.length === 1) {
    for (const i of order) {
      out[i] = runMeanField(specs[i]);
      options.onProgress?.(++done, specs.length);
    }
    return out;
  }
  const workers = getPool(size);
  await Promise.all(
    workers.map(async (w) => {
      w.ref();
      try {
        while (order.length) {
          const i = order.shift() as number;
          const reply = await request<{ result: MeanFieldRunResult }>(w, { id: ++nextId, spec: specs[i] });
          out[i] = reply.result;
          options.onProgress?.(++done, specs.length);
        }
      } finally {
        w.unref();
      }
    }),
  );
  return out;
}

/**
 * A named sweep: runs the specs (or, with `cache`, draws them from data/cache/, keyed by the whole
 * list of specs and MEANFIELD_VERSION) and reports whether they came from the cache and how long
 * the computation took when it ran.
 */
export async function meanFieldStudy(
  name: string,
  specs: readonly MeanFieldRunSpec[],
  options: { cache?: boolean; workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ runs: MeanFieldRunResult[]; fromCache: boolean; seconds: number }> {
  const compute = async () => {
    const t0 = Date.now();
    const runs = await runMeanFieldMany(specs, options);
    return { runs, seconds: (Date.now() - t0) / 1000 };
  };
  if (!options.cache) return { ...(await compute()), fromCache: false };
  const r = await cached(`meanfield-${name}`, { version: MEANFIELD_VERSION, specs }, compute);
  if (r.fromCache) options.onProgress?.(specs.length, specs.length);
  return { ...r.value, fromCache: r.fromCache };
}
