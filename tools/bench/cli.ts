/**
 * `npm run bench -- <suite>`: benchmarks print figures; they are not tests (shared, noisy
 * machines). Suites: flows, transformer, meanfield.
 */
import { benchFlows } from "./flows";
import { benchMeanField } from "./meanfield";
import { benchTransformer } from "./transformer";

const SUITES: Record<string, () => Promise<void>> = {
  flows: () => benchFlows(),
  transformer: () => benchTransformer(),
  meanfield: () => benchMeanField(),
};

async function main(): Promise<number> {
  const names = process.argv.slice(2);
  if (names.length === 0 || names.some((s) => !SUITES[s])) {
    console.error(`usage: npm run bench -- <suite…>; suites: ${Object.keys(SUITES).join(", ")}`);
    return 2;
  }
  for (const s of names) await SUITES[s]();
  return 0;
}

main().then((code) => process.exit(code));
