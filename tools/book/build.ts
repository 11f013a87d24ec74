/**
 * The book's main job: execute notebooks (fail-fast), then write the executed notebooks and the
 * HTML book. Everything is written to a staging folder first and moved into place only when
 * every notebook passed, so a failure never leaves a half-written book.
 *
 * Layout of the output folder (default `build/`, git-ignored):
 *   build/book/index.html, build/book/NN-….html, build/book/assets/…
 *   build/notebooks/NN-….ipynb   (executed)
 *
 * @example
 * await buildBook({ notebooks: ["notebooks/00-how-to-use-this-book.ipynb"], outDir: "build", profile: "quick", seed: 2024 });
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "fs";
import { createRequire } from "module";
import * as path from "path";
import { collectClaims } from "./claims";
import { BOOK_CSS, IndexEntry, renderIndex, renderNotebookPage } from "./html";
import { notebookSummary, readNotebook } from "./ipynb";
import { NotebookRun, runNotebook } from "./run";

export interface BuildOptions {
  notebooks: string[];
  outDir: string;
  profile: "quick" | "full";
  seed: number;
  log?: (line: string) => void;
  /** Per-notebook time limit in seconds (default 3600). */
  timeoutSeconds?: number;
  /** Aborting stops the running notebook; nothing is written and no staging folder stays. */
  signal?: AbortSignal;
}

export interface BuildResult {
  bookDir: string;
  notebooksDir: string;
  entries: IndexEntry[];
  totalSeconds: number;
}

const req = createRequire(__filename);

function copyAssets(assets: string): void {
  mkdirSync(path.join(assets, "katex"), { recursive: true });
  const katexDist = path.dirname(req.resolve("katex/dist/katex.min.css"));
  copyFileSync(path.join(katexDist, "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  cpSync(path.join(katexDist, "fonts"), path.join(assets, "katex", "fonts"), { recursive: true });
  copyFileSync(req.resolve("plotly.js-dist-min/plotly.min.js"), path.join(assets, "plotly.min.js"));
  copyFileSync(req.resolve("highlight.js/styles/github.css"), path.join(assets, "hljs.css"));
  writeFileSync(path.join(assets, "book.css"), BOOK_CSS);
}

/** Moves `from` onto `to`, replacing what was there only after the new folder is in place. */
function replaceDir(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (existsSync(to)) renameSync(to, old);
  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
}

function versions(): Record<string, string> {
  const v = (name: string) => (req(`${name}/package.json`) as { version: string }).version;
  return { node: process.version, tslab: v("tslab"), "plotly.js": v("plotly.js-dist-min"), katex: v("katex") };
}

export async function buildBook(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const started = Date.now();
  mkdirSync(options.outDir, { recursive: true });
  const staging = path.join(options.outDir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const stagedNotebooks = path.join(staging, "notebooks");
  const stagedBook = path.join(staging, "book");
  mkdirSync(stagedNotebooks, { recursive: true });
  mkdirSync(stagedBook, { recursive: true });
  try {
    const runs: NotebookRun[] = [];
    for (const file of options.notebooks) {
      log(`▶ ${path.basename(file)}`);
      const run = await runNotebook(file, {
        outDir: stagedNotebooks,
        env: { NB_PROFILE: options.profile, NB_SEED: String(options.seed) },
        log,
        timeoutSeconds: options.timeoutSeconds,
        signal: options.signal,
      });
      log(`  ✔ ${path.basename(file)} in ${run.seconds.toFixed(1)} s`);
      runs.push(run);
    }
    const pages = runs.map((r) => {
      const name = path.basename(r.file, ".ipynb");
      const nb = readNotebook(r.executed);
      const { title, summary, paper } = notebookSummary(nb);
      return { nb, entry: { href: `${name}.html`, name, title, summary, paper, seconds: r.seconds, claims: collectClaims(nb, name) } };
    });
    pages.forEach(({ nb, entry }, i) => {
      const link = (k: number) => (pages[k] ? { href: pages[k].entry.href, title: pages[k].entry.title } : null);
      try {
        writeFileSync(path.join(stagedBook, entry.href), renderNotebookPage(nb, { title: entry.title, prev: link(i - 1), next: link(i + 1), profile: options.profile }));
      } catch (e) {
        throw new Error(`${entry.name}: ${(e as Error).message}`);
      }
    });
    copyAssets(path.join(stagedBook, "assets"));
    const totalSeconds = (Date.now() - started) / 1000;
    const entries = pages.map((p) => p.entry);
    writeFileSync(
      path.join(stagedBook, "index.html"),
      renderIndex(entries, { profile: options.profile, seed: options.seed, date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", versions: versions(), totalSeconds }),
    );
    const bookDir = path.join(options.outDir, "book");
    const notebooksDir = path.join(options.outDir, "notebooks");
    replaceDir(stagedBook, bookDir);
    replaceDir(stagedNotebooks, notebooksDir);
    return { bookDir, notebooksDir, entries, totalSeconds };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
