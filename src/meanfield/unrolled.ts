/**
 * The encoders of encoders.ts, compiled for one model's sizes (D, T, k): the same formulas with no
 * loops left — every matrix entry of a prompt and a particle is a local, every product is written
 * out term by term, and W Z, S, A, Y (or P, σ(P), Δ) never touch memory except where the backward
 * pass needs them. At D = 5, T = 7, V8 runs the reference attention kernel in 1.94 µs, the same
 * kernel with only its inner sums written out in 1.04 µs and this one in 0.45 µs (measured here),
 * and a training step is 4·L·M·n kernel calls (32 768 in the benchmark), so the model calls these.
 * encoders.ts stays the readable reference, and tests hold the two to rounding (the sums group
 * their terms differently). Signatures are those of the reference kernels.
 *
 * @example
 * const kern = unrolledEncoders(5, 7, 5);   // built once per (D, T, k), then cached
 * kern.attentionAdd(D, T, Z, 0, θ, 0, D * D, c, out, 0, cache, 0, 0);
 */
import { assertInteger } from "../runtime/validate";
import { LOGIT_FLOOR, attentionAdd, attentionBackward, feedForwardAdd, feedForwardBackward } from "./encoders";

export interface EncoderKernels {
  attentionAdd: typeof attentionAdd;
  attentionBackward: typeof attentionBackward;
  feedForwardAdd: typeof feedForwardAdd;
  feedForwardBackward: typeof feedForwardBackward;
}

const reference: EncoderKernels = { attentionAdd, attentionBackward, feedForwardAdd, feedForwardBackward };

/** `f(0) f(1) … f(n − 1)` joined by `sep`. */
function each(n: number, f: (i: number) => string, sep = "\n"): string {
  return Array.from({ length: n }, (_, i) => f(i)).join(sep);
}

/** `term(0) + term(1) + … + term(n − 1)`, summed left to right like the reference loops. */
function sum(n: number, term: (i: number) => string): string {
  return each(n, term, " + ");
}

/** `const name_r_c = array[base + r·cols + c];` for an rows × cols block. */
function load(rows: number, cols: number, name: string, array: string, base: string): string {
  return each(rows, (r) => each(cols, (c) => `const ${name}${r}_${c} = ${array}[${base} + ${r * cols + c}];`, " "));
}

const HUBER = (x: string) => `(${x} <= 0 ? 0 : ${x} < 1 ? 0.5 * ${x} * ${x} : ${x} - 0.5)`;
const CLAMP = (x: string) => `(${x} <= 0 ? 0 : ${x} < 1 ? ${x} : 1)`;

// Every matrix entry is a local (z2_3 is Z[2][3]); every product is written out in full.

function attentionAddSource(D: number, T: number): string {
  return `
const At = cache.At, WZ = cache.WZ, Y = cache.Y;
${load(D, T, "z", "Z", "zo")}
${load(D, D, "w", "th", "pw")}
${each(D, (r) => each(T, (i) => `const u${r}_${i} = ${sum(D, (q) => `w${r}_${q} * z${q}_${i}`)}; WZ[yo + ${r * T + i}] = u${r}_${i};`))}
let mx = 0, total = 0, x = 0;
${each(T, (i) => `
${each(T, (a) => `const s${i}_${a} = ${sum(D, (r) => `z${r}_${a} * u${r}_${i}`)};`)}
mx = s${i}_0; ${each(T - 1, (a) => `if (s${i}_${a + 1} > mx) mx = s${i}_${a + 1};`, " ")}
total = 0;
${each(T, (a) => `x = s${i}_${a} - mx; const e${i}_${a} = Math.exp(x > ${LOGIT_FLOOR} ? x : ${LOGIT_FLOOR}); total += e${i}_${a};`)}
const inv${i} = 1 / total;
${each(T, (a) => `const a${i}_${a} = e${i}_${a} * inv${i}; At[ao + ${i * T + a}] = a${i}_${a};`)}`)}
${each(D, (r) => each(T, (i) => `const y${r}_${i} = ${sum(T, (a) => `z${r}_${a} * a${i}_${a}`)}; Y[yo + ${r * T + i}] = y${r}_${i};`))}
${load(D, D, "v", "th", "pv")}
${each(D, (r) => each(T, (i) => `out[oo + ${r * T + i}] += coef * (${sum(D, (q) => `v${r}_${q} * y${q}_${i}`)});`))}`;
}

function attentionBackwardSource(D: number, T: number): string {
  return `
const At = cache.At, WZ = cache.WZ, Y = cache.Y;
${load(D, T, "z", "Z", "zo")}
${load(T, T, "a", "At", "ao")}
${load(D, T, "g", "GU", "go")}
${load(D, T, "y", "Y", "yo")}
${load(D, D, "v", "th", "pv")}
${load(D, D, "w", "th", "pw")}
${load(D, T, "u", "WZ", "yo")}
${each(D, (r) => each(D, (q) => `grad[gv + ${r * D + q}] += c * (${sum(T, (i) => `g${r}_${i} * y${q}_${i}`)});`))}
${each(D, (q) => each(T, (i) => `const d${q}_${i} = c * (${sum(D, (r) => `v${r}_${q} * g${r}_${i}`)});`))}
let dot = 0;
${each(T, (i) => `
${each(T, (a) => `const p${i}_${a} = ${sum(D, (q) => `d${q}_${i} * z${q}_${a}`)};`)}
dot = ${sum(T, (a) => `a${i}_${a} * p${i}_${a}`)};
${each(T, (a) => `const s${i}_${a} = a${i}_${a} * (p${i}_${a} - dot);`)}`)}
${each(D, (p) => each(T, (i) => `const x${p}_${i} = ${sum(T, (a) => `z${p}_${a} * s${i}_${a}`)};`))}
${each(D, (p) => each(D, (q) => `grad[gw + ${p * D + q}] += ${sum(T, (i) => `x${p}_${i} * z${q}_${i}`)};`))}
${each(D, (r) => each(T, (a) => `GZ[gzo + ${r * T + a}] += ${sum(T, (i) => `d${r}_${i} * a${i}_${a}`)} + ${sum(T, (i) => `u${r}_${i} * s${i}_${a}`)} + ${sum(D, (p) => `w${p}_${r} * x${p}_${a}`)};`))}`;
}

function feedForwardAddSource(D: number, T: number, k: number): string {
  return `
${load(D, T, "u", "U", "uo")}
${load(k, D, "w", "w", "p1")}
${each(k, (h) => each(T, (i) => `const p${h}_${i} = ${sum(D, (q) => `w${h}_${q} * u${q}_${i}`)}; P[po + ${h * T + i}] = p${h}_${i}; const s${h}_${i} = ${HUBER(`p${h}_${i}`)};`))}
${load(D, k, "v", "w", "p2")}
${each(D, (r) => each(T, (i) => `out[oo + ${r * T + i}] += coef * (${sum(k, (h) => `v${r}_${h} * s${h}_${i}`)});`))}`;
}

function feedForwardBackwardSource(D: number, T: number, k: number): string {
  return `
${load(k, T, "p", "P", "po")}
${each(k, (h) => each(T, (i) => `const s${h}_${i} = ${HUBER(`p${h}_${i}`)};`, " "))}
${load(D, T, "g", "G", "go")}
${load(D, k, "v", "w", "p2")}
${load(k, D, "w", "w", "p1")}
${load(D, T, "u", "U", "uo")}
${each(D, (r) => each(k, (h) => `grad[g2 + ${r * k + h}] += c * (${sum(T, (i) => `g${r}_${i} * s${h}_${i}`)});`))}
${each(k, (h) => each(T, (i) => `const d${h}_${i} = c * (${sum(D, (r) => `v${r}_${h} * g${r}_${i}`)}) * ${CLAMP(`p${h}_${i}`)};`))}
${each(k, (h) => each(D, (q) => `grad[g1 + ${h * D + q}] += ${sum(T, (i) => `d${h}_${i} * u${q}_${i}`)};`))}
${each(D, (q) => each(T, (i) => `GU[guo + ${q * T + i}] += ${sum(k, (h) => `w${h}_${q} * d${h}_${i}`)};`))}`;
}

/**
 * Sizes up to which the kernels are written out: the attention backward pass grows as D·T·(D + T)
 * terms (≈ 1 800 lines of source at D = T = 12). Above it the loops are long enough to run well as
 * they are, and the reference kernels serve.
 */
const MAX_UNROLLED = 12;

const built = new Map<string, EncoderKernels>();

/**
 * The four kernels specialised to (D, T, k), built on first use and cached; for sizes above 12 the
 * reference kernels of encoders.ts. Throws a RangeError naming the size unless D, T and k are
 * positive integers.
 */
export function unrolledEncoders(D: number, T: number, k: number): EncoderKernels {
  assertInteger("D", D);
  assertInteger("T", T);
  assertInteger("k", k);
  if (Math.max(D, T, k) > MAX_UNROLLED) return reference;
  const key = `${D},${T},${k}`;
  const hit = built.get(key);
  if (hit) return hit;
  // The size arguments a kernel receives are ignored: its sizes are built in.
  const make = (args: string, body: string) => new Function(`"use strict"; return function (${args}) {${body}\n};`)();
  const kernels: EncoderKernels = {
    attentionAdd: make("D, T, Z, zo, th, pv, pw, coef, out, oo, cache, ao, yo", attentionAddSource(D, T)),
    attentionBackward: make("D, T, Z, zo, cache, ao, yo, th, pv, pw, c, GU, go, grad, gv, gw, GZ, gzo, s", attentionBackwardSource(D, T)),
    feedForwardAdd: make("D, k, T, U, uo, w, p1, p2, coef, out, oo, P, po", feedForwardAddSource(D, T, k)),
    feedForwardBackward: make("D, k, T, U, uo, P, po, w, p1, p2, c, G, go, grad, g1, g2, GU, guo, s", feedForwardBackwardSource(D, T, k)),
  };
  built.set(key, kernels);
  return kernels;
}
