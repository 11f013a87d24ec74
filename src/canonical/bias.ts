/** Optimal bias b*(e, w) = argmin_b L(e, w, b), §3.2, in the stable log-space form. */
import { assertFinite, assertPQ } from "../markov/validate";
import { logitGap, type Logits } from "./logits";
import { logAddExp } from "./numerics";

/**
 * The optimal logits (f0*, f1*) = (ln t, ln t + c) for a logit gap c, where t solves
 * q e^c t² + (q−p) t − p = 0 (§3.2, stationarity π1σ(f1) + π0σ(f0) = π1).
 *
 * Stable log-space form of §3.2: a = q − p, ℓ = ln|a|, s = ½·logaddexp(2ℓ, ln 4pq + c),
 * G = logaddexp(ℓ, s) = ln(|a| + √(a² + 4pq e^c)); ln t = ln 2p − G if q ≥ p, else G − ln 2q − c.
 * Both branches add positive quantities only, so nothing cancels and e^c is never formed: valid for |c| in the
 * thousands. In the q < p branch f1 is formed first (f1 = G − ln 2q) so that f0 = f1 − c carries no extra error.
 *
 * @example
 * optimalLogits(0, 0.2, 0.3); // f0 = f1 = ln(2/3)
 */
export function optimalLogits(c: number, p: number, q: number): Logits {
  assertFinite("c", c);
  assertPQ(p, q);
  const a = q - p;
  const ell = a === 0 ? -Infinity : Math.log(Math.abs(a));
  const s = 0.5 * logAddExp(2 * ell, Math.log(4 * p * q) + c);
  const G = logAddExp(ell, s);
  if (q >= p) {
    const f0 = Math.log(2 * p) - G;
    return { f0, f1: f0 + c };
  }
  const f1 = G - Math.log(2 * q);
  return { f0: f1 - c, f1 };
}

/**
 * Optimal bias b*(e, w) = e²/2 + ln t (§3.2), stable for |c| = |(1+2w|w|)e²| in the thousands.
 * At e = 0 it equals ln(p/q). Defined also for p + q = 1.
 *
 * @example
 * optimalBias(0, 1, 0.5, 0.8); // ln(0.5/0.8) ≈ −0.470004
 */
export function optimalBias(e: number, w: number, p: number, q: number): number {
  const c = logitGap(e, w);
  return (e * e) / 2 + optimalLogits(c, p, q).f0;
}
