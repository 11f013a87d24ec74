/**
 * Runs notebooks in order, each in a fresh child process, fail-fast.
 *
 * @example
 * const results = await runNotebooks(["notebooks/00-how-to-use-this-book.ipynb"], { outDir: "/tmp/x" });
 */
import { fork } from "child_process";
import * as path from "path";
import type { ChildMessage } from "./child";

export interface RunOptions {
  /** Folder for the executed notebooks. */
  outDir: string;
  /** Extra environment (NB_PROFILE, NB_SEED, …). */
  env?: Record<string, string>;
  /** Where lines for the terminal go (default stderr). */
  log?: (line: string) => void;
  /** Per-notebook time limit in seconds (default 3600). */
  timeoutSeconds?: number;
}

export interface NotebookRun {
  file: string;
  executed: string;
  seconds: number;
}

export class NotebookFailed extends Error {
  constructor(
    readonly file: string,
    readonly cell: number,
    readonly source: string,
    readonly error: string,
  ) {
    super(
      `${path.basename(file)} failed at code cell ${cell}\n` +
        `--- cell ${cell} source ---\n${source.trimEnd()}\n` +
        `--- error ---\n${error.trimEnd()}`,
    );
    this.name = "NotebookFailed";
  }
}

const CHILD = path.join(__dirname, "child.cjs");

/** Executes one notebook in a child process; rejects with NotebookFailed on a failing cell. */
export function runNotebook(file: string, options: RunOptions): Promise<NotebookRun> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const executed = path.join(options.outDir, path.basename(file));
  const name = path.basename(file);
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [path.resolve(file), path.resolve(executed)], {
      cwd: path.dirname(path.resolve(file)),
      execArgv: [],
      env: { ...process.env, NB_PLOTLY_INIT: "none", ...options.env, NB_NOTEBOOK: path.basename(file, ".ipynb") },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let done: Extract<ChildMessage, { type: "done" }> | null = null;
    let lastCell = 0;
    let lastProgress = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new NotebookFailed(file, lastCell, "", `timed out after ${options.timeoutSeconds ?? 3600} s`));
    }, 1000 * (options.timeoutSeconds ?? 3600));
    child.on("message", (msg: ChildMessage) => {
      if (msg.type === "cell") lastCell = msg.cell;
      else if (msg.type === "progress") {
        // Echo in-place progress at most every 2 s, plus every final line.
        const now = Date.now();
        if (now - lastProgress > 2000 || / in [\d.]+ (s|min)/.test(msg.text)) {
          lastProgress = now;
          log(`    ${name} · cell ${lastCell}: ${msg.text}`);
        }
      } else if (msg.type === "done") done = msg;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (done?.ok) resolve({ file, executed, seconds: done.seconds });
      else if (done?.failure) reject(new NotebookFailed(file, done.failure.cell, done.failure.source, done.failure.error));
      else reject(new NotebookFailed(file, lastCell, "", `the notebook process exited (code ${code}, signal ${signal}) without a result`));
    });
  });
}
