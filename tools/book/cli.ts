/**
 * `npm run book [-- <notebook>… --profile quick|full --seed N --out DIR]`
 *
 * Executes the selected notebooks (all by default; by number `03` or file name) in order,
 * fail-fast, and writes the HTML book. Exit code 1 on a failing cell, with the notebook, the
 * cell number, its source and the error text; exit code 2 on bad arguments.
 */
import * as path from "path";
import { parseArgs } from "util";
import { runParams } from "../../src/runtime/params";
import { buildBook } from "./build";
import { listNotebooks, selectNotebooks } from "./ipynb";
import { NotebookFailed } from "./run";

const ROOT = path.resolve(__dirname, "..", "..");

const USAGE = `usage: npm run book -- [notebook…] [--profile quick|full] [--seed N] [--out DIR]
  notebook   a number (03) or file name (03-energy-and-basins.ipynb); default: all
  --profile  quick (default) or full (the papers' sizes)
  --seed     seed for every random draw (default 2024)
  --out      output folder (default build/)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        profile: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  let params, notebooks;
  try {
    params = runParams({ ...process.env, NB_PROFILE: args.values.profile ?? process.env.NB_PROFILE, NB_SEED: args.values.seed ?? process.env.NB_SEED });
    notebooks = selectNotebooks(listNotebooks(path.join(ROOT, "notebooks")), args.positionals);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const outDir = path.resolve(args.values.out ?? path.join(ROOT, "build"));
  console.error(`book: ${notebooks.length} notebook(s) · profile ${params.profile} · seed ${params.seed} → ${path.relative(process.cwd(), outDir) || "."}`);
  try {
    const result = await buildBook({ notebooks, outDir, profile: params.profile, seed: params.seed });
    const claims = result.entries.flatMap((e) => e.claims);
    console.error(`\nbook written: ${path.join(result.bookDir, "index.html")}`);
    for (const e of result.entries) console.error(`  ${e.seconds.toFixed(1).padStart(7)} s  ${e.name}  (${e.claims.length} checks)`);
    console.error(`  ${result.totalSeconds.toFixed(1).padStart(7)} s  in all · ${claims.filter((c) => c.pass).length}/${claims.length} claims hold`);
    return 0;
  } catch (e) {
    if (e instanceof NotebookFailed) console.error(`\n✘ ${e.message}\n\nno book was written.`);
    else console.error(`\n✘ ${(e as Error).stack ?? e}\n\nno book was written.`);
    return 1;
  }
}

main().then((code) => process.exit(code));
