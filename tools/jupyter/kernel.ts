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

/**
 * Every Python module the Jupyter path imports, with the package that brings it: the kernel
 * installer (`tslab install` runs a script that imports jupyter_client and IPython) and the
 * nbconvert path (nbconvert, which executes through nbclient and jupyter_client).
 */
export const JUPYTER_MODULES: readonly { module: string; debian: string; pip: string; usedBy: string }[] = [
  { module: "jupyter_client", debian: "python3-jupyter-client", pip: "jupyter_client", usedBy: "the kernel installer and nbconvert" },
  { module: "IPython", debian: "python3-ipython", pip: "ipython", usedBy: "tslab's kernel installer" },
  { module: "nbconvert", debian: "jupyter-nbconvert", pip: "nbconvert", usedBy: "npm run jupyter:check and the Jupyter tests" },
  { module: "nbclient", debian: "python3-nbclient", pip: "nbclient", usedBy: "nbconvert --execute" },
];

/** The Debian packages that bring every module of JUPYTER_MODULES (what .ci/run installs). */
export const JUPYTER_DEBIAN_PACKAGES = JUPYTER_MODULES.map((m) => m.debian);

/** The modules of `modules` that `python` cannot import (null when `python` does not run at all). */
export function missingModules(python: string, modules: readonly string[] = JUPYTER_MODULES.map((m) => m.module)): string[] | null {
  const probe = "import sys\nfor m in sys.argv[1:]:\n    try:\n        __import__(m)\n    except Exception:\n        print(m)";
  const r = spawnSync(python, ["-c", probe, ...modules], { encoding: "utf8" });
  if (r.status !== 0 || r.error) return null;
  return r.stdout.split("\n").filter((l) => l.trim() !== "");
}

export interface JupyterProbe {
  /** The first Python that has every module, or null. */
  python: string | null;
  /** One line saying why there is none: each Python tried and what it lacks, with packages. */
  reason: string;
}

/**
 * Looks for a Python with every module the Jupyter path imports: `$JUPYTER_PYTHON`, then Debian's
 * `/usr/bin/python3`, then `python3` on PATH (e.g. a virtualenv with `pip install jupyterlab`).
 *
 * @example
 * const { python, reason } = probeJupyter();
 * if (!python) console.warn(`SKIPPED: ${reason}`);
 * // "/usr/bin/python3 lacks IPython (Debian python3-ipython, pip ipython); python3 (pyenv) lacks …"
 */
export function probeJupyter(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = [...new Set([env.JUPYTER_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p))],
): JupyterProbe {
  const why: string[] = [];
  for (const py of candidates) {
    if (py.includes("/") && !existsSync(py)) {
      why.push(`${py} does not exist`);
      continue;
    }
    const missing = missingModules(py);
    if (missing === null) {
      why.push(`${py} does not run`);
      continue;
    }
    if (missing.length === 0) return { python: py, reason: "" };
    const named = missing.map((m) => {
      const info = JUPYTER_MODULES.find((x) => x.module === m);
      return info ? `${m} (Debian ${info.debian}, pip ${info.pip})` : m;
    });
    why.push(`${py} lacks ${named.join(", ")}`);
  }
  return {
    python: null,
    reason: `no Python with Jupyter: ${why.join("; ")}. Install: sudo apt-get install ${JUPYTER_DEBIAN_PACKAGES.join(" ")} (or pip install jupyterlab nbconvert and set JUPYTER_PYTHON)`,
  };
}

/** The first Python with every module the Jupyter path imports (see probeJupyter), or null. */
export function findJupyterPython(env: NodeJS.ProcessEnv = process.env): string | null {
  return probeJupyter(env).python;
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

/** The front ends `npm run jupyter` starts, the module each needs, and how to get it. */
export const FRONT_ENDS: Record<string, { module: string; install: string }> = {
  lab: {
    module: "jupyterlab",
    install:
      "Debian and Ubuntu have no JupyterLab package: use `npm run jupyter -- notebook` (sudo apt-get install jupyter-notebook), " +
      "or install JupyterLab with pip in a virtual environment and point the project at it: " +
      "python3 -m venv ~/jl && ~/jl/bin/pip install jupyterlab && JUPYTER_PYTHON=~/jl/bin/python npm run jupyter -- lab",
  },
  notebook: {
    module: "notebook",
    install: "install it: sudo apt-get install jupyter-notebook (Debian, Ubuntu), or pip install notebook and set JUPYTER_PYTHON",
  },
};

/**
 * Why `python -m jupyter <subcommand>` cannot start that front end (its module is missing), with
 * what to install; null when it can, or when the subcommand is not a front end we know.
 *
 * @example
 * frontEndMissing("/usr/bin/python3", "lab"); // "/usr/bin/python3 has no JupyterLab (module jupyterlab). Debian …"
 */
export function frontEndMissing(python: string, subcommand: string | undefined): string | null {
  const fe = subcommand ? FRONT_ENDS[subcommand] : undefined;
  if (!fe) return null;
  const missing = missingModules(python, [fe.module]);
  if (missing === null || missing.length === 0) return null;
  const name = subcommand === "lab" ? "JupyterLab" : "Jupyter Notebook";
  return `\`jupyter ${subcommand}\` needs ${name}, and ${python} has no module ${fe.module}. ${fe.install}`;
}
