/**
 * Seeded Monte-Carlo estimate of the reconstructed (e, w, a) loss (§8 RECONSTRUCTION): samples sequences
 * from the chain and averages the per-position BCE — an independent cross-check of the exact recursion.
 */
import { softplus } from "../canonical/numerics";
import { sampleBatch } from "../markov/sample";
import { assertFinite, assertInteger, assertPQ } from "../markov/validate";
import type { Rng } from "../runtime/rng";
import { attentionLogit } from "./logit";

/** A Monte-Carlo estimate: the mean of i.i.d. per-sequence losses and its standard error. */
export interface MonteCarloEstimate {
  mean: number;
  /** Sample standard deviation of the per-sequence losses / √sequences. */
  stdError: number;
  sequences: number;
}

/**
 * Estimates L_N(e, w, a, b) from `sequences` independent sequences x_1..x_{N+1} (stationary start, §1), drawn
 * with `sampleBatch` from `rng`: each sequence contributes (1/N)Σ_n BCE(logit_n, x_{n+1}); the estimate is
 * their mean, with the standard error of a mean of i.i.d. terms.
 *
 * @example
 * const mc = attentionLossMonteCarlo(0.8, -0.3, 0.5, 0, 0.2, 0.3, 16, 20_000, createRng(1));
 * // |mc.mean − attentionLossWithBias(0.8, −0.3, 0.5, 0, attentionChain(0.2, 0.3, 16))| ≲ 3·mc.stdError
 */
export function attentionLossMonteCarlo(
  e: number,
  w: number,
  a: number,
  b: number,
  p: number,
  q: number,
  N: number,
  sequences: number,
  rng: Rng,
): MonteCarloEstimate {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFinite("b", b);
  assertPQ(p, q);
  assertInteger("N", N);
  assertInteger("sequences", sequences, 2);
  const len = N + 1;
  const xs = sampleBatch(p, q, sequences, len, rng);
  let mean = 0;
  let m2 = 0; // Welford's running sum of squared deviations
  for (let r = 0; r < sequences; r++) {
    const off = r * len;
    let k = 0;
    let l = 0;
    for (let n = 1; n <= N; n++) {
      const x = xs[off + n - 1];
      k += x;
      const f = attentionLogit(e, w, a, b, x, k / n);
      l += xs[off + n] === 1 ? softplus(-f) : softplus(f);
    }
    l /= N;
    const delta = l - mean;
    mean += delta / (r + 1);
    m2 += delta * (l - mean);
  }
  const variance = m2 / (sequences - 1);
  return { mean, stdError: Math.sqrt(variance / sequences), sequences };
}
