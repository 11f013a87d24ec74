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

const BOOTSTRAP = `const { workerData } = require("worker_threads");
require("tsx/cjs/api").require(workerData.__entry, workerData.__entry);`;

export function spawnTsWorker(entry: string, data: Record<string, unknown> = {}): Worker {
  const w = new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, __entry: entry } });
  w.unref();
  return w;
}

/** Sends `msg` and resolves with the first reply carrying the same `id` (rejects on a worker error). */
export function request<T>(worker: Worker, msg: { id: number } & Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (reply: { id: number; error?: string } & Record<string, unknown>) => {
      if (reply.id !== msg.id) return;
      worker.off("message", onMessage);
      worker.off("error", onError);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply as unknown as T);
    };
    const onError = (e: Error) => {
      worker.off("message", onMessage);
      reject(e);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.postMessage(msg, transfer);
  });
}
