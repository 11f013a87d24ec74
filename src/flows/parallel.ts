/**
 * Many starts of one flow, integrated in parallel on every core (worker threads), with progress.
 *
 * The pool starts on first use and is reused by later calls (its threads do not keep the
 * process alive); see src/runtime/workers.ts for how they load the TypeScript source.
 *
 * @example
 * const grid = Float64Array.from([0.5, -1, 1, -0.5, 2, -2]); // (e, w) pairs
 * const r = await integrateMany({ kind: "canonical", p: 0.9, q: 0.9 }, grid, 2, { rtol: 1e-8, atol: 1e-12 });
 * r.outcomes; // ["converged", …]
 */
import * as os from "os";
import * as path from "path";
import { assertInteger } from "../runtime/validate";
import { WorkerPool } from "../runtime/workers";
import { BatchResult, OUTCOMES, integrateBatch } from "./batch";
import { FieldSpec, fieldModule } from "./fields";
import { type AdaptiveOptions, type Outcome, checkAdaptiveOptions } from "./ode";

export interface ManyResult {
  ends: Float64Array;
  outcomes: Outcome[];
  times: Float64Array;
  steps: Uint32Array;
  seconds: number;
}

export interface ManyOptions extends AdaptiveOptions {
  /** Worker threads, an integer ≥ 0 (default: one per core; 0 runs on the calling thread). */
  workers?: number;
  /** Called as batches finish: (starts done, total). */
  onProgress?: (done: number, total: number) => void;
}

const pool = new WorkerPool(path.join(__dirname, "worker.ts"));

/** Stops the worker threads (a later call starts new ones). */
export function closePool(): void {
  pool.close();
}

export async function integrateMany(spec: FieldSpec, starts: Float64Array, dim: number, options: ManyOptions = {}): Promise<ManyResult> {
  const t0 = Date.now();
  // Everything is checked here, once: a bad option would otherwise fail inside every worker, and a
  // NaN or negative worker count started no thread and returned zeros labelled "converged".
  assertInteger("dim", dim);
  if (starts.length % dim !== 0) throw new RangeError(`starts has ${starts.length} numbers, not a multiple of dim = ${dim}`);
  for (let i = 0; i < starts.length; i++) if (!Number.isFinite(starts[i])) throw new RangeError(`starts[${i}] must be a finite number (start ${Math.floor(i / dim)}), got ${starts[i]}`);
  const { workers: requested, onProgress, ...ode } = options;
  if (requested !== undefined) assertInteger("workers", requested, 0);
  if (onProgress !== undefined && typeof onProgress !== "function") throw new TypeError(`onProgress must be a function, got ${typeof onProgress}`);
  checkAdaptiveOptions(ode);
  const module = fieldModule(spec); // also: an unknown kind fails here, before any thread starts
  const n = starts.length / dim;
  const size = requested ?? os.availableParallelism?.() ?? os.cpus().length;
  const out = { ends: new Float64Array(n * dim), outcomes: new Uint8Array(n), times: new Float64Array(n), steps: new Uint32Array(n) };
  const place = (from: number, r: BatchResult) => {
    out.ends.set(r.ends, from * dim);
    out.outcomes.set(r.outcomes, from);
    out.times.set(r.times, from);
    out.steps.set(r.steps, from);
  };
  if (size === 0 || n < 32) {
    const chunk = Math.max(1, Math.ceil(n / 20));
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      place(i, integrateBatch(spec, starts.slice(i * dim, (i + m) * dim), dim, ode));
      onProgress?.(i + m, n);
    }
  } else {
    const chunk = Math.max(8, Math.ceil(n / (size * 16)));
    const froms: number[] = [];
    for (let i = 0; i < n; i += chunk) froms.push(i);
    let done = 0;
    await pool.map<number, BatchResult>(
      size,
      froms,
      (from) => {
        const batch = starts.slice(from * dim, Math.min(n, from + chunk) * dim);
        return { msg: { spec, module, starts: batch, dim, options: ode }, transfer: [batch.buffer as ArrayBuffer] };
      },
      (from, r) => {
        place(from, r);
        done += Math.min(chunk, n - from);
        onProgress?.(done, n);
      },
    );
  }
  return { ends: out.ends, outcomes: Array.from(out.outcomes, (k) => OUTCOMES[k]), times: out.times, steps: out.steps, seconds: (Date.now() - t0) / 1000 };
}
