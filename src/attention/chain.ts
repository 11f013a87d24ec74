/**
 * The law of (x_n, x̄_n, x_{n+1}), n = 1..N, under the stationary binary chain (p, q) of §1 — all the
 * reconstructed (e, w, a) model of §8 needs from the data.
 *
 * In the reconstruction the logit at position n depends on the past only through the current symbol x_n
 * and the running mean x̄_n = (1/n)Σ_{i≤n} x_i (uniform causal attention). The Markov property gives
 * x_{n+1} ⊥ x̄_n | x_n, so the per-position loss only needs P(x_n = x, k_n = k), k_n = Σ_{i≤n} x_i, times
 * the transition probability P(x_{n+1} = 1 | x_n). A forward recursion over the states (x_n, k_n) computes
 * these O(N²) probabilities once per (p, q, N); they do not depend on the parameters θ = (e, w, a, b).
 * Cells with the same (x_n, x̄_n) — e.g. k/n = 1/2 and 2/4 — carry the same logit and are merged, which
 * leaves about 60% of the N(N+1) states.
 */
import { stationary } from "../markov/binary";
import { assertInteger, assertPQ } from "../markov/validate";

/** Largest supported sequence length: the table has O(N²) cells. */
export const MAX_ATTENTION_N = 2048;

/**
 * The precomputed cells of the population loss: cell j is a value (x_n, x̄_n) = (x[j], ½ + d[j]) and carries
 * the position-averaged probabilities w1[j] = (1/N)Σ_n P(x_n, x̄_n, x_{n+1} = 1), w0[j] likewise for
 * x_{n+1} = 0. Read-only by convention: the loss functions never write to it.
 */
export interface AttentionChain {
  readonly p: number;
  readonly q: number;
  /** Sequence length: the loss averages positions n = 1..N (N + 1 symbols per sequence). */
  readonly N: number;
  /** Number of distinct cells (x_n, x̄_n). */
  readonly size: number;
  /** x_n ∈ {0, 1} per cell. */
  readonly x: Uint8Array;
  /** x̄_n − ½ per cell, in [−½, ½]. */
  readonly d: Float64Array;
  /** (1/N)·Σ_n P(x_n, x̄_n, x_{n+1} = 1) per cell. */
  readonly w1: Float64Array;
  /** (1/N)·Σ_n P(x_n, x̄_n, x_{n+1} = 0) per cell. */
  readonly w0: Float64Array;
  /** Σ_j w1[j]: the position-averaged P(x_{n+1} = 1), which is π1 for the stationary start. */
  readonly mean1: number;
}

/**
 * Builds the cells of the population loss for sequences x_1..x_{N+1} from the stationary chain (p, q)
 * (x_1 ~ π, kernel P = [[1−p, p], [q, 1−q]], §1): forward recursion over (x_n, k_n), O(N²) time and memory.
 *
 * @example
 * const chain = attentionChain(0.2, 0.3, 32);
 * chain.mean1;   // π1 = 0.4 (to rounding)
 * chain.size;    // number of distinct (x_n, x̄_n) cells
 */
export function attentionChain(p: number, q: number, N: number): AttentionChain {
  assertPQ(p, q);
  assertInteger("N", N);
  if (N > MAX_ATTENTION_N) throw new RangeError(`N must be an integer <= ${MAX_ATTENTION_N}, got ${N}`);
  const [pi0, pi1] = stationary(p, q);
  const up = [p, 1 - q]; // P(x_{n+1} = 1 | x_n = x), x = 0, 1
  // Probabilities of (x_n = x, k_n = k) at the current n; index k = 0..N.
  let cur0 = new Float64Array(N + 2);
  let cur1 = new Float64Array(N + 2);
  let nxt0 = new Float64Array(N + 2);
  let nxt1 = new Float64Array(N + 2);
  cur0[0] = pi0;
  cur1[1] = pi1;
  const index = new Map<number, number>(); // key x·2 + k/n (k/n ∈ [0, 1], so the two symbols never collide)
  const xs: number[] = [];
  const ds: number[] = [];
  const w1: number[] = [];
  const w0: number[] = [];
  for (let n = 1; n <= N; n++) {
    for (let x = 0; x < 2; x++) {
      const cur = x === 0 ? cur0 : cur1;
      const u = up[x];
      for (let k = 0; k <= n; k++) {
        const m = cur[k];
        if (!(m > 0)) continue;
        const xbar = k / n; // correctly rounded, so equal fractions give equal doubles
        const key = x * 2 + xbar;
        let j = index.get(key);
        if (j === undefined) {
          j = xs.length;
          index.set(key, j);
          xs.push(x);
          ds.push(xbar - 0.5);
          w1.push(0);
          w0.push(0);
        }
        w1[j] += (m * u) / N;
        w0[j] += (m * (1 - u)) / N;
        if (n < N) {
          nxt1[k + 1] += m * u;
          nxt0[k] += m * (1 - u);
        }
      }
    }
    [cur0, nxt0] = [nxt0, cur0];
    [cur1, nxt1] = [nxt1, cur1];
    nxt0.fill(0);
    nxt1.fill(0);
  }
  let mean1 = 0;
  for (const v of w1) mean1 += v;
  return {
    p,
    q,
    N,
    size: xs.length,
    x: Uint8Array.from(xs),
    d: Float64Array.from(ds),
    w1: Float64Array.from(w1),
    w0: Float64Array.from(w0),
    mean1,
  };
}
