import { assertNotIid } from "../markov/validate";

/**
 * Key constant c* = ln[(1−p)(1−q)/(pq)] = logit(1−q) − logit(p) (§1): the logit gap f1 − f0 of the bigram
 * predictor. c* > 0 ⇔ p + q < 1. Throws for p + q = 1 (i.i.d. data, where Γ* is not a curve).
 *
 * @example
 * cStar(0.1, 0.1); // ln 81 ≈ 4.394449
 */
export function cStar(p: number, q: number): number {
  assertNotIid(p, q);
  return Math.log1p(-p) + Math.log1p(-q) - Math.log(p) - Math.log(q);
}
