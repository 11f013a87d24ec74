/** Logits of the canonical model, §3.1: logit(x) = e²(1 + 2w|w|)·x + b − e²/2, x ∈ {0, 1}. */
import { assertFinite } from "../markov/validate";

/** The two logits f0 = logit(0), f1 = logit(1). */
export interface Logits {
  f0: number;
  f1: number;
}

/**
 * f0 = b − e²/2, f1 = b + e²/2 + 2w|w|e² (§3.1).
 *
 * @example
 * logits(1, 0, 0); // { f0: −0.5, f1: 0.5 }
 */
export function logits(e: number, w: number, b: number): Logits {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("b", b);
  const e2 = e * e;
  return { f0: b - e2 / 2, f1: b + e2 / 2 + 2 * w * Math.abs(w) * e2 };
}

/**
 * Logit gap c = f1 − f0 = (1 + 2w|w|)e² (§3.1–3.2). The reduced loss L(e, w) depends on (e, w) only through c.
 *
 * @example
 * logitGap(1, 1); // 3
 */
export function logitGap(e: number, w: number): number {
  assertFinite("e", e);
  assertFinite("w", w);
  return (1 + 2 * w * Math.abs(w)) * e * e;
}
