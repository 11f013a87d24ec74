/**
 * Parameters of the simplified single-layer transformer of Local to Global (§2 of the note):
 * binary tokens, embedding x·e + p_n, one causal softmax head with W_Q, W_K, W_V, W_O and a
 * skip, a ReLU feed-forward layer of width 4d with a skip, no LayerNorm, and a head tied to e
 * plus a scalar bias b.
 *
 * All parameters live in ONE flat Float64Array (so the optimiser and the worker threads see a
 * single buffer), with named, typed views a reader can inspect. Matrices are row-major: W[i·cols + j] = W_ij,
 * and y = W x means y_i = Σ_j W_ij x_j.
 *
 * @example
 * const θ = createParams({ d: 8, N: 1024 });
 * θ.W1.length;   // 32 × 8 = 256
 * θ.pos.length;  // N × d: p_1 … p_N, one row each
 */

export interface ModelConfig {
  /** Embedding dimension d (the paper: 8). */
  d: number;
  /** Sequence length N (the paper: 1024). */
  N: number;
}

/** Named views into `data`, in this order. */
export interface Params {
  readonly config: ModelConfig;
  readonly data: Float64Array;
  /** Token embedding e ∈ R^d; also the tied output head. */
  readonly e: Float64Array;
  /** Positions p_1 … p_N, N × d. */
  readonly pos: Float64Array;
  readonly WQ: Float64Array;
  readonly WK: Float64Array;
  readonly WV: Float64Array;
  readonly WO: Float64Array;
  /** 4d × d. */
  readonly W1: Float64Array;
  /** d × 4d. */
  readonly W2: Float64Array;
  /** Scalar output bias, length 1. */
  readonly b: Float64Array;
}

export const PARAM_NAMES = ["e", "pos", "WQ", "WK", "WV", "WO", "W1", "W2", "b"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Number of numbers in each named block (d and N positive integers: NaN sizes made an empty mask). */
export function paramSizes(config: ModelConfig): Record<ParamName, number> {
  const { d, N } = validateConfig(config);
  return { e: d, pos: N * d, WQ: d * d, WK: d * d, WV: d * d, WO: d * d, W1: 4 * d * d, W2: 4 * d * d, b: 1 };
}

export function paramCount(config: ModelConfig): number {
  const s = paramSizes(config);
  return PARAM_NAMES.reduce((n, k) => n + s[k], 0);
}

/** Checks d and N: positive integers. */
export function validateConfig(config: ModelConfig): ModelConfig {
  if (config === null || typeof config !== "object") throw new TypeError(`config must be an object { d, N }, got ${config === null ? "null" : typeof config}`);
  if (!Number.isInteger(config.d) || config.d < 1) throw new RangeError(`d must be a positive integer, got ${config.d}`);
  if (!Number.isInteger(config.N) || config.N < 1) throw new RangeError(`N must be a positive integer, got ${config.N}`);
  return config;
}

/** Views `data` (zeros if omitted; may be a SharedArrayBuffer-backed array) as named parameters. */
export function createParams(config: ModelConfig, data?: Float64Array): Params {
  validateConfig(config);
  const total = paramCount(config);
  const buf = data ?? new Float64Array(total);
  if (buf.length !== total) throw new RangeError(`data must have ${total} numbers (the model's parameters), got ${buf.length}`);
  const sizes = paramSizes(config);
  const views: Partial<Record<ParamName, Float64Array>> = {};
  let offset = 0;
  for (const k of PARAM_NAMES) {
    views[k] = buf.subarray(offset, offset + sizes[k]);
    offset += sizes[k];
  }
  return { config, data: buf, ...(views as Record<ParamName, Float64Array>) };
}

/** A deep copy (fresh buffer). */
export function cloneParams(θ: Params): Params {
  return createParams(θ.config, Float64Array.from(θ.data));
}

/** Which blocks AdamW decays: every linear weight including the token embedding (= tied head), not p_n or b (§10). */
export function decayMask(config: ModelConfig): Uint8Array {
  const sizes = paramSizes(config);
  const mask = new Uint8Array(paramCount(config));
  let offset = 0;
  for (const k of PARAM_NAMES) {
    if (k !== "pos" && k !== "b") mask.fill(1, offset, offset + sizes[k]);
    offset += sizes[k];
  }
  return mask;
}
