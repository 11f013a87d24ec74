/**
 * What a "stuck" W_Q-only run is, and the explicit softmax instance of notebook 06.
 *
 * - `wqHessianSpectrum`: the Hessian of f in W_Q (central differences of the hand-derived
 *   gradient, symmetrised) and its eigenvalues — at a local minimum none is negative beyond rounding.
 * - `worstRow`: the output with the largest residual, its attention rows per head, and the
 *   exponents ‖q − k_j‖²/τ of its Gaussian kernel entries; `largestExponent` over every entry
 *   (exp(−x) underflows in Float64 only for x > ~708: below that, no kernel value is lost).
 * - `softmaxStallInstance`: our construction (the paper's is not public) of data, fixed W_K, W_V,
 *   w^O and a start at which GD on W_Q alone stalls at positive loss with ‖∇f‖ → 0.
 *
 * @example
 * const spec = wqHessianSpectrum(model, θ, data); spec.min, spec.max, spec.nearZero;
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { KernelName } from "./kernel";
import { KernelRegression, RegressionData, kernelRegression, regressionForward, regressionLayout, regressionLossAndGradient, withKernel } from "./regression";

export interface HessianSpectrum {
  /** Eigenvalues, ascending. */
  values: number[];
  min: number;
  max: number;
  /** Eigenvalues with |λ| ≤ 1e-8·max (flat directions, e.g. the null space of the stacked tokens). */
  nearZero: number;
  /** ‖H − Hᵀ‖_max / ‖H‖_max before symmetrising (finite-difference quality). */
  asymmetry: number;
}

/** The Hessian of f in the W_Q entries at θ, by central differences of the gradient (step h). */
export function wqHessianSpectrum(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData, h = 1e-5): HessianSpectrum {
  const { offset } = regressionLayout(model);
  const m = offset.K - offset.Q;
  const Hm = new Matrix(m, m);
  const t = Float64Array.from(θ), gp = new Float64Array(t.length), gm = new Float64Array(t.length);
  for (let a = 0; a < m; a++) {
    const o = t[offset.Q + a];
    t[offset.Q + a] = o + h;
    regressionLossAndGradient(model, t, data, gp);
    t[offset.Q + a] = o - h;
    regressionLossAndGradient(model, t, data, gm);
    t[offset.Q + a] = o;
    for (let b = 0; b < m; b++) Hm.set(b, a, (gp[offset.Q + b] - gm[offset.Q + b]) / (2 * h));
  }
  let asym = 0, big = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      asym = Math.max(asym, Math.abs(Hm.get(a, b) - Hm.get(b, a)));
      big = Math.max(big, Math.abs(Hm.get(a, b)));
    }
  }
  const S = Hm.add(Hm.transpose()).mul(0.5);
  const values = new EigenvalueDecomposition(S, { assumeSymmetric: true }).realEigenvalues.slice().sort((x, y) => x - y);
  const max = values[values.length - 1];
  const scale = Math.max(Math.abs(max), Math.abs(values[0]));
  return { values, min: values[0], max, nearZero: values.filter((v) => Math.abs(v) <= 1e-8 * scale).length, asymmetry: big > 0 ? asym / big : 0 };
}

export interface RowDiagnosis {
  /** Sample i and token k of the output with the largest |residual|. */
  sample: number;
  token: number;
  residual: number;
  output: number;
  target: number;
  /** Per head: the attention row of that output, its values z, and min_j ‖q_k − k_j‖²/τ. */
  heads: { row: number[]; z: number[]; smallestExponent: number }[];
}

/** The output with the largest residual and its attention rows (module doc). */
export function worstRow(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): RowDiagnosis {
  const { S, z, out } = regressionForward(model, θ, data);
  const { N, n, H } = model;
  let w = 0;
  for (let j = 1; j < N * n; j++) if (Math.abs(out[j] - data.y[j]) > Math.abs(out[w] - data.y[w])) w = j;
  const i = Math.floor(w / n), k = w % n;
  const heads = Array.from({ length: H }, (_, h) => {
    const row = Array.from(S.subarray((i * H + h) * n * n + k * n, (i * H + h) * n * n + (k + 1) * n));
    const smallestExponent = model.kernel === "gaussian" ? -Math.log(Math.max(...row)) : NaN;
    return { row, z: Array.from(z.subarray((i * H + h) * n, (i * H + h + 1) * n)), smallestExponent };
  });
  return { sample: i, token: k, residual: out[w] - data.y[w], output: out[w], target: data.y[w], heads };
}

/**
 * The largest exponent ‖q − k‖²/τ over every Gaussian kernel entry at θ, computed from the
 * directly evaluated distances (the entries themselves may be too small to take a logarithm of).
 */
export function largestExponent(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): number {
  if (model.kernel !== "gaussian") throw new RangeError("largestExponent is for the Gaussian kernel");
  const { N, n, D, H, d, tau } = model;
  const { block, offset } = regressionLayout(model);
  let worst = 0;
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < N; i++) {
      const proj = (off: number) =>
        Array.from({ length: n }, (_, k) =>
          Array.from({ length: d }, (_, c) => {
            let s = 0;
            for (let a = 0; a < D; a++) s += data.X[(i * n + k) * D + a] * θ[off + h * block + a * d + c];
            return s;
          }),
        );
      const Q = proj(offset.Q), K = proj(offset.K);
      for (const q of Q) for (const kk of K) worst = Math.max(worst, q.reduce((s, v, c) => s + (v - kk[c]) ** 2, 0) / tau);
    }
  }
  return worst;
}

export interface StallInstance {
  models: Record<KernelName, KernelRegression>;
  data: RegressionData;
  /** The start (W_Q rows on the side of the worse saturation) and its mirror image. */
  theta0: Float64Array;
  mirrored: Float64Array;
  /** The loss the softmax run approaches: ½ Σ_k (y_k − z_far)², z_far the value GD saturates on. */
  stallLoss: number;
  /** inf f over W_Q for softmax (approached as the rows saturate on the best value): 0 here. */
  infimum: number;
}

/**
 * Our softmax construction: one sample of n = 3 tokens X = I₃ (so D = 3 = Nn: the queries are
 * free), one head with d = 1, keys k = X W_K = (−c, 0, c), values z = X W_V w^O = (1, 0, zFar),
 * w^O = 1, targets y = (1, 1, 1), τ = 2 for the Gaussian kernel. A query q gives the softmax output
 * g(q) = Σ_j softmax(q·k)_j z_j, which tends to 1 as q → −∞ (the infimum f = 0) and to zFar < 1
 * as q → +∞. From a start q > 0 on the far side of g's minimum, GD raises g by pushing q to +∞:
 * the row saturates on the value zFar, the softmax Jacobian diag(s) − ssᵀ → 0, ‖∇f‖ → 0 and
 * f → ½·3·(1 − zFar)² > 0. The mirrored start (−q) saturates on the value 1 and f → 0.
 */
export function softmaxStallInstance(options: { c?: number; zFar?: number; start?: readonly number[] } = {}): StallInstance {
  const c = options.c ?? 1, zFar = options.zFar ?? 0.9, start = options.start ?? [0.5, 1, 1.5];
  if (!(zFar > 0 && zFar < 1)) throw new RangeError(`zFar must be in (0, 1), got ${zFar}`);
  if (start.length !== 3) throw new RangeError("start must hold the three query values");
  const softmax = kernelRegression({ N: 1, n: 3, D: 3, H: 1, d: 1, kernel: "softmax", tau: 2 }, null, [1]);
  const { size, offset } = regressionLayout(softmax);
  const theta0 = new Float64Array(size);
  start.forEach((q, k) => (theta0[offset.Q + k] = q));
  [-c, 0, c].forEach((v, j) => (theta0[offset.K + j] = v));
  [1, 0, zFar].forEach((v, j) => (theta0[offset.V + j] = v));
  const mirrored = Float64Array.from(theta0);
  start.forEach((q, k) => (mirrored[offset.Q + k] = -q));
  const X = new Float64Array(9);
  for (let k = 0; k < 3; k++) X[k * 3 + k] = 1;
  return {
    models: { softmax, gaussian: withKernel(softmax, "gaussian") },
    data: { X, y: Float64Array.of(1, 1, 1) },
    theta0, mirrored, stallLoss: 1.5 * (1 - zFar) ** 2, infimum: 0,
  };
}

/**
 * The output of row (sample i, token k) as head h's query moves on the straight line from where it
 * is at θ to key `toKey` of the same sample (other heads fixed), at `points` evenly spaced points:
 * if the target lies strictly between the two ends, a point of zero residual exists on the line
 * (continuity), and since D ≥ Nn makes the queries free, a W_Q with zero loss on that row.
 */
export function gaussianRowPath(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData, row: { sample: number; token: number; head: number; toKey: number }, points = 41): number[] {
  if (model.kernel !== "gaussian") throw new RangeError("gaussianRowPath is for the Gaussian kernel");
  const { n, D, H, d, tau } = model;
  const { block, offset } = regressionLayout(model);
  const { z, out } = regressionForward(model, θ, data);
  const { sample: i, token: k, head, toKey } = row;
  const proj = (tok: number, off: number) =>
    Array.from({ length: d }, (_, c) => {
      let s = 0;
      for (let a = 0; a < D; a++) s += data.X[(i * n + tok) * D + a] * θ[off + head * block + a * d + c];
      return s;
    });
  const keys = Array.from({ length: n }, (_, j) => proj(j, offset.K));
  const zh = Array.from(z.subarray((i * H + head) * n, (i * H + head + 1) * n));
  const headOut = (q: number[]) => keys.reduce((s, kj, j) => s + Math.exp(-kj.reduce((t, v, c) => t + (q[c] - v) ** 2, 0) / tau) * zh[j], 0);
  const q0 = proj(k, offset.Q), q1 = keys[toKey];
  const others = out[i * n + k] - headOut(q0);
  return Array.from({ length: points }, (_, p) => {
    const s = p / (points - 1);
    return others + headOut(q0.map((v, c) => v + s * (q1[c] - v)));
  });
}
