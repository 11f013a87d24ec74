/**
 * The single-layer multi-head attention regression model of Song et al. (NeurIPS 2024), as the
 * abstract, reviews and summaries describe it (the body text is not public; the details below are
 * our reconstruction): N samples X_i ∈ R^{n×D}, H heads of dimension d, a fixed output matrix
 * W_O, one scalar output per token and the squared loss
 *
 *   out_i = Σ_h S_ih X_i W_h^V w_h^O ∈ R^n,   f = ½ Σ_i ‖out_i − y_i‖²,
 *
 * with S_ih = S(X_i W_h^Q, X_i W_h^K) the softmax or Gaussian kernel (kernel.ts). W_Q, W_K, W_V
 * are trainable (any subset, by a mask); W_O is fixed, as a reviewer notes of the paper's analysis.
 *
 * Parameter vector θ (Float64Array, length 3·H·D·d): [W_1^Q … W_H^Q, W_1^K … W_H^K, W_1^V … W_H^V],
 * each W a D×d row-major block. w^O is H×d (head h's block is row h).
 *
 * @example
 * const model = kernelRegression({ N: 4, n: 4, D: 32, H: 2, d: 4, kernel: "gaussian", tau: 4 }, rng.fork("wO"));
 * const θ = initRegressionParams(model, rng.fork("θ"));
 * const data = { X: gaussianInputs(model, rng.fork("X")), y: gaussianTargets(model, rng.fork("y")) };
 * const { loss, grad } = regressionLossAndGradient(model, θ, data);
 */
import type { Rng } from "../runtime/rng";
import { KernelName, assertKernel, assertTau, attentionScores, attentionScoresBackward } from "./kernel";
import { assertInteger } from "../runtime/validate";

export interface RegressionSpec {
  /** Number of samples N (≥ 1). */
  N: number;
  /** Tokens per sample n (≥ 1). */
  n: number;
  /** Embedding dimension D (≥ 1). */
  D: number;
  /** Heads H (≥ 1). */
  H: number;
  /** Head dimension d (≥ 1). */
  d: number;
  kernel: KernelName;
  /** Gaussian bandwidth τ > 0 (ignored by the softmax kernel but still validated). */
  tau: number;
  /** Gaussian: compute ‖q − k‖² directly as Σ(q_c − k_c)² (default: expanded, clamped at 0). */
  direct?: boolean;
}

export interface KernelRegression extends RegressionSpec {
  /** The fixed output weights w^O, H×d row-major. */
  readonly wO: Float64Array;
}

export interface RegressionData {
  /** Inputs, N×n×D row-major. */
  X: Float64Array;
  /** Targets, N×n. */
  y: Float64Array;
}

/** The weights a subset update trains. */
export type WeightName = "Q" | "K" | "V";

function posInt(x: number, arg: string): number {
  assertInteger(arg, x);
  return x;
}

/** Validates a spec; errors name the argument. */
export function assertRegressionSpec(spec: RegressionSpec): RegressionSpec {
  for (const k of ["N", "n", "D", "H", "d"] as const) posInt(spec[k], k);
  assertKernel(spec.kernel);
  assertTau(spec.tau);
  return spec;
}

/**
 * A model with w^O drawn N(0, 1) entry-wise from `rng`, or given as `wO` (H×d).
 */
export function kernelRegression(spec: RegressionSpec, rng: Rng | null, wO?: ArrayLike<number>): KernelRegression {
  assertRegressionSpec(spec);
  const out = new Float64Array(spec.H * spec.d);
  if (wO) {
    if (wO.length !== out.length) throw new RangeError(`wO must have H·d = ${out.length} entries, got ${wO.length}`);
    out.set(wO);
  } else {
    if (!rng) throw new RangeError("rng is required when wO is not given");
    for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  }
  const { N, n, D, H, d, kernel, tau } = spec;
  return { N, n, D, H, d, kernel, tau, ...(spec.direct ? { direct: true } : {}), wO: out };
}

/** The same model with another kernel (and τ), sharing w^O. */
export function withKernel(model: KernelRegression, kernel: KernelName, tau = model.tau): KernelRegression {
  return kernelRegression({ ...model, kernel, tau }, null, model.wO);
}

/** Offsets of the three weight groups in θ and the size of one head's block. */
export function regressionLayout(model: RegressionSpec): { size: number; block: number; offset: Record<WeightName, number> } {
  const block = model.D * model.d, g = model.H * block;
  return { size: 3 * g, block, offset: { Q: 0, K: g, V: 2 * g } };
}

/** Every head's D×d block as a filter block (columns are filters) for landscape directions. */
export function regressionBlocks(model: RegressionSpec): { offset: number; rows: number; cols: number }[] {
  const { block, offset } = regressionLayout(model);
  return (["Q", "K", "V"] as const).flatMap((w) => Array.from({ length: model.H }, (_, h) => ({ offset: offset[w] + h * block, rows: model.D, cols: model.d })));
}

/** 1 on the entries of θ that belong to the trained weights, 0 elsewhere. */
export function trainableMask(model: RegressionSpec, trained: readonly WeightName[]): Uint8Array {
  if (trained.length === 0) throw new RangeError("trained must name at least one of Q, K, V");
  const { size, offset } = regressionLayout(model), g = size / 3;
  const mask = new Uint8Array(size);
  for (const w of trained) {
    if (w !== "Q" && w !== "K" && w !== "V") throw new RangeError(`trained must hold only "Q", "K", "V", got ${JSON.stringify(w)}`);
    mask.fill(1, offset[w], offset[w] + g);
  }
  return mask;
}

/**
 * θ with entries N(0, σ²/D) per weight group: σ = `scale[w]` (default 1, the note's N(0, 1/D)).
 */
export function initRegressionParams(model: RegressionSpec, rng: Rng, scale: Partial<Record<WeightName, number>> = {}): Float64Array {
  const { size, offset } = regressionLayout(model), g = size / 3;
  const θ = new Float64Array(size);
  for (const w of ["Q", "K", "V"] as const) {
    const s = scale[w] ?? 1;
    if (!(Number.isFinite(s) && s >= 0)) throw new RangeError(`scale.${w} must be finite and ≥ 0, got ${s}`);
    const sd = s / Math.sqrt(model.D);
    for (let j = 0; j < g; j++) θ[offset[w] + j] = rng.normal(0, sd);
  }
  return θ;
}

/** Standard-normal inputs X (N×n×D). */
export function gaussianInputs(model: RegressionSpec, rng: Rng): Float64Array {
  const X = new Float64Array(model.N * model.n * model.D);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  return X;
}

/** Standard-normal targets y (N×n). */
export function gaussianTargets(model: RegressionSpec, rng: Rng): Float64Array {
  const y = new Float64Array(model.N * model.n);
  for (let i = 0; i < y.length; i++) y[i] = rng.normal();
  return y;
}

function assertShapes(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): void {
  const { size } = regressionLayout(model);
  if (θ.length !== size) throw new RangeError(`θ must have 3·H·D·d = ${size} entries, got ${θ.length}`);
  if (!data || data.X.length !== model.N * model.n * model.D) throw new RangeError(`data.X must have N·n·D = ${model.N * model.n * model.D} entries, got ${data?.X?.length}`);
  if (data.y.length !== model.N * model.n) throw new RangeError(`data.y must have N·n = ${model.N * model.n} entries, got ${data.y.length}`);
}

/** Q = X_i W (n×d) for sample i and the D×d block at `off`. */
function project(X: ArrayLike<number>, i: number, θ: ArrayLike<number>, off: number, n: number, D: number, d: number, out: Float64Array): void {
  out.fill(0);
  for (let k = 0; k < n; k++) {
    const xo = (i * n + k) * D;
    for (let a = 0; a < D; a++) {
      const x = X[xo + a];
      if (x === 0) continue;
      for (let c = 0; c < d; c++) out[k * d + c] += x * θ[off + a * d + c];
    }
  }
}

/**
 * Per-(sample, head) attention matrices S_ih (N·H blocks of n×n, index (i·H + h)·n² …), the
 * value vectors z_ih = X_i W_h^V w_h^O (index (i·H + h)·n …), and the outputs (N×n).
 */
export function regressionForward(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): { S: Float64Array; z: Float64Array; out: Float64Array } {
  assertShapes(model, θ, data);
  const { N, n, D, H, d, kernel, tau, wO } = model;
  const { block, offset } = regressionLayout(model);
  const S = new Float64Array(N * H * n * n), z = new Float64Array(N * H * n), out = new Float64Array(N * n);
  const Q = new Float64Array(n * d), K = new Float64Array(n * d), u = new Float64Array(D), A = new Float64Array(n * n);
  for (let h = 0; h < H; h++) {
    u.fill(0);
    for (let a = 0; a < D; a++) for (let c = 0; c < d; c++) u[a] += θ[offset.V + h * block + a * d + c] * wO[h * d + c];
    for (let i = 0; i < N; i++) {
      project(data.X, i, θ, offset.Q + h * block, n, D, d, Q);
      project(data.X, i, θ, offset.K + h * block, n, D, d, K);
      attentionScores(kernel, Q, K, n, d, tau, A, model.direct === true);
      S.set(A, (i * H + h) * n * n);
      const zo = (i * H + h) * n;
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let a = 0; a < D; a++) s += data.X[(i * n + k) * D + a] * u[a];
        z[zo + k] = s;
      }
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[k * n + j] * z[zo + j];
        out[i * n + k] += s;
      }
    }
  }
  return { S, z, out };
}

/** The loss f = ½ Σ_i ‖out_i − y_i‖². */
export function regressionLoss(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): number {
  const { out } = regressionForward(model, θ, data);
  let f = 0;
  for (let j = 0; j < out.length; j++) f += 0.5 * (out[j] - data.y[j]) ** 2;
  return f;
}

/**
 * f and ∂f/∂θ for every weight (mask it to train a subset). Hand-derived (module doc of kernel.ts):
 * with r = out − y, dz_h = Σ_k S_kj r_k, ∂f/∂W_h^V = (Σ_i X_iᵀ dz_ih)(w_h^O)ᵀ, ∂f/∂S_kj = r_k z_j,
 * and ∂f/∂W^{Q,K} = Σ_i X_iᵀ ∂f/∂{Q,K}.
 */
export function regressionLossAndGradient(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData, grad?: Float64Array): { loss: number; grad: Float64Array } {
  const { S, z, out } = regressionForward(model, θ, data);
  const { N, n, D, H, d, kernel, tau, wO } = model;
  const { size, block, offset } = regressionLayout(model);
  const g = grad ?? new Float64Array(size);
  if (g.length !== size) throw new RangeError(`grad must have ${size} entries, got ${g.length}`);
  g.fill(0);
  const r = new Float64Array(N * n);
  let loss = 0;
  for (let j = 0; j < r.length; j++) {
    r[j] = out[j] - data.y[j];
    loss += 0.5 * r[j] * r[j];
  }
  const Q = new Float64Array(n * d), K = new Float64Array(n * d), dQ = new Float64Array(n * d), dK = new Float64Array(n * d);
  const dA = new Float64Array(n * n), du = new Float64Array(D);
  for (let h = 0; h < H; h++) {
    du.fill(0);
    for (let i = 0; i < N; i++) {
      const so = (i * H + h) * n * n, zo = (i * H + h) * n;
      const A = S.subarray(so, so + n * n);
      for (let j = 0; j < n; j++) {
        let dz = 0;
        for (let k = 0; k < n; k++) dz += A[k * n + j] * r[i * n + k];
        if (dz !== 0) for (let a = 0; a < D; a++) du[a] += data.X[(i * n + j) * D + a] * dz;
      }
      for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) dA[k * n + j] = r[i * n + k] * z[zo + j];
      project(data.X, i, θ, offset.Q + h * block, n, D, d, Q);
      project(data.X, i, θ, offset.K + h * block, n, D, d, K);
      dQ.fill(0);
      dK.fill(0);
      attentionScoresBackward(kernel, Q, K, A, dA, n, d, tau, dQ, dK);
      for (let k = 0; k < n; k++) {
        const xo = (i * n + k) * D;
        for (let a = 0; a < D; a++) {
          const x = data.X[xo + a];
          for (let c = 0; c < d; c++) {
            g[offset.Q + h * block + a * d + c] += x * dQ[k * d + c];
            g[offset.K + h * block + a * d + c] += x * dK[k * d + c];
          }
        }
      }
    }
    for (let a = 0; a < D; a++) for (let c = 0; c < d; c++) g[offset.V + h * block + a * d + c] = du[a] * wO[h * d + c];
  }
  return { loss, grad: g };
}
