/**
 * `npm run book [-- <notebook>… --profile quick|full --seed N --timeout S --out DIR]`
 *
 * Executes the selected notebooks (all by default; by number `03` or file name) in order,
 * fail-fast, and writes the HTML book — in the full profile by default (the reader's book, drawn
 * from the committed caches); before a full build the caches do not cover, it says what the
 * uncached work costs and how to get the quick profile instead. Exit code 1 on a failing cell, with the notebook, the
 * cell number, its source and the error text; exit code 2 on bad arguments; on Ctrl-C or SIGTERM
 * the running notebook is ended, nothing is written, and the exit code is 130 or 143.
 */
import { existsSync, realpathSync } from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { runParams } from "../../src/runtime/params";
import { buildBook } from "./build";
import { listNotebooks, selectNotebooks } from "./ipynb";
import { NotebookFailed } from "./run";
import { claimTally } from "./claims";
import { uncachedNotice } from "./costs";

const ROOT = path.resolve(__dirname, "..", "..");

const USAGE = `usage: npm run book -- [notebook…] [--profile quick|full] [--seed N] [--timeout S] [--out DIR]
  notebook   a number (03) or file name (03-energy-and-basins.ipynb); default: all
  --profile  full (default: the papers' sizes, the reader's book, drawn from the committed caches)
             or quick (shortened runs: the test profile; its pages carry a banner)
  --seed     seed for every random draw: a decimal integer in [1, 4294967295] (default 2024)
  --timeout  per-notebook time limit in seconds (default 3600)
  --out      output folder (default build/)
  --dir      folder of the notebooks (default notebooks/)`;

/** A positive number of seconds from the command line, or an error naming the option. */
function parseSeconds(raw: string): number {
  const s = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(s > 0)) throw new RangeError(`--timeout must be a positive number of seconds, got "${raw}"`);
  return s;
}

/**
 * The run's profile and seed from --profile/--seed or NB_PROFILE/NB_SEED; an error names what the user
 * typed (before: `--seed 0` was refused as "NB_SEED must be …").
 */
function optionParams(profile: string | undefined, seed: string | undefined): ReturnType<typeof runParams> {
  try {
    // The book is the reader's: the full profile unless asked otherwise (the notebooks themselves,
    // opened in Jupyter, default to quick).
    return runParams({ ...process.env, NB_PROFILE: profile ?? process.env.NB_PROFILE ?? "full", NB_SEED: seed ?? process.env.NB_SEED });
  } catch (e) {
    const message = (e as Error).message;
    if (seed !== undefined && message.startsWith("NB_SEED")) throw new RangeError(message.replace(/^NB_SEED/, "--seed"));
    if (profile !== undefined && message.startsWith("NB_PROFILE")) throw new RangeError(message.replace(/^NB_PROFILE/, "--profile"));
    throw e;
  }
}

/**
 * tslab, which runs the notebooks, is resolved from the notebook's folder: a folder outside the project
 * failed deep inside with "Cannot find module 'tslab/dist/converter'".
 */
function assertInsideProject(dir: string): void {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const rel = path.relative(real(ROOT), real(dir));
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new RangeError(`--dir ${dir} is outside the project (${ROOT}): the notebooks' folder must be inside the project, where tslab (the kernel that runs them) and the library are found`);
  }
}

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
        timeout: { type: "string" },
        dir: { type: "string" },
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
  let params, notebooks, timeoutSeconds;
  try {
    params = optionParams(args.values.profile, args.values.seed);
    timeoutSeconds = args.values.timeout === undefined ? undefined : parseSeconds(args.values.timeout);
    const dir = path.resolve(args.values.dir ?? path.join(ROOT, "notebooks"));
    assertInsideProject(dir);
    notebooks = selectNotebooks(listNotebooks(dir), args.positionals);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const outDir = path.resolve(args.values.out ?? path.join(ROOT, "build"));
  console.error(`book: ${notebooks.length} notebook(s) · profile ${params.profile} · seed ${params.seed} → ${path.relative(process.cwd(), outDir) || "."}`);
  const notice = uncachedNotice(notebooks, { profile: params.profile, seed: params.seed, recompute: process.env.NB_RECOMPUTE === "1" });
  if (notice) console.error(notice);
  const abort = new AbortController();
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = sig;
    console.error(`\n${sig}: stopping the running notebook…`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const result = await buildBook({ notebooks, outDir, profile: params.profile, seed: params.seed, timeoutSeconds, signal: abort.signal });
    const claims = result.entries.flatMap((e) => e.claims);
    console.error(`\nbook written: ${path.join(result.bookDir, "index.html")}`);
    for (const e of result.entries) console.error(`  ${e.seconds.toFixed(1).padStart(7)} s  ${e.name}  (${e.claims.length} checks)`);
    console.error(`  ${result.totalSeconds.toFixed(1).padStart(7)} s  in all · ${claimTally(claims)}`);
    return 0;
  } catch (e) {
    if (interrupted) {
      console.error(`stopped by ${interrupted}; no book was written.`);
      return interrupted === "SIGINT" ? 130 : 143;
    }
    if (e instanceof NotebookFailed) console.error(`\n✘ ${e.message}\n\nno book was written.`);
    else console.error(`\n✘ ${(e as Error).stack ?? e}\n\nno book was written.`);
    return 1;
  }
}

main().then((code) => process.exit(code));
