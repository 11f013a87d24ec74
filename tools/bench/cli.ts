/**
 * `npm run bench -- <suite…> [--tiny]`: benchmarks print figures; they are not tests (shared, noisy
 * machines). Suites: flows, transformer, meanfield. `--tiny` runs each at a size of seconds, without
 * the Python peers: `npm test` does that (tests/bench.test.ts), so a benchmark a refactor broke is
 * noticed; its numbers mean nothing.
 */
import { benchFlows } from "./flows";
import { benchMeanField } from "./meanfield";
import { benchTransformer } from "./transformer";

const SUITES: Record<string, (tiny: boolean) => Promise<void>> = {
  flows: (tiny) => benchFlows(tiny ? { n: 8, reps: 1, scipyStarts: 8, peer: false } : {}),
  transformer: (tiny) => benchTransformer(tiny ? { B: 2, N: 16, d: 4, steps: 2, peer: false } : {}),
  meanfield: (tiny) => benchMeanField(tiny ? { steps: 2, peer: false } : {}),
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const tiny = args.includes("--tiny");
  const names = args.filter((a) => a !== "--tiny");
  if (names.length === 0 || names.some((s) => !SUITES[s])) {
    console.error(`usage: npm run bench -- <suite…> [--tiny]; suites: ${Object.keys(SUITES).join(", ")}`);
    return 2;
  }
  for (const s of names) await SUITES[s](tiny);
  return 0;
}

main().then((code) => process.exit(code));
