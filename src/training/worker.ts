/**
 * Worker-thread side of the evaluator: runs its share of each phase (attention rows, sequences,
 * attention rows backward), reading parameters, attention parts and bits from shared memory and
 * writing into its own accumulator. Started by src/workers/spawn.ts.
 */
import { parentPort, workerData } from "worker_threads";
import { allocateShared, attentionRows, attentionRowsBackward } from "../model/attention";
import { createAccumulator } from "../model/batch";
import { ModelConfig, createParams } from "../model/params";
import { allocateWorkspace, sequencePass } from "../model/sequence";

/** One phase's share for this thread. */
export type Job =
  | { kind: "rows"; from: number; to: number }
  | { kind: "sequences"; from: number; count: number; grad: boolean; scale: number }
  | { kind: "rowsBackward"; from: number; to: number };

const data = workerData as {
  config: ModelConfig;
  paramsBuf: SharedArrayBuffer;
  sharedBuf: SharedArrayBuffer;
  bitsBuf: SharedArrayBuffer;
  accBufs: SharedArrayBuffer[];
  index: number;
} | null;

if (parentPort && data) {
  const port = parentPort;
  const { d, N } = data.config;
  const params = createParams(data.config, new Float64Array(data.paramsBuf));
  const shared = allocateShared(d, N, new Float64Array(data.sharedBuf));
  const bits = new Uint8Array(data.bitsBuf);
  const accs = data.accBufs.map((b) => createAccumulator(d, N, new Float64Array(b)));
  const acc = accs[data.index];
  const parts = accs.map((a) => a.shared);
  const ws = allocateWorkspace(d, N);

  port.on("message", (msg: { id: number } & Job) => {
    try {
      let value = 0;
      if (msg.kind === "rows") attentionRows(shared, msg.from, msg.to);
      else if (msg.kind === "rowsBackward") attentionRowsBackward(shared, parts, parts[0], acc.shared, msg.from, msg.to);
      else {
        if (msg.grad) acc.data.fill(0);
        for (let s = msg.from; s < msg.from + msg.count; s++) {
          value += sequencePass(params, shared, bits, s * (N + 1), ws, msg.grad ? { g: acc.g, shared: acc.shared, scale: msg.scale } : null);
        }
      }
      port.postMessage({ id: msg.id, value });
    } catch (e) {
      port.postMessage({ id: msg.id, error: String((e as Error)?.stack ?? e) });
    }
  });
}
