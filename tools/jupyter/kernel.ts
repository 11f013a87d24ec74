/**
 * The real Jupyter path: find a Python that has Jupyter, register the tslab kernel inside the
 * project (`.jupyter/`, git-ignored), and run `jupyter …` with that kernel visible.
 *
 * The kernelspec names the launcher as plain `tslab` (no absolute path), found on PATH because
 * every entry point here puts `node_modules/.bin` first: nothing machine-specific is written.
 *
 * @example
 * const python = findJupyterPython();       // "/usr/bin/python3" on Debian with jupyter-nbconvert
 * installKernel(python);
 * spawnSync(python, ["-m", "jupyter", "kernelspec", "list"], { env: jupyterEnv() });
 */
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const JUPYTER_DIR = path.join(ROOT, ".jupyter");

/** Environment for Jupyter processes: the project's kernelspec and local binaries first on PATH. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kernels = path.join(JUPYTER_DIR, "share", "jupyter");
  return {
    ...base,
    JUPYTER_PATH: base.JUPYTER_PATH ? `${kernels}${path.delimiter}${base.JUPYTER_PATH}` : kernels,
    PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${base.PATH ?? ""}`,
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

/** True when `python` can import the given modules. */
export function pythonHas(python: string, modules: string[]): boolean {
  const r = spawnSync(python, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore" });
  return r.status === 0;
}

/**
 * The first Python with jupyter_client and nbconvert: `$JUPYTER_PYTHON`, then Debian's
 * `/usr/bin/python3`, then `python3` on PATH (e.g. a virtualenv with `pip install jupyterlab`).
 * Returns null when there is none.
 */
export function findJupyterPython(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.JUPYTER_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p);
  for (const py of candidates) {
    if ((py.includes("/") && !existsSync(py)) || !pythonHas(py, ["jupyter_client", "nbconvert"])) continue;
    return py;
  }
  return null;
}

export function kernelInstalled(): boolean {
  return existsSync(path.join(JUPYTER_DIR, "share", "jupyter", "kernels", "tslab", "kernel.json"));
}

/** Registers the tslab (and jslab) kernelspecs under `.jupyter/`. Throws with tslab's output on failure. */
export function installKernel(python: string): void {
  const tslab = path.join(ROOT, "node_modules", ".bin", "tslab");
  const r = spawnSync(tslab, ["install", `--prefix=${JUPYTER_DIR}`, `--python=${python}`, "--binary=tslab"], {
    env: jupyterEnv(),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`tslab install failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}
