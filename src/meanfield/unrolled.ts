/**
 * The encoders of encoders.ts, compiled for one model's sizes (D, T, k): the same loops, with every
 * short inner sum written out term by term. V8 runs a 5- or 7-long loop at about a third of the
 * speed of the same sum written out (measured here: 0.5 vs 1.3–1.9 GFMA/s for W Z at D = 5, T = 7),
 * and a training step is 4·L·M·n kernel calls (32 768 in the benchmark), so the model calls these; encoders.ts stays the
 * readable reference, and tests hold the two to rounding (the sums group their terms differently).
 * Signatures and semantics are those of the reference kernels; see encoders.ts for the formulas.
 *
 * @example
 * const kern = unrolledEncoders(5, 7, 5);   // built once per (D, T, k), then cached
 * kern.attentionAdd(D, T, Z, 0, θ, 0, D * D, c, out, 0, cache, 0, 0);
 */
import { assertInteger } from "../runtime/validate";
import type { attentionAdd, attentionBackward, feedForwardAdd, feedForwardBackward } from "./encoders";

export interface EncoderKernels {
  attentionAdd: typeof attentionAdd;
  attentionBackward: typeof attentionBackward;
  feedForwardAdd: typeof feedForwardAdd;
  feedForwardBackward: typeof feedForwardBackward;
}

/** Sizes above this are not unrolled (the generated code would grow as D·T·k). */
const MAX_UNROLL = 64;

/** `term(0) + term(1) + … + term(n − 1)`, summed left to right like the reference loops. */
function sum(n: number, term: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => term(i)).join(" + ");
}

/** `const name0 = value(0), …;` */
function locals(n: number, name: string, value: (i: number) => string): string {
  return `const ${Array.from({ length: n }, (_, i) => `${name}${i} = ${value(i)}`).join(", ")};`;
}

const HUBER = (x: string) => `(${x} <= 0 ? 0 : ${x} < 1 ? 0.5 * ${x} * ${x} : ${x} - 0.5)`;

function attentionAddSource(D: number, T: number): string {
  return `
const At = cache.At, WZ = cache.WZ, Y = cache.Y;
for (let r = 0; r < ${D}; r++) {
  const wr = pw + r * ${D}, dst = yo + r * ${T};
  ${locals(D, "w", (q) => `th[wr + ${q}]`)}
  for (let i = 0; i < ${T}; i++) { const z = zo + i; WZ[dst + i] = ${sum(D, (q) => `w${q} * Z[z + ${q * T}]`)}; }
}
for (let i = 0; i < ${T}; i++) {
  const row = ao + i * ${T};
  ${locals(D, "u", (r) => `WZ[yo + ${r * T} + i]`)}
  let mx = -Infinity;
  for (let a = 0; a < ${T}; a++) {
    const z = zo + a;
    const s = ${sum(D, (r) => `Z[z + ${r * T}] * u${r}`)};
    At[row + a] = s;
    if (s > mx) mx = s;
  }
  let total = 0;
  for (let a = 0; a < ${T}; a++) {
    const x = At[row + a] - mx;
    const e = Math.exp(x > ${LOGIT_FLOOR} ? x : ${LOGIT_FLOOR});
    At[row + a] = e;
    total += e;
  }
  const inv = 1 / total;
  for (let a = 0; a < ${T}; a++) At[row + a] *= inv;
}
for (let r = 0; r < ${D}; r++) {
  const zr = zo + r * ${T}, dst = yo + r * ${T};
  ${locals(T, "z", (a) => `Z[zr + ${a}]`)}
  for (let i = 0; i < ${T}; i++) { const row = ao + i * ${T}; Y[dst + i] = ${sum(T, (a) => `z${a} * At[row + ${a}]`)}; }
}
for (let r = 0; r < ${D}; r++) {
  const vr = pv + r * ${D}, dst = oo + r * ${T};
  ${locals(D, "v", (q) => `th[vr + ${q}]`)}
  for (let i = 0; i < ${T}; i++) { const y = yo + i; out[dst + i] += coef * (${sum(D, (q) => `v${q} * Y[y + ${q * T}]`)}); }
}`;
}

function attentionBackwardSource(D: number, T: number): string {
  return `
const At = cache.At, WZ = cache.WZ, Y = cache.Y, dY = s.dY, X = s.X, dSt = s.dSt;
for (let r = 0; r < ${D}; r++) {
  const gr = go + r * ${T};
  ${locals(T, "g", (i) => `GU[gr + ${i}]`)}
  for (let q = 0; q < ${D}; q++) { const yq = yo + q * ${T}; grad[gv + r * ${D} + q] += c * (${sum(T, (i) => `g${i} * Y[yq + ${i}]`)}); }
}
for (let q = 0; q < ${D}; q++) {
  ${locals(D, "v", (r) => `th[pv + ${r * D} + q]`)}
  for (let i = 0; i < ${T}; i++) { const g = go + i; dY[q * ${T} + i] = c * (${sum(D, (r) => `v${r} * GU[g + ${r * T}]`)}); }
}
for (let q = 0; q < ${D}; q++) {
  const g = gzo + q * ${T};
  ${locals(T, "y", (i) => `dY[q * ${T} + ${i}]`)}
  for (let a = 0; a < ${T}; a++) { const col = ao + a; GZ[g + a] += ${sum(T, (i) => `y${i} * At[col + ${i * T}]`)}; }
}
for (let i = 0; i < ${T}; i++) {
  const row = ao + i * ${T}, srow = i * ${T};
  ${locals(D, "y", (q) => `dY[${q * T} + i]`)}
  let dot = 0;
  for (let a = 0; a < ${T}; a++) {
    const z = zo + a;
    const s = ${sum(D, (q) => `y${q} * Z[z + ${q * T}]`)};
    dSt[srow + a] = s;
    dot += At[row + a] * s;
  }
  for (let a = 0; a < ${T}; a++) dSt[srow + a] = At[row + a] * (dSt[srow + a] - dot);
}
for (let p = 0; p < ${D}; p++) {
  const zp = zo + p * ${T};
  ${locals(T, "z", (a) => `Z[zp + ${a}]`)}
  for (let i = 0; i < ${T}; i++) { const row = i * ${T}; X[p * ${T} + i] = ${sum(T, (a) => `z${a} * dSt[row + ${a}]`)}; }
}
for (let p = 0; p < ${D}; p++) {
  ${locals(T, "x", (i) => `X[p * ${T} + ${i}]`)}
  for (let q = 0; q < ${D}; q++) { const zq = zo + q * ${T}; grad[gw + p * ${D} + q] += ${sum(T, (i) => `x${i} * Z[zq + ${i}]`)}; }
}
for (let r = 0; r < ${D}; r++) {
  const g = gzo + r * ${T}, wz = yo + r * ${T};
  ${locals(T, "u", (i) => `WZ[wz + ${i}]`)}
  ${locals(D, "w", (p) => `th[pw + ${p * D} + r]`)}
  for (let a = 0; a < ${T}; a++) {
    GZ[g + a] += ${sum(T, (i) => `u${i} * dSt[a + ${i * T}]`)} + ${sum(D, (p) => `w${p} * X[a + ${p * T}]`)};
  }
}`;
}

function feedForwardAddSource(D: number, T: number, k: number): string {
  return `
for (let h = 0; h < ${k}; h++) {
  const wh = p1 + h * ${D}, dst = po + h * ${T};
  ${locals(D, "w", (q) => `w[wh + ${q}]`)}
  for (let i = 0; i < ${T}; i++) {
    const u = uo + i;
    const x = ${sum(D, (q) => `w${q} * U[u + ${q * T}]`)};
    P[dst + i] = x;
    S[h * ${T} + i] = ${HUBER("x")};
  }
}
for (let r = 0; r < ${D}; r++) {
  const wr = p2 + r * ${k}, dst = oo + r * ${T};
  ${locals(k, "w", (h) => `w[wr + ${h}]`)}
  for (let i = 0; i < ${T}; i++) out[dst + i] += coef * (${sum(k, (h) => `w${h} * S[i + ${h * T}]`)});
}`;
}

function feedForwardBackwardSource(D: number, T: number, k: number): string {
  return `
const Dl = s.delta;
for (let h = 0; h < ${k}; h++) {
  const ph = po + h * ${T};
  ${locals(T, "x", (i) => `P[ph + ${i}]`)}
  ${Array.from({ length: T }, (_, i) => `const s${i} = ${HUBER(`x${i}`)};`).join(" ")}
  for (let r = 0; r < ${D}; r++) { const gr = go + r * ${T}; grad[g2 + r * ${k} + h] += c * (${sum(T, (i) => `G[gr + ${i}] * s${i}`)}); }
  ${locals(D, "v", (r) => `w[p2 + ${r * k} + h]`)}
  for (let i = 0; i < ${T}; i++) {
    const x = P[ph + i];
    if (x <= 0) { Dl[h * ${T} + i] = 0; continue; }
    const g = go + i;
    Dl[h * ${T} + i] = c * (${sum(D, (r) => `v${r} * G[g + ${r * T}]`)}) * (x < 1 ? x : 1);
  }
}
for (let h = 0; h < ${k}; h++) {
  ${locals(T, "d", (i) => `Dl[h * ${T} + ${i}]`)}
  for (let q = 0; q < ${D}; q++) { const uq = uo + q * ${T}; grad[g1 + h * ${D} + q] += ${sum(T, (i) => `d${i} * U[uq + ${i}]`)}; }
}
for (let q = 0; q < ${D}; q++) {
  const g = guo + q * ${T};
  ${locals(k, "w", (h) => `w[p1 + ${h * D} + q]`)}
  for (let i = 0; i < ${T}; i++) GU[g + i] += ${sum(k, (h) => `w${h} * Dl[i + ${h * T}]`)};
}`;
}

/** Must match encoders.ts: logits below max − 60 are clamped. */
const LOGIT_FLOOR = -60;

const built = new Map<string, EncoderKernels>();

/**
 * The four kernels specialised to (D, T, k), built on first use and cached. Throws a RangeError
 * for sizes that are not integers in [1, 64].
 */
export function unrolledEncoders(D: number, T: number, k: number): EncoderKernels {
  assertInteger("D", D, 1, MAX_UNROLL);
  assertInteger("T", T, 1, MAX_UNROLL);
  assertInteger("k", k, 1, MAX_UNROLL);
  const key = `${D},${T},${k}`;
  const hit = built.get(key);
  if (hit) return hit;
  const S = new Float64Array(k * T); // σ(P) of the current prompt (each thread has its own module)
  // Each kernel closes over S; the size arguments it receives are ignored (its sizes are built in).
  const make = (args: string, body: string) => new Function("S", `"use strict"; return function (${args}) {${body}\n};`)(S);
  const kernels: EncoderKernels = {
    attentionAdd: make("D, T, Z, zo, th, pv, pw, coef, out, oo, cache, ao, yo", attentionAddSource(D, T)),
    attentionBackward: make("D, T, Z, zo, cache, ao, yo, th, pv, pw, c, GU, go, grad, gv, gw, GZ, gzo, s", attentionBackwardSource(D, T)),
    feedForwardAdd: make("D, k, T, U, uo, w, p1, p2, coef, out, oo, P, po", feedForwardAddSource(D, T, k)),
    feedForwardBackward: make("D, k, T, U, uo, P, po, w, p1, p2, c, G, go, grad, g1, g2, GU, guo, s", feedForwardBackwardSource(D, T, k)),
  };
  built.set(key, kernels);
  return kernels;
}
