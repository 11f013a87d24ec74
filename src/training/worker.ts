/**
 * Worker-thread side of the evaluator: runs its share of each phase (thread-share.ts) and
 * answers with the result. Started by src/runtime/workers.ts.
 */
import { parentPort, workerData } from "worker_threads";
import type { ModelConfig } from "../model/params";
import { errorReply } from "../runtime/workers";
import { Job, SharedBuffers, runJob, threadContext } from "./thread-share";

const data = workerData as (SharedBuffers & { config: ModelConfig }) | null;

if (parentPort && data) {
  const port = parentPort;
  const ctx = threadContext(data.config, data);
  port.on("message", (msg: { id: number } & Job) => {
    try {
      runJob(ctx, msg);
      port.postMessage({ id: msg.id, value: 0 });
    } catch (e) {
      port.postMessage({ id: msg.id, ...errorReply(e) });
    }
  });
}
