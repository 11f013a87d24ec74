/**
 * What the full profile costs where the committed caches do not cover the request: the caches in
 * data/cache/ hold the expensive full-profile runs for the default seed only, so another seed, or
 * NB_RECOMPUTE=1, recomputes them. The runner says so, with these costs, before it starts.
 *
 * The seconds are wall times measured from scratch on this project's 2-core machines (the README's
 * cost table); notebooks missing here need no cache.
 *
 * @example
 * uncachedNotice(["05-…ipynb"], { profile: "full", seed: 7, recompute: false });
 * // "seed 7 is not the seed of the committed results (2024): 05 recomputes its runs, about 82 min …"
 */
import * as path from "path";
import { DEFAULT_SEED } from "../../src/runtime/params";

export const FROM_SCRATCH: Readonly<Record<string, { seconds: number; what: string }>> = {
  "02": { seconds: 61, what: "the critical-point sweep" },
  "03": { seconds: 41, what: "the batches of gradient flows" },
  "04": { seconds: 172, what: "the flows from Gaussian starts and the recorded flows" },
  "05": { seconds: 5100, what: "Fig. 4's ten runs at N = 1024, the escape sweep's 36 runs, the 29 projection runs, p + q < 1 and Fig. 3" },
  "06": { seconds: 240, what: "the W_Q-only study to the convergence criterion" },
  "07": { seconds: 406, what: "the fixed-law gaps, Thm 3.1's sweeps, the λ sweep and the App. H analogue" },
};

const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

export interface CostRequest {
  profile: "quick" | "full";
  seed: number;
  recompute: boolean;
}

/** The notice to print before a full-profile build the caches do not cover, or null when they do. */
export function uncachedNotice(notebooks: readonly string[], req: CostRequest): string | null {
  if (req.profile !== "full") return null;
  const why = req.recompute ? "NB_RECOMPUTE=1 ignores the committed results" : req.seed !== DEFAULT_SEED ? `seed ${req.seed} is not the seed of the committed results (${DEFAULT_SEED})` : null;
  if (!why) return null;
  const costly = notebooks.map((f) => path.basename(f).slice(0, 2)).filter((n) => FROM_SCRATCH[n]);
  if (costly.length === 0) return null;
  const total = costly.reduce((s, n) => s + FROM_SCRATCH[n].seconds, 0);
  const lines = costly.map((n) => `  ${n}: about ${minutes(FROM_SCRATCH[n].seconds)} (${FROM_SCRATCH[n].what})`);
  return (
    `${why}: these notebooks compute their full-profile runs from scratch, about ${minutes(total)} on 2 cores in all:\n` +
    `${lines.join("\n")}\n` +
    `For a book in a few minutes instead: npm run book -- --profile quick${req.seed !== DEFAULT_SEED ? ` --seed ${req.seed}` : ""} (shortened runs; its pages say so).`
  );
}
