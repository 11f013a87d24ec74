/**
 * The two attention kernels compared by Song et al. (NeurIPS 2024), for one head and one sequence,
 * with their hand-derived backward passes.
 *
 * - `softmax`: A = rowsoftmax(Q Kᵀ / √d) (the row maximum is subtracted before exponentiating);
 * - `gaussian`: A_kj = exp(−‖q_k − k_j‖² / τ), element-wise, with no row normalisation; the
 *   squared distance is computed as ‖q‖² + ‖k‖² − 2⟨q, k⟩ and clamped at 0.
 *
 * The paper's abstract and reviews give the Gaussian constant only in lossy form (1/√d, possibly
 * 1/(2√d)); τ is therefore a parameter (`gaussianTau(d, "sqrt")` = √d, `"2sqrt"` = 2√d).
 *
 * Shapes: Q, K are n×d row-major Float64Arrays; A is n×n row-major (A[k·n + j], query k, key j).
 *
 * @example
 * const A = new Float64Array(4);
 * attentionScores("softmax", Float64Array.of(1, 0), Float64Array.of(0, 1), 2, 1, 1, A);
 * // rows of A sum to 1
 */
import { assertInteger, assertPositive } from "../runtime/validate";

export type KernelName = "softmax" | "gaussian";

export const KERNEL_NAMES: readonly KernelName[] = ["softmax", "gaussian"];

/** Validates a kernel name, naming the argument in the error. */
export function assertKernel(kernel: unknown, arg = "kernel"): KernelName {
  if (kernel !== "softmax" && kernel !== "gaussian") throw new RangeError(`${arg} must be "softmax" or "gaussian", got ${JSON.stringify(kernel)}`);
  return kernel;
}

/** The Gaussian bandwidth τ for head dimension d: √d ("sqrt") or 2√d ("2sqrt", Skyformer's constant). */
export function gaussianTau(d: number, rule: "sqrt" | "2sqrt" = "2sqrt"): number {
  assertInteger("d", d);
  return rule === "sqrt" ? Math.sqrt(d) : 2 * Math.sqrt(d);
}

/** Validates τ > 0 and finite. */
export function assertTau(tau: number, arg = "tau"): number {
  return assertPositive(arg, tau);
}

/**
 * Attention matrix A (n×n) of one head from queries Q and keys K (n×d each), written into `A`.
 * `tau` is used by the Gaussian kernel only; the softmax kernel scales by 1/√d. `direct`: the
 * Gaussian squared distance as Σ_c (q_c − k_c)² (no cancellation), a cross-check of the expanded form.
 */
export function attentionScores(kernel: KernelName, Q: ArrayLike<number>, K: ArrayLike<number>, n: number, d: number, tau: number, A: Float64Array, direct = false): void {
  if (kernel === "softmax") {
    const s = 1 / Math.sqrt(d);
    for (let k = 0; k < n; k++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += Q[k * d + c] * K[j * d + c];
        const v = dot * s;
        A[k * n + j] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(A[k * n + j] - max);
        A[k * n + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) A[k * n + j] /= sum;
    }
  } else {
    for (let k = 0; k < n; k++) {
      let qq = 0;
      for (let c = 0; c < d; c++) qq += Q[k * d + c] * Q[k * d + c];
      for (let j = 0; j < n; j++) {
        let kk = 0, qk = 0;
        for (let c = 0; c < d; c++) {
          kk += K[j * d + c] * K[j * d + c];
          qk += Q[k * d + c] * K[j * d + c];
        }
        let dist2 = Math.max(0, qq + kk - 2 * qk);
        if (direct) {
          dist2 = 0;
          for (let c = 0; c < d; c++) dist2 += (Q[k * d + c] - K[j * d + c]) ** 2;
        }
        A[k * n + j] = Math.exp(-dist2 / tau);
      }
    }
  }
}

/**
 * Backward through the kernel: given A (from `attentionScores`) and dA = ∂f/∂A, ADDS ∂f/∂Q and
 * ∂f/∂K (n×d) into dQ and dK.
 *
 * Softmax: dS_kj = A_kj (dA_kj − Σ_l A_kl dA_kl), dQ = dS K/√d, dK = dSᵀ Q/√d.
 * Gaussian: with M = dA ∘ A, dq_k = −(2/τ) Σ_j M_kj (q_k − k_j), dk_j = (2/τ) Σ_k M_kj (q_k − k_j).
 * (Where the squared distance was clamped at 0 the true derivative is that of the unclamped
 * formula, which these expressions give.)
 */
export function attentionScoresBackward(
  kernel: KernelName, Q: ArrayLike<number>, K: ArrayLike<number>, A: ArrayLike<number>, dA: ArrayLike<number>,
  n: number, d: number, tau: number, dQ: Float64Array, dK: Float64Array,
): void {
  if (kernel === "softmax") {
    const s = 1 / Math.sqrt(d);
    for (let k = 0; k < n; k++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += A[k * n + j] * dA[k * n + j];
      for (let j = 0; j < n; j++) {
        const g = A[k * n + j] * (dA[k * n + j] - dot) * s;
        if (g === 0) continue;
        for (let c = 0; c < d; c++) {
          dQ[k * d + c] += g * K[j * d + c];
          dK[j * d + c] += g * Q[k * d + c];
        }
      }
    }
  } else {
    const s = 2 / tau;
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        const m = dA[k * n + j] * A[k * n + j] * s;
        if (m === 0) continue;
        for (let c = 0; c < d; c++) {
          const diff = Q[k * d + c] - K[j * d + c];
          dQ[k * d + c] -= m * diff;
          dK[j * d + c] += m * diff;
        }
      }
    }
  }
}
