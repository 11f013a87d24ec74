/**
 * A small two-layer transformer classifier with a selectable attention kernel, for the analogues of
 * the paper's experiments (the paper used 2 layers, embedding 64, hidden 128, 2 heads on IMDb and
 * Pathfinder; ours is smaller): token + learned position embeddings, then per layer
 *
 *   x₁ = x + Concat_h(S_h(x W_h^Q, x W_h^K) · x W_h^V) · W_O,   x₂ = x₁ + ReLU(x₁ W₁ + b₁) W₂ + b₂,
 *
 * (no LayerNorm, which the public text does not mention), mean pooling over tokens, a linear head
 * and the cross-entropy loss. Forward and backward by hand (kernel.ts for the attention part),
 * checked against finite differences in the tests.
 *
 * θ is one Float64Array; `classifierLayout(config).blocks` names its matrices (for the optimiser
 * and for filter-normalised directions).
 *
 * @example
 * const cfg = classifierConfig({ vocab: 3, n: 36, D: 16, H: 2, hidden: 32, classes: 2, kernel: "gaussian" });
 * const θ = initClassifier(cfg, rng.fork("init"));
 * const { loss, grad } = classifierLossAndGradient(cfg, θ, tokens, labels);
 */
import type { Rng } from "../runtime/rng";
import { KernelName, assertKernel, assertTau, attentionScores, attentionScoresBackward, gaussianTau } from "./kernel";
import { assertInteger, assertPositive } from "../runtime/validate";

export interface ClassifierSpec {
  vocab: number;
  /** Sequence length. */
  n: number;
  /** Embedding dimension D (a multiple of H). */
  D: number;
  H: number;
  /** Feed-forward width. */
  hidden: number;
  classes: number;
  kernel: KernelName;
  /** Gaussian bandwidth (default 2√(D/H)). */
  tau?: number;
  /** Layers (default 2, as in the paper). */
  layers?: number;
}

export interface ClassifierConfig extends Required<ClassifierSpec> {
  /** Head dimension D/H. */
  dh: number;
}

export interface Block {
  name: string;
  offset: number;
  rows: number;
  cols: number;
}

/** Validates a spec; errors name the argument (including a head count that does not divide D). */
export function classifierConfig(spec: ClassifierSpec): ClassifierConfig {
  for (const k of ["vocab", "n", "D", "H", "hidden", "classes"] as const) {
    assertInteger(k, spec[k]);
  }
  if (spec.classes < 2) throw new RangeError(`classes must be ≥ 2, got ${spec.classes}`);
  if (spec.D % spec.H !== 0) throw new RangeError(`H must divide D (head dimension D/H), got D = ${spec.D}, H = ${spec.H}`);
  const layers = spec.layers ?? 2;
  assertInteger("layers", layers);
  assertKernel(spec.kernel);
  const dh = spec.D / spec.H;
  const tau = assertTau(spec.tau ?? gaussianTau(dh));
  return { ...spec, tau, layers, dh };
}

type Layout = { size: number; blocks: Block[]; at: Record<string, Block> };
const layouts = new WeakMap<ClassifierConfig, Layout>();

/** The named blocks of θ, in order (memoised per config object: forward passes ask for it per sequence). */
export function classifierLayout(cfg: ClassifierConfig): Layout {
  const known = layouts.get(cfg);
  if (known) return known;
  const blocks: Block[] = [];
  let off = 0;
  const add = (name: string, rows: number, cols: number) => {
    blocks.push({ name, offset: off, rows, cols });
    off += rows * cols;
  };
  add("E", cfg.vocab, cfg.D);
  add("P", cfg.n, cfg.D);
  for (let l = 0; l < cfg.layers; l++) {
    for (const w of ["WQ", "WK", "WV", "WO"]) add(`${w}${l}`, cfg.D, cfg.D);
    add(`W1${l}`, cfg.D, cfg.hidden);
    add(`b1${l}`, 1, cfg.hidden);
    add(`W2${l}`, cfg.hidden, cfg.D);
    add(`b2${l}`, 1, cfg.D);
  }
  add("Wc", cfg.D, cfg.classes);
  add("bc", 1, cfg.classes);
  const layout = { size: off, blocks, at: Object.fromEntries(blocks.map((b) => [b.name, b])) };
  layouts.set(cfg, layout);
  return layout;
}

/** Matrices N(0, σ²) with σ = `std` (default 0.1, a GPT-style small init), biases 0. */
export function initClassifier(cfg: ClassifierConfig, rng: Rng, std = 0.1): Float64Array {
  assertPositive("std", std);
  const { size, blocks } = classifierLayout(cfg);
  const θ = new Float64Array(size);
  for (const b of blocks) if (b.rows > 1) for (let j = 0; j < b.rows * b.cols; j++) θ[b.offset + j] = rng.normal(0, std);
  return θ;
}

/** out (r×c) = A (r×k) · B (k×c) [+ out when acc]. */
function mm(A: ArrayLike<number>, ao: number, B: ArrayLike<number>, bo: number, r: number, k: number, c: number, out: Float64Array, oo: number, acc = false): void {
  if (!acc) out.fill(0, oo, oo + r * c);
  for (let i = 0; i < r; i++) for (let p = 0; p < k; p++) {
    const a = A[ao + i * k + p];
    if (a === 0) continue;
    for (let j = 0; j < c; j++) out[oo + i * c + j] += a * B[bo + p * c + j];
  }
}
/** out (k×c) += Aᵀ B, A r×k, B r×c. */
function mmAtB(A: ArrayLike<number>, ao: number, B: ArrayLike<number>, bo: number, r: number, k: number, c: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < r; i++) for (let p = 0; p < k; p++) {
    const a = A[ao + i * k + p];
    if (a === 0) continue;
    for (let j = 0; j < c; j++) out[oo + p * c + j] += a * B[bo + i * c + j];
  }
}
/** out (r×k) += A Bᵀ, A r×c, B k×c. */
function mmABt(A: ArrayLike<number>, ao: number, B: ArrayLike<number>, bo: number, r: number, c: number, k: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < r; i++) for (let p = 0; p < k; p++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += A[ao + i * c + j] * B[bo + p * c + j];
    out[oo + i * k + p] += s;
  }
}

interface LayerCache { x: Float64Array; Q: Float64Array; K: Float64Array; V: Float64Array; A: Float64Array; O: Float64Array; x1: Float64Array; u: Float64Array; g: Float64Array }

function headSlice(M: Float64Array, n: number, D: number, h: number, dh: number, out: Float64Array): void {
  for (let k = 0; k < n; k++) for (let c = 0; c < dh; c++) out[k * dh + c] = M[k * D + h * dh + c];
}

/** Forward pass of one sequence; returns logits and (when `keep`) the caches for backward. */
function forward(cfg: ClassifierConfig, θ: ArrayLike<number>, tokens: ArrayLike<number>, to: number, keep: boolean): { logits: Float64Array; caches: LayerCache[]; xL: Float64Array } {
  const { n, D, H, dh, hidden: F, kernel, tau } = cfg;
  const { at } = classifierLayout(cfg);
  let x = new Float64Array(n * D);
  for (let k = 0; k < n; k++) {
    const t = tokens[to + k];
    if (!(Number.isInteger(t) && t >= 0 && t < cfg.vocab)) throw new RangeError(`tokens must be integers in [0, ${cfg.vocab}), got ${t}`);
    for (let c = 0; c < D; c++) x[k * D + c] = θ[at.E.offset + t * D + c] + θ[at.P.offset + k * D + c];
  }
  const caches: LayerCache[] = [];
  const Qh = new Float64Array(n * dh), Kh = new Float64Array(n * dh), Ah = new Float64Array(n * n);
  for (let l = 0; l < cfg.layers; l++) {
    const Q = new Float64Array(n * D), K = new Float64Array(n * D), V = new Float64Array(n * D), O = new Float64Array(n * D), A = new Float64Array(H * n * n);
    mm(x, 0, θ, at[`WQ${l}`].offset, n, D, D, Q, 0);
    mm(x, 0, θ, at[`WK${l}`].offset, n, D, D, K, 0);
    mm(x, 0, θ, at[`WV${l}`].offset, n, D, D, V, 0);
    for (let h = 0; h < H; h++) {
      headSlice(Q, n, D, h, dh, Qh);
      headSlice(K, n, D, h, dh, Kh);
      attentionScores(kernel, Qh, Kh, n, dh, tau, Ah);
      A.set(Ah, h * n * n);
      for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) {
        const a = Ah[k * n + j];
        for (let c = 0; c < dh; c++) O[k * D + h * dh + c] += a * V[j * D + h * dh + c];
      }
    }
    const x1 = Float64Array.from(x);
    mm(O, 0, θ, at[`WO${l}`].offset, n, D, D, x1, 0, true);
    const u = new Float64Array(n * F);
    const b1 = at[`b1${l}`].offset, b2 = at[`b2${l}`].offset;
    for (let k = 0; k < n; k++) for (let j = 0; j < F; j++) u[k * F + j] = θ[b1 + j];
    mm(x1, 0, θ, at[`W1${l}`].offset, n, D, F, u, 0, true);
    const g = u.map((v) => (v > 0 ? v : 0));
    const x2 = Float64Array.from(x1);
    for (let k = 0; k < n; k++) for (let c = 0; c < D; c++) x2[k * D + c] += θ[b2 + c];
    mm(g, 0, θ, at[`W2${l}`].offset, n, F, D, x2, 0, true);
    if (keep) caches.push({ x, Q, K, V, A, O, x1, u, g });
    x = x2;
  }
  const logits = new Float64Array(cfg.classes), mean = new Float64Array(D);
  for (let k = 0; k < n; k++) for (let a = 0; a < D; a++) mean[a] += x[k * D + a] / n;
  for (let c = 0; c < cfg.classes; c++) {
    let s = θ[at.bc.offset + c];
    for (let a = 0; a < D; a++) s += mean[a] * θ[at.Wc.offset + a * cfg.classes + c];
    logits[c] = s;
  }
  return { logits, caches, xL: x };
}

function logSoftmax(z: Float64Array): Float64Array {
  const m = Math.max(...z);
  let s = 0;
  for (const v of z) s += Math.exp(v - m);
  const lse = m + Math.log(s);
  return z.map((v) => v - lse);
}

function assertBatch(cfg: ClassifierConfig, tokens: ArrayLike<number>, labels: ArrayLike<number>): number {
  const B = labels.length;
  if (B === 0) throw new RangeError("labels is empty");
  if (tokens.length !== B * cfg.n) throw new RangeError(`tokens must have labels.length·n = ${B * cfg.n} entries, got ${tokens.length}`);
  for (let b = 0; b < B; b++) if (!(Number.isInteger(labels[b]) && labels[b] >= 0 && labels[b] < cfg.classes)) throw new RangeError(`labels must be integers in [0, ${cfg.classes}), got ${labels[b]}`);
  return B;
}

/** Mean cross-entropy and accuracy over a batch (tokens: B×n, labels: B). */
export function classifierEvaluate(cfg: ClassifierConfig, θ: ArrayLike<number>, tokens: ArrayLike<number>, labels: ArrayLike<number>): { loss: number; accuracy: number } {
  const B = assertBatch(cfg, tokens, labels);
  let loss = 0, correct = 0;
  for (let b = 0; b < B; b++) {
    const { logits } = forward(cfg, θ, tokens, b * cfg.n, false);
    const lp = logSoftmax(logits);
    loss -= lp[labels[b]];
    let best = 0;
    for (let c = 1; c < cfg.classes; c++) if (logits[c] > logits[best]) best = c;
    if (best === labels[b]) correct++;
  }
  return { loss: loss / B, accuracy: correct / B };
}

/** Mean cross-entropy over the batch and its gradient (hand-written backward). */
export function classifierLossAndGradient(cfg: ClassifierConfig, θ: ArrayLike<number>, tokens: ArrayLike<number>, labels: ArrayLike<number>, grad?: Float64Array): { loss: number; grad: Float64Array } {
  const B = assertBatch(cfg, tokens, labels);
  const { size, at } = classifierLayout(cfg);
  if (θ.length !== size) throw new RangeError(`θ must have ${size} entries, got ${θ.length}`);
  const G = grad ?? new Float64Array(size);
  if (G.length !== size) throw new RangeError(`grad must have ${size} entries, got ${G.length}`);
  G.fill(0);
  const { n, D, H, dh, hidden: F, kernel, tau, classes: C } = cfg;
  const Qh = new Float64Array(n * dh), Kh = new Float64Array(n * dh), dQh = new Float64Array(n * dh), dKh = new Float64Array(n * dh), dA = new Float64Array(n * n);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const { logits, caches, xL } = forward(cfg, θ, tokens, b * n, true);
    const lp = logSoftmax(logits);
    loss -= lp[labels[b]] / B;
    const dlog = lp.map((v, c) => (Math.exp(v) - (c === labels[b] ? 1 : 0)) / B);
    const m = new Float64Array(D);
    for (let k = 0; k < n; k++) for (let a = 0; a < D; a++) m[a] += xL[k * D + a] / n;
    for (let a = 0; a < D; a++) for (let c = 0; c < C; c++) G[at.Wc.offset + a * C + c] += m[a] * dlog[c];
    for (let c = 0; c < C; c++) G[at.bc.offset + c] += dlog[c];
    let dx = new Float64Array(n * D);
    for (let a = 0; a < D; a++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += θ[at.Wc.offset + a * C + c] * dlog[c];
      for (let k = 0; k < n; k++) dx[k * D + a] = s / n;
    }
    for (let l = cfg.layers - 1; l >= 0; l--) {
      const { x, Q, K, V, A, O, x1, u, g } = caches[l];
      const b1 = at[`b1${l}`].offset, b2 = at[`b2${l}`].offset;
      // x2 = x1 + g W2 + b2
      const dx1 = Float64Array.from(dx);
      mmAtB(g, 0, dx, 0, n, F, D, G, at[`W2${l}`].offset);
      for (let k = 0; k < n; k++) for (let c = 0; c < D; c++) G[b2 + c] += dx[k * D + c];
      const du = new Float64Array(n * F);
      mmABt(dx, 0, θ, at[`W2${l}`].offset, n, D, F, du, 0);
      for (let j = 0; j < du.length; j++) if (!(u[j] > 0)) du[j] = 0;
      mmAtB(x1, 0, du, 0, n, D, F, G, at[`W1${l}`].offset);
      for (let k = 0; k < n; k++) for (let j = 0; j < F; j++) G[b1 + j] += du[k * F + j];
      mmABt(du, 0, θ, at[`W1${l}`].offset, n, F, D, dx1, 0);
      // x1 = x + O WO
      const dxin = Float64Array.from(dx1);
      mmAtB(O, 0, dx1, 0, n, D, D, G, at[`WO${l}`].offset);
      const dO = new Float64Array(n * D);
      mmABt(dx1, 0, θ, at[`WO${l}`].offset, n, D, D, dO, 0);
      const dQ = new Float64Array(n * D), dK = new Float64Array(n * D), dV = new Float64Array(n * D);
      for (let h = 0; h < H; h++) {
        const ho = h * n * n;
        for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < dh; c++) s += dO[k * D + h * dh + c] * V[j * D + h * dh + c];
          dA[k * n + j] = s;
          const a = A[ho + k * n + j];
          if (a !== 0) for (let c = 0; c < dh; c++) dV[j * D + h * dh + c] += a * dO[k * D + h * dh + c];
        }
        headSlice(Q, n, D, h, dh, Qh);
        headSlice(K, n, D, h, dh, Kh);
        dQh.fill(0);
        dKh.fill(0);
        attentionScoresBackward(kernel, Qh, Kh, A.subarray(ho, ho + n * n), dA, n, dh, tau, dQh, dKh);
        for (let k = 0; k < n; k++) for (let c = 0; c < dh; c++) {
          dQ[k * D + h * dh + c] = dQh[k * dh + c];
          dK[k * D + h * dh + c] = dKh[k * dh + c];
        }
      }
      mmAtB(x, 0, dQ, 0, n, D, D, G, at[`WQ${l}`].offset);
      mmAtB(x, 0, dK, 0, n, D, D, G, at[`WK${l}`].offset);
      mmAtB(x, 0, dV, 0, n, D, D, G, at[`WV${l}`].offset);
      mmABt(dQ, 0, θ, at[`WQ${l}`].offset, n, D, D, dxin, 0);
      mmABt(dK, 0, θ, at[`WK${l}`].offset, n, D, D, dxin, 0);
      mmABt(dV, 0, θ, at[`WV${l}`].offset, n, D, D, dxin, 0);
      dx = dxin;
    }
    for (let k = 0; k < n; k++) {
      const t = tokens[b * n + k];
      for (let c = 0; c < D; c++) {
        G[at.E.offset + t * D + c] += dx[k * D + c];
        G[at.P.offset + k * D + c] += dx[k * D + c];
      }
    }
  }
  return { loss, grad: G };
}
