/**
 * The matrix B that governs the W_V-only dynamics (our reconstruction of the rate the paper's
 * summaries state as f(M_t) ≤ (1 − ηα)^t f(M_0), α from W_O and λ_B = λ_min(BBᵀ)).
 *
 * With W_Q, W_K fixed the output is linear in u_h = W_h^V w_h^O: out = B u, where
 * B ∈ R^{(N·n)×(H·D)} has row block i = [S_i1 X_i, …, S_iH X_i]. Gradient descent on W_V with step
 * η moves u_h with step η‖w_h^O‖², so r_{t+1} = (I − η B Λ Bᵀ) r_t, Λ = blockdiag(‖w_h^O‖² I_D), and
 * for η ≤ 1/‖BΛBᵀ‖ the loss contracts per step at least by ρ = (1 − η·min_h‖w_h^O‖²·λ_B)² when B has
 * full row rank (which needs H·D ≥ N·n). When H·D < N·n the loss goes to the least-squares floor
 * ½‖(I − P_B) y‖² instead.
 *
 * @example
 * const rate = wVOnlyRate(model, θ, data);
 * // rate.lambdaB, rate.eta, rate.predictedContraction, rate.floor
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { KernelRegression, RegressionData, regressionForward } from "./regression";

/** B (N·n × H·D) at θ, as an ml-matrix Matrix. */
export function bMatrix(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): Matrix {
  const { S } = regressionForward(model, θ, data);
  const { N, n, D, H } = model;
  const B = new Matrix(N * n, H * D);
  for (let i = 0; i < N; i++) {
    for (let h = 0; h < H; h++) {
      const so = (i * H + h) * n * n;
      for (let k = 0; k < n; k++) {
        for (let a = 0; a < D; a++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += S[so + k * n + j] * data.X[(i * n + j) * D + a];
          B.set(i * n + k, h * D + a, s);
        }
      }
    }
  }
  return B;
}

/** Eigenvalues (ascending) and eigenvectors (columns) of the symmetric B Bᵀ. */
function gramEigen(B: Matrix): { values: number[]; vectors: Matrix } {
  const e = new EigenvalueDecomposition(B.mmul(B.transpose()), { assumeSymmetric: true });
  const order = e.realEigenvalues.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const V = e.eigenvectorMatrix;
  const vectors = new Matrix(V.rows, V.columns);
  order.forEach(([, i], c) => vectors.setColumn(c, V.getColumn(i)));
  return { values: order.map(([v]) => v), vectors };
}

/** λ_B = λ_min(B Bᵀ) (clamped at 0 against rounding). */
export function lambdaB(B: Matrix): number {
  return Math.max(0, gramEigen(B).values[0]);
}

export interface WVOnlyRate {
  /** λ_min(B Bᵀ) and λ_max(B Bᵀ) = ‖B‖₂². */
  lambdaB: number;
  lambdaMax: number;
  /** min_h and max_h ‖w_h^O‖². */
  minWO2: number;
  maxWO2: number;
  /** The step η = 1/(‖B‖₂² · max_h ‖w_h^O‖²) (so η ≤ 1/‖BΛBᵀ‖). */
  eta: number;
  /** Predicted per-step loss contraction ρ = (1 − η·min_h‖w_h^O‖²·λ_B)². */
  predictedContraction: number;
  /**
   * The exact late-time contraction (1 − η·μ)², μ the smallest positive eigenvalue of BΛBᵀ whose
   * eigenvector y has a part along (the slowest mode GD leaves; ≤ 1 always, = ρ only when Λ ∝ I
   * and that mode is the λ_B one).
   */
  slowestContraction: number;
  /**
   * λ₊, the smallest eigenvalue of BBᵀ above the rank threshold (= λ_B when B has full row rank),
   * and ρ₊ = (1 − η·min_h‖w_h^O‖²·λ₊)²: the excess f_t − floor contracts at least by ρ₊ per step
   * whatever the rank of B.
   */
  lambdaPlus: number;
  rangeContraction: number;
  /** The least-squares floor ½‖(I − P_B) y‖² (0 up to rounding when B has full row rank). */
  floor: number;
  /** Numerical rank of B (eigenvalues of BBᵀ above 1e-10·λ_max). */
  rank: number;
}

/** Everything the W_V-only rate needs, at the (fixed) W_Q, W_K of θ. */
export function wVOnlyRate(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): WVOnlyRate {
  const B = bMatrix(model, θ, data);
  const { values, vectors } = gramEigen(B);
  const lambdaMax = values[values.length - 1];
  const w2 = Array.from({ length: model.H }, (_, h) => {
    let s = 0;
    for (let c = 0; c < model.d; c++) s += model.wO[h * model.d + c] ** 2;
    return s;
  });
  const minWO2 = Math.min(...w2), maxWO2 = Math.max(...w2);
  if (!(lambdaMax > 0 && maxWO2 > 0)) throw new RangeError("B or w^O is zero: no W_V-only dynamics");
  const eta = 1 / (lambdaMax * maxWO2);
  const lB = Math.max(0, values[0]);
  const y = data.y;
  let yy = 0;
  for (let j = 0; j < y.length; j++) yy += y[j] * y[j];
  let proj = 0, rank = 0, lambdaPlus = lambdaMax;
  values.forEach((v, c) => {
    if (v <= 1e-10 * lambdaMax) return;
    rank++;
    if (v < lambdaPlus) lambdaPlus = v;
    let p = 0;
    for (let j = 0; j < y.length; j++) p += vectors.get(j, c) * y[j];
    proj += p * p;
  });
  // The slowest mode: BΛBᵀ = B̃B̃ᵀ with B̃'s head-h columns scaled by ‖w_h^O‖.
  const Bt = B.clone();
  for (let h = 0; h < model.H; h++) for (let a = 0; a < model.D; a++) for (let r = 0; r < Bt.rows; r++) Bt.set(r, h * model.D + a, Bt.get(r, h * model.D + a) * Math.sqrt(w2[h]));
  const lam = gramEigen(Bt);
  const top = lam.values[lam.values.length - 1];
  let mu = top;
  lam.values.forEach((v, c) => {
    if (v <= 1e-10 * top) return;
    let p = 0;
    for (let j = 0; j < y.length; j++) p += lam.vectors.get(j, c) * y[j];
    if (Math.abs(p) > 1e-8 * Math.sqrt(yy) && v < mu) mu = v;
  });
  return {
    lambdaB: lB, lambdaMax, minWO2, maxWO2, eta, predictedContraction: (1 - eta * minWO2 * lB) ** 2,
    lambdaPlus, rangeContraction: (1 - eta * minWO2 * lambdaPlus) ** 2, slowestContraction: (1 - eta * mu) ** 2,
    floor: Math.max(0, 0.5 * (yy - proj)), rank,
  };
}

/**
 * For the softmax kernel with W_V fixed: every output is a sum over heads of convex combinations
 * of that head's values, out_ik ∈ [Σ_h min_j z_ihj, Σ_h max_j z_ihj], so
 * f ≥ ½ Σ_ik dist(y_ik, that interval)². A positive bound means zero loss is out of reach for the
 * softmax kernel whatever W_Q is. (Exact bound, not a claim of the paper.)
 */
export function softmaxHullFloor(model: KernelRegression, θ: ArrayLike<number>, data: RegressionData): number {
  const { z } = regressionForward(model, θ, data);
  const { N, n, H } = model;
  let f = 0;
  for (let i = 0; i < N; i++) {
    let lo = 0, hi = 0;
    for (let h = 0; h < H; h++) {
      let mn = Infinity, mx = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = z[(i * H + h) * n + j];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      lo += mn;
      hi += mx;
    }
    for (let k = 0; k < n; k++) {
      const t = data.y[i * n + k];
      const dist = t < lo ? lo - t : t > hi ? t - hi : 0;
      f += 0.5 * dist * dist;
    }
  }
  return f;
}
