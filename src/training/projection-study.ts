/**
 * Training runs of the full model watched through the canonical projection (model/canonical-projection.ts):
 * every few steps, the canonical coordinates (ẽ, w̃, w_eff, b̃) and the norm of each off-canonical part, next to
 * the test loss of every step. Cached like a study (the full profile), keyed by every configuration, the
 * recording interval, the direction choice and MODEL_VERSION; a record is ~20 numbers, not the parameters, kept to
 * 6 significant digits (test losses to 9), so that a committed cache of a few dozen runs stays well under 1 MB.
 *
 * @example
 * const { runs } = await projectionStudy("escape-directions", configs, { every: 5, cache: profile === "full" });
 * runs[0].track.off.WV; // ‖W_V‖_F at steps runs[0].track.step
 */
import { CanonicalProjection, OFF_CANONICAL_PARTS, OffCanonicalPart, canonicalProjection } from "../model/canonical-projection";
import type { Params } from "../model/params";
import { readCached } from "../runtime/cache";
import { assertInteger, assertOneOf } from "../runtime/validate";
import { assertTrainConfigs, trainInTurn } from "./study";
import { MODEL_VERSION, TrainConfig, train } from "./train";

/** Which unit u the projection uses: the token embedding's own direction ε/‖ε‖, or canonicalToFull's 1/√d. */
export type ProjectionDirection = "embedding" | "fixed";

export interface ProjectionTrack {
  /** Steps recorded: 0, every, 2·every, …, and the last step. */
  step: number[];
  e: number[];
  w: number[];
  wEff: number[];
  b: number[];
  offNorm: number[];
  valueOutput: number[];
  off: Record<OffCanonicalPart, number[]>;
}

export interface ProjectionRun {
  /** Test loss at steps 0..steps (as TrainResult.testLoss, to 9 significant digits). */
  testLoss: number[];
  track: ProjectionTrack;
}

export interface ProjectionStudyResult {
  runs: ProjectionRun[];
  fromCache: boolean;
  /** Wall time of the computation (from the cache: of the original one). */
  seconds: number;
}

/** An empty track and the `observe` callback for train() that fills it every `every` steps (and at `last`). */
export function projectionTracker(every: number, last: number, direction: ProjectionDirection = "embedding"): { track: ProjectionTrack; observe: (step: number, θ: Params) => void } {
  assertInteger("every", every);
  assertInteger("last", last, 0);
  assertOneOf("direction", direction, ["embedding", "fixed"] as const);
  const off = {} as Record<OffCanonicalPart, number[]>;
  for (const k of OFF_CANONICAL_PARTS) off[k] = [];
  const track: ProjectionTrack = { step: [], e: [], w: [], wEff: [], b: [], offNorm: [], valueOutput: [], off };
  const r6 = (x: number) => Number(x.toPrecision(6));
  const observe = (step: number, θ: Params) => {
    if (step % every !== 0 && step !== last) return;
    // the embedding's direction; at ε = 0 (undefined) canonicalToFull's
    const π: CanonicalProjection = canonicalProjection(θ, direction === "embedding" && θ.e.some((x) => x !== 0) ? θ.e : undefined);
    track.step.push(step);
    track.e.push(r6(π.e));
    track.w.push(r6(π.w));
    track.wEff.push(r6(π.wEff));
    track.b.push(r6(π.b));
    track.offNorm.push(r6(π.offNorm));
    track.valueOutput.push(r6(π.valueOutput));
    for (const k of OFF_CANONICAL_PARTS) off[k].push(r6(π.off[k]));
  };
  return { track, observe };
}

interface Options {
  every: number;
  direction?: ProjectionDirection;
  cache?: boolean;
  onProgress?: (done: number, total: number) => void;
  threads?: number;
}

const key = (configs: TrainConfig[], every: number, direction: ProjectionDirection) => ({ version: MODEL_VERSION, projection: 1, configs, every, direction });

/** Trains every configuration in turn, tracking its canonical projection; one progress line over all steps. */
export async function projectionStudy(name: string, configs: TrainConfig[], options: Options): Promise<ProjectionStudyResult> {
  assertTrainConfigs(configs);
  assertInteger("every", options.every);
  const direction = options.direction ?? "embedding";
  assertOneOf("direction", direction, ["embedding", "fixed"] as const);
  return trainInTurn(name, key(configs, options.every, direction), configs, options, async (c, onStep) => {
    const { track, observe } = projectionTracker(options.every, c.steps, direction);
    const r = await train(c, { threads: options.threads, observe, onStep });
    return { testLoss: r.testLoss.map((x) => Number(x.toPrecision(9))), track };
  });
}

/** The committed result for exactly these arguments, or null; never trains (the quick profile shows it, labelled). */
export function cachedProjectionStudy(name: string, configs: TrainConfig[], every: number, direction: ProjectionDirection = "embedding"): ProjectionStudyResult | null {
  const value = readCached<{ runs: ProjectionRun[]; seconds: number }>(name, key(configs, every, direction));
  return value ? { ...value, fromCache: true } : null;
}
