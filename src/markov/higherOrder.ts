/**
 * k-th order binary chain: θ[ctx] = P(x_{n+1} = 1 | last k symbols), with ctx = Σ_i x_{n−k+1+i}·2^{k−1−i}
 * (oldest symbol = most significant bit). With k = 1, θ = [p, 1−q] is the chain of §1.
 */
import type { Rng } from "../runtime/rng";
import { categorical, chainStationary } from "./chain";
import { binaryEntropy } from "./entropy";
import { assertClosedUnit, assertInteger } from "./validate";

/** Largest supported order: the context chain has 2^k states and a dense 2^k × 2^k solve. */
export const MAX_ORDER = 10;

/**
 * Validates θ (length 2^k, entries in [0, 1]) and returns k.
 *
 * @example
 * orderOf([0.2, 0.7]); // 1
 */
export function orderOf(theta: ArrayLike<number>): number {
  const m = theta.length;
  const k = Math.round(Math.log2(m));
  if (m < 2 || 2 ** k !== m || k > MAX_ORDER) {
    throw new RangeError(`theta must have length 2^k with 1 <= k <= ${MAX_ORDER}, got length ${m}`);
  }
  for (let i = 0; i < m; i++) assertClosedUnit(`theta[${i}]`, theta[i]);
  return k;
}

/**
 * The first-order chain on the 2^k contexts: ctx → ((ctx << 1) & mask) | x with probability θ[ctx] for x = 1.
 *
 * @example
 * contextKernel([0.2, 0.7]); // [[0.8, 0.2], [0.3, 0.7]]
 */
export function contextKernel(theta: ArrayLike<number>): number[][] {
  const k = orderOf(theta);
  const m = 2 ** k;
  const mask = m - 1;
  const P: number[][] = [];
  for (let ctx = 0; ctx < m; ctx++) {
    const row = new Array<number>(m).fill(0);
    const base = (ctx << 1) & mask;
    row[base] += 1 - theta[ctx];
    row[base | 1] += theta[ctx];
    P.push(row);
  }
  return P;
}

/**
 * Stationary law over the 2^k contexts (indexed as above).
 *
 * @example
 * higherOrderStationary([0.2, 0.7]); // [0.6, 0.4] = stationary(0.2, 0.3)
 */
export function higherOrderStationary(theta: ArrayLike<number>): Float64Array {
  return chainStationary(contextKernel(theta));
}

/**
 * Entropy rate Σ_ctx π(ctx)·h(θ[ctx]) in nats: the loss of the Bayes-optimal order-k predictor.
 *
 * @example
 * higherOrderEntropyRate([0.2, 0.7]); // = entropyRate(0.2, 0.3)
 */
export function higherOrderEntropyRate(theta: ArrayLike<number>): number {
  const pi = higherOrderStationary(theta);
  let H = 0;
  for (let ctx = 0; ctx < pi.length; ctx++) H += pi[ctx] * binaryEntropy(theta[ctx]);
  return H;
}

/**
 * Samples x_1..x_n (n ≥ k): the first k symbols are the bits of a context drawn from the stationary law
 * (one uniform, inverse CDF over contexts), then x_{t+1} = u < θ[ctx] ? 1 : 0 with one uniform per symbol.
 * For k = 1 and θ = [p, 1−q] this consumes the stream exactly like `sampleSequence(p, q, n, rng)`.
 *
 * @example
 * sampleHigherOrder([0.1, 0.5, 0.5, 0.9], 1000, createRng(2)); // Uint8Array of 0/1
 */
export function sampleHigherOrder(theta: ArrayLike<number>, n: number, rng: Rng): Uint8Array {
  const k = orderOf(theta);
  assertInteger("n", n, k);
  const pi = higherOrderStationary(theta);
  const mask = 2 ** k - 1;
  let ctx = categorical(pi, rng.uniform());
  const out = new Uint8Array(n);
  for (let i = 0; i < k; i++) out[i] = (ctx >> (k - 1 - i)) & 1;
  for (let t = k; t < n; t++) {
    const x = rng.uniform() < theta[ctx] ? 1 : 0;
    out[t] = x;
    ctx = ((ctx << 1) & mask) | x;
  }
  return out;
}
