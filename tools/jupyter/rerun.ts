/**
 * Executes chosen cells of a notebook, in a chosen order, in ONE real tslab kernel (nbclient), then
 * saves the notebook — what a reader does when re-running a cell before saving. Used to prove that
 * every saved figure draws whatever the run order (issue 12, item 1).
 *
 * @example
 * executeInOrder(python, "tests/fixtures/rerun-two-figures.ipynb", [1, 2, 3, 2], "build/rerun.ipynb");
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { jupyterEnv } from "./kernel";

const DRIVER = `
import json, os, sys
import nbformat
from nbclient import NotebookClient
src, out, order = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="tslab", timeout=600, resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
with client.setup_kernel():
    for i in order:
        client.execute_cell(nb.cells[i], i)
nbformat.write(nb, out)
`;

/** Runs cells `order` (indices into `cells`, repeats allowed) in one kernel and writes `outFile`. */
export function executeInOrder(python: string, notebook: string, order: number[], outFile: string, env: Record<string, string> = {}): void {
  const r = spawnSync(python, ["-c", DRIVER, notebook, outFile, JSON.stringify(order)], {
    env: jupyterEnv({ ...process.env, NB_NOTEBOOK: path.basename(notebook, ".ipynb"), ...env }),
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`running cells [${order.join(", ")}] of ${path.basename(notebook)} failed (exit ${r.status}):\n${r.stderr}`);
}

/** Exports an executed notebook to HTML with plain `jupyter nbconvert --to html`; returns the HTML path. */
export function exportHtml(python: string, executed: string, outDir = path.dirname(executed)): string {
  const r = spawnSync(python, ["-m", "nbconvert", "--to", "html", "--output-dir", outDir, executed], { env: jupyterEnv(), encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`nbconvert --to html ${path.basename(executed)} failed:\n${r.stderr}`);
  return path.join(outDir, path.basename(executed).replace(/\.ipynb$/, ".html"));
}
