/**
 * Flow fields named by plain data, so a worker thread can rebuild the same field from a message.
 *
 * @example
 * const f = makeField({ kind: "canonical", p: 0.9, q: 0.9 });
 */
import { attentionFlowField } from "../attention/field";
import { linearAttentionFlowField } from "../attention/linear";
import { canonicalFlowField } from "./canonical-field";
import type { Field } from "./ode";

/**
 * "canonical": −∇L(e, w) at b* (§3.3). "attention": −∇L(e, w, a) at b* of the §8 uniform-attention
 * reconstruction for sequences of length N. "attention-linear": the linear-attention reconstruction
 * (src/attention/linear.ts).
 */
export type FieldSpec =
  | { kind: "canonical"; p: number; q: number }
  | { kind: "attention"; p: number; q: number; N: number }
  | { kind: "attention-linear"; p: number; q: number };

export function makeField(spec: FieldSpec): Field {
  switch (spec.kind) {
    case "canonical":
      return canonicalFlowField(spec.p, spec.q);
    case "attention":
      return attentionFlowField(spec.p, spec.q, spec.N);
    case "attention-linear":
      return linearAttentionFlowField(spec.p, spec.q);
    default:
      throw new Error(`unknown field kind "${(spec as { kind: string }).kind}"`);
  }
}
