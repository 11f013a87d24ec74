/**
 * The first code cell of every notebook: run parameters and the one seeded generator.
 *
 * @example
 * const { profile, seed, rng } = session();
 * // profile quick · seed 2024 (set NB_PROFILE=full or NB_SEED=… to change)
 * const starts = rng.fork("basin starts");   // this cell's own stream
 * starts.uniform();                          // the same at every re-run of the cell
 */
import { Rng, createRng, forkOnly } from "./rng";
import { RunParams, runParams } from "./params";

export interface Session extends RunParams {
  /**
   * Every random draw of the notebook flows from here, through `rng.fork(label)` — one label per
   * cell's work, so re-running a cell gives its numbers again. Drawing from `rng` itself throws.
   */
  readonly rng: Rng;
}

export function session(env: Record<string, string | undefined> = process.env): Session {
  const params = runParams(env);
  console.log(`profile ${params.profile} · seed ${params.seed} (set NB_PROFILE=full or NB_SEED=… to change)`);
  return { ...params, rng: forkOnly(createRng(params.seed)) };
}
