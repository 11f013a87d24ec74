/**
 * Executes a notebook through real Jupyter (`jupyter nbconvert --execute`, tslab kernel),
 * fail-fast, and exports its HTML.
 *
 * tslab sends no Jupyter `error` message, so nbconvert's own error text is empty. On a failure
 * we re-run with `allow_errors` only to recover the failing cell's stderr for the message (the
 * cells after it may be dropped by tslab's 200 ms reset, which does not matter there).
 *
 * @example
 * const { executed, html } = executeWithNbconvert(python, "notebooks/00-how-to-use-this-book.ipynb", "build/jupyter");
 */
import { spawnSync } from "child_process";
import { mkdirSync } from "fs";
import * as path from "path";
import { codeCells, readNotebook, text } from "../book/ipynb";
import { checkSourceLink } from "../book/source-link";
import { jupyterEnv } from "./kernel";

export class JupyterFailed extends Error {
  constructor(
    readonly notebook: string,
    message: string,
  ) {
    super(`${path.basename(notebook)} failed under jupyter nbconvert:\n${message}`);
    this.name = "JupyterFailed";
  }
}

function nbconvert(python: string, args: string[], env: NodeJS.ProcessEnv, timeoutSeconds: number) {
  return spawnSync(python, ["-m", "nbconvert", ...args], { env, encoding: "utf8", timeout: 1000 * (timeoutSeconds + 60) });
}

/** The failing cell (source and stderr) of a notebook executed with allow_errors. */
function diagnose(python: string, notebook: string, outDir: string, env: NodeJS.ProcessEnv, timeout: number): string {
  const name = `${path.basename(notebook, ".ipynb")}.diagnose`;
  nbconvert(python, ["--to", "notebook", "--execute", "--allow-errors", `--ExecutePreprocessor.kernel_name=tslab`, `--ExecutePreprocessor.timeout=${timeout}`, "--output-dir", outDir, "--output", name, notebook], env, timeout);
  try {
    const nb = readNotebook(path.join(outDir, `${name}.ipynb`));
    const cells = codeCells(nb);
    for (let i = 0; i < cells.length; i++) {
      const err = cells[i].outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => text((o as { text: string | string[] }).text));
      if (err.length) return `code cell ${i + 1}\n--- source ---\n${text(cells[i].source).trimEnd()}\n--- stderr ---\n${err.join("").trimEnd()}`;
    }
  } catch {
    // fall through: no diagnosis
  }
  return "(no cell wrote to stderr)";
}

export interface JupyterRun {
  executed: string;
  html: string;
  seconds: number;
}

/** Executes with nbconvert (quick profile unless `env` says otherwise) and exports HTML next to it. */
export function executeWithNbconvert(
  python: string,
  notebook: string,
  outDir: string,
  options: { env?: Record<string, string>; timeoutSeconds?: number } = {},
): JupyterRun {
  checkSourceLink(path.dirname(path.resolve(notebook)));
  mkdirSync(outDir, { recursive: true });
  const timeout = options.timeoutSeconds ?? 1800;
  const env = jupyterEnv({ ...process.env, NB_NOTEBOOK: path.basename(notebook, ".ipynb"), ...options.env });
  const t0 = Date.now();
  const run = nbconvert(python, ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", `--ExecutePreprocessor.timeout=${timeout}`, "--output-dir", outDir, notebook], env, timeout);
  if (run.status !== 0) {
    const tail = `${run.stderr ?? ""}`.trim().split("\n").slice(-6).join("\n");
    throw new JupyterFailed(notebook, `${diagnose(python, notebook, outDir, env, timeout)}\n--- nbconvert said ---\n${tail}`);
  }
  const seconds = (Date.now() - t0) / 1000;
  const executed = path.join(outDir, path.basename(notebook));
  const exp = nbconvert(python, ["--to", "html", "--output-dir", outDir, executed], env, 120);
  if (exp.status !== 0) throw new JupyterFailed(notebook, `HTML export failed:\n${exp.stderr}`);
  return { executed, html: executed.replace(/\.ipynb$/, ".html"), seconds };
}
