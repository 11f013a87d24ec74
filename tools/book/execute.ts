/**
 * Executes one notebook with tslab's own converter and executor, from Node alone (no Jupyter),
 * and captures what a kernel would publish: streams, displays and display updates.
 *
 * tslab reports a failing cell only on its console (no Jupyter `error` message), so the runner
 * keeps that text and returns it with the cell's source. Must run with the notebook's folder as
 * the working directory: tslab's compiler takes its rootDir from it.
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

function tslab(): TslabModules {
  const req = createRequire(path.join(process.cwd(), "__book__.js"));
  return {
    jupyter: req("tslab/dist/jupyter"),
    converter: req("tslab/dist/converter"),
    executor: req("tslab/dist/executor"),
  };
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
  let outputs: Output[] = [];
  let errorText = "";
  const byDisplayId = new Map<string, DisplayOutput[]>();

  const writeStream = (name: "stdout" | "stderr", chunk: string) => {
    if (name === "stderr") errorText += chunk;
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
    outputs.push(out);
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

  let unhandled: unknown = null;
  const onUnhandled = (reason: unknown) => {
    unhandled = reason;
  };
  process.on("unhandledRejection", onUnhandled);
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const capture = (name: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      writeStream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;

  const cells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  let failure: CellFailure | undefined;
  try {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      const source = text(cell.source);
      hooks.onCell?.(i + 1, cells.length);
      outputs = [];
      errorText = "";
      const t0 = Date.now();
      process.stdout.write = capture("stdout");
      process.stderr.write = capture("stderr");
      let ok: boolean;
      try {
        ok = await exec.execute(source);
        if (unhandled !== null) {
          writeStream("stderr", `Unhandled rejection: ${format(unhandled)}\n`);
          ok = false;
        }
      } finally {
        process.stdout.write = realOut;
        process.stderr.write = realErr;
      }
      for (const out of outputs) if (out.output_type === "stream") out.text = lines(text(out.text));
      cell.outputs = outputs;
      cell.execution_count = i + 1;
      cell.metadata = { ...cell.metadata, tdyn: { seconds: (Date.now() - t0) / 1000 } };
      if (!ok) {
        failure = { cell: i + 1, source, error: errorText.trim() || "(the cell failed without an error message)" };
        break;
      }
    }
  } finally {
    process.off("unhandledRejection", onUnhandled);
    jupyter.lastWriteDisplayData = null;
    exec.close();
  }
  nb.metadata = {
    ...nb.metadata,
    kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  };
  return { notebook: nb, ok: !failure, failure, seconds: (Date.now() - started) / 1000 };
}
