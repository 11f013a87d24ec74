/**
 * The causal softmax attention of a binary-token transformer, split along the structure of the
 * data: with x̃_n = x_n e + p_n, every query, key and value is "a token part times a bit plus a
 * position part",
 *
 *   q_n = x_n q_e + Q_n,   k_i = x_i k_e + K_i,   v_i = x_i v_e + V_i,
 *
 * so a score is  s_{n,i} = A_{n,i} + x_i β_n + x_n γ_i + x_n x_i δ  with
 *   A_{n,i} = Q_n·K_i,  β_n = Q_n·k_e,  γ_i = q_e·K_i,  δ = q_e·k_e.
 * These depend on the parameters only: they are computed ONCE per step for the whole batch.
 * So are the exponentials: with
 *
 *   T^x_{n,i} = exp(A_{n,i} + x γ_i − M^x_n)   (x ∈ {0, 1}, M^x_n the row maximum),
 *
 * a sequence's softmax weights are T^{x_n}_{n,i}·c_{x_i}, with one pair (c_0, c_1) per row
 * from u_n = β_n + x_n δ. The weights of the zeros of a sequence sum to what the whole row
 * sums to (shared: R^x_n = Σ_i T^x_{n,i}, G^x_n = Σ_i T^x_{n,i} V_i) minus the ones, so the
 * forward pass of a sequence only visits the positions holding a 1. This is exact, not an
 * approximation.
 *
 * The backward pass mirrors it. Pretend every key were a 0: then ∂L/∂s_{n,i} and ∂L/∂V_i are
 * T^x_{n,i} times sums over the batch (D^x_n = Σ_b w0 ∂o_n, r^x_n = Σ_b w0 ∂o_n·o_n, taken over
 * the sequences with x_n = x), which `attentionRowsBackward` spends once per step; each sequence
 * adds only the correction at its ones (sequence.ts). Both per-step passes split by rows, so
 * every core takes a share.
 *
 * Queries carry the 1/√d of scaled dot-product attention.
 */
import { assertInteger } from "../runtime/validate";
import { type Params, validateConfig } from "./params";

export interface AttentionShared {
  readonly d: number;
  readonly N: number;
  /** q_e / √d, k_e, v_e (length d). */
  qe: Float64Array;
  ke: Float64Array;
  ve: Float64Array;
  /** Q_n / √d, K_n and V_n (N × d, row n = position n). */
  Q: Float64Array;
  K: Float64Array;
  V: Float64Array;
  /** β_n, γ_i (length N), δ (length 1). */
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

/** Numbers needed by `allocateShared` for (d, N) (positive integers). */
export function sharedSize(d: number, N: number): number {
  validateConfig({ d, N });
  return 3 * d + 3 * N * d + 2 * N + 1 + 2 * N * N + 2 * N + 2 * N * d;
}

/** Views `data` (zeros if omitted; may be SharedArrayBuffer-backed, so worker threads read the same numbers). */
export function allocateShared(d: number, N: number, data?: Float64Array): AttentionShared {
  const buf = data ?? new Float64Array(sharedSize(d, N));
  if (buf.length !== sharedSize(d, N)) throw new RangeError(`data must have ${sharedSize(d, N)} numbers for d = ${d}, N = ${N}, got ${buf.length}`);
  let o = 0;
  const take = (n: number) => buf.subarray(o, (o += n));
  return {
    d, N,
    qe: take(d), ke: take(d), ve: take(d),
    Q: take(N * d), K: take(N * d), V: take(N * d),
    beta: take(N), gamma: take(N), delta: take(1),
    T0: take(N * N), T1: take(N * N), R0: take(N), R1: take(N),
    G0: take(N * d), G1: take(N * d),
  };
}

/**
 * Rows [rowSplit(N, t, T), rowSplit(N, t + 1, T)) are thread t's share of a lower-triangular
 * N × N pass: equal areas, so thread t starts at row N√(t/T).
 */
export function rowSplit(N: number, t: number, T: number): number {
  assertInteger("N", N, 0);
  assertInteger("T", T, 1); // T = NaN gave NaN, T = 0 every row to thread 1
  assertInteger("t", t, 0, T);
  return t <= 0 ? 0 : t >= T ? N : Math.round(N * Math.sqrt(t / T));
}

/** out = scale·W x for a d × d matrix W (row-major), reading x at xOff and writing out at oOff. */
function matvec(W: Float64Array, x: Float64Array, xOff: number, out: Float64Array, oOff: number, d: number, scale: number): void {
  for (let r = 0; r < d; r++) {
    let s = 0;
    const row = r * d;
    for (let c = 0; c < d; c++) s += W[row + c] * x[xOff + c];
    out[oOff + r] = s * scale;
  }
}

/** The per-position parts: q_e, k_e, v_e, Q, K, V, β, γ, δ (cost 3Nd², serial). */
export function attentionPositions(θ: Params, S: AttentionShared): void {
  const { d, N } = θ.config;
  checkShared(S, d, N);
  const inv = 1 / Math.sqrt(d);
  const { Q, K, V, beta, gamma, qe, ke, ve } = S;
  matvec(θ.WQ, θ.e, 0, qe, 0, d, inv);
  matvec(θ.WK, θ.e, 0, ke, 0, d, 1);
  matvec(θ.WV, θ.e, 0, ve, 0, d, 1);
  for (let n = 0; n < N; n++) {
    const nd = n * d;
    matvec(θ.WQ, θ.pos, nd, Q, nd, d, inv);
    matvec(θ.WK, θ.pos, nd, K, nd, d, 1);
    matvec(θ.WV, θ.pos, nd, V, nd, d, 1);
    let bn = 0, gn = 0;
    for (let c = 0; c < d; c++) {
      bn += Q[nd + c] * ke[c];
      gn += qe[c] * K[nd + c];
    }
    beta[n] = bn;
    gamma[n] = gn;
  }
  let dl = 0;
  for (let c = 0; c < d; c++) dl += qe[c] * ke[c];
  S.delta[0] = dl;
}

/** Buffers sized for another model would be read and written out of bounds without a word. */
function checkShared(S: AttentionShared, d: number, N: number): void {
  if (S.d !== d || S.N !== N) throw new RangeError(`S must be allocated for d = ${d}, N = ${N}, got d = ${S.d}, N = ${S.N}`);
}

/** Rows [from, to) of an N-row pass: integers with 0 ≤ from ≤ to ≤ N (a NaN bound silently skipped every row). */
function checkRows(from: number, to: number, N: number): void {
  assertInteger("from", from, 0, N);
  assertInteger("to", to, from, N);
}

/** T^x, R^x and G^x for rows [from, to), after `attentionPositions` (cost ≈ 3d per pair i ≤ n). */
export function attentionRows(S: AttentionShared, from: number, to: number): void {
  const { d, N, Q, K, V, gamma, T0, T1, R0, R1, G0, G1 } = S;
  checkRows(from, to, N);
  const a = new Float64Array(N), g0 = new Float64Array(d), g1 = new Float64Array(d);
  for (let n = from; n < to; n++) {
    const row = n * N, nd = n * d, len = n + 1;
    let m0 = -Infinity, m1 = -Infinity;
    if (d === 8) {
      const q0 = Q[nd], q1 = Q[nd + 1], q2 = Q[nd + 2], q3 = Q[nd + 3], q4 = Q[nd + 4], q5 = Q[nd + 5], q6 = Q[nd + 6], q7 = Q[nd + 7];
      for (let i = 0, ki = 0; i < len; i++, ki += 8) {
        const s = q0 * K[ki] + q1 * K[ki + 1] + q2 * K[ki + 2] + q3 * K[ki + 3] + q4 * K[ki + 4] + q5 * K[ki + 5] + q6 * K[ki + 6] + q7 * K[ki + 7];
        a[i] = s;
        if (s > m0) m0 = s;
        if (s + gamma[i] > m1) m1 = s + gamma[i];
      }
    } else {
      for (let i = 0; i < len; i++) {
        const ki = i * d;
        let s = 0;
        for (let c = 0; c < d; c++) s += Q[nd + c] * K[ki + c];
        a[i] = s;
        if (s > m0) m0 = s;
        if (s + gamma[i] > m1) m1 = s + gamma[i];
      }
    }
    let r0 = 0, r1 = 0;
    for (let i = 0; i < len; i++) {
      const t0 = Math.exp(a[i] - m0), t1 = Math.exp(a[i] + gamma[i] - m1);
      T0[row + i] = t0;
      T1[row + i] = t1;
      r0 += t0;
      r1 += t1;
    }
    R0[n] = r0;
    R1[n] = r1;
    // G^x_n = Σ_i T^x_{n,i} V_i
    if (d === 8) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0;
      for (let i = 0, vi = 0; i < len; i++, vi += 8) {
        const t0 = T0[row + i], t1 = T1[row + i];
        const v0 = V[vi], v1 = V[vi + 1], v2 = V[vi + 2], v3 = V[vi + 3], v4 = V[vi + 4], v5 = V[vi + 5], v6 = V[vi + 6], v7 = V[vi + 7];
        a0 += t0 * v0; a1 += t0 * v1; a2 += t0 * v2; a3 += t0 * v3; a4 += t0 * v4; a5 += t0 * v5; a6 += t0 * v6; a7 += t0 * v7;
        b0 += t1 * v0; b1 += t1 * v1; b2 += t1 * v2; b3 += t1 * v3; b4 += t1 * v4; b5 += t1 * v5; b6 += t1 * v6; b7 += t1 * v7;
      }
      G0[nd] = a0; G0[nd + 1] = a1; G0[nd + 2] = a2; G0[nd + 3] = a3; G0[nd + 4] = a4; G0[nd + 5] = a5; G0[nd + 6] = a6; G0[nd + 7] = a7;
      G1[nd] = b0; G1[nd + 1] = b1; G1[nd + 2] = b2; G1[nd + 3] = b3; G1[nd + 4] = b4; G1[nd + 5] = b5; G1[nd + 6] = b6; G1[nd + 7] = b7;
    } else {
      g0.fill(0);
      g1.fill(0);
      for (let i = 0; i < len; i++) {
        const t0 = T0[row + i], t1 = T1[row + i], vi = i * d;
        for (let c = 0; c < d; c++) {
          g0[c] += t0 * V[vi + c];
          g1[c] += t1 * V[vi + c];
        }
      }
      for (let c = 0; c < d; c++) {
        G0[nd + c] = g0[c];
        G1[nd + c] = g1[c];
      }
    }
  }
}

/** Both per-step forward parts, every row, on the calling thread. */
export function attentionShared(θ: Params, S: AttentionShared): void {
  attentionPositions(θ, S);
  attentionRows(S, 0, θ.config.N);
}

/**
 * What the sequences' backward passes add up (one per thread, summed where noted):
 * - `dA`: ∂L/∂s_{n,i} at the ones of each sequence (the correction to the all-zeros baseline);
 * - `D0`, `D1` (N × d), `r0`, `r1` (N): the baseline sums Σ_b w0 ∂o_n and Σ_b w0 ∂o_n·o_n over
 *   the sequences with x_n = 0 or 1;
 * - `dbeta`, `dgamma`, `ddelta`, `dV` (N × d), `dve`: gradients of β, γ, δ, V, v_e;
 * - `dQ`, `dK` (N × d): ∂L/∂Q_n and ∂L/∂K_i from the scores, filled by `attentionRowsBackward`.
 */
export interface AttentionSharedGrad {
  dbeta: Float64Array;
  dgamma: Float64Array;
  ddelta: Float64Array;
  dV: Float64Array;
  dve: Float64Array;
  dK: Float64Array;
  D0: Float64Array;
  D1: Float64Array;
  r0: Float64Array;
  r1: Float64Array;
  dQ: Float64Array;
  dA: Float64Array;
}

/**
 * The per-step backward pass over rows [from, to): adds the baseline T^x_{n,i}(D^x_n·V_i − r^x_n)
 * to the sequences' corrections (`parts[k].dA`, one per thread) and turns ∂s_{n,i} into ∂Q_n
 * (written to `total.dQ`), ∂K_i, ∂V_i and ∂γ_i (added into `own`, this thread's partial sums).
 * `total` holds the batch-summed D^x and r^x.
 */
export function attentionRowsBackward(
  S: AttentionShared, parts: AttentionSharedGrad[], total: AttentionSharedGrad, own: AttentionSharedGrad, from: number, to: number,
): void {
  const { d, N, Q, K, V, T0, T1 } = S;
  checkRows(from, to, N);
  const { D0, D1, r0, r1, dQ } = total;
  const { dK, dV, dgamma } = own;
  const dA = parts[0].dA;
  for (let n = from; n < to; n++) {
    const row = n * N, nd = n * d, len = n + 1;
    for (let k = 1; k < parts.length; k++) {
      const other = parts[k].dA;
      for (let i = 0; i < len; i++) dA[row + i] += other[row + i];
    }
    const r0n = r0[n], r1n = r1[n];
    if (d === 8) {
      rowBackward8(row, nd, len, r0n, r1n, T0, T1, dA, D0, D1, V, K, Q, dV, dK, dgamma, dQ);
      continue;
    }
    for (let c = 0; c < d; c++) dQ[nd + c] = 0;
    for (let i = 0; i < len; i++) {
      const t0 = T0[row + i], t1 = T1[row + i], vi = i * d;
      let v0 = 0, v1 = 0;
      for (let c = 0; c < d; c++) {
        const vc = V[vi + c];
        v0 += D0[nd + c] * vc;
        v1 += D1[nd + c] * vc;
        dV[vi + c] += t0 * D0[nd + c] + t1 * D1[nd + c];
      }
      const s1 = t1 * (v1 - r1n);
      const ds = dA[row + i] + t0 * (v0 - r0n) + s1;
      dgamma[i] += s1;
      for (let c = 0; c < d; c++) {
        dQ[nd + c] += ds * K[vi + c];
        dK[vi + c] += ds * Q[nd + c];
      }
    }
  }
}

/** One row of `attentionRowsBackward` for the paper's d = 8, with D^x_n, Q_n and ∂Q_n in registers. */
function rowBackward8(
  row: number, nd: number, len: number, r0n: number, r1n: number,
  T0: Float64Array, T1: Float64Array, dA: Float64Array, D0: Float64Array, D1: Float64Array,
  V: Float64Array, K: Float64Array, Q: Float64Array, dV: Float64Array, dK: Float64Array, dgamma: Float64Array, dQ: Float64Array,
): void {
  const a0 = D0[nd], a1 = D0[nd + 1], a2 = D0[nd + 2], a3 = D0[nd + 3], a4 = D0[nd + 4], a5 = D0[nd + 5], a6 = D0[nd + 6], a7 = D0[nd + 7];
  const b0 = D1[nd], b1 = D1[nd + 1], b2 = D1[nd + 2], b3 = D1[nd + 3], b4 = D1[nd + 4], b5 = D1[nd + 5], b6 = D1[nd + 6], b7 = D1[nd + 7];
  const q0 = Q[nd], q1 = Q[nd + 1], q2 = Q[nd + 2], q3 = Q[nd + 3], q4 = Q[nd + 4], q5 = Q[nd + 5], q6 = Q[nd + 6], q7 = Q[nd + 7];
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0;
  for (let i = 0, vi = 0; i < len; i++, vi += 8) {
    const t0 = T0[row + i], t1 = T1[row + i];
    const v0 = V[vi], v1 = V[vi + 1], v2 = V[vi + 2], v3 = V[vi + 3], v4 = V[vi + 4], v5 = V[vi + 5], v6 = V[vi + 6], v7 = V[vi + 7];
    const u0 = a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3 + a4 * v4 + a5 * v5 + a6 * v6 + a7 * v7;
    const u1 = b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3 + b4 * v4 + b5 * v5 + b6 * v6 + b7 * v7;
    dV[vi] += t0 * a0 + t1 * b0; dV[vi + 1] += t0 * a1 + t1 * b1; dV[vi + 2] += t0 * a2 + t1 * b2; dV[vi + 3] += t0 * a3 + t1 * b3;
    dV[vi + 4] += t0 * a4 + t1 * b4; dV[vi + 5] += t0 * a5 + t1 * b5; dV[vi + 6] += t0 * a6 + t1 * b6; dV[vi + 7] += t0 * a7 + t1 * b7;
    const s1 = t1 * (u1 - r1n);
    const ds = dA[row + i] + t0 * (u0 - r0n) + s1;
    dgamma[i] += s1;
    g0 += ds * K[vi]; g1 += ds * K[vi + 1]; g2 += ds * K[vi + 2]; g3 += ds * K[vi + 3];
    g4 += ds * K[vi + 4]; g5 += ds * K[vi + 5]; g6 += ds * K[vi + 6]; g7 += ds * K[vi + 7];
    dK[vi] += ds * q0; dK[vi + 1] += ds * q1; dK[vi + 2] += ds * q2; dK[vi + 3] += ds * q3;
    dK[vi + 4] += ds * q4; dK[vi + 5] += ds * q5; dK[vi + 6] += ds * q6; dK[vi + 7] += ds * q7;
  }
  dQ[nd] = g0; dQ[nd + 1] = g1; dQ[nd + 2] = g2; dQ[nd + 3] = g3; dQ[nd + 4] = g4; dQ[nd + 5] = g5; dQ[nd + 6] = g6; dQ[nd + 7] = g7;
}

/**
 * Gradients of W_Q, W_K, W_V, e and p_n from the batch-summed attention sums (after
 * `attentionRowsBackward` has covered every row), added into the parameter-shaped `g` (cost 3Nd²).
 */
export function attentionFinish(θ: Params, S: AttentionShared, G: AttentionSharedGrad, g: Params): void {
  const { d, N } = θ.config;
  const inv = 1 / Math.sqrt(d);
  const { Q, K, qe, ke } = S;
  const dQ = new Float64Array(d), dK = new Float64Array(d), dV = new Float64Array(d);
  const dqe = new Float64Array(d), dke = new Float64Array(d);
  const ddelta = G.ddelta[0];
  for (let n = 0; n < N; n++) {
    const nd = n * d, bn = G.dbeta[n], gn = G.dgamma[n];
    for (let c = 0; c < d; c++) {
      // β_n = Q_n·k_e, γ_n = q_e·K_n
      dQ[c] = G.dQ[nd + c] + bn * ke[c];
      dK[c] = G.dK[nd + c] + gn * qe[c];
      dV[c] = G.dV[nd + c];
      dke[c] += bn * Q[nd + c];
      dqe[c] += gn * K[nd + c];
    }
    // Q_n = W_Q p_n / √d, K_n = W_K p_n, V_n = W_V p_n
    addOuterAndBackprop(θ.WQ, g.WQ, dQ, θ.pos, nd, g.pos, nd, d, inv);
    addOuterAndBackprop(θ.WK, g.WK, dK, θ.pos, nd, g.pos, nd, d, 1);
    addOuterAndBackprop(θ.WV, g.WV, dV, θ.pos, nd, g.pos, nd, d, 1);
  }
  // δ = q_e·k_e; q_e = W_Q e / √d, k_e = W_K e, v_e = W_V e
  for (let c = 0; c < d; c++) {
    dqe[c] += ddelta * ke[c];
    dke[c] += ddelta * qe[c];
  }
  addOuterAndBackprop(θ.WQ, g.WQ, dqe, θ.e, 0, g.e, 0, d, inv);
  addOuterAndBackprop(θ.WK, g.WK, dke, θ.e, 0, g.e, 0, d, 1);
  addOuterAndBackprop(θ.WV, g.WV, G.dve, θ.e, 0, g.e, 0, d, 1);
}

/** The whole per-step backward pass on the calling thread, for one accumulator. */
export function attentionSharedBackward(θ: Params, S: AttentionShared, G: AttentionSharedGrad, g: Params): void {
  attentionRowsBackward(S, [G], G, G, 0, θ.config.N);
  attentionFinish(θ, S, G, g);
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
