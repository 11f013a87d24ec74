/**
 * Worker-thread entry for `meanFieldTeam`: a run of shards of the prompts. It announces itself once,
 * then sleeps on the control word; each new generation it reads Θ from shared memory, writes each
 * shard's risk and gradient to shared memory and marks the generation done. A throw is reported as
 * a NaN risk (the caller names the shard).
 */
import { parentPort, workerData } from "worker_threads";
import { meanFieldModel, meanFieldRiskAndGradient } from "./model";
import type { TeamWorkerData } from "./team";

const { shape, shards, samples, control, params, results, index, shardCount } = workerData as TeamWorkerData;
const ctl = new Int32Array(control), θ = new Float64Array(params), out = new Float64Array(results);
const size = θ.length;
const mine = shards.map((k, i) => ({ k, model: meanFieldModel(shape, samples[i]), grad: out.subarray(k * size, (k + 1) * size) }));
// A thread that exits (process.exit in code it runs) marks its slot −1 − code, so the calling thread,
// asleep in Atomics.wait, wakes and names it instead of waiting out STEP_TIMEOUT_MS.
process.on("exit", (code) => {
  Atomics.store(ctl, 1 + index, -1 - code);
  Atomics.notify(ctl, 1 + index);
});
parentPort?.postMessage("ready");
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  const generation = Atomics.load(ctl, 0);
  if (generation < 0) break;
  if (generation === seen) continue;
  seen = generation;
  for (const { k, model, grad } of mine) {
    try {
      out[size * shardCount + k] = meanFieldRiskAndGradient(model, θ, grad);
    } catch {
      out[size * shardCount + k] = NaN;
    }
  }
  Atomics.store(ctl, 1 + index, generation);
  Atomics.notify(ctl, 1 + index);
}
