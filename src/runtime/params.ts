/**
 * Run parameters, read from the environment so the same notebook runs in Jupyter, in the book
 * runner and in CI without edits.
 *
 * - `NB_PROFILE`: `quick` (default; CI and first contact, seconds per notebook) or `full`
 *   (the paper's sizes).
 * - `NB_SEED`: the seed every random draw flows from (default 2024): a plain decimal integer in
 *   [1, 4294967295] (MT19937's seed domain). `0x10`, `1e3`, `+7` or `7.0` are errors, not numbers
 *   read another way.
 *
 * @example
 * const { profile, seed } = runParams();
 * const nStarts = byProfile({ quick: 500, full: 10_000 });
 */
import { assertSeed } from "./rng";

export type Profile = "quick" | "full";

export interface RunParams {
  readonly profile: Profile;
  readonly seed: number;
}

export const DEFAULT_SEED = 2024;

/** The largest seed: MT19937 takes 32-bit seeds (0 is excluded, see assertSeed). */
export const MAX_SEED = 4294967295;

/** Parses run parameters from an environment (process.env by default); bad values are errors, not fallbacks. */
export function runParams(env: Record<string, string | undefined> = process.env): RunParams {
  const rawProfile = (env.NB_PROFILE ?? "quick").trim();
  if (rawProfile !== "quick" && rawProfile !== "full") {
    throw new RangeError(`NB_PROFILE must be "quick" or "full", got "${rawProfile}"`);
  }
  const rawSeed = (env.NB_SEED ?? String(DEFAULT_SEED)).trim();
  const seed = Number(rawSeed);
  if (!/^[0-9]+$/.test(rawSeed) || seed < 1 || seed > MAX_SEED) {
    throw new RangeError(`NB_SEED must be a decimal integer in [1, ${MAX_SEED}], got "${rawSeed}"`);
  }
  return { profile: rawProfile, seed: assertSeed(seed) };
}

/**
 * Picks the value for the current profile.
 *
 * @example
 * byProfile({ quick: 200, full: 10_000 }); // 200 unless NB_PROFILE=full
 */
export function byProfile<T>(values: { quick: T; full: T }, params: RunParams = runParams()): T {
  return values[params.profile];
}
