/**
 * Issue 21, item 3: `npm run jupyter -- lab` with a Python that has Jupyter but not JupyterLab
 * (Debian's) says what to install and what works, instead of Jupyter's "command `jupyter-lab`
 * not found"; the README leads with what works on each route.
 */
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { frontEndMissing } from "../tools/jupyter/kernel";
import { ROOT } from "./tools";

const NO_LAB = path.join(__dirname, "fixtures", "python", "lacks-jupyterlab");

describe("npm run jupyter without JupyterLab", () => {
  it("names what `lab` needs and the two routes that work", () => {
    const why = frontEndMissing(NO_LAB, "lab");
    expect(why).toContain(`needs JupyterLab, and ${NO_LAB} has no module jupyterlab`);
    expect(why).toContain("npm run jupyter -- notebook");
    expect(why).toContain("pip install jupyterlab");
    expect(why).toContain("JUPYTER_PYTHON=");
    expect(frontEndMissing(NO_LAB, "notebook")).toBeNull();
    expect(frontEndMissing(NO_LAB, "kernelspec")).toBeNull();
  });

  it("exits 1 with that line from the command itself", () => {
    const r = spawnSync(process.execPath, ["-r", "tsx/cjs", path.join(ROOT, "tools", "jupyter", "jupyter-cli.ts"), "lab"], {
      cwd: ROOT,
      env: { ...process.env, JUPYTER_PYTHON: NO_LAB },
      encoding: "utf8",
    });
    // Without a real Jupyter on this machine the probe stops first, with its own reason.
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs JupyterLab|no Python with Jupyter/);
  });

  it("the README gives the route that works on Debian before JupyterLab's", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const debian = readme.indexOf("npm run jupyter -- notebook");
    const lab = readme.indexOf("JUPYTER_PYTHON=~/jl/bin/python npm run jupyter -- lab");
    expect(debian).toBeGreaterThan(0);
    expect(lab).toBeGreaterThan(debian);
  });
});
