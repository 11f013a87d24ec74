/**
 * Losses measured on samples: the cross-entropy (nats per token) of a predictor on sequences,
 * with its standard error, so a notebook can check a closed-form loss against data.
 *
 * @example
 * const seq = sampleSequence(0.5, 0.8, 100_000, createRng(1));
 * bigramCrossEntropy(seq, 0.5, 0.8);   // { mean ≈ 0.619, se ≈ 0.002, n: 99999 }
 */
import { assertInteger, assertPQ } from "./validate";
import { stationary } from "./binary";

export interface Estimate {
  mean: number;
  /** Standard error of the mean, from batch means (consecutive tokens of a chain are correlated). */
  se: number;
  n: number;
}

/**
 * Mean of −ln P(x_{n+1} | x_n) under the true kernel over every transition of `seq` (rows of
 * length `rowLength` are separate sequences). Its expectation is the entropy rate H_bi.
 * The standard error uses batch means over rows (consecutive terms of a chain are correlated).
 */
export function bigramCrossEntropy(seq: Uint8Array, p: number, q: number, rowLength = seq.length): Estimate {
  assertPQ(p, q);
  const nll = [[-Math.log(1 - p), -Math.log(p)], [-Math.log(q), -Math.log(1 - q)]];
  return perTokenEstimate(seq, rowLength, (prev, next) => nll[prev][next]);
}

/** Mean of −ln π(x_{n+1}) (the best predictor that ignores the past); expectation H_uni = h(π1). */
export function unigramCrossEntropy(seq: Uint8Array, p: number, q: number, rowLength = seq.length): Estimate {
  assertPQ(p, q);
  const [pi0, pi1] = stationary(p, q);
  const nll = [-Math.log(pi0), -Math.log(pi1)];
  return perTokenEstimate(seq, rowLength, (_prev, next) => nll[next]);
}

function perTokenEstimate(seq: Uint8Array, rowLength: number, loss: (prev: number, next: number) => number): Estimate {
  if (seq.length < 2) throw new RangeError(`seq must hold at least 2 symbols, got ${seq.length}`);
  if (!Number.isInteger(rowLength) || rowLength < 2 || seq.length % rowLength !== 0) {
    throw new RangeError(`rowLength must be an integer ≥ 2 dividing the sample length ${seq.length}, got ${rowLength}`);
  }
  // One byte scan at the door (the loop below calls a closure per token, so this costs little): a symbol
  // 2 used to crash the bigram loss with "Cannot read properties of undefined" and make the unigram one NaN.
  for (let i = 0; i < seq.length; i++) if (seq[i] !== 0 && seq[i] !== 1) throw new RangeError(`seq[${i}] must be 0 or 1, got ${String(seq[i])}`);
  // Batch means: split into ≥ 20 blocks of whole rows or of one long row; each block mean is nearly independent.
  const rows = seq.length / rowLength;
  const blocks = rows >= 20 ? rows : 20;
  const perBlock = seq.length / blocks;
  const means: number[] = [];
  let total = 0, count = 0;
  for (let b = 0; b < blocks; b++) {
    let s = 0, c = 0;
    const start = Math.floor(b * perBlock), end = Math.floor((b + 1) * perBlock);
    for (let i = start + 1; i < end; i++) {
      if (i % rowLength === 0) continue; // no transition across rows
      s += loss(seq[i - 1], seq[i]);
      c++;
    }
    if (c > 0) means.push(s / c);
    total += s;
    count += c;
  }
  // Before: a sequence too short for two blocks with a transition returned { mean: NaN, se: NaN }.
  if (means.length < 2) throw new RangeError(`seq must be long enough for 2 blocks holding transitions (the batch-means standard error), got length ${seq.length}`);
  const m = means.reduce((a, b) => a + b, 0) / means.length;
  const v = means.reduce((a, b) => a + (b - m) * (b - m), 0) / (means.length - 1);
  return { mean: total / count, se: Math.sqrt(v / means.length), n: count };
}

/**
 * Sample lag-one correlation corr(x_n, x_{n+1}) of one long sequence, with a batch-means standard
 * error (20 blocks). For the stationary binary chain it estimates 1 − p − q, the second
 * eigenvalue of P.
 *
 * @example
 * lagOneCorrelation(sampleSequence(0.2, 0.3, 100_000, createRng(1))); // { mean ≈ 0.5, se ≈ 0.005 }
 */
export function lagOneCorrelation(seq: Uint8Array, blocks = 20): Estimate {
  assertInteger("blocks", blocks, 2);
  if (seq.length < 10 * blocks) throw new RangeError(`seq must hold at least ${10 * blocks} symbols for ${blocks} blocks, got ${seq.length}`);
  const corr = (from: number, to: number): number => {
    let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    const m = to - from - 1;
    for (let i = from; i < to - 1; i++) {
      const x = seq[i], y = seq[i + 1];
      sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    const cov = sxy / m - (sx / m) * (sy / m);
    const vx = sxx / m - (sx / m) ** 2, vy = syy / m - (sy / m) ** 2;
    if (!(vx > 0 && vy > 0)) throw new RangeError("lagOneCorrelation: a block is constant; use a longer sequence");
    return cov / Math.sqrt(vx * vy);
  };
  const size = Math.floor(seq.length / blocks);
  const rs = Array.from({ length: blocks }, (_, b) => corr(b * size, (b + 1) * size));
  const m = rs.reduce((a, b) => a + b, 0) / blocks;
  const v = rs.reduce((a, b) => a + (b - m) ** 2, 0) / (blocks - 1);
  return { mean: corr(0, seq.length), se: Math.sqrt(v / blocks), n: seq.length - 1 };
}
