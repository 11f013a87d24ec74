/**
 * The two encoders of Gao et al. (§2, App. G, Prop. G.1), as in-place kernels on flat row-major
 * arrays, with their hand-derived backward passes:
 *   attention     f(Z, θ) = V Z σ_A[Zᵀ W Z],  σ_A = softmax over each column (Eq. 2.1's encoder)
 *   feed-forward  h(Z, w) = W₂ σ(W₁ Z),  σ = the Huberized ReLU of threshold 1 (Prop. G.1's example)
 * Each forward kernel adds coef·f (or coef·h) into an output matrix and may store what its
 * backward needs (A, or P = W₁Z). The backward kernels follow the chain rule written out in the
 * comments; tests check them against central finite differences.
 *
 * Shapes: Z, U, out, G are D×T; V, W are D×D; W₁ is k×D; W₂ is D×k; A is T×T (column i holds the
 * weights of query i over keys a); P is k×T.
 *
 * @example
 * const out = new Float64Array(D * T);
 * attentionAdd(D, T, Z, 0, theta, 0, D * D, 0.5, out, 0, A, 0, scratch);
 */

/** Huberized ReLU, threshold 1: 0 (z ≤ 0), z²/2 (0 ≤ z ≤ 1), z − ½ (z ≥ 1). */
export function huberRelu(z: number): number {
  return z <= 0 ? 0 : z < 1 ? 0.5 * z * z : z - 0.5;
}

/** Its derivative, clamp(z, 0, 1). */
export function huberReluPrime(z: number): number {
  return z <= 0 ? 0 : z < 1 ? z : 1;
}

/** Scratch space for the kernels (allocated once per model). */
export interface EncoderScratch {
  /** D×T */
  a: Float64Array;
  /** D×T */
  b: Float64Array;
  /** T×T */
  c: Float64Array;
}

export function encoderScratch(D: number, T: number, k: number): EncoderScratch {
  const m = Math.max(D, k) * T;
  return { a: new Float64Array(m), b: new Float64Array(m), c: new Float64Array(T * T) };
}

/** Logits below max − 60 contribute < 1e-26 to a softmax: clamped to keep exp out of subnormals. */
const LOGIT_FLOOR = -60;

/**
 * out += coef · V Z softmax_col(Zᵀ W Z). V at θ[pv…], W at θ[pw…]. If `A` is given, the T×T
 * attention weights are stored at A[ao…].
 */
export function attentionAdd(
  D: number, T: number, Z: Float64Array, zo: number, θ: Float64Array, pv: number, pw: number, coef: number,
  out: Float64Array, oo: number, A: Float64Array, ao: number, s: EncoderScratch,
): void {
  const WZ = s.a, Y = s.b;
  // WZ = W Z
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += θ[pw + r * D + q] * Z[zo + q * T + i];
      WZ[r * T + i] = acc;
    }
  }
  // S = Zᵀ (W Z), column-wise softmax over keys a, into A
  for (let i = 0; i < T; i++) {
    let mx = -Infinity;
    for (let a = 0; a < T; a++) {
      let acc = 0;
      for (let r = 0; r < D; r++) acc += Z[zo + r * T + a] * WZ[r * T + i];
      A[ao + a * T + i] = acc;
      if (acc > mx) mx = acc;
    }
    let sum = 0;
    for (let a = 0; a < T; a++) {
      const x = A[ao + a * T + i] - mx;
      const e = Math.exp(x > LOGIT_FLOOR ? x : LOGIT_FLOOR);
      A[ao + a * T + i] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let a = 0; a < T; a++) A[ao + a * T + i] *= inv;
  }
  // Y = Z A
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let a = 0; a < T; a++) acc += Z[zo + r * T + a] * A[ao + a * T + i];
      Y[r * T + i] = acc;
    }
  }
  // out += coef · V Y
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += θ[pv + r * D + q] * Y[q * T + i];
      out[oo + r * T + i] += coef * acc;
    }
  }
}

/**
 * Backward of out += c · V Z A(Z, W) at one prompt. GU is ∂ℓ/∂out; accumulates gV, gW (raw
 * gradients) and GZ += ∂ℓ/∂Z through this particle (the identity path is the caller's).
 *   Y = Z A;  g_V = c GU Yᵀ;  dY = c Vᵀ GU;  GZ += dY Aᵀ;  dA = Zᵀ dY;
 *   dS = A ⊙ (dA − 1·colsum(A ⊙ dA));  g_W = (Z dS) Zᵀ;  GZ += W (Z dSᵀ) + Wᵀ (Z dS).
 */
export function attentionBackward(
  D: number, T: number, Z: Float64Array, zo: number, A: Float64Array, ao: number, θ: Float64Array, pv: number, pw: number, c: number,
  GU: Float64Array, go: number, grad: Float64Array, gv: number, gw: number, GZ: Float64Array, gzo: number, s: EncoderScratch,
): void {
  const Y = s.a, dY = s.b, dS = s.c;
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let a = 0; a < T; a++) acc += Z[zo + r * T + a] * A[ao + a * T + i];
      Y[r * T + i] = acc;
    }
  }
  // g_V[r][q] += c Σ_i GU[r][i] Y[q][i]
  for (let r = 0; r < D; r++) {
    for (let q = 0; q < D; q++) {
      let acc = 0;
      for (let i = 0; i < T; i++) acc += GU[go + r * T + i] * Y[q * T + i];
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
  // GZ[q][a] += Σ_i dY[q][i] A[a][i]
  for (let q = 0; q < D; q++) {
    for (let a = 0; a < T; a++) {
      let acc = 0;
      for (let i = 0; i < T; i++) acc += dY[q * T + i] * A[ao + a * T + i];
      GZ[gzo + q * T + a] += acc;
    }
  }
  // dA[a][i] = Σ_q Z[q][a] dY[q][i]; then the softmax Jacobian, column by column
  for (let i = 0; i < T; i++) {
    let dot = 0;
    for (let a = 0; a < T; a++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += Z[zo + q * T + a] * dY[q * T + i];
      dS[a * T + i] = acc;
      dot += A[ao + a * T + i] * acc;
    }
    for (let a = 0; a < T; a++) dS[a * T + i] = A[ao + a * T + i] * (dS[a * T + i] - dot);
  }
  // Y ← Z dS (D×T) and dY ← Z dSᵀ (D×T); both reuse scratch
  for (let p = 0; p < D; p++) {
    for (let i = 0; i < T; i++) {
      let acc = 0, accT = 0;
      for (let a = 0; a < T; a++) {
        const z = Z[zo + p * T + a];
        acc += z * dS[a * T + i];
        accT += z * dS[i * T + a];
      }
      Y[p * T + i] = acc;
      dY[p * T + i] = accT;
    }
  }
  // g_W[p][q] += Σ_i (Z dS)[p][i] Z[q][i]
  for (let p = 0; p < D; p++) {
    for (let q = 0; q < D; q++) {
      let acc = 0;
      for (let i = 0; i < T; i++) acc += Y[p * T + i] * Z[zo + q * T + i];
      grad[gw + p * D + q] += acc;
    }
  }
  // GZ[r][i] += Σ_q W[r][q] (Z dSᵀ)[q][i] + Σ_p W[p][r] (Z dS)[p][i]
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += θ[pw + r * D + q] * dY[q * T + i] + θ[pw + q * D + r] * Y[q * T + i];
      GZ[gzo + r * T + i] += acc;
    }
  }
}

/** out += coef · W₂ σ(W₁ U). W₁ at w[p1…] (k×D), W₂ at w[p2…] (D×k); P = W₁U stored at P[po…]. */
export function feedForwardAdd(
  D: number, k: number, T: number, U: Float64Array, uo: number, w: Float64Array, p1: number, p2: number, coef: number,
  out: Float64Array, oo: number, P: Float64Array, po: number, s: EncoderScratch,
): void {
  const S = s.a;
  for (let h = 0; h < k; h++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let q = 0; q < D; q++) acc += w[p1 + h * D + q] * U[uo + q * T + i];
      P[po + h * T + i] = acc;
      S[h * T + i] = acc <= 0 ? 0 : acc < 1 ? 0.5 * acc * acc : acc - 0.5;
    }
  }
  for (let r = 0; r < D; r++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let h = 0; h < k; h++) acc += w[p2 + r * k + h] * S[h * T + i];
      out[oo + r * T + i] += coef * acc;
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
  const Dl = s.a;
  for (let h = 0; h < k; h++) {
    for (let i = 0; i < T; i++) {
      const x = P[po + h * T + i];
      const sig = x <= 0 ? 0 : x < 1 ? 0.5 * x * x : x - 0.5;
      const sp = x <= 0 ? 0 : x < 1 ? x : 1;
      let acc = 0;
      for (let r = 0; r < D; r++) {
        const g = G[go + r * T + i];
        acc += w[p2 + r * k + h] * g;
        grad[g2 + r * k + h] += c * g * sig;
      }
      Dl[h * T + i] = c * acc * sp;
    }
  }
  for (let h = 0; h < k; h++) {
    for (let q = 0; q < D; q++) {
      let acc = 0;
      for (let i = 0; i < T; i++) acc += Dl[h * T + i] * U[uo + q * T + i];
      grad[g1 + h * D + q] += acc;
    }
  }
  for (let q = 0; q < D; q++) {
    for (let i = 0; i < T; i++) {
      let acc = 0;
      for (let h = 0; h < k; h++) acc += w[p1 + h * D + q] * Dl[h * T + i];
      GU[guo + q * T + i] += acc;
    }
  }
}
