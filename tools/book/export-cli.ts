/**
 * `npm run export -- <notebook> [--out FILE] [--profile quick|full] [--seed N]`
 *
 * Writes ONE self-contained HTML file of a notebook (plotly.js, math and fonts inside) that opens
 * anywhere offline — mail it, put it on a USB stick. `<notebook>` is a number (03) or a notebook
 * file: a notebook saved with its outputs (e.g. from Jupyter) is exported as it is; one without
 * outputs (as committed) is executed first, like `npm run book`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parseArgs } from "util";
import { runParams } from "../../src/runtime/params";
import { hasOutputs, listNotebooks, notebookSummary, readNotebook, selectNotebooks } from "./ipynb";
import { NotebookFailed, runNotebook } from "./run";
import { standalonePage } from "./standalone";

const ROOT = path.resolve(__dirname, "..", "..");
const USAGE = `usage: npm run export -- <notebook> [--out FILE] [--profile quick|full] [--seed N]
  notebook   a number (03) or an .ipynb file (exported with its saved outputs, or executed first if it has none)
  --out      the HTML file to write (default build/export/<notebook>.html)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { out: { type: "string" }, profile: { type: "string" }, seed: { type: "string" } },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const arg = positionals[0];
  const file = arg.endsWith(".ipynb") ? path.resolve(arg) : selectNotebooks(listNotebooks(path.join(ROOT, "notebooks")), [arg])[0];
  const params = runParams({ NB_PROFILE: values.profile, NB_SEED: values.seed });
  let nb = readNotebook(file);
  if (!hasOutputs(nb)) {
    const outDir = mkdtempSync(path.join(tmpdir(), "export-"));
    try {
      console.error(`executing ${path.basename(file)} (${params.profile} profile, seed ${params.seed})…`);
      const run = await runNotebook(file, { outDir, env: { NB_PROFILE: params.profile, NB_SEED: String(params.seed) } });
      nb = readNotebook(run.executed);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  const out = path.resolve(values.out ?? path.join(ROOT, "build", "export", path.basename(file).replace(/\.ipynb$/, ".html")));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, standalonePage(nb, notebookSummary(nb).title));
  console.log(`wrote ${out} — one file, opens anywhere offline`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof NotebookFailed ? e.message : `export: ${(e as Error).message}`);
    process.exit(1);
  },
);
