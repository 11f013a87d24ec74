/**
 * Forward and backward pass of the transformer on ONE binary sequence, fused: no N × N array of
 * attention weights is ever built for a sequence. Readable top to bottom:
 *
 *   x̃_n = x_n e + p_n
 *   y_n  = x̃_n + W_O Σ_{i≤n} softmax_i(s_{n,i}) v_i         (attention with skip)
 *   z_n  = y_n + W2 ReLU(W1 y_n)                              (feed-forward with skip)
 *   ℓ_n  = ⟨e, z_n⟩ + b,  loss_n = BCE(ℓ_n, x_{n+1})          (tied head)
 *
 * Softmax weights come from the per-step shared exponentials (see attention.ts), and both passes
 * through attention visit only the positions holding a 1: the forward pass subtracts them from
 * the shared row sums, the backward pass adds what it owes to the per-step baseline (D^x, r^x)
 * and corrects at the ones. The backward pass is the chain rule in reverse order; every
 * gradient is checked against finite differences in tests/model.test.ts.
 */
import type { AttentionShared, AttentionSharedGrad } from "./attention";
import { assertInteger } from "../runtime/validate";
import { type Params, validateConfig } from "./params";
import { softplus } from "../canonical/numerics";

/** Scratch buffers for one sequence (reused from sequence to sequence). */
export interface Workspace {
  ones: Int32Array; // positions holding a 1, in order
  a0: Float64Array; // N: w0 = c_0 / Z_n, so that P_{n,i} = T_{n,i}·(x_i ? w1 : w0)
  a1: Float64Array; // N: w1 = c_1 / Z_n
  t1: Float64Array; // N: Σ_{ones i ≤ n} T_{n,i}
  vOnes: Float64Array; // K × d: V at the ones (row j = position ones[j])
  dvOnes: Float64Array; // K × d: ∂V at the ones, gathered before the scatter
  o: Float64Array; // N × d attention outputs Σ_i P_{n,i} v_i
  y: Float64Array; // N × d
  h: Float64Array; // N × 4d ReLU(pre-activations)
  z: Float64Array; // N × d
  logit: Float64Array; // N
  dO: Float64Array; // N × d
  x: Float64Array; // N: the input bits as numbers
  acc: Float64Array; // d
  dh: Float64Array; // 4d
  dy: Float64Array; // d
}

export function allocateWorkspace(d: number, N: number): Workspace {
  validateConfig({ d, N });
  const F = 4 * d;
  return {
    ones: new Int32Array(N), a0: new Float64Array(N), a1: new Float64Array(N), t1: new Float64Array(N),
    vOnes: new Float64Array(N * d), dvOnes: new Float64Array(N * d), o: new Float64Array(N * d), y: new Float64Array(N * d),
    h: new Float64Array(N * F), z: new Float64Array(N * d), logit: new Float64Array(N), dO: new Float64Array(N * d),
    x: new Float64Array(N), acc: new Float64Array(d), dh: new Float64Array(F), dy: new Float64Array(d),
  };
}

/**
 * Σ_{j<k} T[row + ones[j]] (returned) and, into acc, Σ_{j<k} T[row + ones[j]]·vOnes[j·d .. j·d + d).
 * One pass over the ones; d = 8 (the paper's) keeps the eight sums in registers.
 */
function onesSum(T: Float64Array, row: number, ones: Int32Array, k: number, vOnes: Float64Array, d: number, acc: Float64Array): number {
  let t1 = 0;
  if (d === 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let j = 0, v = 0; j < k; j++, v += 8) {
      const t = T[row + ones[j]];
      t1 += t;
      s0 += t * vOnes[v]; s1 += t * vOnes[v + 1]; s2 += t * vOnes[v + 2]; s3 += t * vOnes[v + 3];
      s4 += t * vOnes[v + 4]; s5 += t * vOnes[v + 5]; s6 += t * vOnes[v + 6]; s7 += t * vOnes[v + 7];
    }
    acc[0] = s0; acc[1] = s1; acc[2] = s2; acc[3] = s3; acc[4] = s4; acc[5] = s5; acc[6] = s6; acc[7] = s7;
    return t1;
  }
  acc.fill(0);
  for (let j = 0; j < k; j++) {
    const t = T[row + ones[j]], v = j * d;
    t1 += t;
    for (let c = 0; c < d; c++) acc[c] += t * vOnes[v + c];
  }
  return t1;
}

/**
 * The backward correction at the ones of row n (see the comment in `sequencePass`): adds into
 * ∂s (dA), ∂γ and the compacted ∂V at the ones, and returns Σ_{ones i} ∂s_{n,i} (for ∂β_n).
 */
function onesBackward(
  T: Float64Array, row: number, ones: Int32Array, k: number, vOnes: Float64Array, dvOnes: Float64Array,
  dO: Float64Array, nd: number, rho: number, dove: number, w1: number, dw: number, xn: number,
  dA: Float64Array, dgamma: Float64Array, d: number,
): number {
  let dbn = 0;
  for (let j = 0; j < k; j++) {
    const i = ones[j], t = T[row + i], vj = j * d;
    let dv = 0;
    for (let c = 0; c < d; c++) dv += dO[nd + c] * vOnes[vj + c];
    const base = dv - rho;
    const corr = t * (dw * base + w1 * dove);
    dA[row + i] += corr;
    dgamma[i] += xn * corr;
    dbn += t * w1 * (base + dove);
    const tdw = t * dw;
    for (let c = 0; c < d; c++) dvOnes[vj + c] += tdw * dO[nd + c];
  }
  return dbn;
}

/** `onesBackward` for the paper's d = 8, with ∂o_n in registers. */
function onesBackward8(
  T: Float64Array, row: number, ones: Int32Array, k: number, vOnes: Float64Array, dvOnes: Float64Array,
  dO: Float64Array, nd: number, rho: number, dove: number, w1: number, dw: number, xn: number,
  dA: Float64Array, dgamma: Float64Array,
): number {
  const o0 = dO[nd], o1 = dO[nd + 1], o2 = dO[nd + 2], o3 = dO[nd + 3];
  const o4 = dO[nd + 4], o5 = dO[nd + 5], o6 = dO[nd + 6], o7 = dO[nd + 7];
  const c1 = w1 * dove - dw * rho, c2 = w1 * (dove - rho);
  let dbn = 0;
  for (let j = 0, v = 0; j < k; j++, v += 8) {
    const i = ones[j], t = T[row + i];
    const dv = o0 * vOnes[v] + o1 * vOnes[v + 1] + o2 * vOnes[v + 2] + o3 * vOnes[v + 3]
      + o4 * vOnes[v + 4] + o5 * vOnes[v + 5] + o6 * vOnes[v + 6] + o7 * vOnes[v + 7];
    const corr = t * (dw * dv + c1);
    dA[row + i] += corr;
    dgamma[i] += xn * corr;
    dbn += t * (w1 * dv + c2);
    const tdw = t * dw;
    dvOnes[v] += tdw * o0; dvOnes[v + 1] += tdw * o1; dvOnes[v + 2] += tdw * o2; dvOnes[v + 3] += tdw * o3;
    dvOnes[v + 4] += tdw * o4; dvOnes[v + 5] += tdw * o5; dvOnes[v + 6] += tdw * o6; dvOnes[v + 7] += tdw * o7;
  }
  return dbn;
}

/**
 * Runs one sequence. `bits` holds N + 1 symbols from `off`: inputs x_1..x_N and targets x_2..x_{N+1}.
 * Returns the summed BCE over the N positions (logits stay in `ws.logit`). With `grad`, also adds
 * `scale`·∂(sum)/∂θ into `grad.g` (direct parameter gradients) and `grad.shared` (attention sums).
 */
export function sequencePass(
  θ: Params,
  S: AttentionShared,
  bits: Uint8Array,
  off: number,
  ws: Workspace,
  grad: { g: Params; shared: AttentionSharedGrad; scale: number } | null,
): number {
  const { d, N } = θ.config;
  // O(1) per sequence: an offset past the batch read undefined bits and blamed "diverged" parameters.
  assertInteger("off", off, 0, bits.length - (N + 1));
  if (S.d !== d || S.N !== N) throw new RangeError(`S must be allocated for d = ${d}, N = ${N}, got d = ${S.d}, N = ${S.N}`);
  if (ws.x.length !== N || ws.acc.length !== d) throw new RangeError(`ws must be allocated for d = ${d}, N = ${N}, got d = ${ws.acc.length}, N = ${ws.x.length}`);
  const F = 4 * d;
  const { e, pos, WO, W1, W2 } = θ;
  const b = θ.b[0];
  const { beta, V, ve, T0, T1, R0, R1, G0, G1 } = S;
  const delta = S.delta[0];
  const { o, y, h, z, logit, x, ones, a0, a1, t1: t1At, vOnes, acc } = ws;
  let K = 0;
  for (let n = 0; n < N; n++) {
    x[n] = bits[off + n];
    if (x[n]) ones[K++] = n;
  }
  // the values at the ones, compacted: vOnes[j·d + c] = V_{ones[j], c}
  for (let j = 0; j < K; j++) for (let c = 0; c < d; c++) vOnes[j * d + c] = V[ones[j] * d + c];
  let loss = 0;
  let k = 0; // ones at positions ≤ n

  // ---- forward ----
  for (let n = 0; n < N; n++) {
    const xn = x[n];
    const row = n * N, nd = n * d;
    if (xn) k++;
    // weights T^{x_n}_{n,i}·c_{x_i} with c_0 = e^{−max(u,0)}, c_1 = e^{u−max(u,0)}, u = β_n + x_n δ
    const T = xn ? T1 : T0, G = xn ? G1 : G0;
    const u = beta[n] + xn * delta, sh = u > 0 ? u : 0;
    const c0 = Math.exp(-sh), c1 = Math.exp(u - sh);
    // t1 = Σ_{ones i ≤ n} T_{n,i}, acc = Σ_{ones i ≤ n} T_{n,i} V_i
    const t1 = onesSum(T, row, ones, k, vOnes, d, acc);
    const Z = c0 * ((xn ? R1[n] : R0[n]) - t1) + c1 * t1;
    if (!(Z > 0 && Z < Infinity)) throw new RangeError(`attention weights under- or overflow at position ${n + 1} (|u| = ${Math.abs(u)}): the parameters have diverged`);
    const w0 = c0 / Z, w1 = c1 / Z;
    a0[n] = w0;
    a1[n] = w1;
    t1At[n] = t1;
    // o_n = Σ_i P_{n,i}(V_i + x_i v_e) = w0 (G_n − Σ_ones T V) + w1 Σ_ones T V + (w1 t1) v_e
    for (let c = 0; c < d; c++) o[nd + c] = w0 * (G[nd + c] - acc[c]) + w1 * acc[c] + w1 * t1 * ve[c];
    // y_n = x̃_n + W_O o_n
    for (let r = 0; r < d; r++) {
      let s = pos[nd + r] + xn * e[r];
      const wr = r * d;
      for (let c = 0; c < d; c++) s += WO[wr + c] * o[nd + c];
      y[nd + r] = s;
    }
    // h = W1 y, z = y + W2 relu(h), ℓ = e·z + b
    const nf = n * F;
    for (let r = 0; r < F; r++) {
      let s = 0;
      const wr = r * d;
      for (let c = 0; c < d; c++) s += W1[wr + c] * y[nd + c];
      h[nf + r] = s > 0 ? s : 0; // keep ReLU(h); h > 0 ⇔ ReLU(h) > 0
    }
    let l = b;
    for (let r = 0; r < d; r++) {
      let s = y[nd + r];
      const wr = r * F;
      for (let c = 0; c < F; c++) s += W2[wr + c] * h[nf + c];
      z[nd + r] = s;
      l += e[r] * s;
    }
    logit[n] = l;
    // BCE with logits: softplus(ℓ) − t ℓ
    loss += softplus(l) - (bits[off + n + 1] ? l : 0);
  }
  if (!grad) return loss;

  // ---- backward ----
  const { g, shared, scale } = grad;
  const { dO, dh, dy } = ws;
  const { dA, dbeta, dgamma, dV, dve } = shared;
  let ddelta = 0;
  for (let n = 0; n < N; n++) {
    const xn = x[n];
    const nd = n * d, nf = n * F;
    const l = logit[n];
    // ∂loss/∂ℓ = σ(ℓ) − t
    const gl = scale * (1 / (1 + Math.exp(-l)) - bits[off + n + 1]);
    g.b[0] += gl;
    // ℓ = e·z + b  →  ∂e += gl z, ∂z = gl e
    for (let r = 0; r < d; r++) g.e[r] += gl * z[nd + r];
    // z = y + W2 relu(h): ∂W2 += ∂z relu(h)ᵀ; ∂h = (W2ᵀ ∂z)·[h > 0]
    dh.fill(0);
    for (let r = 0; r < d; r++) {
      const dz = gl * e[r];
      dy[r] = dz;
      const wr = r * F;
      for (let c = 0; c < F; c++) {
        const hc = h[nf + c];
        if (hc > 0) {
          g.W2[wr + c] += dz * hc;
          dh[c] += W2[wr + c] * dz;
        }
      }
    }
    // h = W1 y: ∂W1 += ∂h yᵀ; ∂y += W1ᵀ ∂h
    for (let r = 0; r < F; r++) {
      const dhr = dh[r];
      if (dhr === 0) continue;
      const wr = r * d;
      for (let c = 0; c < d; c++) {
        g.W1[wr + c] += dhr * y[nd + c];
        dy[c] += W1[wr + c] * dhr;
      }
    }
    // y = x̃ + W_O o: ∂x̃ = ∂y (into e and p_n), ∂W_O += ∂y oᵀ, ∂o = W_Oᵀ ∂y
    for (let c = 0; c < d; c++) dO[nd + c] = 0;
    for (let r = 0; r < d; r++) {
      const dyr = dy[r];
      g.pos[nd + r] += dyr;
      g.e[r] += xn * dyr;
      const wr = r * d;
      for (let c = 0; c < d; c++) {
        g.WO[wr + c] += dyr * o[nd + c];
        dO[nd + c] += WO[wr + c] * dyr;
      }
    }
  }
  // attention. Baseline (every key a 0): ∂s_{n,i} = T_{n,i} w0 (∂o_n·V_i − ρ_n), ∂V_i += T_{n,i} w0 ∂o_n,
  // with ρ_n = ∂o_n·o_n — summed over the batch into D^{x_n}, r^{x_n} (attention.ts spends them).
  // At a one, the truth is T w1 (∂o_n·V_i + ∂o_n·v_e − ρ_n) and T w1 ∂o_n: add the difference.
  const { D0, D1, r0, r1 } = shared;
  const dvOnes = ws.dvOnes;
  for (let j = 0; j < K * d; j++) dvOnes[j] = 0;
  k = 0;
  for (let n = 0; n < N; n++) {
    const xn = x[n];
    if (xn) k++;
    const row = n * N, nd = n * d;
    const T = xn ? T1 : T0, w0 = a0[n], w1 = a1[n], dw = w1 - w0;
    let rho = 0, dove = 0;
    for (let c = 0; c < d; c++) {
      rho += dO[nd + c] * o[nd + c];
      dove += dO[nd + c] * ve[c];
    }
    const D = xn ? D1 : D0;
    for (let c = 0; c < d; c++) D[nd + c] += w0 * dO[nd + c];
    (xn ? r1 : r0)[n] += w0 * rho;
    const dbn = d === 8
      ? onesBackward8(T, row, ones, k, vOnes, dvOnes, dO, nd, rho, dove, w1, dw, xn, dA, dgamma)
      : onesBackward(T, row, ones, k, vOnes, dvOnes, dO, nd, rho, dove, w1, dw, xn, dA, dgamma, d);
    dbeta[n] += dbn;
    ddelta += xn * dbn;
    // ∂v_e = Σ_n (Σ_{ones i ≤ n} P_{n,i}) ∂o_n
    const pOnes = w1 * t1At[n];
    for (let c = 0; c < d; c++) dve[c] += pOnes * dO[nd + c];
  }
  for (let j = 0; j < K; j++) {
    const vi = ones[j] * d, vj = j * d;
    for (let c = 0; c < d; c++) dV[vi + c] += dvOnes[vj + c];
  }
  shared.ddelta[0] += ddelta;
  return loss;
}
