/**
 * Which minimum a 3-D flow of the reconstructed (e, w, a) model ended in, read off its loss: H_bi (the
 * entropy rate, the least loss of any predictor — reached on Γ* × {a = 0}) or H_uni (every point of the
 * plane e = 0), as §4 does for the 2-D model.
 */
import { entropyRate, unigramLoss } from "../markov/binary";
import { assertNonNegative } from "../markov/validate";
import type { Limit } from "../canonical/limit";
import type { AttentionChain } from "./chain";
import { attentionLoss } from "./loss";

/**
 * "global" when L(e, w, a) is within `tol` of H_bi, "local" when within `tol` of H_uni, "undecided" otherwise
 * (§8 reconstruction; the labels of `limitOf` in src/canonical).
 *
 * @example
 * attentionLimitOf(0, 0.3, 0.2, attentionChain(0.5, 0.8, 16)); // "local" (e = 0: unigram)
 */
export function attentionLimitOf(e: number, w: number, a: number, chain: AttentionChain, tol = 1e-4): Limit {
  assertNonNegative("tol", tol);
  const L = attentionLoss(e, w, a, chain);
  if (Math.abs(L - entropyRate(chain.p, chain.q)) <= tol) return "global";
  if (Math.abs(L - unigramLoss(chain.p, chain.q)) <= tol) return "local";
  return "undecided";
}

/**
 * `attentionLimitOf` for every end point of a batch (row-major (e, w, a) triples, as `integrateMany` returns
 * them in `ends`).
 *
 * @example
 * attentionLimitsOf(result.ends, attentionChain(0.2, 0.3, 24)); // ["global", "global", …]
 */
export function attentionLimitsOf(ends: ArrayLike<number>, chain: AttentionChain, tol = 1e-4): Limit[] {
  if (ends.length % 3 !== 0) throw new RangeError(`ends must hold (e, w, a) triples, got ${ends.length} numbers`);
  const out: Limit[] = [];
  for (let i = 0; i < ends.length; i += 3) out.push(attentionLimitOf(ends[i], ends[i + 1], ends[i + 2], chain, tol));
  return out;
}
