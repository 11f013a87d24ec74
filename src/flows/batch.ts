/**
 * Integrates many starts of one flow and packs the end points into flat typed arrays — the unit
 * of work of a worker thread, and the serial fallback.
 *
 * @example
 * const out = integrateBatch({ kind: "canonical", p: 0.9, q: 0.9 }, Float64Array.of(0.5, -1, 1, 1), 2, {});
 * out.outcomes; // Uint8Array of OUTCOME codes, one per start
 */
import { makeField, FieldSpec } from "./fields";
import { assertInteger } from "../runtime/validate";
import { AdaptiveOptions, Outcome, dopri5 } from "./ode";

/** Outcome codes (new outcomes are appended, so a code keeps its meaning). */
export const OUTCOMES: readonly Outcome[] = ["converged", "time-limit", "blow-up", "max-steps", "step-underflow", "non-finite-field"];

export interface BatchResult {
  /** End points, row-major (dim per start). */
  ends: Float64Array;
  /** Index into OUTCOMES per start. */
  outcomes: Uint8Array;
  /** End time per start. */
  times: Float64Array;
  /** Accepted steps per start. */
  steps: Uint32Array;
}

/** `module`: the file that registers `spec.kind`, for a worker thread that has not loaded it. */
export function integrateBatch(spec: FieldSpec, starts: Float64Array, dim: number, options: AdaptiveOptions, module?: string): BatchResult {
  assertInteger("dim", dim);
  if (starts.length % dim !== 0) throw new RangeError(`starts has ${starts.length} numbers, not a multiple of dim = ${dim}`);
  const n = starts.length / dim;
  const f = makeField(spec, module);
  const out: BatchResult = { ends: new Float64Array(n * dim), outcomes: new Uint8Array(n), times: new Float64Array(n), steps: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    const r = dopri5(f, starts.subarray(i * dim, (i + 1) * dim), { ...options, record: false });
    out.ends.set(r.y, i * dim);
    out.outcomes[i] = OUTCOMES.indexOf(r.outcome);
    out.times[i] = r.t;
    out.steps[i] = r.steps;
  }
  return out;
}
