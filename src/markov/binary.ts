/**
 * The binary first-order chain of §1: kernel P = [[1−p, p], [q, 1−q]] (rows = current state),
 * so P(x_{n+1}=1 | x_n=0) = p and P(x_{n+1}=0 | x_n=1) = q.
 */
import { binaryEntropy, xlogx } from "./entropy";
import { assertPQ } from "./validate";

/**
 * Transition kernel P = [[1−p, p], [q, 1−q]] (§1).
 *
 * @example
 * kernel(0.2, 0.3); // [[0.8, 0.2], [0.3, 0.7]]
 */
export function kernel(p: number, q: number): [[number, number], [number, number]] {
  assertPQ(p, q);
  return [
    [1 - p, p],
    [q, 1 - q],
  ];
}

/**
 * Stationary law π = (π0, π1) = (q/(p+q), p/(p+q)) (§1).
 *
 * @example
 * stationary(0.2, 0.3); // [0.6, 0.4]
 */
export function stationary(p: number, q: number): [number, number] {
  assertPQ(p, q);
  return [q / (p + q), p / (p + q)];
}

/**
 * Entropy rate = bigram loss H_bi = π0·h(p) + π1·h(q), in nats (§1).
 *
 * @example
 * entropyRate(0.2, 0.3); // ≈ 0.544587
 */
export function entropyRate(p: number, q: number): number {
  const [pi0, pi1] = stationary(p, q);
  return pi0 * binaryEntropy(p) + pi1 * binaryEntropy(q);
}

/**
 * Unigram loss H_uni = h(π1): the best loss of a predictor that ignores the past (§1).
 *
 * @example
 * unigramLoss(0.2, 0.3); // ≈ 0.673012
 */
export function unigramLoss(p: number, q: number): number {
  return binaryEntropy(stationary(p, q)[1]);
}

/**
 * Mutual information I(x_n; x_{n+1}) under π, computed from the joint law J(a,b) = π_a P_ab as
 * Σ J ln(J / (π_a π_b)); equals the gap H_uni − H_bi (§1), which the tests check independently.
 *
 * @example
 * mutualInformation(0.2, 0.3); // ≈ 0.128424
 */
export function mutualInformation(p: number, q: number): number {
  const pi = stationary(p, q);
  const P = kernel(p, q);
  let I = 0;
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      const J = pi[a] * P[a][b];
      // −xlogx(J) = J ln J; subtracting J ln(π_a π_b) avoids forming the ratio.
      if (J > 0) I += -xlogx(J) - J * Math.log(pi[a] * pi[b]);
    }
  }
  return I;
}
