/**
 * Test-only helpers: the (e, w) gradient flow at b* integrated by the project's RK4 (src/flows)
 * on the reference gradient `canonicalGradient`, finite differences, and an opt-in metrics
 * printer (set REPORT_METRICS=1).
 */
import { canonicalGradient } from "../../src/canonical/index";
import { rk4 } from "../../src/flows/ode";

/** The four (p, q) of the paper's figures and the note's reference table (§1). */
export const PAPER_PQ: Array<[number, number]> = [
  [0.1, 0.1],
  [0.9, 0.9],
  [0.5, 0.8],
  [0.2, 0.3],
];

export interface FlowEnd {
  e: number;
  w: number;
  t: number;
  steps: number;
}

/** RK4 for ė = −∂L/∂e, ẇ = −∂L/∂w; stops at time T or when ‖∇L‖ < gradTol (0: never early). */
export function rk4Flow(
  e0: number,
  w0: number,
  p: number,
  q: number,
  dt: number,
  T: number,
  gradTol = 0,
  onStep?: (e: number, w: number, t: number) => void,
): FlowEnd {
  const field = (y: Float64Array, dy: Float64Array) => {
    const g = canonicalGradient(y[0], y[1], p, q);
    dy[0] = -g[0];
    dy[1] = -g[1];
  };
  const r = rk4(field, [e0, w0], dt, { tMax: T, gradTol: gradTol > 0 ? gradTol : Number.MIN_VALUE, blowUp: Infinity, record: !!onStep });
  if (onStep && r.times && r.states) for (let k = 1; k < r.times.length; k++) onStep(r.states[2 * k], r.states[2 * k + 1], r.times[k]);
  return { e: r.y[0], w: r.y[1], t: r.t, steps: r.steps };
}

/** Fourth-order central difference of a scalar function along coordinate i of x, step h. */
export function fd4(fn: (x: number[]) => number, x: number[], i: number, h: number): number {
  const at = (d: number) => {
    const y = x.slice();
    y[i] += d;
    return fn(y);
  };
  return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
}

/** Euclidean norm. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

const metrics: Record<string, number | string> = {};

/** Records a measured number; printed by `printMetrics` when REPORT_METRICS is set. */
export function recordMetric(name: string, value: number | string): void {
  metrics[name] = value;
}

/** Prints the recorded metrics (opt-in, keeps normal test output quiet). */
export function printMetrics(label: string): void {
  if (process.env.REPORT_METRICS) console.log(label, JSON.stringify(metrics, null, 1));
}
