/**
 * `npm run kernel:install` — registers the tslab kernel for a local Jupyter, inside the project.
 * `npm run jupyter -- lab` (or `notebook`, `nbconvert …`) then starts Jupyter with it.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { JUPYTER_DIR, installKernel, jupyterEnv, probeJupyter } from "./kernel";

const { python, reason } = probeJupyter();
if (!python) {
  console.error(`kernel:install: ${reason}.`);
  process.exit(1);
}
installKernel(python);
// Ask jupyter_client itself (Debian ships no `jupyter kernelspec` command with nbconvert).
const list = spawnSync(python, ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K\nfor k, v in sorted(K().find_kernel_specs().items()): print(f'  {k:8} {v}')"], {
  env: jupyterEnv(),
  encoding: "utf8",
});
console.log(`tslab kernel registered in ${path.relative(process.cwd(), JUPYTER_DIR) || JUPYTER_DIR} for ${python}; Jupyter sees:\n${list.stdout}${list.stderr}`);
