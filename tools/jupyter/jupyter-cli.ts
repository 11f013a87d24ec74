/**
 * `npm run jupyter -- <subcommand…>` — runs `jupyter` from the Python that has it, with the
 * project's kernelspec and `node_modules/.bin` on the path. Example: `npm run jupyter -- notebook`.
 * A front end the Python lacks (`lab` without JupyterLab: Debian has no package for it) is named
 * with what to install, instead of Jupyter's "command `jupyter-lab` not found".
 */
import { spawnSync } from "child_process";
import { frontEndMissing, jupyterEnv, kernelInstalled, probeJupyter } from "./kernel";

const { python, reason } = probeJupyter();
if (!python) {
  console.error(`jupyter: ${reason}.`);
  process.exit(1);
}
const args = process.argv.slice(2);
const missing = frontEndMissing(python, args[0]);
if (missing) {
  console.error(`jupyter: ${missing}`);
  process.exit(1);
}
if (!kernelInstalled()) console.error("note: the tslab kernel is not registered yet: run `npm run kernel:install` first.");
const r = spawnSync(python, ["-m", "jupyter", ...args], { env: jupyterEnv(), stdio: "inherit" });
process.exit(r.status ?? 1);
