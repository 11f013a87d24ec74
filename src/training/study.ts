/**
 * A study: several training runs, with one progress line over all their steps, cached under
 * data/cache when asked (the full profile), keyed by every configuration and MODEL_VERSION.
 *
 * @example
 * const { runs, fromCache } = await study("fig4", configs, { cache: profile === "full", onProgress: bar.update });
 */
import { cached, readCached } from "../runtime/cache";
import { assertInteger } from "../runtime/validate";
import { MODEL_VERSION, TrainConfig, TrainResult, train, validateTrainConfig } from "./train";

export interface StudyResult {
  runs: TrainResult[];
  fromCache: boolean;
  /** Wall time of the computation (from the cache: of the original one). */
  seconds: number;
}

export async function study(
  name: string,
  configs: TrainConfig[],
  options: { cache?: boolean; onProgress?: (done: number, total: number) => void; threads?: number } = {},
): Promise<StudyResult> {
  assertTrainConfigs(configs);
  if (options.threads !== undefined) assertInteger("threads", options.threads);
  return trainInTurn(name, { version: MODEL_VERSION, configs }, configs, options, (c, onStep) =>
    train(c, { threads: options.threads, onStep }),
  );
}

/**
 * Every configuration checked before any run (and before the cache is read): a bad last one used to
 * fail only after the others had trained, and a NaN steps made the progress total NaN.
 */
export function assertTrainConfigs(configs: TrainConfig[]): void {
  if (!Array.isArray(configs)) throw new TypeError(`configs must be an array of training configurations, got ${typeof configs}`);
  configs.forEach((c) => validateTrainConfig(c));
}

/**
 * Runs `runOne` on every configuration in turn with one progress line over all their steps, timed, and
 * cached under `name` and `key` when `options.cache` (a hit reports the whole total at once). The loop
 * of `study` and `projectionStudy`; the configurations are checked by the caller.
 */
export async function trainInTurn<R>(
  name: string,
  key: unknown,
  configs: TrainConfig[],
  options: { cache?: boolean; onProgress?: (done: number, total: number) => void },
  runOne: (c: TrainConfig, onStep: (step: number) => void) => Promise<R>,
): Promise<{ runs: R[]; fromCache: boolean; seconds: number }> {
  const total = configs.reduce((n, c) => n + c.steps, 0);
  const compute = async () => {
    const t0 = Date.now();
    const runs: R[] = [];
    let base = 0;
    for (const c of configs) {
      runs.push(await runOne(c, (step) => options.onProgress?.(base + step, total)));
      base += c.steps;
    }
    return { runs, seconds: (Date.now() - t0) / 1000 };
  };
  if (!options.cache) return { ...(await compute()), fromCache: false };
  const { value, fromCache } = await cached(name, key, compute);
  if (fromCache) options.onProgress?.(total, total);
  return { ...value, fromCache };
}

/**
 * The committed result of a study, if data/cache holds one for exactly these configurations (and this
 * MODEL_VERSION); null otherwise. Never trains: the quick profile uses it to show full-profile results, labelled.
 *
 * @example
 * const full = cachedStudy("fig4-standard", fullConfigs); // null for a seed whose runs were never committed
 */
export function cachedStudy(name: string, configs: TrainConfig[]): StudyResult | null {
  const value = readCached<{ runs: TrainResult[]; seconds: number }>(name, { version: MODEL_VERSION, configs });
  return value ? { ...value, fromCache: true } : null;
}
