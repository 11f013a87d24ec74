/**
 * `npm run kernel:install` — registers the tslab kernel for a local Jupyter, inside the project.
 * `npm run jupyter -- lab` (or `notebook`, `nbconvert …`) then starts Jupyter with it.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { JUPYTER_DIR, findJupyterPython, installKernel, jupyterEnv } from "./kernel";

const python = findJupyterPython();
if (!python) {
  console.error(
    "No Python with Jupyter found (tried $JUPYTER_PYTHON, /usr/bin/python3, python3).\n" +
      "Install one: `sudo apt-get install jupyter-nbconvert jupyter-notebook` (Debian/Ubuntu) or `pip install jupyterlab`,\n" +
      "or point JUPYTER_PYTHON at a Python that has it.",
  );
  process.exit(1);
}
installKernel(python);
// Ask jupyter_client itself (Debian ships no `jupyter kernelspec` command with nbconvert).
const list = spawnSync(python, ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K\nfor k, v in sorted(K().find_kernel_specs().items()): print(f'  {k:8} {v}')"], {
  env: jupyterEnv(),
  encoding: "utf8",
});
console.log(`tslab kernel registered in ${path.relative(process.cwd(), JUPYTER_DIR) || JUPYTER_DIR} for ${python}; Jupyter sees:\n${list.stdout}${list.stderr}`);
