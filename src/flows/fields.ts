/**
 * Flow fields named by plain data, so a worker thread can rebuild the same field from a message.
 *
 * @example
 * const f = makeField({ kind: "canonical", p: 0.9, q: 0.9 });
 */
import { canonicalFlowField } from "./canonical-field";
import type { Field } from "./ode";

export type FieldSpec = { kind: "canonical"; p: number; q: number };

export function makeField(spec: FieldSpec): Field {
  switch (spec.kind) {
    case "canonical":
      return canonicalFlowField(spec.p, spec.q);
    default:
      throw new Error(`unknown field kind "${(spec as { kind: string }).kind}"`);
  }
}
