/**
 * Every public numeric argument of the library, fed NaN, ±Infinity, 0, negatives, non-integer counts,
 * short or mismatched arrays and wrong kinds: each call must throw a RangeError (TypeError for a
 * value that is not a number at all) whose message starts with the argument's name — never hang,
 * return NaN, or quietly do something else (issue 9, item 5).
 *
 * One row per function × argument × bad value. Where a row's comment says "before:", that input
 * hung or returned garbage before the audit; the calls that used to hang run in a child process
 * with a time limit, so a regression fails this file instead of freezing it.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
// Everything through the library's front door, so the rows follow functions that move between folders.
import {
  AttentionEvaluator, FIG4, accumulatorSize, adamwStep, allocateShared, allocateWorkspace, attentionChain, attentionLimitOf,
  attentionLogit, attentionLossMonteCarlo, attentionRows, attentionScore, attentionShared, balancingBeta, basinOf, batchLoss,
  bigramCrossEntropy, binaryEntropy, cacheKey, canonicalFlowField, canonicalToFull, classifyOnAxis, closePool, createAdamW, createEvaluator,
  createParams, createRng, criticalKind, decayMask, deriveSeed, dopri5, drawCategorical, energyCandidateRate, energyFraction,
  escapeStep, estimateTransitions, evaluateGrid, gammaStarPoints, gradientDescent, gradientFlow, gridPoints, initialParams,
  integrateBatch, integrateMany, lagOneCorrelation, limitOf, linearAttentionLimitOf, linspace, logAddExp, logits,
  longestStretchNear, lossAtLogits, lowRankInit, makeField, mean, meanStd, median, movingAverage, oneCycleLr,
  optimalLogits, paperInit, paramCount, progress, progressLine, reconstructionTransformer, rk4, rowSplit, sampleBatch,
  sampleChain, sampleHigherOrder, sampleSequence, sequencePass, sharedSize, standardInit, study, tableText,
  trajectoryDrift, transformerLogits, unigramCrossEntropy, validateBatch, validateConfig, validateTrainConfig, variance,
  xlogx,
} from "../src/index";
import type { FieldSpec, TrainConfig } from "../src/index";

// ---- the bad values, by what the argument is ----
const NOT_FINITE = [NaN, Infinity, -Infinity];
/** For a finite number > 0 (steps, tolerances, scales). */
const NOT_POSITIVE = [...NOT_FINITE, 0, -0.5];
/** For a finite number ≥ 0. */
const NEGATIVE_OR_NOT_FINITE = [...NOT_FINITE, -0.5];
/** For an integer ≥ min (counts, sizes). */
const notCount = (min: number) => [NaN, Infinity, -Infinity, min - 1, -3, min + 0.5];
/** For a probability in [0, 1]. */
const NOT_CLOSED_UNIT = [NaN, -0.1, 1.1, Infinity];
/** For a rate in [0, 1). */
const NOT_HALF_OPEN_UNIT = [NaN, -0.1, 1, 1.5];

interface Row {
  /** The function (or method) called. */
  fn: string;
  /** The argument's name, as the message must start. */
  arg: string;
  bad: unknown;
  call: () => unknown;
  /** TypeError for a value that is not a number at all; RangeError otherwise. */
  kind?: "type";
}

const rows: Row[] = [];
/** One row per bad value: `make(v)` calls `fn` with `v` in place of `arg`. */
function each(fn: string, arg: string, values: unknown[], make: (v: any) => unknown): void {
  for (const v of values) rows.push({ fn, arg, bad: v, call: () => make(v) });
}
function one(fn: string, arg: string, bad: unknown, call: () => unknown, kind?: "type"): void {
  rows.push({ fn, arg, bad, call, kind });
}

const decay = (y: Float64Array, dy: Float64Array) => {
  dy[0] = -y[0];
};
const canonical: FieldSpec = { kind: "canonical", p: 0.9, q: 0.9 };
const chain = attentionChain(0.2, 0.3, 4);
const small = { d: 2, N: 4 };
const trainConfig = (o: Partial<TrainConfig>): TrainConfig => ({ ...FIG4, init: "june", seed: 1, N: 8, steps: 3, ...o });
const binary = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);

// ---- flows ----
// dopri5 h0 / hMax = NaN looped forever: those run in a child process below. The other values here.
each("dopri5", "h0", [Infinity, -Infinity, 0, -0.1], (v) => dopri5(decay, [1], { tMax: 1, h0: v })); // before: h0 < 0 integrated backwards into "blow-up", 0 burned 1e6 steps
each("dopri5", "hMax", [Infinity, -Infinity, 0, -0.1], (v) => dopri5(decay, [1], { tMax: 1, hMax: v })); // before: hMax = 0 burned 1e6 steps
each("dopri5", "rtol", NOT_POSITIVE, (v) => dopri5(decay, [1], { rtol: v }));
each("dopri5", "atol", NEGATIVE_OR_NOT_FINITE, (v) => dopri5(decay, [1], { atol: v }));
each("dopri5", "tMax", NOT_POSITIVE, (v) => dopri5(decay, [1], { tMax: v }));
each("dopri5", "gradTol", NOT_POSITIVE, (v) => dopri5(decay, [1], { gradTol: v }));
each("dopri5", "blowUp", [NaN, 0, -1, -Infinity], (v) => dopri5(decay, [1], { blowUp: v }));
each("dopri5", "maxSteps", notCount(1), (v) => dopri5(decay, [1], { maxSteps: v }));
each("rk4", "dt", NOT_POSITIVE, (v) => rk4(decay, [1], v));
each("gradientDescent", "eta", NOT_POSITIVE, (v) => gradientDescent(decay, [1], v));
each("gradientFlow", "e0", NOT_FINITE, (v) => gradientFlow(v, -1, 0.9, 0.9));
each("gradientFlow", "w0", NOT_FINITE, (v) => gradientFlow(0.5, v, 0.9, 0.9));
one("gradientFlow", "e0", "0.5", () => gradientFlow("0.5" as never, -1, 0.9, 0.9), "type");
each("integrateBatch", "dim", notCount(1), (v) => integrateBatch(canonical, Float64Array.of(0.5, -1), v, {})); // before: dim = -2 "Invalid typed array length"
each("integrateMany", "dim", notCount(1), (v) => integrateMany(canonical, Float64Array.of(0.5, -1), v, { workers: 0 })); // before: dim = 0 blamed starts
// before: workers = NaN or −1 started no thread and returned zeros labelled "converged"; Infinity threw "Invalid array length".
each("integrateMany", "workers", notCount(0), (v) => integrateMany(canonical, new Float64Array(80).fill(0.5), 2, { workers: v }));
each("integrateMany", "h0", [NaN, -1], (v) => integrateMany(canonical, new Float64Array(80).fill(0.5), 2, { workers: 2, h0: v })); // before: an Error whose message was a worker's stack
one("integrateMany", "starts[2]", NaN, () => integrateMany(canonical, Float64Array.of(0, 1, NaN, 0), 2, { workers: 0 }));
// A bad field, caught inside the worker threads, arrives with its own class and message.
one("integrateMany", "p", 1.2, () => integrateMany({ kind: "canonical", p: 1.2, q: 0.9 }, new Float64Array(80).fill(0.5), 2, { workers: 2 }));
one("canonicalFlowField", "p", "0.9", () => canonicalFlowField("0.9" as never, 0.9), "type"); // before: accepted, and the field was NaN everywhere
each("makeField", "N", notCount(1), (v) => makeField({ kind: "attention", p: 0.2, q: 0.3, N: v }));

// ---- runtime ----
each("createRng", "seed", [NaN, 0, 1.5, 2 ** 32, -1], (v) => createRng(v));
each("rng.normal", "mu", NOT_FINITE, (v) => createRng(1).normal(v, 1)); // before: NaN draws
each("rng.normal", "sigma", NEGATIVE_OR_NOT_FINITE, (v) => createRng(1).normal(0, v)); // before: NaN draws; sigma < 0 flipped their sign
each("rng.bernoulli", "p", NOT_CLOSED_UNIT, (v) => createRng(1).bernoulli(v));
each("deriveSeed", "seed", [NaN, 0, 1.5, -1], (v) => deriveSeed(v, "a")); // before: hashed "NaN:a" into a plausible child seed
const quietBar = () => progress("x", 3, { mode: "lines", intervalMs: 1e9 });
each("progress", "total", notCount(0), (v) => progress("x", v, { mode: "lines" }));
each("progress", "intervalMs", NEGATIVE_OR_NOT_FINITE, (v) => progress("x", 3, { mode: "lines", intervalMs: v })); // before: NaN never printed a line
each("progress.tick", "n", [NaN, -2, 1.5], (v) => quietBar().tick(v)); // before: "x: NaN/3 (NaN%)", "x: -2/3 (-67%)"
each("progress.update", "done", [NaN, -1, 1.5], (v) => quietBar().update(v));
each("progress.update", "total", [NaN, -1, 2.5], (v) => quietBar().update(1, v)); // before: "x: NaN/NaN (100%)"
each("progressLine", "elapsedMs", NEGATIVE_OR_NOT_FINITE, (v) => progressLine("x", 1, 2, v)); // before: "NaN min NaN s elapsed"
each("progressLine", "done", [NaN, -1, 0.5], (v) => progressLine("x", v, 2, 10));
each("progressLine", "total", [NaN, -1, 0.5], (v) => progressLine("x", 1, v, 10));
each("linspace", "a", NOT_FINITE, (v) => linspace(v, 1, 3));
each("linspace", "b", NOT_FINITE, (v) => linspace(0, v, 3));
each("linspace", "n", notCount(2), (v) => linspace(0, 1, v));
each("gridPoints", "xs[1]", NOT_FINITE, (v) => gridPoints([0, v], [1])); // before: NaN copied into the starts
each("gridPoints", "ys[0]", NOT_FINITE, (v) => gridPoints([0], [v]));
one("gridPoints", "xs", null, () => gridPoints(null as never, [1]), "type");
each("evaluateGrid", "xs[0]", NOT_FINITE, (v) => evaluateGrid([v], [1], (x, y) => x + y)); // before: f called at NaN
each("mean", "xs[1]", NOT_FINITE, (v) => mean([1, v]));
one("mean", "xs", [], () => mean([]));
one("variance", "xs", [1], () => variance([1]));
one("median", "xs", [], () => median([]));
// before: { h: NaN }, { h: null } and { h: Infinity } had one key, so one cached result answered all three.
each("cacheKey", "config.h", NOT_FINITE, (v) => cacheKey("a", { h: v }));
one("cacheKey", "config.a[1]", Infinity, () => cacheKey("a", { a: [1, Infinity] }));
one("cacheKey", "config.t[0]", NaN, () => cacheKey("a", { t: Float64Array.of(NaN) }));
one("tableText", "rows[0]", "3 cells for 2 columns", () => tableText({ columns: ["a", "b"], rows: [[1, 2, 3]] })); // before: misaligned text

// ---- markov ----
// before: u = NaN or u >= 1 returned the last state; a NaN or negative weight was skipped.
each("drawCategorical", "u", [NaN, -0.1, 1, 2], (v) => drawCategorical([0.5, 0.5], v));
each("drawCategorical", "w[0]", [NaN, -1, Infinity], (v) => drawCategorical([v, 0.5], 0.1));
each("xlogx", "x", [NaN, -1, -Infinity], (v) => xlogx(v)); // before: returned 0
each("binaryEntropy", "t", NOT_CLOSED_UNIT, (v) => binaryEntropy(v));
one("bigramCrossEntropy", "seq[0]", 2, () => bigramCrossEntropy(Uint8Array.from({ length: 100 }, () => 2), 0.2, 0.3)); // before: TypeError "Cannot read properties of undefined"
one("unigramCrossEntropy", "seq[0]", 2, () => unigramCrossEntropy(Uint8Array.from({ length: 100 }, () => 2), 0.2, 0.3)); // before: NaN
one("bigramCrossEntropy", "seq", "length 2", () => bigramCrossEntropy(Uint8Array.of(0, 1), 0.2, 0.3)); // before: { mean: NaN, se: NaN }
one("unigramCrossEntropy", "seq", "length 0", () => unigramCrossEntropy(new Uint8Array(0), 0.2, 0.3));
each("bigramCrossEntropy", "rowLength", [NaN, 1, 3, 2.5], (v) => bigramCrossEntropy(binary(100), 0.2, 0.3, v));
each("lagOneCorrelation", "blocks", notCount(2), (v) => lagOneCorrelation(binary(1000), v));
one("lagOneCorrelation", "seq", "too short", () => lagOneCorrelation(binary(100), 20));
each("sampleSequence", "n", notCount(1), (v) => sampleSequence(0.2, 0.3, v, createRng(1)));
each("sampleSequence", "p", [NaN, 0, 1, 1.2, Infinity], (v) => sampleSequence(v, 0.3, 10, createRng(1)));
one("sampleSequence", "p", "0.2", () => sampleSequence("0.2" as never, 0.3, 10, createRng(1)), "type");
each("sampleBatch", "batch", notCount(1), (v) => sampleBatch(0.2, 0.3, v, 10, createRng(1)));
each("sampleChain", "n", notCount(1), (v) => sampleChain([[0.9, 0.1], [0.2, 0.8]], v, createRng(1)));
each("sampleHigherOrder", "n", notCount(2), (v) => sampleHigherOrder([0.1, 0.5, 0.5, 0.9], v, createRng(1)));
each("estimateTransitions", "rowLength", [NaN, 0, 1.5, -2], (v) => estimateTransitions([0, 1, 1, 0], v));

// ---- canonical ----
each("limitOf", "tol", NEGATIVE_OR_NOT_FINITE, (v) => limitOf(0, 1, 0.9, 0.9, v)); // before: NaN or −0.5 answered "undecided" everywhere
each("limitOf", "e", NOT_FINITE, (v) => limitOf(v, 1, 0.9, 0.9));
each("lossAtLogits", "f0", NOT_FINITE, (v) => lossAtLogits(v, 0, 0.2, 0.3)); // before: NaN
each("lossAtLogits", "f1", NOT_FINITE, (v) => lossAtLogits(0, v, 0.2, 0.3));
each("logits", "b", NOT_FINITE, (v) => logits(1, 0, v));
one("logits", "e", "1", () => logits("1" as never, 0, 0), "type");
each("optimalLogits", "c", NOT_FINITE, (v) => optimalLogits(v, 0.2, 0.3));
each("basinOf", "tol", NEGATIVE_OR_NOT_FINITE, (v) => basinOf(0.5, -1, 0.5, 0.8, v));
each("gammaStarPoints", "n", notCount(1), (v) => gammaStarPoints(0.9, 0.9, -3, -1, v));
each("classifyOnAxis", "tol", NEGATIVE_OR_NOT_FINITE, (v) => classifyOnAxis(1, 0.9, 0.9, v));
each("criticalKind", "eigTol", NEGATIVE_OR_NOT_FINITE, (v) => criticalKind(0, -2, 0.1, 0.1, { eigTol: v }));

// ---- attention ----
each("attentionScore", "a", NOT_FINITE, (v) => attentionScore(1, 0.5, v)); // before: NaN
each("attentionScore", "xbar", [NaN, -0.1, 1.5], (v) => attentionScore(1, v, 1));
each("attentionScore", "x", [NaN, 2, 0.5], (v) => attentionScore(v, 0.5, 1));
each("attentionLogit", "xbar", [NaN, 1.5], (v) => attentionLogit(1, 1, 0, 0, 1, v));
each("energyCandidateRate", "beta", NOT_FINITE, (v) => energyCandidateRate(0.5, -1, 0.3, v, [1, 1, 1])); // before: NaN
each("energyCandidateRate", "e", NOT_FINITE, (v) => energyCandidateRate(v, -1, 0.3, 2, [1, 1, 1]));
one("energyCandidateRate", "grad", "length 2", () => energyCandidateRate(0.5, -1, 0.3, 2, [1, 1])); // before: NaN
each("balancingBeta", "grad[0]", NOT_FINITE, (v) => balancingBeta(0.5, -1, 0.3, [v, 1, 1])); // before: NaN
each("balancingBeta", "a", NOT_FINITE, (v) => balancingBeta(0.5, -1, v, [1, 1, 1]));
each("trajectoryDrift", "states[2]", NOT_FINITE, (v) => trajectoryDrift([1, 1, v, 1], 2, (y) => y[0])); // before: NaN
one("trajectoryDrift", "Q", NaN, () => trajectoryDrift([1, 1, 2, 1], 2, (y) => (y[0] > 1 ? NaN : 0))); // before: NaN
each("trajectoryDrift", "dim", notCount(1), (v) => trajectoryDrift([1, 1], v, (y) => y[0]));
each("AttentionEvaluator.gradient", "b", NOT_FINITE, (v) => { // before: a NaN gradient
  const ev = new AttentionEvaluator(chain);
  ev.set(0.5, 0.5, 0.5);
  ev.gradient(v, new Float64Array(4));
});
one("AttentionEvaluator.gradient", "out", "length 2", () => { // before: two of the four entries dropped
  const ev = new AttentionEvaluator(chain);
  ev.set(0.5, 0.5, 0.5);
  ev.gradient(0, new Float64Array(2));
});
each("transformerLogits", "WV[0]", NOT_FINITE, (v) => { // before: NaN logits
  const net = reconstructionTransformer(0.5, 0.5, 0.5, 0, { d: 2 });
  net.WV[0] = v;
  return transformerLogits(net, [1, 0, 1]);
});
each("transformerLogits", "positions[1]", NOT_FINITE, (v) => {
  const net = reconstructionTransformer(0.5, 0.5, 0.5, 0, { d: 2 });
  net.positions[1] = v;
  return transformerLogits(net, [1, 0, 1]);
});
one("transformerLogits", "attention", "Softmax", () => { // before: any kind but "softmax" ran linear attention
  const net = reconstructionTransformer(0.5, 0.5, 0.5, 0, { d: 2 });
  return transformerLogits({ ...net, attention: "Softmax" as never }, [1, 0, 1]);
});
each("reconstructionTransformer", "d", notCount(1), (v) => reconstructionTransformer(0.5, 0.5, 0.5, 0, { d: v }));
each("attentionChain", "N", notCount(1), (v) => attentionChain(0.2, 0.3, v));
each("attentionLossMonteCarlo", "sequences", notCount(2), (v) => attentionLossMonteCarlo(0.8, -0.3, 0.5, 0, 0.2, 0.3, 4, v, createRng(1)));
each("attentionLimitOf", "tol", NEGATIVE_OR_NOT_FINITE, (v) => attentionLimitOf(0, 0.3, 0.2, chain, v));
each("linearAttentionLimitOf", "tol", NEGATIVE_OR_NOT_FINITE, (v) => linearAttentionLimitOf(0, 0.3, 0.5, 0.5, 0.8, v));

// ---- model ----
each("paramCount", "d", notCount(1), (v) => paramCount({ d: v, N: 4 })); // before: NaN
each("decayMask", "N", notCount(1), (v) => decayMask({ d: 2, N: v })); // before: N = 1.5 gave a mask of the wrong length, NaN an empty one
one("validateConfig", "config", null, () => validateConfig(null as never), "type");
one("createParams", "data", "length 3", () => createParams(small, new Float64Array(3)));
each("sharedSize", "N", notCount(1), (v) => sharedSize(2, v));
each("accumulatorSize", "d", notCount(1), (v) => accumulatorSize(v, 4)); // before: createAccumulator blamed "the wrong size"
each("allocateWorkspace", "d", notCount(1), (v) => allocateWorkspace(v, 4)); // before: NaN gave empty buffers
each("validateBatch", "N", notCount(1), (v) => validateBatch(new Uint8Array(10), 2, v));
each("validateBatch", "B", notCount(1), (v) => validateBatch(new Uint8Array(10), v, 4));
one("batchLoss", "bits[0]", 2, () => batchLoss(standardInit(small, createRng(1)), new Uint8Array(10).fill(2), 2)); // before: a loss of 0.69
each("rowSplit", "T", notCount(1), (v) => rowSplit(10, 1, v)); // before: T = NaN gave NaN, T = 0 every row to thread 1
each("rowSplit", "t", [NaN, -1, 1.5, 3], (v) => rowSplit(10, v, 2));
each("attentionRows", "from", [NaN, -1, 1.5, 5], (v) => attentionRows(allocateShared(2, 4), v, 4)); // before: NaN skipped every row
each("attentionRows", "to", [NaN, 5, 0.5], (v) => attentionRows(allocateShared(2, 4), 1, v));
each("sequencePass", "off", [NaN, -1, 1.5, 6], (v) => { // before: off = 7 read past the batch and blamed "diverged" parameters
  const θ = standardInit(small, createRng(1));
  const S = allocateShared(2, 4);
  attentionShared(θ, S);
  return sequencePass(θ, S, new Uint8Array(10), v, allocateWorkspace(2, 4), null);
});
one("sequencePass", "S", "d = 3", () => {
  const θ = standardInit(small, createRng(1));
  return sequencePass(θ, allocateShared(3, 4), new Uint8Array(10), 0, allocateWorkspace(2, 4), null);
});
one("paperInit", "variant", "jun", () => paperInit(small, "jun" as never, createRng(1))); // before: ran the August init
each("lowRankInit", "vStd", NEGATIVE_OR_NOT_FINITE, (v) => lowRankInit(small, createRng(1), v)); // before: NaN W_V; vStd < 0 accepted
each("canonicalToFull", "w", NOT_FINITE, (v) => canonicalToFull(small, 0.5, v, 0));
each("energyFraction", "rows", notCount(1), (v) => energyFraction([1, 2, 3, 4], v, 2)); // before: rows = −2 crashed inside ml-matrix
one("energyFraction", "a", "3 entries", () => energyFraction([1, 2, 3], 2, 2));
one("energyFraction", "a[1]", NaN, () => energyFraction([1, NaN, 3, 4], 2, 2));

// ---- training ----
const adamOptions = { beta1: 0.9, beta2: 0.95, weightDecay: 1e-3, decayMask: new Uint8Array(2) };
const adamStepWith = (o: object) => {
  const s = createAdamW(2, { ...adamOptions, ...o });
  adamwStep(s, Float64Array.of(1, 1), [0.1, 0.1], 1e-3);
};
each("createAdamW", "beta1", NOT_HALF_OPEN_UNIT, (v) => adamStepWith({ beta1: v })); // before: NaN parameters after one step
each("createAdamW", "beta2", NOT_HALF_OPEN_UNIT, (v) => adamStepWith({ beta2: v })); // before: β2 = 1 gave NaN (1 − β^t = 0)
each("createAdamW", "eps", NOT_POSITIVE, (v) => adamStepWith({ eps: v })); // before: eps = −0.1 sent the parameters to −∞
each("createAdamW", "weightDecay", NEGATIVE_OR_NOT_FINITE, (v) => adamStepWith({ weightDecay: v }));
each("createAdamW", "size", notCount(1), (v) => createAdamW(v, adamOptions));
each("adamwStep", "lr", NEGATIVE_OR_NOT_FINITE, (v) => adamwStep(createAdamW(2, adamOptions), Float64Array.of(1, 1), [0, 0], v));
one("adamwStep", "g", "length 1", () => adamwStep(createAdamW(2, adamOptions), Float64Array.of(1, 1), [0.1], 1e-3)); // before: θ[1] became NaN
one("adamwStep", "θ", "length 3", () => adamwStep(createAdamW(2, adamOptions), Float64Array.of(1, 1, 1), [0, 0, 0], 1e-3));
each("oneCycleLr", "step", [NaN, -5, 1.5], (v) => oneCycleLr(v, 10, 1e-3));
each("oneCycleLr", "total", notCount(1), (v) => oneCycleLr(0, v, 1e-3)); // before: NaN
each("oneCycleLr", "lr", NEGATIVE_OR_NOT_FINITE, (v) => oneCycleLr(0, 10, v)); // before: NaN
each("oneCycleLr", "pctStart", NOT_CLOSED_UNIT, (v) => oneCycleLr(5, 10, 1e-3, v)); // before: NaN
each("oneCycleLr", "divFactor", NOT_POSITIVE, (v) => oneCycleLr(5, 10, 1e-3, 0.02, v)); // before: 0 gave NaN
each("oneCycleLr", "finalDivFactor", NOT_POSITIVE, (v) => oneCycleLr(5, 10, 1e-3, 0.02, 100, v));
one("oneCycleLr", "total", "10", () => oneCycleLr(0, "10" as never, 1e-3), "type");
// validateTrainConfig: before, a NaN weight decay or an infinite lr passed and failed steps later under
// another name; rankEvery = 2.5 or −1 and fractional snapshot steps were accepted and recorded something else.
each("validateTrainConfig", "weightDecay", NEGATIVE_OR_NOT_FINITE, (v) => validateTrainConfig(trainConfig({ weightDecay: v })));
each("validateTrainConfig", "lr", NOT_POSITIVE, (v) => validateTrainConfig(trainConfig({ lr: v })));
each("validateTrainConfig", "beta1", NOT_HALF_OPEN_UNIT, (v) => validateTrainConfig(trainConfig({ beta1: v })));
each("validateTrainConfig", "beta2", NOT_HALF_OPEN_UNIT, (v) => validateTrainConfig(trainConfig({ beta2: v })));
each("validateTrainConfig", "seed", [NaN, 0, 1.5, 2 ** 32], (v) => validateTrainConfig(trainConfig({ seed: v })));
each("validateTrainConfig", "rankEvery", [NaN, -1, 2.5, Infinity], (v) => validateTrainConfig(trainConfig({ rankEvery: v })));
each("validateTrainConfig", "snapshots[0]", [NaN, -1, 1.5, 4], (v) => validateTrainConfig(trainConfig({ snapshots: [v] })));
each("validateTrainConfig", "steps", notCount(1), (v) => validateTrainConfig(trainConfig({ steps: v })));
each("validateTrainConfig", "B", notCount(1), (v) => validateTrainConfig(trainConfig({ B: v })));
one("validateTrainConfig", "init", "xavier", () => validateTrainConfig(trainConfig({ init: "xavier" as never })));
one("initialParams", "init", "xavier", () => initialParams(trainConfig({ init: "xavier" as never }))); // before: returned undefined
each("createEvaluator", "threads", notCount(1), (v) => createEvaluator(small, 2, { threads: v }).close()); // before: NaN built an evaluator without accumulators
each("study", "threads", notCount(1), (v) => study("x", [trainConfig({})], { threads: v }));
one("study", "steps", NaN, () => study("x", [trainConfig({}), trainConfig({ steps: NaN })])); // checked before the first run trains
each("movingAverage", "xs[1]", NOT_FINITE, (v) => movingAverage([1, v, 3], 3)); // before: NaN smeared over the window
each("movingAverage", "width", [NaN, 0, 2, 1.5], (v) => movingAverage([1, 2, 3], v));
one("meanStd", "runs[1]", "length 2", () => meanStd([[1, 2, 3], [1, 2]]));
each("meanStd", "runs[0][1]", NOT_FINITE, (v) => meanStd([[1, v]]));
each("longestStretchNear", "tol", NEGATIVE_OR_NOT_FINITE, (v) => longestStretchNear([1, 1, 1], 1, v)); // before: NaN meant "never near"
each("longestStretchNear", "level", NOT_FINITE, (v) => longestStretchNear([1, 1, 1], v, 0.1));
each("escapeStep", "hold", notCount(1), (v) => escapeStep([1, 1, 0, 0, 0], 1, 0.1, v)); // before: NaN → null, 0 → the first dip
each("escapeStep", "tol", NEGATIVE_OR_NOT_FINITE, (v) => escapeStep([1, 1, 0, 0, 0], 1, v, 2)); // before: NaN → null ("never escaped")
each("escapeStep", "plateau", NOT_FINITE, (v) => escapeStep([1, 1, 0, 0, 0], v, 0.1, 2));
each("escapeStep", "curve[2]", NOT_FINITE, (v) => escapeStep([1, 1, v, 0, 0], 1, 0.1, 2));

afterAll(() => closePool());

/** Runs `call` and returns what it threw (or rejected with); fails the row if it returned. */
async function thrown(call: () => unknown): Promise<unknown> {
  let value: unknown;
  try {
    value = await call();
  } catch (e) {
    return e;
  }
  throw new Error(`returned ${String(value)} instead of throwing`);
}

const label = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.join(", ")}]` : String(v));

describe("every public numeric argument rejects bad values by name", () => {
  it.each(rows.map((r) => [`${r.fn}: ${r.arg} = ${label(r.bad)}`, r] as const))("%s", async (_name, r) => {
    const e = await thrown(r.call);
    expect(e, `${r.fn} threw ${String(e)}`).toBeInstanceOf(r.kind === "type" ? TypeError : RangeError);
    const message = (e as Error).message;
    expect(message.startsWith(`${r.arg} `) || message.startsWith(`${r.arg}:`), `message "${message}" should start with "${r.arg}"`).toBe(true);
  });
});

describe("calls that used to hang, time-boxed in a child process", () => {
  it("dopri5 with h0 = NaN or hMax = NaN throws by name instead of looping forever", () => {
    // Before: the NaN step shrank to NaN, never fell under the underflow test and never used up maxSteps.
    const code = `
      const { dopri5 } = require(${JSON.stringify(path.join(__dirname, "..", "src", "flows", "ode"))});
      const f = (y, dy) => { dy[0] = -y[0]; };
      const out = [];
      for (const k of ["h0", "hMax"]) {
        try { dopri5(f, [1], { tMax: 1, maxSteps: 1000, [k]: NaN }); out.push(k + ": returned"); }
        catch (e) { out.push(e.constructor.name + ": " + e.message); }
      }
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "-e", code], { encoding: "utf8", timeout: 60_000 });
    expect(r.error, "the child did not finish within 60 s").toBeUndefined();
    expect(JSON.parse(r.stdout.trim().split("\n").pop() as string)).toEqual([
      "RangeError: h0 must be a finite number > 0, got NaN",
      "RangeError: hMax must be a finite number > 0, got NaN",
    ]);
  });
});

describe("the edges that stay valid", () => {
  it("accept 0 where 0 means something, and return the same as before", async () => {
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity); // before: NaN (∞ − ∞)
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(0, 0)).toBeCloseTo(Math.LN2, 15);
    expect(xlogx(0)).toBe(0);
    expect(() => limitOf(0, 1, 0.9, 0.9, 0)).not.toThrow();
    expect(escapeStep([1, 1, 0, 0, 0], 1, 0.1, 1)).toBe(2);
    expect(escapeStep([1, 1, 0, 0, 0], 1, 0, 2)).toBe(2);
    expect(longestStretchNear([1, 1, 2], 1, 0)).toEqual({ start: 0, length: 2 });
    expect(oneCycleLr(0, 1, 1e-3, 0)).toBeCloseTo(1e-5, 15);
    expect(oneCycleLr(0, 10, 0)).toBe(0);
    expect(Number.isFinite(oneCycleLr(9, 10, 1e-3, 1))).toBe(true);
    const s = createAdamW(2, { beta1: 0, beta2: 0, weightDecay: 0, decayMask: new Uint8Array(2) });
    const θ = Float64Array.of(1, 1);
    adamwStep(s, θ, [0.1, -0.1], 0);
    expect(Array.from(θ)).toEqual([1, 1]);
    expect(lowRankInit(small, createRng(1), 0).WV.every((v) => v === 0)).toBe(true);
    expect(() => validateTrainConfig(trainConfig({ rankEvery: 0, snapshots: [0, 3], weightDecay: 0, beta1: 0 }))).not.toThrow();
    expect(createRng(1).normal(0, 0)).toBe(0);
    expect(createRng(1).bernoulli(0)).toBe(0);
    expect(drawCategorical([0, 1], 0)).toBe(1);
    expect(rowSplit(0, 0, 1)).toBe(0);
    const bar = progress("x", 0, { mode: "lines", intervalMs: 0 });
    bar.update(0, 0);
    expect(progressLine("x", 0, 0, 0, true)).toBe("x: 0/0 (100%) in 0.0 s");
    expect((await integrateMany(canonical, new Float64Array(0), 2, { workers: 0 })).outcomes).toEqual([]);
    expect(cacheKey("a", { h: null })).toMatch(/^a-[0-9a-f]{12}$/);
    expect(meanStd([[]])).toEqual({ mean: [], std: [] });
  });
});
