/**
 * `npm run bench -- transformer`: one training step of the full model in the paper's
 * configuration (B = 16, N = 1024, d = 8: forward + backward + AdamW update) on every core.
 * Prints the median as `transformer step median_s=<seconds> tokens_per_s=<number>`, and — where
 * Debian's python3-torch is installed — the same step of an equivalent PyTorch CPU model
 * (float32, same threads) in the same run, with the ratio ours / PyTorch.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { sampleBatch } from "../../src/markov/sample";
import { standardInit } from "../../src/model/init";
import { decayMask } from "../../src/model/params";
import { createRng } from "../../src/runtime/rng";
import { median } from "../../src/runtime/stats";
import { adamwStep, createAdamW } from "../../src/training/adamw";
import { createEvaluator } from "../../src/training/evaluator";

/** `peer: false` skips PyTorch (the tiny run of `npm test`). */
export async function benchTransformer(args: { B?: number; N?: number; d?: number; steps?: number; peer?: boolean } = {}): Promise<void> {
  const B = args.B ?? 16, N = args.N ?? 1024, d = args.d ?? 8, steps = args.steps ?? 10;
  const threads = os.availableParallelism?.() ?? os.cpus().length;
  const rng = createRng(1);
  const ev = createEvaluator({ d, N }, B, { threads });
  ev.params.data.set(standardInit({ d, N }, rng.fork("init")).data);
  const opt = createAdamW(ev.params.data.length, { beta1: 0.9, beta2: 0.95, weightDecay: 1e-3, decayMask: decayMask({ d, N }) });
  const times: number[] = [];
  try {
    for (let k = 0; k < steps + 2; k++) {
      const bits = sampleBatch(0.5, 0.8, B, N + 1, rng.fork(`batch-${k}`));
      const t0 = performance.now();
      const { grad } = await ev.gradient(bits);
      adamwStep(opt, ev.params.data, grad, 2e-3);
      times.push((performance.now() - t0) / 1000);
    }
  } finally {
    ev.close();
  }
  const step = median(times.slice(2));
  console.log(`# B = ${B}, N = ${N}, d = ${d}, ${threads} threads; steps (s): ${times.slice(2).map((t) => t.toFixed(3)).join(" ")}`);
  console.log(`transformer step median_s=${step.toFixed(4)} tokens_per_s=${((B * N) / step).toFixed(0)}`);
  if (args.peer === false) {
    console.log("# PyTorch comparison skipped (--tiny)");
    return;
  }
  const py = "/usr/bin/python3";
  if (spawnSync(py, ["-c", "import torch"], { stdio: "ignore" }).status !== 0) {
    console.log("# PyTorch comparison skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)");
    return;
  }
  const r = spawnSync(py, [path.join(__dirname, "torch_transformer.py"), B, N, d, steps, threads].map(String), { encoding: "utf8" });
  const m = /median_s=([\d.]+).*version=(\S+)/.exec(r.stdout ?? "");
  if (r.status !== 0 || !m) throw new Error(`torch_transformer.py failed: ${r.stderr}`);
  const torch = Number(m[1]);
  console.log(`# PyTorch ${m[2]} CPU, float32, ${threads} threads, same step`);
  console.log(`transformer torch_step_median_s=${torch.toFixed(4)} ratio=${(step / torch).toFixed(3)}`);
}
