/**
 * The paper's discrete transformer (Gao et al., §2, Eqs. 2.1–2.2) on a fixed sample of prompts:
 * L layers, each an attention half-step then a feed-forward half-step, each adding
 * (Δt/2)·(1/M) Σ_j = (1/(2ML)) Σ_j over the layer's M particles:
 *   T̂(H, t + Δt/2) = T̂(H, t)        + (1/(2ML)) Σ_j f(T̂(H, t), θ_{t,j})
 *   T̂(H, t + Δt)   = T̂(H, t + Δt/2) + (1/(2ML)) Σ_j h(T̂(H, t + Δt/2), w_{t,j})
 * with T̂(H, 0) = H, the prediction Read[T̂(H, 1)], and the empirical risk
 *   R̂(Θ) = (1/n) Σ_b ½ (Read[T̂(H_b, 1)] − y_b)².
 * `forward` returns R̂ and keeps what `backward` needs; `backward` returns ∂R̂/∂Θ (the raw
 * gradient, without the ML rescaling or weight decay) by the hand-derived adjoint (p̂ of §2).
 * All buffers are allocated once by `meanFieldModel`, so a training step allocates nothing.
 *
 * @example
 * const model = meanFieldModel(meanFieldShape({ D: 5, k: 5, L: 4, M: 8 }), sample);
 * const risk = meanFieldForward(model, params);
 * meanFieldBackward(model, params, grad);        // grad.length === L·M·P
 */
import type { IcrSample } from "./data";
import { assertIcrSample } from "./data";
import type { MeanFieldShape } from "./shape";
import { assertMeanFieldParams, meanFieldParameterCount } from "./shape";
import type { AttentionCache, EncoderScratch } from "./encoders";
import { encoderScratch } from "./encoders";
import type { EncoderKernels } from "./unrolled";
import { unrolledEncoders } from "./unrolled";

export interface MeanFieldModel {
  readonly shape: MeanFieldShape;
  readonly sample: IcrSample;
  /** T̂ at every half-step: (2L + 1) blocks of n·D·T; block 2l = T̂(lΔt), 2l + 1 = T̂(lΔt + Δt/2). */
  readonly states: Float64Array;
  /** What each (layer, particle, prompt)'s attention keeps for the backward pass: its weights
   * query-major (Aᵀ, T×T each), W Z and Y = Z A (D×T each). */
  readonly attention: AttentionCache;
  /** Pre-activations W₁U of every (layer, particle, prompt): k×T each. */
  readonly P: Float64Array;
  /** Predictions of the last forward pass. */
  readonly prediction: Float64Array;
  /** Adjoint buffers (n·D·T each). */
  readonly adj: Float64Array;
  readonly adjMid: Float64Array;
  readonly scratch: EncoderScratch;
  /** The encoders compiled for this shape (unrolled.ts). */
  readonly kernels: EncoderKernels;
}

/** Allocates a model's buffers for a shape and a sample (validated; D must match the sample's rows). */
export function meanFieldModel(shape: MeanFieldShape, sample: IcrSample): MeanFieldModel {
  assertIcrSample(sample);
  if (shape.D !== sample.D) throw new RangeError(`shape.D = ${shape.D} does not match the sample's D = ${sample.D} rows`);
  const { D, k, L, M } = shape;
  const { n, T } = sample;
  const block = n * D * T;
  const states = new Float64Array((2 * L + 1) * block);
  states.set(sample.H, 0);
  return {
    shape, sample, states,
    attention: { At: new Float64Array(L * M * n * T * T), WZ: new Float64Array(L * M * block), Y: new Float64Array(L * M * block) },
    P: new Float64Array(L * M * n * k * T),
    prediction: new Float64Array(n),
    adj: new Float64Array(block),
    adjMid: new Float64Array(block),
    scratch: encoderScratch(D, T, k),
    kernels: unrolledEncoders(D, T, k),
  };
}

/** Forward pass over all prompts; returns R̂(Θ) and stores the caches `backward` needs. */
export function meanFieldForward(model: MeanFieldModel, params: Float64Array): number {
  const { shape, sample, states, attention, P, prediction } = model;
  const { attentionAdd, feedForwardAdd } = model.kernels;
  const { D, k, L, M, P: np, offV, offW, offW1, offW2 } = shape;
  const { n, T } = sample;
  if (params.length !== L * M * np) assertMeanFieldParams(shape, params);
  const block = n * D * T, DT = D * T, TT = T * T, kT = k * T;
  const c = 1 / (2 * M * L);
  for (let l = 0; l < L; l++) {
    const z0 = 2 * l * block, u0 = z0 + block, o0 = u0 + block;
    states.copyWithin(u0, z0, z0 + block);
    for (let j = 0; j < M; j++) {
      const p = (l * M + j) * np;
      const aBase = (l * M + j) * n * TT, yBase = (l * M + j) * block;
      for (let b = 0; b < n; b++) {
        attentionAdd(D, T, states, z0 + b * DT, params, p + offV, p + offW, c, states, u0 + b * DT, attention, aBase + b * TT, yBase + b * DT);
      }
    }
    states.copyWithin(o0, u0, u0 + block);
    for (let j = 0; j < M; j++) {
      const p = (l * M + j) * np;
      const pBase = (l * M + j) * n * kT;
      for (let b = 0; b < n; b++) {
        feedForwardAdd(D, k, T, states, u0 + b * DT, params, p + offW1, p + offW2, c, states, o0 + b * DT, P, pBase + b * kT);
      }
    }
  }
  const out = 2 * L * block, read = sample.readRow * T + sample.readCol;
  let risk = 0;
  for (let b = 0; b < n; b++) {
    const yhat = states[out + b * DT + read];
    prediction[b] = yhat;
    const e = yhat - sample.y[b];
    risk += 0.5 * e * e;
  }
  return risk / n;
}

/**
 * Backward pass after `meanFieldForward(model, params)` with the same params: writes ∂R̂/∂Θ into `grad`
 * (overwritten, length L·M·P). The adjoint is seeded with ((ŷ_b − y_b)/n)·E_read.
 */
export function meanFieldBackward(model: MeanFieldModel, params: Float64Array, grad: Float64Array): void {
  const { shape, sample, states, attention, P, prediction, adj, adjMid, scratch } = model;
  const { attentionBackward, feedForwardBackward } = model.kernels;
  const { D, k, L, M, P: np, offV, offW, offW1, offW2 } = shape;
  const { n, T } = sample;
  if (grad.length !== meanFieldParameterCount(shape)) throw new RangeError(`grad has ${grad.length} numbers; the shape needs ${meanFieldParameterCount(shape)}`);
  const block = n * D * T, DT = D * T, TT = T * T, kT = k * T;
  const c = 1 / (2 * M * L);
  grad.fill(0);
  adj.fill(0);
  const read = sample.readRow * T + sample.readCol;
  for (let b = 0; b < n; b++) adj[b * DT + read] = (prediction[b] - sample.y[b]) / n;
  for (let l = L - 1; l >= 0; l--) {
    const z0 = 2 * l * block, u0 = z0 + block;
    // feed-forward half-step: adj = ∂ℓ/∂T̂(t + Δt) → adjMid = ∂ℓ/∂T̂(t + Δt/2)
    adjMid.set(adj);
    for (let j = 0; j < M; j++) {
      const p = (l * M + j) * np;
      const pBase = (l * M + j) * n * kT;
      for (let b = 0; b < n; b++) {
        feedForwardBackward(D, k, T, states, u0 + b * DT, P, pBase + b * kT, params, p + offW1, p + offW2, c,
          adj, b * DT, grad, p + offW1, p + offW2, adjMid, b * DT, scratch);
      }
    }
    // attention half-step: adjMid → adj = ∂ℓ/∂T̂(t)
    adj.set(adjMid);
    for (let j = 0; j < M; j++) {
      const p = (l * M + j) * np;
      const aBase = (l * M + j) * n * TT, yBase = (l * M + j) * block;
      for (let b = 0; b < n; b++) {
        attentionBackward(D, T, states, z0 + b * DT, attention, aBase + b * TT, yBase + b * DT, params, p + offV, p + offW, c,
          adjMid, b * DT, grad, p + offV, p + offW, adj, b * DT, scratch);
      }
    }
  }
}

/** R̂(Θ) and its gradient in one call (forward then backward). */
export function meanFieldRiskAndGradient(model: MeanFieldModel, params: Float64Array, grad: Float64Array): number {
  const r = meanFieldForward(model, params);
  meanFieldBackward(model, params, grad);
  return r;
}

/** R̂(Θ) on another sample (e.g. held-out prompts), with a model built for it. */
export function meanFieldRiskOn(shape: MeanFieldShape, sample: IcrSample, params: Float64Array): number {
  return meanFieldForward(meanFieldModel(shape, sample), params);
}

/** The network's outputs Read[T̂(H_b, 1)] for every prompt of the model's sample (a copy). */
export function meanFieldPredict(model: MeanFieldModel, params: Float64Array): Float64Array {
  meanFieldForward(model, params);
  return model.prediction.slice();
}
