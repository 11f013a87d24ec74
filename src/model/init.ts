/**
 * Initialisations of the full model (note §2 and §7): the standard Gaussian one, the authors'
 * constant initialisations (June and August), their rank-one "lowrank" one, and the exact map
 * from the canonical (e, w, b) of notebooks 02–03 to full matrices.
 *
 * @example
 * const θ = standardInit({ d: 8, N: 1024 }, rng.fork("init"));
 * const θ2 = paperInit({ d: 8, N: 1024 }, "june", rng.fork("init"));
 */
import type { Rng } from "../runtime/rng";
import { assertFinite, assertNonNegative, assertOneOf } from "../runtime/validate";
import { ModelConfig, Params, createParams } from "./params";

function fillNormal(a: Float64Array, sigma: number, rng: Rng): void {
  for (let i = 0; i < a.length; i++) a[i] = rng.normal(0, sigma);
}

/**
 * Standard init: every weight (e and p_n included) ~ N(0, 0.02²); then W_O and W2 redrawn
 * ~ N(0, (0.02/√2)²) (GPT-2's scaling for one layer); b = 0.
 */
export function standardInit(config: ModelConfig, rng: Rng): Params {
  const θ = createParams(config);
  fillNormal(θ.data, 0.02, rng);
  fillNormal(θ.WO, 0.02 / Math.SQRT2, rng);
  fillNormal(θ.W2, 0.02 / Math.SQRT2, rng);
  θ.b[0] = 0;
  return θ;
}

export type PaperInit = "june" | "aug";

/**
 * The authors' "good" initialisation. June (arXiv v2, Fig. 4 of June): e ≡ 0.5, p_n ≡ −0.25,
 * W1 ≡ 1, W2 ≡ −1, b = 0, the rest standard — and W_O NOT rescaled (that branch skipped it).
 * August: the same with W1 ≡ 2, W2 ≡ −2.
 */
export function paperInit(config: ModelConfig, variant: PaperInit, rng: Rng): Params {
  assertOneOf("variant", variant, ["june", "aug"] as const); // anything but "june" ran August's
  const θ = createParams(config);
  fillNormal(θ.data, 0.02, rng);
  const w = variant === "june" ? 1 : 2;
  θ.e.fill(0.5);
  θ.pos.fill(-0.25);
  θ.W1.fill(w);
  θ.W2.fill(-w);
  θ.b[0] = 0;
  return θ;
}

/**
 * The authors' rank-one "lowrank" init: signs α ∈ {±1}^d, e_s = |0.1 N(0,1)|, token embedding
 * e_s α, every p_n = −(e_s/2) α, ω ∈ {±w_s}^{4d} (w_s = |0.1 N(0,1)|), W1 = ω αᵀ, W2 = α ωᵀ,
 * W_V = α vᵀ with v ~ N(0, vStd²) (default 0; finite, ≥ 0), W_Q, W_K ~ N(0, 0.02²), b ~ N(0, 1).
 */
export function lowRankInit(config: ModelConfig, rng: Rng, vStd = 0): Params {
  assertNonNegative("vStd", vStd);
  const { d, N } = config;
  const θ = createParams(config);
  const alpha = Array.from({ length: d }, () => (rng.uniform() < 0.5 ? -1 : 1));
  const es = Math.abs(0.1 * rng.normal()), ws = Math.abs(0.1 * rng.normal());
  const omega = Array.from({ length: 4 * d }, () => (rng.uniform() < 0.5 ? -ws : ws));
  for (let c = 0; c < d; c++) θ.e[c] = es * alpha[c];
  for (let n = 0; n < N; n++) for (let c = 0; c < d; c++) θ.pos[n * d + c] = -(es / 2) * alpha[c];
  for (let r = 0; r < 4 * d; r++) for (let c = 0; c < d; c++) θ.W1[r * d + c] = omega[r] * alpha[c];
  for (let r = 0; r < d; r++) for (let c = 0; c < 4 * d; c++) θ.W2[r * 4 * d + c] = alpha[r] * omega[c];
  const v = Array.from({ length: d }, () => rng.normal(0, vStd));
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) θ.WV[r * d + c] = alpha[r] * v[c];
  fillNormal(θ.WQ, 0.02, rng);
  fillNormal(θ.WK, 0.02, rng);
  fillNormal(θ.WO, 0.02, rng);
  θ.b[0] = rng.normal();
  return θ;
}

/**
 * The exact embedding of the canonical (e, w, b) into the full model (note §7(a)): with a unit
 * u = 1/√d and v = 1_{4d}/√d (v ≥ 0, ‖v‖² = 4), token embedding e·u, p_n = −(e/2)u, W1 = |w| v uᵀ,
 * W2 = w u vᵀ, W_V = 0 (attention contributes nothing; W_Q, W_K, W_O are then irrelevant and set
 * to 0). For e ≥ 0 the logits are the canonical f0 = b − e²/2 and f1 = b + e²/2 + 2w|w|e².
 */
export function canonicalToFull(config: ModelConfig, e: number, w: number, b: number): Params {
  assertFinite("e", e);
  assertFinite("w", w);
  assertFinite("b", b);
  const { d } = config;
  const θ = createParams(config);
  const u = 1 / Math.sqrt(d), v = 1 / Math.sqrt(d);
  θ.e.fill(e * u);
  θ.pos.fill(-(e / 2) * u);
  for (let r = 0; r < 4 * d; r++) for (let c = 0; c < d; c++) θ.W1[r * d + c] = Math.abs(w) * v * u;
  for (let r = 0; r < d; r++) for (let c = 0; c < 4 * d; c++) θ.W2[r * 4 * d + c] = w * u * v;
  θ.b[0] = b;
  return θ;
}
