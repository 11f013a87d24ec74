/**
 * Executes one notebook with tslab's own converter and executor, from Node alone (no Jupyter),
 * and captures what a kernel would publish: streams, displays and display updates.
 *
 * tslab reports a failing cell only on its console (no Jupyter `error` message), so the runner
 * keeps that text and returns it with the cell's source. Must run with the notebook's folder as
 * the working directory: tslab's compiler takes its rootDir from it.
 *
 * Work a cell starts without awaiting it belongs to that cell (src: cell-work.ts): its outputs —
 * a late `check(...)` among them — land in that cell, a rejection fails the run AT that cell, and
 * the notebook is finished only when every such piece of work has settled.
 *
 * tslab's compiler watches every file it loads, to recompile on edits; a batch run edits nothing,
 * and a watcher event on a loaded file (npm hard-linking package files from its cache changes
 * their link count) crashes tslab's converter ("Unexpected pending rebuildTimer"). The runner
 * therefore switches its file and directory watching off.
 *
 * @example
 * process.chdir("notebooks");
 * const result = await executeNotebook("00-how-to-use-this-book.ipynb");
 * if (!result.ok) console.error(result.failure?.error);
 */
import { createRequire } from "module";
import * as path from "path";
import { format } from "util";
import type { DisplayMessage } from "../../src/runtime/display";
import { CellWork } from "./cell-work";
import { CodeCell, DisplayOutput, Notebook, Output, lines, readNotebook, text } from "./ipynb";

export interface CellFailure {
  /** 1-based number among the notebook's code cells. */
  cell: number;
  source: string;
  error: string;
}

export interface ExecutionResult {
  notebook: Notebook;
  ok: boolean;
  failure?: CellFailure;
  seconds: number;
}

export interface ExecuteHooks {
  /** Called when a cell starts (1-based code-cell number). */
  onCell?: (cell: number, total: number) => void;
  /** Called for every display and display update, e.g. to echo progress lines. */
  onDisplay?: (msg: DisplayMessage, update: boolean) => void;
  /** Called while the notebook waits, after its last cell, for work cells left running. */
  onWaiting?: (pending: number, cells: number[], origins?: string[]) => void;
}

interface TslabModules {
  jupyter: { lastWriteDisplayData: ((msg: DisplayMessage, update: boolean) => void) | null };
  converter: { createConverter(): { close(): void } };
  executor: {
    createExecutor(
      rootDir: string,
      convs: { node: unknown; browser: unknown; close(): void },
      console: { log(...a: unknown[]): void; error(...a: unknown[]): void },
    ): { execute(src: string): Promise<boolean>; close(): void };
  };
}

interface WatchingSys {
  watchFile?: unknown;
  watchDirectory?: unknown;
}

function tslab(): TslabModules {
  const req = createRequire(path.join(process.cwd(), "__book__.js"));
  // The converter builds its host on its TypeScript's `ts.sys`, and reaches the real watchers
  // through it at call time: replacing them there, before the converter exists, turns watching off.
  const ts = createRequire(req.resolve("tslab/dist/converter"))("@tslab/typescript-for-tslab") as { sys: WatchingSys };
  const none = () => ({ close() {} });
  ts.sys.watchFile = none;
  ts.sys.watchDirectory = none;
  return {
    jupyter: req("tslab/dist/jupyter"),
    converter: req("tslab/dist/converter"),
    executor: req("tslab/dist/executor"),
  };
}

/** What a failure inside tslab itself says, with the cell it was compiling and a hint. */
const TSLAB_CRASH = (cell: number) =>
  `tslab's compiler crashed while compiling code cell ${cell} (an error inside tslab, not a runtime error of the cell).\n` +
  "Hint: tslab compiles every .ts file a cell imports with its own TypeScript 5.0; a helper .ts next to the notebook " +
  "with top-level statements besides its exports is known to crash it: move those statements into a function, or the " +
  "helper under src/. tslab's error:\n";

/** How a rejection reads in a failure message: the stack when there is one. */
function describeReason(reason: unknown): string {
  return reason instanceof Error ? stripAnsi(reason.stack ?? String(reason)) : format(reason);
}

/** Strips ANSI colour codes that tslab's diagnostics may carry. */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}

export async function executeNotebook(file: string, hooks: ExecuteHooks = {}): Promise<ExecutionResult> {
  const started = Date.now();
  const nb = readNotebook(file);
  const { jupyter, converter, executor } = tslab();
  const conv = converter.createConverter();
  const cells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  const outputsOf: Output[][] = cells.map(() => []);
  const errorTextOf: string[] = cells.map(() => "");
  const byDisplayId = new Map<string, DisplayOutput[]>();
  const work = new CellWork();
  // Enabled before tslab's executor exists, so the promises it makes for itself count as outside work.
  work.enable();
  let current = 0;
  // Output goes to the cell whose code produced it, which is not the running cell when work a
  // cell left running writes later.
  const owner = () => (work.cellOf() ?? current + 1) - 1;

  const writeStream = (name: "stdout" | "stderr", chunk: string) => {
    const k = owner();
    if (name === "stderr") errorTextOf[k] += chunk;
    const outputs = outputsOf[k];
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text = text(last.text) + chunk;
    else outputs.push({ output_type: "stream", name, text: chunk });
  };
  jupyter.lastWriteDisplayData = (msg, update) => {
    const id = msg.transient?.display_id;
    hooks.onDisplay?.(msg, update);
    if (update && id) {
      for (const out of byDisplayId.get(id) ?? []) {
        out.data = msg.data;
        out.metadata = msg.metadata;
      }
      return;
    }
    const out: DisplayOutput = { output_type: "display_data", data: msg.data, metadata: msg.metadata };
    outputsOf[owner()].push(out);
    if (id) byDisplayId.set(id, [...(byDisplayId.get(id) ?? []), out]);
  };
  const exec = executor.createExecutor(
    process.cwd(),
    { node: conv, browser: conv, close: () => conv.close() },
    {
      log: (...a) => writeStream("stdout", format(...a) + "\n"),
      error: (...a) => writeStream("stderr", stripAnsi(format(...a)) + "\n"),
    },
  );

  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const capture = (name: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      writeStream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;

  let failure: CellFailure | undefined;
  const fail = (index: number, error: string, note = "") => {
    failure = { cell: index + 1, source: text(cells[index].source), error: `${note}${error.trim() || "(the cell failed without an error message)"}` };
  };
  /** Fails at the earliest cell that started a rejected promise, with every rejection's message. */
  const failOnRejections = (): boolean => {
    const rejections = work.takeRejections();
    if (!rejections.length) return false;
    for (const r of rejections) {
      const k = r.cell === null ? current : r.cell - 1;
      errorTextOf[k] += `Unhandled rejection of a promise this cell started (not awaited): ${describeReason(r.reason)}\n`;
    }
    const first = Math.min(...rejections.map((r) => (r.cell === null ? current : r.cell - 1)));
    const note = first !== current ? `(reported while code cell ${current + 1} ran)\n` : "";
    fail(first, errorTextOf[first], note);
    return true;
  };
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    for (let i = 0; i < cells.length && !failure; i++) {
      current = i;
      hooks.onCell?.(i + 1, cells.length);
      const t0 = Date.now();
      let ok: boolean;
      try {
        ok = await work.run(i + 1, () => exec.execute(text(cells[i].source)));
      } catch (e) {
        // tslab's executor catches the cell's own errors: a throw out of it is tslab failing, most often
        // its compiler. Before, this surfaced as "failed at code cell 0 (no cell had started)".
        fail(i, `${errorTextOf[i]}${describeReason(e)}`, TSLAB_CRASH(i + 1));
        break;
      }
      // Let rejections that are already due reach the handler before judging the cell.
      await new Promise<void>((resolve) => setImmediate(resolve));
      cells[i].metadata = { ...cells[i].metadata, tdyn: { seconds: (Date.now() - t0) / 1000 } };
      if (failOnRejections()) break;
      if (!ok) fail(i, errorTextOf[i]);
    }
    if (!failure) {
      // Promises still pending after the drain are abandoned (nothing open can settle them), not
      // running work: the notebook is finished.
      await work.drain({ onWait: (r) => hooks.onWaiting?.(r.pending, r.cells, r.origins) });
      await new Promise<void>((resolve) => setImmediate(resolve));
      failOnRejections();
    }
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    work.disable();
    jupyter.lastWriteDisplayData = null;
    exec.close();
  }
  cells.forEach((cell, i) => {
    const ran = failure ? i < failure.cell : true;
    for (const out of outputsOf[i]) if (out.output_type === "stream") out.text = lines(text(out.text));
    cell.outputs = outputsOf[i];
    cell.execution_count = ran ? i + 1 : null;
  });
  nb.metadata = {
    ...nb.metadata,
    kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  };
  return { notebook: nb, ok: !failure, failure, seconds: (Date.now() - started) / 1000 };
}
