/**
 * Runs notebooks in order, each in a fresh child process, fail-fast.
 *
 * @example
 * const results = await runNotebooks(["notebooks/00-how-to-use-this-book.ipynb"], { outDir: "/tmp/x" });
 */
import { fork } from "child_process";
import * as path from "path";
import type { ChildMessage } from "./child";
import { codeCells, readNotebook, text } from "./ipynb";
import { formatDuration } from "../../src/runtime/progress";
import { checkSourceLink } from "./source-link";

export interface RunOptions {
  /** Folder for the executed notebooks. */
  outDir: string;
  /** Extra environment (NB_PROFILE, NB_SEED, …). */
  env?: Record<string, string>;
  /** Where lines for the terminal go (default stderr). */
  log?: (line: string) => void;
  /** Per-notebook time limit in seconds (default 3600). */
  timeoutSeconds?: number;
  /** A line "cell N running for T" after this many quiet seconds of one cell (default 30). */
  heartbeatSeconds?: number;
  /** Aborting ends the notebook process (and its threads) and rejects with NotebookFailed. */
  signal?: AbortSignal;
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
        `--- cell ${cell} source ---\n${source.trimEnd() || "(no cell had started)"}\n` +
        `--- error ---\n${error.trimEnd()}`,
    );
    this.name = "NotebookFailed";
  }
}

const CHILD = path.join(__dirname, "child.cjs");
const STDERR_TAIL_LINES = 20;

const seconds = (ms: number) => formatDuration(ms, 0);

/** The source of the notebook's n-th code cell (1-based), or "" — for reports when the process died. */
function cellSource(file: string, n: number): string {
  try {
    const cell = codeCells(readNotebook(file))[n - 1];
    return cell ? text(cell.source) : "";
  } catch {
    return "";
  }
}

/**
 * Executes one notebook in a child process; rejects with NotebookFailed on a failing cell, a
 * timeout, an abort, or a process that died — always naming the cell that was running and its
 * source, and for a death the exit code, the signal and the tail of the process's stderr.
 */
export function runNotebook(file: string, options: RunOptions): Promise<NotebookRun> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const executed = path.join(options.outDir, path.basename(file));
  const name = path.basename(file);
  const timeoutSeconds = options.timeoutSeconds ?? 3600;
  const heartbeatMs = 1000 * (options.heartbeatSeconds ?? 30);
  return new Promise((resolve, reject) => {
    // Thrown here, these reject the returned promise.
    if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) throw new RangeError(`timeoutSeconds must be a positive number of seconds, got ${timeoutSeconds}`);
    if (!(heartbeatMs > 0) || !Number.isFinite(heartbeatMs)) throw new RangeError(`heartbeatSeconds must be a positive number of seconds, got ${options.heartbeatSeconds}`);
    try {
      checkSourceLink(path.dirname(path.resolve(file)));
    } catch (e) {
      reject(new NotebookFailed(file, 0, "", (e as Error).message));
      return;
    }
    if (options.signal?.aborted) {
      reject(new NotebookFailed(file, 0, "", "stopped before it started"));
      return;
    }
    const child = fork(CHILD, [path.resolve(file), path.resolve(executed)], {
      cwd: path.dirname(path.resolve(file)),
      execArgv: [],
      env: { ...process.env, NB_PLOTLY_INIT: "none", ...options.env, NB_NOTEBOOK: path.basename(file, ".ipynb") },
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    let done: Extract<ChildMessage, { type: "done" }> | null = null;
    let lastCell = 0;
    let cellStarted = Date.now();
    let lastLine = Date.now();
    let lastProgress = 0;
    let stopped: string | null = null;
    const stderrTail: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim()));
      stderrTail.splice(0, Math.max(0, stderrTail.length - STDERR_TAIL_LINES));
    });
    const say = (line: string) => {
      lastLine = Date.now();
      log(line);
    };
    const stop = (why: string) => {
      if (stopped) return;
      stopped = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop(`timed out after ${timeoutSeconds} s (the per-notebook limit; --timeout changes it)`), 1000 * timeoutSeconds);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastLine < heartbeatMs || Date.now() - cellStarted < heartbeatMs) return;
      say(lastCell ? `    ${name} · cell ${lastCell} running for ${seconds(Date.now() - cellStarted)}` : `    ${name} · starting for ${seconds(Date.now() - cellStarted)}`);
    }, Math.min(1000, heartbeatMs));
    const onAbort = () => stop("stopped (interrupted)");
    options.signal?.addEventListener("abort", onAbort);
    child.on("message", (msg: ChildMessage) => {
      if (msg.type === "cell") {
        lastCell = msg.cell;
        cellStarted = Date.now();
      } else if (msg.type === "waiting") {
        say(`    ${name} · after the last cell, waiting for ${msg.pending} promise(s) started in cell(s) ${msg.cells.join(", ")}`);
      } else if (msg.type === "progress") {
        // Echo in-place progress at most every 2 s, plus every final line.
        const now = Date.now();
        if (now - lastProgress > 2000 || / in [\d.]+ (s|min)/.test(msg.text)) {
          lastProgress = now;
          say(`    ${name} · cell ${lastCell}: ${msg.text}`);
        }
      } else if (msg.type === "done") done = msg;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearInterval(heartbeat);
      options.signal?.removeEventListener("abort", onAbort);
      if (stopped) reject(new NotebookFailed(file, lastCell, cellSource(file, lastCell), stopped));
      else if (done?.ok) resolve({ file, executed, seconds: done.seconds });
      else if (done?.failure) reject(new NotebookFailed(file, done.failure.cell, done.failure.source, done.failure.error));
      else {
        const tail = stderrTail.length ? `\n--- last lines of its stderr ---\n${stderrTail.join("\n")}` : "\n(it wrote nothing to stderr)";
        reject(new NotebookFailed(file, lastCell, cellSource(file, lastCell), `the notebook process died while cell ${lastCell} ran (exit code ${code}, signal ${signal}), without a result${tail}`));
      }
    });
  });
}
