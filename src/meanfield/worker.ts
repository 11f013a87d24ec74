/** Worker-thread entry for `runMeanFieldMany`: runs one spec per message. */
import { parentPort } from "worker_threads";
import { errorReply } from "../runtime/workers";
import type { MeanFieldRunSpec } from "./run";
import { runMeanField } from "./run";

parentPort?.on("message", (msg: { id: number; spec: MeanFieldRunSpec }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: runMeanField(msg.spec) });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, ...errorReply(e) });
  }
});
