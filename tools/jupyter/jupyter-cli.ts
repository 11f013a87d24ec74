/**
 * `npm run jupyter -- <subcommand…>` — runs `jupyter` from the Python that has it, with the
 * project's kernelspec and `node_modules/.bin` on the path. Example: `npm run jupyter -- lab`.
 */
import { spawnSync } from "child_process";
import { jupyterEnv, kernelInstalled, probeJupyter } from "./kernel";

const { python, reason } = probeJupyter();
if (!python) {
  console.error(`jupyter: ${reason}.`);
  process.exit(1);
}
if (!kernelInstalled()) console.error("note: the tslab kernel is not registered yet: run `npm run kernel:install` first.");
const r = spawnSync(python, ["-m", "jupyter", ...process.argv.slice(2)], { env: jupyterEnv(), stdio: "inherit" });
process.exit(r.status ?? 1);
