/**
 * Worker threads that run this project's TypeScript source directly: the thread loads its entry
 * through tsx's scoped CommonJS `require` (no global hooks), so the same code runs in a notebook
 * kernel (tslab), in vitest and from the command line, with no build step.
 *
 * The thread does not keep the process alive (`unref`); callers `ref()` it while work is in
 * flight.
 *
 * @example
 * const w = spawnTsWorker(path.join(__dirname, "worker.ts"), { some: "data" });
 */
import { Worker } from "worker_threads";
import { Interrupted, interruptGeneration, interruptedSince, onInterrupt } from "./interrupt";

const BOOTSTRAP = `const { workerData } = require("worker_threads");
require("tsx/cjs/api").require(workerData.__entry, workerData.__entry);`;

export function spawnTsWorker(entry: string, data: Record<string, unknown> = {}): Worker {
  const w = new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, __entry: entry } });
  w.unref();
  w.once("exit", (code) => {
    if (!exitCauses.has(w)) exitCauses.set(w, `the worker thread exited with code ${code} (it crashed, or code it ran called process.exit)`);
  });
  return w;
}

/** Why each stopped worker stopped, for the requests it still held. */
const exitCauses = new WeakMap<Worker, string>();

/**
 * Stops a worker, recording `cause` so that every request it still holds rejects with it (instead of
 * staying pending forever, as with closePool() during integrateMany before).
 */
export function stopWorker(w: Worker, cause: string): void {
  if (!exitCauses.has(w)) exitCauses.set(w, cause);
  void w.terminate();
}

/** True once a worker has exited (or was stopped): it can take no more requests. */
export function workerGone(w: Worker): boolean {
  return exitCauses.has(w);
}

/** What a worker posts back when a job throws (see `errorReply`). */
export interface ErrorReply {
  /** The worker-side stack (or the thrown value as text). */
  error: string;
  errorName?: string;
  errorMessage?: string;
}

/**
 * The reply a worker posts for a job that threw: the stack, plus the error's class and message so the
 * calling thread can rethrow the same kind of error with the same message (one that names the bad
 * argument) rather than an Error whose message is a stack trace.
 *
 * @example
 * try { run(job); } catch (e) { port.postMessage({ id, ...errorReply(e) }); }
 */
export function errorReply(e: unknown): ErrorReply {
  if (e instanceof Error) return { error: String(e.stack ?? e), errorName: e.name, errorMessage: e.message };
  return { error: String(e) };
}

function rebuildError(reply: ErrorReply): Error {
  if (reply.errorMessage === undefined) return new Error(reply.error);
  const Kind = reply.errorName === "RangeError" ? RangeError : reply.errorName === "TypeError" ? TypeError : Error;
  const err = new Kind(reply.errorMessage);
  err.stack = `${err.name}: ${reply.errorMessage}\n    (in a worker thread)\n${reply.error}`;
  return err;
}

/**
 * Sends `msg` and resolves with the first reply carrying the same `id`. Rejects on a worker error (with
 * its class and message); with `Interrupted` at Kernel > Interrupt (or at once when one came after
 * `born`); and when the worker exits or is stopped before replying, with the cause (its exit code, or
 * who stopped it) — never stays pending.
 */
export function request<T>(
  worker: Worker,
  msg: { id: number } & Record<string, unknown>,
  transfer: ArrayBuffer[] = [],
  born: number = interruptGeneration(),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (interruptedSince(born)) return reject(new Interrupted());
    const settle = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      offInterrupt();
    };
    const onMessage = (reply: { id: number } & Partial<ErrorReply> & Record<string, unknown>) => {
      if (reply.id !== msg.id) return;
      settle();
      if (reply.error) reject(rebuildError(reply as ErrorReply));
      else resolve(reply as unknown as T);
    };
    const onError = (e: Error) => {
      settle();
      reject(e);
    };
    const onExit = (code: number) => {
      settle();
      if (interruptedSince(born)) return reject(new Interrupted());
      const cause = exitCauses.get(worker) ?? `the worker thread exited with code ${code}`;
      reject(new Error(`a worker request (id ${msg.id}) got no reply: ${cause}`));
    };
    const offInterrupt = onInterrupt(() => {
      settle();
      reject(new Interrupted());
    });
    if (workerGone(worker)) {
      settle();
      reject(new Error(`a worker request (id ${msg.id}) was sent to a stopped worker: ${exitCauses.get(worker)}`));
      return;
    }
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(msg, transfer);
  });
}

/**
 * A pool of worker threads that all run one entry, started on first use and reused by later calls
 * (restarted only when the size asked for changes). `map` hands the tasks, in order, to whichever
 * thread is free, and keeps each thread referenced only while a task of it is in flight, so an
 * idle pool never keeps the process alive. Kernel > Interrupt stops its threads at once (the map
 * rejects with `Interrupted`; the next map starts new threads).
 *
 * The entry answers each message `{ id, …msg }` with `{ id, result }` (or `errorReply(e)`).
 *
 * @example
 * const pool = new WorkerPool(path.join(__dirname, "worker.ts"));
 * await pool.map(2, specs, (spec) => ({ msg: { spec } }), (spec, result) => keep(spec, result));
 * pool.close();
 */
export class WorkerPool {
  private workers: Worker[] = [];
  private nextId = 0;

  constructor(private readonly entry: string) {}

  /** Stops the threads (a later `map` starts new ones); a `map` in flight rejects, saying the pool was closed. */
  close(): void {
    for (const w of this.workers) stopWorker(w, "the worker pool was closed (closePool()) while the request ran");
    this.workers = [];
  }

  async map<T, R>(
    size: number,
    tasks: readonly T[],
    message: (task: T) => { msg: Record<string, unknown>; transfer?: ArrayBuffer[] },
    onResult: (task: T, result: R) => void,
  ): Promise<void> {
    // A pool with a dead thread (one that crashed or exited) is started afresh.
    if (this.workers.length !== size || this.workers.some(workerGone)) {
      this.close();
      this.workers = Array.from({ length: size }, () => spawnTsWorker(this.entry));
    }
    const queue = [...tasks];
    const born = interruptGeneration();
    const offInterrupt = onInterrupt(() => this.close());
    try {
      await this.run(born, queue, message, onResult);
    } finally {
      offInterrupt();
    }
  }

  private async run<T, R>(
    born: number,
    queue: T[],
    message: (task: T) => { msg: Record<string, unknown>; transfer?: ArrayBuffer[] },
    onResult: (task: T, result: R) => void,
  ): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        worker.ref();
        try {
          while (queue.length) {
            const task = queue.shift() as T;
            const { msg, transfer } = message(task);
            let reply: { result: R };
            try {
              reply = await request<{ result: R }>(worker, { ...msg, id: ++this.nextId }, transfer, born);
            } catch (e) {
              queue.length = 0; // the other threads stop after their current task: the map has failed
              throw e;
            }
            onResult(task, reply.result);
          }
        } finally {
          worker.unref();
        }
      }),
    );
  }
}
