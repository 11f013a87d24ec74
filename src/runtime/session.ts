/**
 * The first code cell of every notebook: run parameters and the one seeded generator.
 *
 * @example
 * const { profile, seed, rng } = session();
 * // profile quick · seed 2024 (set NB_PROFILE=full or NB_SEED=… to change)
 */
import { Rng, createRng } from "./rng";
import { RunParams, runParams } from "./params";

export interface Session extends RunParams {
  /** Every random draw of the notebook flows from here (use `rng.fork(label)` per purpose). */
  readonly rng: Rng;
}

export function session(env: Record<string, string | undefined> = process.env): Session {
  const params = runParams(env);
  console.log(`profile ${params.profile} · seed ${params.seed} (set NB_PROFILE=full or NB_SEED=… to change)`);
  return { ...params, rng: createRng(params.seed) };
}
