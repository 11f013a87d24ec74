/**
 * The two encoders of Gao et al. (§2, App. G, Prop. G.1), as in-place kernels on flat row-major
 * arrays, with their hand-derived backward passes:
 *   attention     f(Z, θ) = V Z σ_A[Zᵀ W Z],  σ_A = softmax over each column (Eq. 2.1's encoder)
 *   feed-forward  h(Z, w) = W₂ σ(W₁ Z),  σ = the Huberized ReLU of threshold 1 (Prop. G.1's example)
 * Each forward kernel adds coef·f (or coef·h) into an output matrix and stores what its backward
 * needs. The backward kernels follow the chain rule written out in their comments; tests check them
 * against central finite differences.
 *
 * Shapes: Z, U, out, G are D×T; V, W are D×D; W₁ is k×D; W₂ is D×k; P = W₁U is k×T. The attention
 * weights are stored query-major, Aᵀ (T×T: row i holds query i's weights over the keys a), so that
 * the softmax, Z·A and every product of the backward pass run along contiguous rows; the forward pass
 * also keeps W Z and Y = Z A (D×T each), which the backward pass would otherwise recompute.
 *
 * @example
 * const out = new Float64Array(D * T), At = new Float64Array(T * T), WZ = new Float64Array(D * T), Y = new Float64Array(D * T);
 * attentionAdd(D, T, Z, 0, theta, 0, D * D, 0.5, out, 0, { At, WZ, Y }, 0, 0);
 */

/** Huberized ReLU, threshold 1: 0 (z ≤ 0), z²/2 (0 ≤ z ≤ 1), z − ½ (z ≥ 1). */
export function huberRelu(z: number): number {
  return z <= 0 ? 0 : z < 1 ? 0.5 * z * z : z - 0.5;
}

/** Its derivative, clamp(z, 0, 1). */
export function huberReluPrime(z: number): number {
  return z <= 0 ? 0 : z < 1 ? z : 1;
}

/** What the attention kernel keeps for its backward pass: Aᵀ at at·T², W Z and Y = Z A at yo·D·T. */
export interface AttentionCache {
  At: Float64Array;
  WZ: Float64Array;
  Y: Float64Array;
}

/** Scratch space for the backward kernels (allocated once per model). */
export interface EncoderScratch {
  /** D×T (dY), D×T (X = Z dS), T×T (dSᵀ), k×T (Δ) */
  dY: Float64Array;
  X: Float64Array;
  dSt: Float64Array;
  delta: Float64Array;
}

export function encoderScratch(D: number, T: number, k: number): EncoderScratch {
  return { dY: new Float64Array(D * T), X: new Float64Array(D * T), dSt: new Float64Array(T * T), delta: new Float64Array(k * T) };
}

/** Logits below max − 60 contribute < 1e-26 to a softmax: clamped to keep exp out of subnormals. */
export const LOGIT_FLOOR = -60;

/**
 * out += coef · V Z softmax_col(Zᵀ W Z) for one prompt Z (at zo) and one particle (V at θ[pv…],
 * W at θ[pw…]). Stores Aᵀ at cache.At[ao…] (T×T) and W Z, Z A at cache.WZ[yo…], cache.Y[yo…].
 */
export function attentionAdd(
  D: number, T: number, Z: Float64Array, zo: number, θ: Float64Array, pv: number, pw: number, coef: number,
  out: Float64Array, oo: number, cache: AttentionCache, ao: number, yo: number,
): void {
  const { At, WZ, Y } = cache;
  // WZ = W Z
  for (let r = 0; r < D; r++) {
    const wr = pw + r * D, dst = yo + r * T;
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += θ[wr + q] * Z[zo + q * T + i];
      WZ[dst + i] = acc;
    }
  }
  // Sᵀ[i][a] = Σ_r (W Z)[r][i] Z[r][a]; softmax along each row of Sᵀ (a column of S) into Aᵀ
  for (let i = 0; i < T; i++) {
    const row = ao + i * T;
    let mx = -Infinity;
    for (let a = 0; a < T; a++) {
      let acc = 0;
      for (let r = 0; r < D; r++) acc += Z[zo + r * T + a] * WZ[yo + r * T + i];
      At[row + a] = acc;
      if (acc > mx) mx = acc;
    }
    let sum = 0;
    for (let a = 0; a < T; a++) {
      const x = At[row + a] - mx;
      const e = Math.exp(x > LOGIT_FLOOR ? x : LOGIT_FLOOR);
      At[row + a] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let a = 0; a < T; a++) At[row + a] *= inv;
  }
  // Y[r][i] = Σ_a Z[r][a] Aᵀ[i][a]
  for (let r = 0; r < D; r++) {
    const zr = zo + r * T, dst = yo + r * T;
    for (let i = 0; i < T; i++) {
      const row = ao + i * T;
      let acc = 0;
      for (let a = 0; a < T; a++) acc += Z[zr + a] * At[row + a];
      Y[dst + i] = acc;
    }
  }
  // out += coef · V Y
  for (let r = 0; r < D; r++) {
    const vr = pv + r * D, dst = oo + r * T;
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += θ[vr + q] * Y[yo + q * T + i];
      out[dst + i] += coef * acc;
    }
  }
}

/**
 * Backward of out += c · V Z A(Z, W) at one prompt, after `attentionAdd` filled the cache. GU is
 * ∂ℓ/∂out; accumulates g_V, g_W (raw gradients) and GZ += ∂ℓ/∂Z through this particle (the
 * identity path is the caller's). With S = Zᵀ W Z and A = softmax_col(S):
 *   g_V = c GU Yᵀ;  dY = c Vᵀ GU;  GZ += dY Aᵀ;  dA = Zᵀ dY;  dS = A ⊙ (dA − 1·colsum(A ⊙ dA));
 *   X = Z dS;  g_W = X Zᵀ;  GZ += (W Z) dSᵀ + Wᵀ X.
 */
export function attentionBackward(
  D: number, T: number, Z: Float64Array, zo: number, cache: AttentionCache, ao: number, yo: number, θ: Float64Array, pv: number, pw: number, c: number,
  GU: Float64Array, go: number, grad: Float64Array, gv: number, gw: number, GZ: Float64Array, gzo: number, s: EncoderScratch,
): void {
  const { At, WZ, Y } = cache;
  const dY = s.dY, X = s.X, dSt = s.dSt;
  // g_V[r][q] += c Σ_i GU[r][i] Y[q][i]
  for (let r = 0; r < D; r++) {
    const gr = go + r * T;
    for (let q = 0; q < D; q++) {
      const yq = yo + q * T;
      let acc = 0;
      for (let i = 0; i < T; i++) acc += GU[gr + i] * Y[yq + i];
      grad[gv + r * D + q] += c * acc;
    }
  }
  // dY[q][i] = c Σ_r V[r][q] GU[r][i]
  for (let q = 0; q < D; q++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let r = 0; r < D; r++) acc += θ[pv + r * D + q] * GU[go + r * T + i];
      dY[q * T + i] = c * acc;
    }
  }
  // GZ[q][a] += Σ_i dY[q][i] Aᵀ[i][a]
  for (let q = 0; q < D; q++) {
    const g = gzo + q * T;
    for (let i = 0; i < T; i++) {
      const y = dY[q * T + i], row = ao + i * T;
      for (let a = 0; a < T; a++) GZ[g + a] += y * At[row + a];
    }
  }
  // dAᵀ[i][a] = Σ_q dY[q][i] Z[q][a]; then the softmax Jacobian along each row of Aᵀ, into dSᵀ
  for (let i = 0; i < T; i++) {
    const row = ao + i * T, srow = i * T;
    let dot = 0;
    for (let a = 0; a < T; a++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += dY[q * T + i] * Z[zo + q * T + a];
      dSt[srow + a] = acc;
      dot += At[row + a] * acc;
    }
    for (let a = 0; a < T; a++) dSt[srow + a] = At[row + a] * (dSt[srow + a] - dot);
  }
  // X[p][i] = Σ_a Z[p][a] dSᵀ[i][a]
  for (let p = 0; p < D; p++) {
    const zp = zo + p * T;
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let a = 0; a < T; a++) acc += Z[zp + a] * dSt[i * T + a];
      X[p * T + i] = acc;
    }
  }
  // g_W[p][q] += Σ_i X[p][i] Z[q][i]
  for (let p = 0; p < D; p++) {
    for (let q = 0; q < D; q++) {
      const zq = zo + q * T;
      let acc = 0;
      for (let i = 0; i < T; i++) acc += X[p * T + i] * Z[zq + i];
      grad[gw + p * D + q] += acc;
    }
  }
  // GZ[r][a] += Σ_i (W Z)[r][i] dSᵀ[i][a] + Σ_p W[p][r] X[p][a]
  for (let r = 0; r < D; r++) {
    const g = gzo + r * T, wz = yo + r * T;
    for (let i = 0; i < T; i++) {
      const w = WZ[wz + i], srow = i * T;
      for (let a = 0; a < T; a++) GZ[g + a] += w * dSt[srow + a];
    }
    for (let p = 0; p < D; p++) {
      const w = θ[pw + p * D + r], xp = p * T;
      for (let a = 0; a < T; a++) GZ[g + a] += w * X[xp + a];
    }
  }
}

/** out += coef · W₂ σ(W₁ U). W₁ at w[p1…] (k×D), W₂ at w[p2…] (D×k); P = W₁U stored at P[po…]. */
export function feedForwardAdd(
  D: number, k: number, T: number, U: Float64Array, uo: number, w: Float64Array, p1: number, p2: number, coef: number,
  out: Float64Array, oo: number, P: Float64Array, po: number,
): void {
  for (let h = 0; h < k; h++) {
    const wh = p1 + h * D, dst = po + h * T;
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += w[wh + q] * U[uo + q * T + i];
      P[dst + i] = acc;
    }
  }
  for (let r = 0; r < D; r++) {
    const wr = p2 + r * k, dst = oo + r * T;
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let h = 0; h < k; h++) {
        const x = P[po + h * T + i];
        acc += w[wr + h] * (x <= 0 ? 0 : x < 1 ? 0.5 * x * x : x - 0.5);
      }
      out[dst + i] += coef * acc;
    }
  }
}

/**
 * Backward of out += c · W₂ σ(W₁ U) at one prompt; G = ∂ℓ/∂out.
 *   g_W₂ = c G σ(P)ᵀ;  Δ = c (W₂ᵀ G) ⊙ σ'(P);  g_W₁ = Δ Uᵀ;  GU += W₁ᵀ Δ.
 */
export function feedForwardBackward(
  D: number, k: number, T: number, U: Float64Array, uo: number, P: Float64Array, po: number, w: Float64Array, p1: number, p2: number, c: number,
  G: Float64Array, go: number, grad: Float64Array, g1: number, g2: number, GU: Float64Array, guo: number, s: EncoderScratch,
): void {
  const Dl = s.delta;
  for (let h = 0; h < k; h++) {
    const ph = po + h * T;
    // g_W₂[r][h] += c Σ_i G[r][i] σ(P[h][i])
    for (let r = 0; r < D; r++) {
      const gr = go + r * T;
      let acc = 0;
      for (let i = 0; i < T; i++) {
        const x = P[ph + i];
        acc += G[gr + i] * (x <= 0 ? 0 : x < 1 ? 0.5 * x * x : x - 0.5);
      }
      grad[g2 + r * k + h] += c * acc;
    }
    // Δ[h][i] = c σ'(P[h][i]) Σ_r W₂[r][h] G[r][i]
    for (let i = 0; i < T; i++) {
      const x = P[ph + i];
      if (x <= 0) {
        Dl[h * T + i] = 0;
        continue;
      }
      let acc = 0;
      for (let r = 0; r < D; r++) acc += w[p2 + r * k + h] * G[go + r * T + i];
      Dl[h * T + i] = c * acc * (x < 1 ? x : 1);
    }
  }
  // g_W₁[h][q] += Σ_i Δ[h][i] U[q][i]
  for (let h = 0; h < k; h++) {
    for (let q = 0; q < D; q++) {
      const uq = uo + q * T;
      let acc = 0;
      for (let i = 0; i < T; i++) acc += Dl[h * T + i] * U[uq + i];
      grad[g1 + h * D + q] += acc;
    }
  }
  // GU[q][i] += Σ_h W₁[h][q] Δ[h][i]
  for (let q = 0; q < D; q++) {
    const g = guo + q * T;
    for (let h = 0; h < k; h++) {
      const wq = w[p1 + h * D + q], dh = h * T;
      for (let i = 0; i < T; i++) GU[g + i] += wq * Dl[dh + i];
    }
  }
}
