/**
 * Child-process entry of the book runner: one fresh process per notebook, like one kernel per
 * notebook, with the notebook's folder as working directory.
 *
 * Usage (from run.ts, through child.cjs): `node child.cjs <notebook.ipynb> <executed.ipynb>`.
 * Reports to the parent over IPC: `cell`, `progress`, then `done` with the outcome.
 */
import { writeSync } from "fs";
import * as path from "path";
import type { DisplayMessage } from "../../src/runtime/display";
import { PROGRESS_METADATA } from "../../src/runtime/progress";
import { executeNotebook } from "./execute";
import { writeNotebook } from "./ipynb";

export type ChildMessage =
  | { type: "cell"; cell: number; total: number }
  | { type: "progress"; text: string }
  | { type: "waiting"; pending: number; cells: number[] }
  | { type: "done"; ok: boolean; seconds: number; failure?: { cell: number; source: string; error: string } };

function send(msg: ChildMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));
}

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error("usage: child.ts <notebook.ipynb> <executed.ipynb>");
  const isProgress = (msg: DisplayMessage) => msg.metadata?.tdyn === PROGRESS_METADATA.tdyn;
  const result = await executeNotebook(path.resolve(input), {
    onCell: (cell, total) => void send({ type: "cell", cell, total }),
    onDisplay: (msg) => {
      if (isProgress(msg)) void send({ type: "progress", text: String(msg.data["text/plain"]) });
    },
    onWaiting: (pending, cells, origins) => {
      // fd 2 directly: process.stderr is the notebook's while it runs.
      if (origins) writeSync(2, `pending promises were made at:\n${origins.join("\n---\n")}\n`);
      void send({ type: "waiting", pending, cells });
    },
  });
  writeNotebook(output, result.notebook);
  await send({ type: "done", ok: result.ok, seconds: result.seconds, failure: result.failure });
}

// The runner gone (killed, or its terminal closed) means nobody will read the result: end at once
// instead of computing on as an orphan.
process.on("disconnect", () => process.exit(1));

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    await send({ type: "done", ok: false, seconds: 0, failure: { cell: 0, source: "", error: String((e as Error)?.stack ?? e) } });
    process.exit(1);
  },
);
