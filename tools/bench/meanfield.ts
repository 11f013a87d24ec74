/**
 * `npm run bench -- meanfield`: one training step of the mean-field transformer (Gao et al., §2) —
 * forward, backward and the ML-rescaled Euler update with weight decay, over all prompts — at
 * n = 32, d = 2 (D = 5), N = 6, k = 5, L = 4, M = 64, on one thread and on both cores (meanFieldTeam:
 * the prompts split over two threads), taking turns. Prints
 * `meanfield step_ms=<median, both cores> head_steps_per_s=<L·M / step seconds>`, the one-thread median,
 * the softmax exponentials per step (L·M·n·(N+1)²) timed alone (the floor), and — where Debian's
 * python3-numpy is importable by
 * /usr/bin/python3 — the same step of a vectorised NumPy implementation (tools/bench/numpy_meanfield.py)
 * in the same run, with the default C allocator and with one told to keep freed memory, after a
 * cross-check that both compute the same risk and gradient.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { icrSample } from "../../src/meanfield/data";
import { meanFieldVelocity } from "../../src/meanfield/flow";
import { meanFieldTeam } from "../../src/meanfield/team";
import { uniformBallLaw } from "../../src/meanfield/laws";
import { meanFieldBackward, meanFieldForward, meanFieldModel } from "../../src/meanfield/model";
import { meanFieldShape } from "../../src/meanfield/shape";
import { createRng } from "../../src/runtime/rng";
import { median } from "../../src/runtime/stats";

/** `peer: false` skips NumPy (the tiny run of `npm test`). */
export async function benchMeanField(args: { steps?: number; peer?: boolean } = {}): Promise<void> {
  const n = 32, d = 2, N = 6, k = 5, L = 4, M = 64, eta = 0.05, lambda = 1e-3, steps = args.steps ?? 30;
  const rng = createRng(1);
  const sample = icrSample(rng.fork("data"), { n, d, N });
  const shape = meanFieldShape({ D: sample.D, k, L, M });
  const model = meanFieldModel(shape, sample);
  const θ0 = uniformBallLaw(rng.fork("init"), shape, 5);
  const team = await meanFieldTeam(shape, sample, { threads: 2 });
  // The two ways take turns, step by step, from the same Θ₀: a noisy neighbour slows both alike.
  const ways = [
    { name: "one thread", velocity: (θ: Float64Array, v: Float64Array) => meanFieldVelocity(model, θ, lambda, v), θ: θ0.slice(), times: [] as number[] },
    { name: "both cores", velocity: (θ: Float64Array, v: Float64Array) => team.velocity(θ, lambda, v), θ: θ0.slice(), times: [] as number[] },
  ];
  const v = new Float64Array(θ0.length);
  try {
    for (let s = 0; s < steps + 3; s++) {
      for (const way of ways) {
        const t0 = performance.now();
        way.velocity(way.θ, v);
        for (let i = 0; i < v.length; i++) way.θ[i] -= eta * v[i];
        way.times.push(performance.now() - t0);
      }
    }
  } finally {
    team.close();
  }
  const [one, both] = ways.map((w) => median(w.times.slice(3)));
  let drift = 0;
  for (let i = 0; i < θ0.length; i++) drift = Math.max(drift, Math.abs(ways[0].θ[i] - ways[1].θ[i]));
  // The floor: the step's softmax exponentials alone, on the step's own (shifted, clamped) logits.
  const T = N + 1, count = L * M * n * T * T;
  meanFieldForward(model, θ0);
  const logits = Float64Array.from(model.attention.At, (a) => Math.max(Math.log(a), -60));
  const out = new Float64Array(count);
  const expTimes: number[] = [];
  for (let r = 0; r < 23; r++) {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) out[i] = Math.exp(logits[i]);
    expTimes.push(performance.now() - t0);
  }
  const floor = median(expTimes.slice(3));
  console.log(`# n = ${n}, d = ${d} (D = ${sample.D}), N = ${N}, k = ${k}, L = ${L}, M = ${M}; ${steps} steps each, taking turns (ms):`);
  for (const w of ways) console.log(`#   ${w.name}: ${w.times.slice(3).map((t) => t.toFixed(1)).join(" ")}`);
  console.log(`# after ${steps + 3} steps the two ways' Θ differ by ${drift.toExponential(1)} at most (rounding: the team groups the sum over prompts by shard)`);
  console.log(`# softmax exponentials per step: L·M·n·(N+1)² = ${count}; timed alone: ${floor.toFixed(2)} ms (${((1e6 * floor) / count).toFixed(1)} ns each) — one thread's step is ${(one / floor).toFixed(1)}× that floor`);
  console.log(`meanfield one_thread_step_ms=${one.toFixed(2)} speedup_both_cores=${(one / both).toFixed(2)}`);
  console.log(`meanfield step_ms=${both.toFixed(2)} head_steps_per_s=${((L * M) / (both / 1000)).toFixed(0)}`);

  if (args.peer === false) {
    console.log("# NumPy comparison skipped (--tiny)");
    return;
  }
  const py = "/usr/bin/python3";
  if (spawnSync(py, ["-c", "import numpy"], { stdio: "ignore" }).status !== 0) {
    console.log("# NumPy comparison skipped: /usr/bin/python3 has no numpy (apt-get install python3-numpy)");
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "meanfield-bench-"));
  try {
    const file = path.join(dir, "case.f64");
    const head = [n, sample.D, T, k, L, M, sample.readRow, sample.readCol, eta, lambda];
    writeFileSync(file, Buffer.from(Float64Array.from([...head, ...sample.H, ...sample.y, ...θ0]).buffer));
    const g = new Float64Array(θ0.length);
    const risk = meanFieldForward(model, θ0);
    meanFieldBackward(model, θ0, g);
    const gnorm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
    const run = (env: Record<string, string>) => {
      const r = spawnSync(py, [path.join(__dirname, "numpy_meanfield.py"), file, String(steps)], { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", ...env } });
      const c = /risk=(\S+) gradnorm=(\S+)/.exec(r.stdout ?? ""), m = /median_ms=([\d.]+) version=(\S+)/.exec(r.stdout ?? "");
      if (r.status !== 0 || !c || !m) throw new Error(`numpy_meanfield.py failed: ${r.stderr}`);
      return { risk: Number(c[1]), gnorm: Number(c[2]), ms: Number(m[1]), version: m[2] };
    };
    const plain = run({});
    // glibc returns large freed blocks to the system by default, so every step page-faults its
    // temporaries back in; these settings keep them (the "tuned" peer is the honest one).
    const tuned = run({ MALLOC_MMAP_THRESHOLD_: "33554432", MALLOC_TRIM_THRESHOLD_: "4294967296", MALLOC_TOP_PAD_: "268435456" });
    console.log(`# cross-check at the initial parameters: R̂ ours ${risk.toPrecision(12)} vs NumPy ${plain.risk.toPrecision(12)}; |∇R̂| ours ${gnorm.toPrecision(12)} vs NumPy ${plain.gnorm.toPrecision(12)}`);
    if (Math.abs(risk - plain.risk) > 1e-10 * Math.abs(risk) || Math.abs(gnorm - plain.gnorm) > 1e-9 * gnorm) throw new Error("the NumPy step computes another model: risks or gradients differ");
    console.log(`# NumPy ${plain.version}, float64, one thread: default allocator ${plain.ms.toFixed(2)} ms, tuned allocator ${tuned.ms.toFixed(2)} ms (compared against the tuned one)`);
    console.log(`meanfield numpy_step_ms=${tuned.ms.toFixed(2)} numpy_default_alloc_step_ms=${plain.ms.toFixed(2)} ratio=${(tuned.ms / both).toFixed(3)} ratio_one_thread=${(tuned.ms / one).toFixed(3)} (NumPy time / ours; > 1: ours is faster)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
