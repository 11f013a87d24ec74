/**
 * Worker-thread side of `integrateMany`: receives batches of starts, integrates them, sends back
 * the packed results (buffers transferred, not copied). Started by src/runtime/workers.ts.
 */
import { parentPort } from "worker_threads";
import { errorReply } from "../runtime/workers";
import { integrateBatch } from "./batch";
import type { FieldSpec } from "./fields";
import type { AdaptiveOptions } from "./ode";

export interface BatchRequest {
  id: number;
  spec: FieldSpec;
  /** The module that registers spec.kind (loaded on first use in this thread). */
  module: string;
  starts: Float64Array;
  dim: number;
  options: AdaptiveOptions;
}

parentPort?.on("message", (req: BatchRequest) => {
  try {
    const r = integrateBatch(req.spec, req.starts, req.dim, req.options, req.module);
    parentPort?.postMessage({ id: req.id, result: r }, [r.ends.buffer as ArrayBuffer, r.outcomes.buffer as ArrayBuffer, r.times.buffer as ArrayBuffer, r.steps.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ id: req.id, ...errorReply(e) });
  }
});
