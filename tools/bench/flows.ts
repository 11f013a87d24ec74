/**
 * `npm run bench -- flows`: gradient-flow trajectories per second on the canonical landscape.
 *
 * Problem (issue #4): starts on a uniform grid over [−3, 3]² in (e, w), p = q = 0.9, adaptive
 * Dormand–Prince 5(4) with rtol 1e-8 and atol 1e-12, until |∇L| < 1e-8 or t = 1000, on every
 * core. Prints the median over repetitions as `flows trajectories_per_s=<number>`, and — where
 * Debian's python3-scipy is installed — SciPy's solve_ivp (RK45) on an evenly spread subset of
 * the same grid in the same run, with the ratio.
 */
import { spawnSync } from "child_process";
import * as path from "path";
// Registers the "canonical" field kind (the bench failed on main without it: "not a registered field kind").
import "../../src/canonical/field";
import { closePool, integrateMany } from "../../src/flows/parallel";
import { median } from "../../src/runtime/stats";

const P = 0.9, Q = 0.9;
const OPTIONS = { rtol: 1e-8, atol: 1e-12, gradTol: 1e-8, tMax: 1000 };

/** (e, w) pairs on an n × n uniform grid over [−3, 3]². */
function grid(n: number): Float64Array {
  const g = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g.set([-3 + (6 * i) / (n - 1), -3 + (6 * j) / (n - 1)], 2 * (i * n + j));
  return g;
}

function scipyRate(starts: Float64Array): { rate: number; n: number } | null {
  const py = "/usr/bin/python3";
  if (spawnSync(py, ["-c", "import scipy"], { stdio: "ignore" }).status !== 0) return null;
  const args = [path.join(__dirname, "scipy_flows.py"), P, Q, OPTIONS.rtol, OPTIONS.atol, OPTIONS.gradTol, OPTIONS.tMax, ...starts].map(String);
  const r = spawnSync(py, args, { encoding: "utf8" });
  const m = /trajectories=(\d+) seconds=([\d.]+)/.exec(r.stdout ?? "");
  if (r.status !== 0 || !m) throw new Error(`scipy_flows.py failed: ${r.stderr}`);
  return { rate: Number(m[1]) / Number(m[2]), n: Number(m[1]) };
}

/** `peer: false` skips SciPy (the tiny run of `npm test`). */
export async function benchFlows(args: { n?: number; reps?: number; scipyStarts?: number; peer?: boolean } = {}): Promise<void> {
  const n = args.n ?? 64;
  const reps = args.reps ?? 5;
  const starts = grid(n);
  const total = n * n;
  const spec = { kind: "canonical" as const, p: P, q: Q };
  await integrateMany(spec, starts, 2, OPTIONS); // warm the pool and the JIT
  const rates: number[] = [];
  const rateOn = async (s: Float64Array) => (s.length / 2) / (await integrateMany(spec, s, 2, OPTIONS)).seconds;
  let outcomes: Record<string, number> = {};
  for (let k = 0; k < reps; k++) {
    const r = await integrateMany(spec, starts, 2, OPTIONS);
    rates.push(total / r.seconds);
    outcomes = {};
    for (const o of r.outcomes) outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  const rate = median(rates);
  console.log(`# ${n}×${n} grid over [-3, 3]², p = q = ${P}, DOPRI5 rtol ${OPTIONS.rtol} atol ${OPTIONS.atol}, stop |∇L| < ${OPTIONS.gradTol} or t = ${OPTIONS.tMax}`);
  console.log(`# outcomes: ${JSON.stringify(outcomes)}; ${reps} runs: ${rates.map((r) => r.toFixed(0)).join(", ")} trajectories/s`);
  console.log(`flows trajectories_per_s=${rate.toFixed(1)}`);
  // SciPy on every k-th start of the same grid (it is ~100× slower; a full grid would take minutes).
  const m = args.scipyStarts ?? 120;
  const stride = Math.max(1, Math.floor(total / m));
  const subset: number[] = [];
  for (let i = 0; i < total; i += stride) subset.push(starts[2 * i], starts[2 * i + 1]);
  const sub = Float64Array.from(subset);
  const oursSubset = median([await rateOn(sub), await rateOn(sub), await rateOn(sub)]);
  closePool();
  if (args.peer === false) {
    console.log("# SciPy comparison skipped (--tiny)");
    return;
  }
  const sc = scipyRate(sub);
  if (!sc) {
    console.log("# SciPy comparison skipped: /usr/bin/python3 has no scipy (apt-get install python3-scipy)");
    return;
  }
  console.log(`# every ${stride}th start of the grid (${sc.n} starts), side by side: ours ${oursSubset.toFixed(0)}/s, SciPy solve_ivp RK45 ${sc.rate.toFixed(2)}/s`);
  console.log(`flows scipy_trajectories_per_s=${sc.rate.toFixed(2)} ratio=${(oursSubset / sc.rate).toFixed(0)}`);
}
