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
  return w;
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
 * Sends `msg` and resolves with the first reply carrying the same `id` (rejects on a worker error,
 * with its class and message). Rejects with `Interrupted` at Kernel > Interrupt (or at once when
 * one came after `born`), and with an error naming the exit code when the thread exits first.
 */
export function request<T>(
  worker: Worker,
  msg: { id: number } & Record<string, unknown>,
  transfer: ArrayBuffer[] = [],
  born: number = interruptGeneration(),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (interruptedSince(born)) return reject(new Interrupted());
    const stop = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      offInterrupt();
    };
    const onMessage = (reply: { id: number } & Partial<ErrorReply> & Record<string, unknown>) => {
      if (reply.id !== msg.id) return;
      stop();
      if (reply.error) reject(rebuildError(reply as ErrorReply));
      else resolve(reply as unknown as T);
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    const onExit = (code: number) => {
      stop();
      reject(interruptedSince(born) ? new Interrupted() : new Error(`a worker thread exited (code ${code}) before answering`));
    };
    const offInterrupt = onInterrupt(() => {
      stop();
      reject(new Interrupted());
    });
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

  /** Stops the threads (a later `map` starts new ones). */
  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers = [];
  }

  async map<T, R>(
    size: number,
    tasks: readonly T[],
    message: (task: T) => { msg: Record<string, unknown>; transfer?: ArrayBuffer[] },
    onResult: (task: T, result: R) => void,
  ): Promise<void> {
    if (this.workers.length !== size) {
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
            const reply = await request<{ result: R }>(worker, { ...msg, id: ++this.nextId }, transfer, born);
            onResult(task, reply.result);
          }
        } finally {
          worker.unref();
        }
      }),
    );
  }
}
