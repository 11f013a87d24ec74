/**
 * Worker-thread side of the evaluator: runs its slice of the batch into its own accumulator,
 * reading parameters, attention parts and bits from shared memory. Started by src/workers/spawn.ts.
 */
import { parentPort, workerData } from "worker_threads";
import { allocateShared } from "../model/attention";
import { createAccumulator } from "../model/batch";
import { ModelConfig, createParams } from "../model/params";
import { allocateWorkspace, sequencePass } from "../model/sequence";

const { config, paramsBuf, sharedBuf, bitsBuf, accBuf } = workerData as {
  config: ModelConfig;
  paramsBuf: SharedArrayBuffer;
  sharedBuf: SharedArrayBuffer;
  bitsBuf: SharedArrayBuffer;
  accBuf: SharedArrayBuffer;
};
const { d, N } = config;
const params = createParams(config, new Float64Array(paramsBuf));
const shared = allocateShared(d, N, new Float64Array(sharedBuf));
const bits = new Uint8Array(bitsBuf);
const acc = createAccumulator(d, N, new Float64Array(accBuf));
const ws = allocateWorkspace(d, N);

parentPort?.on("message", (msg: { id: number; from: number; count: number; grad: boolean; scale: number }) => {
  try {
    if (msg.grad) acc.data.fill(0);
    let loss = 0;
    for (let s = msg.from; s < msg.from + msg.count; s++) {
      loss += sequencePass(params, shared, bits, s * (N + 1), ws, msg.grad ? { g: acc.g, shared: acc.shared, scale: msg.scale } : null);
    }
    parentPort?.postMessage({ id: msg.id, loss });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: String((e as Error)?.stack ?? e) });
  }
});
