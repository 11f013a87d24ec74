/**
 * Sends rich outputs to the notebook front end.
 *
 * tslab's public `display.*` sends one mime type per output; a figure must go out as ONE output
 * carrying several (Plotly JSON for VS Code and JupyterLab, HTML for nbconvert and the book, plain
 * text for consoles), so we call tslab's internal writer directly. It is the hook the kernel (and
 * the book runner) installs; outside a kernel the plain-text part is printed instead.
 *
 * @example
 * displayBundle({ "text/html": "<b>hi</b>", "text/plain": "hi" });
 */
import { writeSync } from "fs";
import { createRequire } from "module";
import * as path from "path";

export type MimeBundle = { "text/plain": string } & Record<string, unknown>;

export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

type Writer = (msg: DisplayMessage, update: boolean) => void;

interface TslabJupyter {
  lastWriteDisplayData: Writer | null | undefined;
}

let tslabJupyter: TslabJupyter | null | undefined;

/**
 * tslab's jupyter module as the kernel loaded it. Resolved from the working directory with Node's
 * own require, so the notebook, the book runner and vitest all reach the kernel's instance.
 */
export function tslabJupyterModule(): TslabJupyter | null {
  if (tslabJupyter === undefined) {
    try {
      const req = createRequire(path.join(process.cwd(), "__display__.js"));
      tslabJupyter = req("tslab/dist/jupyter") as TslabJupyter;
    } catch {
      tslabJupyter = null;
    }
  }
  return tslabJupyter;
}

/** Sends one display output; with `displayId` and `update`, replaces an earlier output in place. */
export function displayBundle(
  data: MimeBundle,
  options: { displayId?: string; update?: boolean; metadata?: Record<string, unknown> } = {},
): void {
  const writer = tslabJupyterModule()?.lastWriteDisplayData;
  if (typeof writer !== "function") {
    console.log(data["text/plain"]);
    return;
  }
  writer(
    { data, metadata: options.metadata ?? {}, transient: options.displayId ? { display_id: options.displayId } : {} },
    options.update ?? false,
  );
}

/** True when a front end (a Jupyter kernel or the book runner) receives rich outputs. */
export function hasRichDisplay(): boolean {
  return typeof tslabJupyterModule()?.lastWriteDisplayData === "function";
}

/**
 * Writes one line to this process's own stderr (file descriptor 2, past tslab's capture of
 * `process.stderr`) when a Jupyter client launched the kernel (jupyter_client sets
 * `JPY_PARENT_PID`); elsewhere — the book runner, vitest, plain Node — it does nothing, since
 * those report a failure themselves.
 *
 * Why: tslab answers a failed cell with `status: "error"` and no `ename`, `evalue` or
 * `traceback`, and sends no `error` message, so plain `jupyter nbconvert --execute` reports only
 * `<Error>: `. The kernel inherits nbconvert's stderr, so this line reaches its terminal (under
 * JupyterLab, the server's log).
 *
 * @example
 * toJupyterClientStderr('✘ claim "x" failed: …');
 */
export function toJupyterClientStderr(line: string): void {
  if (!process.env.JPY_PARENT_PID) return;
  try {
    writeSync(2, line.endsWith("\n") ? line : `${line}\n`);
  } catch {
    // A closed stderr must not replace the error the caller is about to throw.
  }
}
