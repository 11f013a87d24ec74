/**
 * The gradient-flow field of the canonical model, −∇L(e, w) at b* (Local to Global §3.3), in the
 * lean form the integrators call millions of times: one exp and one square root per evaluation,
 * constants hoisted per (p, q), no allocation.
 *
 * It computes σ(f1*) algebraically, with t·e^c taken from the root of q e^c t² + (q−p) t − p = 0
 * in whichever of its two forms adds positive terms only (so nothing cancels), and saturates for
 * c > 700 where e^c would overflow. `canonicalGradient` (src/canonical) is the reference; a test
 * holds the two together to 1e-12.
 *
 * @example
 * const f = canonicalFlowField(0.9, 0.9);
 * const dy = new Float64Array(2);
 * f(Float64Array.of(0.5, -1), dy);   // dy = [ė, ẇ] = −∇L(0.5, −1)
 *
 * Registered for the parallel integrators as `{ kind: "canonical", p, q }`.
 */
import { FieldSpec, registerField } from "../flows/fields";
import type { Field } from "../flows/ode";
import { assertPQ } from "../markov/validate";

export function canonicalFlowField(p: number, q: number): Field {
  assertPQ(p, q); // the comparisons alone let a string "0.9" through, and the field was NaN everywhere
  const pi1 = p / (p + q);
  const a = q - p;
  const a2 = a * a;
  const fourPQ = 4 * p * q;
  const twoP = 2 * p;
  const twoQ = 2 * q;
  const oneMinusQ = 1 - q;
  return (y, dy) => {
    const e = y[0], w = y[1];
    const aw = Math.abs(w);
    const k = 1 + 2 * w * aw; // 1 + 2w|w|
    const e2 = e * e;
    const c = k * e2; // logit gap f1 − f0
    let s1: number; // σ(f1*)
    if (c > 700) s1 = 1;
    else {
      const u = Math.exp(c);
      const r = Math.sqrt(a2 + fourPQ * u);
      const tu = a >= 0 ? (a + r > 0 ? (twoP * u) / (a + r) : 0) : (r - a) / twoQ;
      s1 = tu / (1 + tu);
    }
    const g1 = pi1 * (s1 - oneMinusQ);
    dy[0] = -2 * e * k * g1;
    dy[1] = -4 * aw * e2 * g1;
  };
}

/** `{ kind: "canonical", p, q }`: the spec `integrateMany` takes for this field. */
export interface CanonicalFieldSpec extends FieldSpec {
  kind: "canonical";
  p: number;
  q: number;
}

registerField("canonical", __filename, (s) => canonicalFlowField(Number(s.p), Number(s.q)));
