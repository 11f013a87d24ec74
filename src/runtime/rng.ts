/**
 * One seeded source for every random draw in the project.
 *
 * Built on @stdlib's Mersenne Twister (`factory({ seed })`); streams for separate purposes are
 * derived with `fork(label)`, so adding a draw in one place never shifts the draws of another.
 *
 * @example
 * const rng = createRng(7);
 * const x = rng.normal();           // N(0, 1)
 * const b = rng.fork("init").bernoulli(0.3);
 * createRng(7).normal() === x;      // true: same seed, same stream
 */
import mt19937 from "@stdlib/random-base-mt19937";
import normalFactory from "@stdlib/random-base-normal";
import { assertClosedUnit, assertFinite, assertNonNegative } from "./validate";

export interface Rng {
  /** The 32-bit seed this stream started from. */
  readonly seed: number;
  /** Uniform on [0, 1), 53-bit resolution. */
  uniform(): number;
  /** Normal N(mu, sigma²); defaults N(0, 1). Throws unless mu is finite and sigma finite and ≥ 0. */
  normal(mu?: number, sigma?: number): number;
  /** 1 with probability p ∈ [0, 1], else 0. */
  bernoulli(p: number): 0 | 1;
  /** An independent stream derived from this stream's seed and `label` (not from its state). */
  fork(label: string): Rng;
}

const UINT32 = 4294967296;

/** FNV-1a over the label, mixed with the parent seed (itself checked by `assertSeed`): a deterministic child seed in [1, 2^32 − 1]. */
export function deriveSeed(seed: number, label: string): number {
  // A NaN or fractional seed would hash as text like any other and hand out a plausible child seed.
  assertSeed(seed);
  if (typeof label !== "string") throw new TypeError(`label must be a string, got ${typeof label}`);
  // The seed enters through the text only: XOR-ing it into the start value as well could cancel
  // against its own digits (seeds 5 and 6 collided that way).
  let h = 2166136261;
  const s = `${seed}:${label}`;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby labels give unrelated seeds.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h === 0 ? 1 : h;
}

/** Validates a seed: an integer in [1, 2^32 − 1] (MT19937's domain). */
export function assertSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 1 || seed >= UINT32) {
    throw new RangeError(`seed must be an integer in [1, 2^32 - 1], got ${seed}`);
  }
  return seed;
}

/** Throws the named error for the arguments `normal` rejected. */
function badNormal(mu: number, sigma: number): never {
  assertFinite("mu", mu);
  assertNonNegative("sigma", sigma);
  throw new RangeError(`mu and sigma must be finite numbers, sigma >= 0, got mu = ${mu}, sigma = ${sigma}`);
}

/**
 * The seed of the r-th of a series of runs (r = 0, 1, …) from a session seed: `seed + r`, wrapped
 * into MT19937's domain [1, 2^32 − 1], so every session seed, the largest included, gives valid
 * and distinct seeds. Prefer `rng.fork(label)` for new series; this form exists because the
 * committed full-profile results of notebook 05 are keyed by seeds `seed + r` (seed 2024 → 2024,
 * 2025, …), and a wrap that leaves those unchanged keeps them valid.
 *
 * @example
 * runSeed(2024, 1);        // 2025
 * runSeed(4294967295, 1);  // 1 (wrapped; before, 4294967296 failed inside notebook 05)
 */
export function runSeed(seed: number, r: number): number {
  assertSeed(seed);
  if (!Number.isInteger(r) || r < 0) throw new RangeError(`r (the run's index) must be an integer >= 0, got ${r}`);
  return ((seed - 1 + r) % (UINT32 - 1)) + 1;
}

/**
 * A seeded generator. Same seed, same sequence, in every process.
 *
 * @example
 * const a = createRng(42), b = createRng(42);
 * a.uniform() === b.uniform(); // true
 */
export function createRng(seed: number): Rng {
  assertSeed(seed);
  const mt = mt19937.factory({ seed });
  // `normalized` (53-bit uniform on [0, 1)) exists at run time but is missing from @stdlib's typings.
  const uniform = (mt as unknown as { normalized: () => number }).normalized;
  const gauss = normalFactory.factory(0, 1, { prng: uniform });
  return {
    seed,
    uniform,
    normal(mu = 0, sigma = 1) {
      // Inline comparisons per draw, the named error off the hot path: before, a NaN sigma gave NaN
      // draws and a negative one flipped their sign silently. (mu − mu is NaN for NaN and ±∞.)
      if (!(sigma >= 0 && sigma < Infinity && mu - mu === 0)) badNormal(mu, sigma);
      return mu + sigma * gauss();
    },
    bernoulli(p: number) {
      assertClosedUnit("p", p);
      return uniform() < p ? 1 : 0;
    },
    fork(label: string) {
      return createRng(deriveSeed(seed, label));
    },
  };
}

/**
 * The session's generator as a root that only forks: drawing from it throws, naming what to write
 * instead. A stream shared by the cells gives a re-run cell new numbers (and shifts every later
 * cell's); a fork's draws depend only on the session seed and its label, so a cell that draws
 * from `rng.fork("label of its work")` gives the same numbers however often it runs.
 *
 * @example
 * const root = forkOnly(createRng(2024));
 * root.fork("basin starts").uniform(); // the same number at every run of the cell
 * root.uniform();                      // throws: draw from rng.fork("…") instead
 */
export function forkOnly(rng: Rng): Rng {
  const refuse = (draw: string) => (): never => {
    throw new Error(
      `rng.${draw}() draws from the session's shared stream, so re-running a cell would give new numbers: ` +
        `draw from a fork labelled by this cell's work instead, e.g. const r = rng.fork("basin starts"); r.${draw}(…)`,
    );
  };
  return {
    seed: rng.seed,
    uniform: refuse("uniform"),
    normal: refuse("normal"),
    bernoulli: refuse("bernoulli"),
    fork: (label: string) => rng.fork(label),
  };
}

