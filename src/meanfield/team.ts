/**
 * One training step's R̂ and ∇R̂ computed by several threads at once. The prompts are cut into
 * S = min(n, TEAM_SHARDS) contiguous shards whatever the thread count; R̂ is a mean over prompts
 * (Gao et al., §2), so with shards of n_k prompts
 *   R̂ = Σ_k (n_k/n) R̂_k,   ∇R̂ = Σ_k (n_k/n) ∇R̂_k,
 * added in shard order. Each thread computes a contiguous run of shards (the calling thread the
 * first), each shard with its own model, so the result is the same, bit for bit, on any number of
 * threads. Θ goes to the workers and their gradients come back through shared memory, and the
 * threads meet through Atomics, not messages, so a step stays a synchronous call (~20 µs of
 * overhead here): the flow and the benchmark use it like `meanFieldVelocity`. Results differ from
 * `meanFieldRiskAndGradient` on the whole sample only by rounding (the sum is grouped by shard).
 *
 * @example
 * const team = await meanFieldTeam(shape, sample, { threads: 2 });
 * const [Q, E] = team.velocity(θ, 1e-3, v);   // as meanFieldVelocity(model, θ, 1e-3, v)
 * team.close();
 */
import * as os from "os";
import * as path from "path";
import type { Worker } from "worker_threads";
import { spawnTsWorker } from "../runtime/workers";
import { assertInteger } from "../runtime/validate";
import type { IcrSample } from "./data";
import { assertIcrSample, promptRange } from "./data";
import { velocityFromGradient } from "./flow";
import { meanFieldModel, meanFieldRiskAndGradient } from "./model";
import type { MeanFieldShape } from "./shape";
import { assertMeanFieldParams, meanFieldParameterCount } from "./shape";

export interface MeanFieldTeam {
  readonly threads: number;
  /** R̂(Θ) over the whole sample, ∂R̂/∂Θ written into `grad` (as meanFieldRiskAndGradient). */
  riskAndGradient(params: Float64Array, grad: Float64Array): number;
  /** v = ML ∇R̂ + λΘ; returns [Q̂, E] (as meanFieldVelocity). */
  velocity(params: Float64Array, lambda: number, v: Float64Array): [number, number];
  /** Stops the worker threads (the team cannot be used afterwards). */
  close(): void;
}

/** The most shards (and so threads) a team cuts the prompts into; fixed so results never depend on the machine. */
export const TEAM_SHARDS = 8;

/** What a worker thread receives (see team-worker.ts). */
export interface TeamWorkerData {
  [key: string]: unknown;
  shape: MeanFieldShape;
  /** This worker's shards: their indices and samples. */
  shards: number[];
  samples: IcrSample[];
  /** [0]: step generation (−1: stop); [1 + w]: the last generation worker w finished. */
  control: SharedArrayBuffer;
  params: SharedArrayBuffer;
  /** Shard s's gradient at s·|Θ| and its risk at the end, |Θ|·S + s. */
  results: SharedArrayBuffer;
  index: number;
  /** S, the number of shards. */
  shardCount: number;
}

/** A worker that has not finished a step in this long is taken to be dead. */
const STEP_TIMEOUT_MS = 600_000;

/**
 * Starts a team of `threads` (default: one per core, at most S = min(n, TEAM_SHARDS)) for a shape and
 * a training sample. Throws a RangeError naming `threads` unless it is an integer in [1, S].
 */
export async function meanFieldTeam(shape: MeanFieldShape, sample: IcrSample, options: { threads?: number } = {}): Promise<MeanFieldTeam> {
  assertIcrSample(sample);
  const S = Math.min(sample.n, TEAM_SHARDS);
  const threads = assertInteger("threads", options.threads ?? Math.min(S, os.availableParallelism?.() ?? os.cpus().length), 1, S);
  const size = meanFieldParameterCount(shape), workers = threads - 1;
  const bounds = Array.from({ length: S + 1 }, (_, k) => Math.round((k * sample.n) / S));
  const shard = (k: number) => promptRange(sample, bounds[k], bounds[k + 1]);
  // Thread t computes shards [first(t), first(t + 1)).
  const first = (t: number) => Math.floor((t * S) / threads);
  const range = (t: number) => Array.from({ length: first(t + 1) - first(t) }, (_, i) => first(t) + i);
  const own = range(0).map((k) => ({ k, model: meanFieldModel(shape, shard(k)) }));
  const control = new SharedArrayBuffer(4 * (1 + workers));
  const params = new SharedArrayBuffer(8 * size), results = new SharedArrayBuffer(8 * (size + 1) * S);
  const ctl = new Int32Array(control), θ = new Float64Array(params), out = new Float64Array(results);
  const pool: Worker[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      const shards = range(w + 1);
      const data: TeamWorkerData = { shape, shards, samples: shards.map(shard), control, params, results, index: w, shardCount: S };
      const worker = spawnTsWorker(path.join(__dirname, "team-worker.ts"), data);
      pool.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`mean-field team: worker ${w + 1} exited with code ${code} while starting`)));
      });
    }
  } catch (e) {
    for (const worker of pool) void worker.terminate();
    throw e;
  }
  let generation = 0, closed = false;
  const weight = (k: number) => (bounds[k + 1] - bounds[k]) / sample.n;

  const riskAndGradient = (p: Float64Array, grad: Float64Array): number => {
    if (closed) throw new Error("this mean-field team was closed");
    if (p.length !== size) assertMeanFieldParams(shape, p);
    if (grad.length !== size) throw new RangeError(`grad has ${grad.length} numbers; the shape needs ${size}`);
    θ.set(p);
    generation++;
    Atomics.store(ctl, 0, generation);
    Atomics.notify(ctl, 0);
    for (const { k, model } of own) out[size * S + k] = meanFieldRiskAndGradient(model, θ, out.subarray(k * size, (k + 1) * size));
    for (let w = 0; w < workers; w++) {
      while (Atomics.load(ctl, 1 + w) !== generation) {
        const mark = Atomics.load(ctl, 1 + w);
        if (mark < 0) {
          closed = true;
          throw new Error(`mean-field team: worker ${w + 1} exited with code ${-1 - mark} during a step; the team is closed`);
        }
        if (Atomics.wait(ctl, 1 + w, generation - 1, STEP_TIMEOUT_MS) === "timed-out") {
          throw new Error(`mean-field team: worker ${w + 1} did not finish a step within ${STEP_TIMEOUT_MS / 1000} s`);
        }
      }
    }
    // The fixed-order reduction: shard 0, 1, …, S − 1, whoever computed them.
    let risk = 0;
    for (let k = 0; k < S; k++) {
      const r = out[size * S + k];
      if (!Number.isFinite(r)) throw new Error(`mean-field team: shard ${k} (prompts ${bounds[k]}–${bounds[k + 1] - 1}) returned risk ${r}`);
      const wk = weight(k), base = k * size;
      risk += wk * r;
      if (k === 0) for (let i = 0; i < size; i++) grad[i] = wk * out[i];
      else for (let i = 0; i < size; i++) grad[i] += wk * out[base + i];
    }
    return risk;
  };

  return {
    threads,
    riskAndGradient,
    velocity(p, lambda, v) {
      return velocityFromGradient(shape.M * shape.L, riskAndGradient(p, v), p, lambda, v);
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctl, 0, -1);
      Atomics.notify(ctl, 0);
      for (const worker of pool) void worker.terminate();
    },
  };
}
