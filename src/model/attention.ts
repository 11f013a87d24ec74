/**
 * The causal softmax attention of a binary-token transformer, split along the structure of the
 * data: with x̃_n = x_n e + p_n, every query, key and value is "a token part times a bit plus a
 * position part",
 *
 *   q_n = x_n q_e + Q_n,   k_i = x_i k_e + K_i,   v_i = x_i v_e + V_i,
 *
 * so a score is  s_{n,i} = A_{n,i} + x_i β_n + x_n γ_i + x_n x_i δ  with
 *   A_{n,i} = Q_n·K_i,  β_n = Q_n·k_e,  γ_i = q_e·K_i,  δ = q_e·k_e.
 * A, β, γ, δ and the position parts depend on the parameters only: they are computed ONCE per
 * step for the whole batch (`attentionShared`). So are the exponentials: with
 *
 *   T^x_{n,i} = exp(A_{n,i} + x γ_i − M^x_n)   (x ∈ {0, 1}, M^x_n the row maximum),
 *
 * a sequence's softmax weights are T^{x_n}_{n,i}·c_{x_i}, with one pair (c_0, c_1) per row
 * from u_n = β_n + x_n δ. The weights of the zeros of a sequence sum to what the whole row
 * sums to (shared: R^x_n = Σ_i T^x_{n,i}, G^x_n = Σ_i T^x_{n,i} V_i) minus the ones, so the
 * forward pass of a sequence only visits the positions holding a 1 — no exponential, no
 * d-dimensional dot product per score. This is exact, not an approximation.
 *
 * The backward pass mirrors it: each sequence accumulates ∂L/∂s_{n,i} into shared sums
 * (∂A, ∂β, ∂γ, ∂δ, and ∂V_i, ∂v_e for the values); `attentionSharedBackward` turns those into
 * gradients of W_Q, W_K, W_V, e and p_n once per step.
 *
 * Queries carry the 1/√d of scaled dot-product attention.
 */
import type { Params } from "./params";

export interface AttentionShared {
  /** q_e / √d, k_e, v_e (length d). */
  qe: Float64Array;
  ke: Float64Array;
  ve: Float64Array;
  /** Q_n / √d and K_n (N × d, row n = position n). */
  Q: Float64Array;
  K: Float64Array;
  /** V_n stored TRANSPOSED (d × N: V[c·N + n]), so the attention loops run over long rows. */
  Vt: Float64Array;
  /** A_{n,i} (N × N, lower triangle used), β_n, γ_i (length N), δ (length 1). */
  A: Float64Array;
  beta: Float64Array;
  gamma: Float64Array;
  delta: Float64Array;
  /** T^0, T^1 (N × N, lower triangle), their row sums R^0, R^1 (N) and value sums G^0, G^1 (N × d). */
  T0: Float64Array;
  T1: Float64Array;
  R0: Float64Array;
  R1: Float64Array;
  G0: Float64Array;
  G1: Float64Array;
}

/** Numbers needed by `allocateShared` for (d, N). */
export function sharedSize(d: number, N: number): number {
  return 3 * d + 3 * N * d + 3 * N * N + 4 * N + 1 + 2 * N * d;
}

/** Views `data` (zeros if omitted; may be SharedArrayBuffer-backed, so worker threads read the same numbers). */
export function allocateShared(d: number, N: number, data?: Float64Array): AttentionShared {
  const buf = data ?? new Float64Array(sharedSize(d, N));
  if (buf.length !== sharedSize(d, N)) throw new RangeError("attention buffer has the wrong size");
  let o = 0;
  const take = (n: number) => buf.subarray(o, (o += n));
  return {
    qe: take(d), ke: take(d), ve: take(d),
    Q: take(N * d), K: take(N * d), Vt: take(N * d),
    A: take(N * N), beta: take(N), gamma: take(N), delta: take(1),
    T0: take(N * N), T1: take(N * N), R0: take(N), R1: take(N),
    G0: take(N * d), G1: take(N * d),
  };
}

/** out = W x for a d × d matrix W (row-major), reading x at xOff and writing out at oOff. */
function matvec(W: Float64Array, x: Float64Array, xOff: number, out: Float64Array, oOff: number, d: number, scale: number): void {
  for (let r = 0; r < d; r++) {
    let s = 0;
    const row = r * d;
    for (let c = 0; c < d; c++) s += W[row + c] * x[xOff + c];
    out[oOff + r] = s * scale;
  }
}

/** The parameter-only parts of attention, once per step (cost N²d/2 + 3Nd²). */
export function attentionShared(θ: Params, S: AttentionShared): void {
  const { d, N } = θ.config;
  const inv = 1 / Math.sqrt(d);
  matvec(θ.WQ, θ.e, 0, S.qe, 0, d, inv);
  matvec(θ.WK, θ.e, 0, S.ke, 0, d, 1);
  matvec(θ.WV, θ.e, 0, S.ve, 0, d, 1);
  const v = new Float64Array(d);
  for (let n = 0; n < N; n++) {
    matvec(θ.WQ, θ.pos, n * d, S.Q, n * d, d, inv);
    matvec(θ.WK, θ.pos, n * d, S.K, n * d, d, 1);
    matvec(θ.WV, θ.pos, n * d, v, 0, d, 1);
    for (let c = 0; c < d; c++) S.Vt[c * N + n] = v[c];
  }
  const { Q, K, A, beta, gamma, qe, ke } = S;
  for (let n = 0; n < N; n++) {
    const qn = n * d;
    let bn = 0, gn = 0;
    for (let c = 0; c < d; c++) {
      bn += Q[qn + c] * ke[c];
      gn += qe[c] * K[qn + c];
    }
    beta[n] = bn;
    gamma[n] = gn;
    const row = n * N;
    for (let i = 0; i <= n; i++) {
      const ki = i * d;
      let s = 0;
      for (let c = 0; c < d; c++) s += Q[qn + c] * K[ki + c];
      A[row + i] = s;
    }
  }
  let dl = 0;
  for (let c = 0; c < d; c++) dl += qe[c] * ke[c];
  S.delta[0] = dl;
  // T^x, R^x, G^x: the exponentials and sums every sequence shares
  const { T0, T1, R0, R1, G0, G1, Vt } = S;
  for (let n = 0; n < N; n++) {
    const row = n * N, len = n + 1;
    let m0 = -Infinity, m1 = -Infinity;
    for (let i = 0; i < len; i++) {
      const a = A[row + i];
      if (a > m0) m0 = a;
      if (a + gamma[i] > m1) m1 = a + gamma[i];
    }
    let r0 = 0, r1 = 0;
    for (let i = 0; i < len; i++) {
      const t0 = Math.exp(A[row + i] - m0), t1 = Math.exp(A[row + i] + gamma[i] - m1);
      T0[row + i] = t0;
      T1[row + i] = t1;
      r0 += t0;
      r1 += t1;
    }
    R0[n] = r0;
    R1[n] = r1;
    for (let c = 0; c < d; c++) {
      const vc = c * N;
      let s0 = 0, s1 = 0;
      for (let i = 0; i < len; i++) {
        s0 += T0[row + i] * Vt[vc + i];
        s1 += T1[row + i] * Vt[vc + i];
      }
      G0[n * d + c] = s0;
      G1[n * d + c] = s1;
    }
  }
}

/** Accumulators a sequence's backward pass adds into (summed over the batch before `attentionSharedBackward`). */
export interface AttentionSharedGrad {
  dA: Float64Array;
  dbeta: Float64Array;
  dgamma: Float64Array;
  ddelta: Float64Array;
  /** ∂L/∂V_i, transposed like V (d × N), and ∂L/∂v_e (d). */
  dVt: Float64Array;
  dve: Float64Array;
}

/**
 * Gradients of W_Q, W_K, W_V, e and p_n from the summed shared accumulators, added into the
 * parameter-shaped gradient `g` (cost N²d + 3Nd²).
 */
export function attentionSharedBackward(θ: Params, S: AttentionShared, G: AttentionSharedGrad, g: Params): void {
  const { d, N } = θ.config;
  const inv = 1 / Math.sqrt(d);
  const { Q, K, qe, ke } = S;
  const dQ = new Float64Array(d), dK = new Float64Array(d), dV = new Float64Array(d);
  const dqe = new Float64Array(d), dke = new Float64Array(d);
  const dKall = new Float64Array(N * d);
  const { dA, dbeta, dgamma } = G;
  const ddelta = G.ddelta[0];
  // ∂Q_n = Σ_i ∂A_{n,i} K_i + ∂β_n k_e ;  ∂K_i += ∂A_{n,i} Q_n ;  ∂K_i += ∂γ_i q_e
  for (let n = 0; n < N; n++) {
    dQ.fill(0);
    const row = n * N, qn = n * d;
    for (let i = 0; i <= n; i++) {
      const a = dA[row + i];
      if (a === 0) continue;
      const ki = i * d;
      for (let c = 0; c < d; c++) {
        dQ[c] += a * K[ki + c];
        dKall[ki + c] += a * Q[qn + c];
      }
    }
    const bn = dbeta[n];
    for (let c = 0; c < d; c++) {
      dQ[c] += bn * ke[c];
      dke[c] += bn * Q[qn + c];
      dqe[c] += dgamma[n] * K[qn + c];
    }
    // Q_n = W_Q p_n / √d
    addOuterAndBackprop(θ.WQ, g.WQ, dQ, θ.pos, n * d, g.pos, n * d, d, inv);
  }
  for (let c = 0; c < d; c++) {
    dqe[c] += ddelta * ke[c];
    dke[c] += ddelta * qe[c];
  }
  for (let i = 0; i < N; i++) {
    const ki = i * d;
    for (let c = 0; c < d; c++) dK[c] = dKall[ki + c] + G.dgamma[i] * qe[c];
    addOuterAndBackprop(θ.WK, g.WK, dK, θ.pos, ki, g.pos, ki, d, 1);
    // V_i = W_V p_i
    for (let c = 0; c < d; c++) dV[c] = G.dVt[c * N + i];
    addOuterAndBackprop(θ.WV, g.WV, dV, θ.pos, ki, g.pos, ki, d, 1);
  }
  // q_e = W_Q e / √d, k_e = W_K e, v_e = W_V e
  addOuterAndBackprop(θ.WQ, g.WQ, dqe, θ.e, 0, g.e, 0, d, inv);
  addOuterAndBackprop(θ.WK, g.WK, dke, θ.e, 0, g.e, 0, d, 1);
  addOuterAndBackprop(θ.WV, g.WV, G.dve, θ.e, 0, g.e, 0, d, 1);
}

/** For out = scale·W x: gW += scale·dout xᵀ and gx += scale·Wᵀ dout. */
function addOuterAndBackprop(
  W: Float64Array, gW: Float64Array, dout: Float64Array,
  x: Float64Array, xOff: number, gx: Float64Array, gxOff: number, d: number, scale: number,
): void {
  for (let r = 0; r < d; r++) {
    const dr = dout[r] * scale;
    if (dr === 0) continue;
    const row = r * d;
    for (let c = 0; c < d; c++) {
      gW[row + c] += dr * x[xOff + c];
      gx[gxOff + c] += dr * W[row + c];
    }
  }
}
