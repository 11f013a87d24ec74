/**
 * Worker-thread entry for `meanFieldTeam`: one share of the prompts. It announces itself once, then
 * sleeps on the control word; each new generation it reads Θ from shared memory, writes its risk and
 * gradient to shared memory and marks the generation done. A throw is reported as a NaN risk (the
 * caller names the worker).
 */
import { parentPort, workerData } from "worker_threads";
import { meanFieldModel, meanFieldRiskAndGradient } from "./model";
import type { TeamWorkerData } from "./team";

const { shape, sample, control, params, results, index, workers } = workerData as TeamWorkerData;
const ctl = new Int32Array(control), θ = new Float64Array(params), out = new Float64Array(results);
const size = θ.length;
const grad = out.subarray(index * size, (index + 1) * size);
const model = meanFieldModel(shape, sample);
parentPort?.postMessage("ready");
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  const generation = Atomics.load(ctl, 0);
  if (generation < 0) break;
  if (generation === seen) continue;
  seen = generation;
  try {
    out[size * workers + index] = meanFieldRiskAndGradient(model, θ, grad);
  } catch {
    out[size * workers + index] = NaN;
  }
  Atomics.store(ctl, 1 + index, generation);
  Atomics.notify(ctl, 1 + index);
}
