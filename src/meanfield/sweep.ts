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
import { WorkerPool } from "../runtime/workers";
import { cached } from "../runtime/cache";
import type { MeanFieldRunResult, MeanFieldRunSpec } from "./run";
import { MEANFIELD_VERSION, runCost, runMeanField } from "./run";

const pool = new WorkerPool(path.join(__dirname, "worker.ts"));

/** Stops the worker threads. */
export function closeMeanFieldPool(): void {
  pool.close();
}

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
  await pool.map<number, MeanFieldRunResult>(
    size,
    order,
    (i) => ({ msg: { spec: specs[i] } }),
    (i, result) => {
      out[i] = result;
      options.onProgress?.(++done, specs.length);
    },
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
