/**
 * The canonical (e, w, b) model inside the full transformer, read back out (Local to Global §3.1 and the exact
 * embedding `canonicalToFull`): split full parameters θ into their canonical projection (ẽ, w̃, b̃) and the
 * off-canonical parts the canonical model does not have, each with its norm.
 *
 * The embedding (init.ts) is, with a unit u ∈ R^d and v = 1_{4d}/√d (‖v‖² = 4): token embedding e·u, every
 * p_n = −(e/2)u, W1 = |w| v uᵀ, W2 = w u vᵀ, W_Q = W_K = W_V = W_O = 0, bias b. Its inverse here is, block by
 * block, the least-squares fit of that form:
 *   ẽ = ⟨ε, u⟩ (ε the token embedding), b̃ = b,
 *   w̃ = argmin_w ‖W1 u − |w| v‖² + ‖W2ᵀu − w v‖² (closed form below),
 * and everything left over is off-canonical, in mutually orthogonal pieces (so ‖θ − canonical‖² is the sum of
 * their squares; the positions' pieces are root-mean-squares over the N rows, so that their size does not grow
 * with N — see `offNorm`):
 *   embedding     ε − ẽu                                  (the token embedding off u)
 *   posAlong      ⟨p_n, u⟩ + ẽ/2, RMS over n              (positions along u, away from −ẽ/2)
 *   posPerp       p_n − ⟨p_n, u⟩u, RMS over n             (positions off u)
 *   WQ, WK, WV, WO ‖·‖_F                                   (attention: all zero in the canonical model)
 *   W1OnU         W1 u − |w̃| v                            (W1 on u, beyond the canonical column)
 *   W1PerpU       W1 (I − uuᵀ), ‖·‖_F                     (W1 reading directions off u)
 *   W2OnU         W2ᵀu − w̃ v                              (what W2 writes onto u, beyond canonical)
 *   W2PerpU       (I − uuᵀ) W2, ‖·‖_F                     (W2 writing off u)
 * Two derived numbers are reported besides: ‖W_O W_V‖_F (the matrix through which attention adds to the
 * residual stream) and w_eff = sgn(m)√|m| with m = uᵀ W2 W1 u / 4: the canonical w whose logit gap
 * e²(1 + 2w|w|) (§3.1) the full model's feed-forward layer realises when positions are canonical and attention
 * is off (the ReLU difference ReLU(½ẽa) − ReLU(−½ẽa) = ½ẽa, a = W1u, makes the gap linear in W2W1).
 *
 * u defaults to canonicalToFull's 1/√d. The residual stream has no LayerNorm, so rotating every d-space map
 * leaves the model's function unchanged: for a trained model, u = ε/‖ε‖ (the direction the tied head reads) is
 * the symmetry-respecting choice; then `embedding` is 0 and ẽ = ‖ε‖.
 *
 * @example
 * const π = canonicalProjection(canonicalToFull({ d: 8, N: 16 }, 0.8, -1.3, 0.2));
 * [π.e, π.w, π.b, π.offNorm]; // [0.8, −1.3, 0.2, 0] up to rounding
 */
import type { Params } from "./params";

export const OFF_CANONICAL_PARTS = ["embedding", "posAlong", "posPerp", "WQ", "WK", "WV", "WO", "W1OnU", "W1PerpU", "W2OnU", "W2PerpU"] as const;
export type OffCanonicalPart = (typeof OFF_CANONICAL_PARTS)[number];

export interface CanonicalProjection {
  /** ẽ = ⟨ε, u⟩. */
  e: number;
  /** w̃, the least-squares canonical w of W1 and W2. */
  w: number;
  /** b̃ = b. */
  b: number;
  /** sgn(m)√|m|, m = uᵀW2W1u/4: the canonical w with the same feed-forward logit gap. */
  wEff: number;
  /** Norm of each off-canonical part (positions: RMS over rows). */
  off: Record<OffCanonicalPart, number>;
  /** √(Σ off²): the distance from the canonical point (positions counted per row). */
  offNorm: number;
  /** ‖W_O W_V‖_F. */
  valueOutput: number;
}

/** Unit u (length d, finite, nonzero) or canonicalToFull's 1/√d. */
function unitDirection(d: number, u?: ArrayLike<number>): Float64Array {
  if (u === undefined) return new Float64Array(d).fill(1 / Math.sqrt(d));
  if (u.length !== d) throw new RangeError(`u must have d = ${d} entries, got ${u.length}`);
  let n = 0;
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(u[i])) throw new RangeError(`u[${i}] must be finite, got ${u[i]}`);
    n += u[i] * u[i];
  }
  if (n === 0) throw new RangeError("u must be nonzero");
  return Float64Array.from(u as ArrayLike<number>, (x) => x / Math.sqrt(n));
}

/**
 * w minimising (|w| − α)² + (w − γ)² (times ‖v‖² = 4), where α = vᵀW1u/4 and γ = uᵀW2v/4 are the coefficients
 * of W1 and W2 on v uᵀ and u vᵀ: the best w ≥ 0 is max(0, (α + γ)/2), the best w ≤ 0 is min(0, (γ − α)/2).
 */
function fitW(alpha: number, gamma: number): number {
  const wp = Math.max(0, (alpha + gamma) / 2), wm = Math.min(0, (gamma - alpha) / 2);
  const r = (w: number) => (Math.abs(w) - alpha) ** 2 + (w - gamma) ** 2;
  return r(wm) < r(wp) ? wm : wp;
}

/**
 * Splits θ into its canonical projection (ẽ, w̃, b̃) and off-canonical parts (see the file's comment).
 * θ: full parameters (d, N any); u: the canonical direction in R^d (normalised here; default 1/√d, as in
 * canonicalToFull). Exact inverse: canonicalProjection(canonicalToFull(c, e, w, b)) = (e, w, b) with every
 * off-canonical part 0. Cost O(N d + d³).
 */
export function canonicalProjection(θ: Params, u?: ArrayLike<number>): CanonicalProjection {
  const { d, N } = θ.config;
  const h = 4 * d;
  const U = unitDirection(d, u);
  const v = 1 / Math.sqrt(d); // every entry of v
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
  const fro = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

  const e = dot(θ.e, U);
  let emb2 = 0;
  for (let i = 0; i < d; i++) emb2 += (θ.e[i] - e * U[i]) ** 2;

  let along2 = 0, perp2 = 0;
  for (let n = 0; n < N; n++) {
    const row = θ.pos.subarray(n * d, (n + 1) * d);
    const s = dot(row, U);
    along2 += (s + e / 2) ** 2;
    for (let k = 0; k < d; k++) perp2 += (row[k] - s * U[k]) ** 2;
  }

  // a = W1 u (4d), c = W2ᵀ u (4d)
  const a = new Float64Array(h), c = new Float64Array(h);
  for (let r = 0; r < h; r++) for (let k = 0; k < d; k++) a[r] += θ.W1[r * d + k] * U[k];
  for (let k = 0; k < d; k++) for (let r = 0; r < h; r++) c[r] += θ.W2[k * h + r] * U[k];
  let sa = 0, sc = 0;
  for (let r = 0; r < h; r++) { sa += a[r]; sc += c[r]; }
  const w = fitW((sa * v) / 4, (sc * v) / 4);
  let w1on = 0, w2on = 0;
  for (let r = 0; r < h; r++) { w1on += (a[r] - Math.abs(w) * v) ** 2; w2on += (c[r] - w * v) ** 2; }
  let w1perp2 = 0, w2perp2 = 0; // entry by entry: ‖W‖² − ‖a‖² would cancel to √rounding ≈ 1e-8
  for (let r = 0; r < h; r++) for (let k = 0; k < d; k++) {
    w1perp2 += (θ.W1[r * d + k] - a[r] * U[k]) ** 2;
    w2perp2 += (θ.W2[k * h + r] - U[k] * c[r]) ** 2;
  }
  const m = dot(c, a) / 4;

  const vo = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) { const x = θ.WO[i * d + k]; if (x !== 0) for (let j = 0; j < d; j++) vo[i * d + j] += x * θ.WV[k * d + j]; }

  const off: Record<OffCanonicalPart, number> = {
    embedding: Math.sqrt(emb2), posAlong: Math.sqrt(along2 / N), posPerp: Math.sqrt(perp2 / N),
    WQ: fro(θ.WQ), WK: fro(θ.WK), WV: fro(θ.WV), WO: fro(θ.WO),
    W1OnU: Math.sqrt(w1on), W1PerpU: Math.sqrt(w1perp2), W2OnU: Math.sqrt(w2on), W2PerpU: Math.sqrt(w2perp2),
  };
  const offNorm = Math.sqrt(OFF_CANONICAL_PARTS.reduce((s, k) => s + off[k] * off[k], 0));
  return { e, w, b: θ.b[0], wEff: Math.sign(m) * Math.sqrt(Math.abs(m)), off, offNorm, valueOutput: fro(vo) };
}
