/**
 * The single-layer transformer of §2, run literally on a binary sequence (d-dimensional vectors, explicit
 * matrices), and the matrices that embed the two (e, w, a) RECONSTRUCTIONS into it — so the scalar formulas
 * of logit.ts and linear.ts are checked against the network rather than trusted.
 *
 * §2: x̃_n = x_n·e + p_n; y_n = x̃_n + W_O Σ_{i≤n} att_{n,i} W_V x̃_i; z_n = y_n + W2·ReLU(W1 y_n);
 * logit_n = ⟨e, z_n⟩ + b (tied head). Softmax attention: att_{n,·} = softmax_{i≤n}(⟨W_Q x̃_n, W_K x̃_i⟩/√d).
 * Linear attention (the variant of linear.ts): att_{n,i} = ⟨W_Q x̃_n, W_K x̃_i⟩/n.
 */
import { assertFinite, assertInteger } from "../markov/validate";
import { assertFiniteArray, assertOneOf } from "../runtime/validate";

/** How attention weights are formed from the scores ⟨W_Q x̃_n, W_K x̃_i⟩. */
export type AttentionKind = "softmax" | "linear";

/** Parameters of the §2 network; matrices are row-major Float64Arrays. */
export interface SingleLayerTransformer {
  d: number;
  /** Token embedding e ∈ R^d (symbol 1 adds it, symbol 0 adds nothing); also the tied output head. */
  embedding: Float64Array;
  /** Positional embeddings: d numbers (one p used at every position) or L·d numbers (p_1..p_L). */
  positions: Float64Array;
  WQ: Float64Array;
  WK: Float64Array;
  WV: Float64Array;
  WO: Float64Array;
  /** 4d × d. */
  W1: Float64Array;
  /** d × 4d. */
  W2: Float64Array;
  b: number;
  attention: AttentionKind;
}

function matVec(M: Float64Array, rows: number, cols: number, v: Float64Array, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += M[r * cols + c] * v[c];
    out[r] = s;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * logit_n for n = 1..L of the §2 network on x_1..x_L (predicting x_{n+1}), computed with explicit vectors.
 * O(L²d + Ld²) time.
 *
 * @example
 * const net = reconstructionTransformer(0.9, -0.4, 0.6, 0.1);
 * transformerLogits(net, [1, 0, 0, 1]); // Float64Array of 4 logits = attentionLogit(…) at each n
 */
export function transformerLogits(net: SingleLayerTransformer, xs: ArrayLike<number>): Float64Array {
  const d = assertInteger("d", net.d);
  const L = xs.length;
  const sizes: [string, Float64Array, number][] = [
    ["embedding", net.embedding, d],
    ["WQ", net.WQ, d * d],
    ["WK", net.WK, d * d],
    ["WV", net.WV, d * d],
    ["WO", net.WO, d * d],
    ["W1", net.W1, 4 * d * d],
    ["W2", net.W2, 4 * d * d],
  ];
  for (const [name, arr, n] of sizes) if (arr.length !== n) throw new RangeError(`${name} must have ${n} entries, got ${arr.length}`);
  if (net.positions.length !== d && net.positions.length < L * d) {
    throw new RangeError(`positions must have d = ${d} or at least L·d = ${L * d} entries, got ${net.positions.length}`);
  }
  assertFinite("b", net.b);
  // Before: a NaN weight gave NaN logits, and any attention kind but "softmax" ran linear attention.
  for (const [name, arr] of sizes) assertFiniteArray(name, arr);
  assertFiniteArray("positions", net.positions);
  assertOneOf("attention", net.attention, ["softmax", "linear"] as const);
  const shared = net.positions.length === d;
  const xt: Float64Array[] = [];
  const qs: Float64Array[] = [];
  const ks: Float64Array[] = [];
  const vs: Float64Array[] = [];
  for (let n = 0; n < L; n++) {
    const x = xs[n];
    if (x !== 0 && x !== 1) throw new RangeError(`xs[${n}] must be 0 or 1, got ${String(x)}`);
    const v = new Float64Array(d);
    const off = shared ? 0 : n * d;
    for (let i = 0; i < d; i++) v[i] = x * net.embedding[i] + net.positions[off + i];
    xt.push(v);
    const qv = new Float64Array(d), kv = new Float64Array(d), vv = new Float64Array(d);
    matVec(net.WQ, d, d, v, qv);
    matVec(net.WK, d, d, v, kv);
    matVec(net.WV, d, d, v, vv);
    qs.push(qv);
    ks.push(kv);
    vs.push(vv);
  }
  const out = new Float64Array(L);
  const mix = new Float64Array(d), y = new Float64Array(d), o = new Float64Array(d);
  const hidden = new Float64Array(4 * d), ff = new Float64Array(d);
  const scores = new Float64Array(L);
  for (let n = 0; n < L; n++) {
    for (let i = 0; i <= n; i++) scores[i] = dot(qs[n], ks[i]);
    if (net.attention === "softmax") {
      let m = -Infinity;
      for (let i = 0; i <= n; i++) m = Math.max(m, scores[i] / Math.sqrt(d));
      let z = 0;
      for (let i = 0; i <= n; i++) {
        scores[i] = Math.exp(scores[i] / Math.sqrt(d) - m);
        z += scores[i];
      }
      for (let i = 0; i <= n; i++) scores[i] /= z;
    } else {
      for (let i = 0; i <= n; i++) scores[i] /= n + 1;
    }
    mix.fill(0);
    for (let i = 0; i <= n; i++) for (let c = 0; c < d; c++) mix[c] += scores[i] * vs[i][c];
    matVec(net.WO, d, d, mix, o);
    for (let c = 0; c < d; c++) y[c] = xt[n][c] + o[c];
    matVec(net.W1, 4 * d, d, y, hidden);
    for (let c = 0; c < 4 * d; c++) hidden[c] = Math.max(hidden[c], 0);
    matVec(net.W2, d, 4 * d, hidden, ff);
    let logit = net.b;
    for (let c = 0; c < d; c++) logit += net.embedding[c] * (y[c] + ff[c]);
    out[n] = logit;
  }
  return out;
}

/**
 * The §7(a) embedding of (e, w) extended by the attention scalar a, as full matrices (u = alternating signs/√d,
 * v = 1_{4d}/√d, so ‖u‖ = 1 and ‖v‖² = 4): token embedding e·u, every p_n = −(e/2)u, W1 = |w|·v uᵀ,
 * W2 = w·u vᵀ, W_O = I, and
 * - attention "softmax" (the note's §8 reconstruction): W_Q = W_K = 0 (uniform weights 1/n), W_V = a·u uᵀ;
 * - attention "linear" (linear.ts): W_Q = u uᵀ, W_K = 4a·u uᵀ, W_V = u uᵀ.
 *
 * @example
 * const net = reconstructionTransformer(0.9, -0.4, 0.6, 0.1, { d: 8, attention: "linear" });
 * transformerLogits(net, [1, 0, 1]); // = linearAttentionLogits(0.9, −0.4, 0.6, 0.1).f1, f0, f1
 */
export function reconstructionTransformer(
  e: number,
  w: number,
  a: number,
  b: number,
  options: { d?: number; attention?: AttentionKind } = {},
): SingleLayerTransformer {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("a", a);
  assertFinite("b", b);
  const d = assertInteger("d", options.d ?? 8);
  const attention = options.attention ?? "softmax";
  if (attention !== "softmax" && attention !== "linear") throw new RangeError(`attention must be "softmax" or "linear", got "${String(attention)}"`);
  const u = Float64Array.from({ length: d }, (_, i) => (i % 2 === 0 ? 1 : -1) / Math.sqrt(d));
  const v = new Float64Array(4 * d).fill(1 / Math.sqrt(d));
  const outer = (x: Float64Array, y: Float64Array, s: number) => {
    const M = new Float64Array(x.length * y.length);
    for (let r = 0; r < x.length; r++) for (let c = 0; c < y.length; c++) M[r * y.length + c] = s * x[r] * y[c];
    return M;
  };
  const identity = new Float64Array(d * d);
  for (let i = 0; i < d; i++) identity[i * d + i] = 1;
  const linear = attention === "linear";
  return {
    d,
    embedding: u.map((ui) => e * ui),
    positions: u.map((ui) => (-e / 2) * ui),
    WQ: linear ? outer(u, u, 1) : new Float64Array(d * d),
    WK: linear ? outer(u, u, 4 * a) : new Float64Array(d * d),
    WV: linear ? outer(u, u, 1) : outer(u, u, a),
    WO: identity,
    W1: outer(v, u, Math.abs(w)),
    W2: outer(u, v, w),
    b,
    attention,
  };
}
