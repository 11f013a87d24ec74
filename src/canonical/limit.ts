/** Which minimum a flow ended in, read off its loss (§4: L = H_bi on Γ*, L = H_uni on e = 0). */
import { assertFinite, assertNonNegative } from "../markov/validate";
import { entropyRate, unigramLoss } from "../markov/binary";
import { canonicalLoss } from "./loss";

export type Limit = "global" | "local" | "undecided";

/**
 * "global" when L(e, w) is within `tol` of the bigram loss H_bi, "local" when within `tol` of the
 * unigram loss H_uni, "undecided" otherwise (a flow stopped before reaching either).
 *
 * @example
 * limitOf(0, 1, 0.9, 0.9);            // "local" (e = 0: unigram)
 * limitOf(0.5, -1, 0.9, 0.9);         // "undecided" (not a critical point)
 */
export function limitOf(e: number, w: number, p: number, q: number, tol = 1e-4): Limit {
  assertFinite("e", e);
  assertFinite("w", w);
  assertNonNegative("tol", tol); // a NaN or negative tol answered "undecided" for every point
  const L = canonicalLoss(e, w, p, q);
  if (Math.abs(L - entropyRate(p, q)) <= tol) return "global";
  if (Math.abs(L - unigramLoss(p, q)) <= tol) return "local";
  return "undecided";
}
