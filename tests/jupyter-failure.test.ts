/**
 * Issue 12, item 2: a failing check under plain `jupyter nbconvert --execute` (no project tools in
 * between). tslab's reply to the failed cell carries no error text, so nbconvert's own message
 * ends in `<Error>: `; the runtime writes the claim to the kernel's inherited stderr, so the
 * claim with its measured and expected values still reaches the terminal.
 */
import { spawnSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { installKernel, jupyterEnv, kernelInstalled } from "../tools/jupyter/kernel";
import { ROOT, jupyterPython, requireTool } from "./tools";

const jupyter = requireTool("jupyter");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "04-failing-check.ipynb");

describe("a failing check under plain jupyter nbconvert --execute (issue 12, item 2)", () => {
  it.runIf(jupyter.missingButRequired)("needs Jupyter (REQUIRE_JUPYTER is set)", () => {
    throw new Error("Jupyter is required but not installed");
  });

  describe.runIf(jupyter.run)("the fixture whose claim is false", () => {
    let run: { status: number | null; stderr: string };
    beforeAll(() => {
      if (!kernelInstalled()) installKernel(jupyterPython as string);
      const out = mkdtempSync(path.join(tmpdir(), "nbconvert-failure-"));
      const args = ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab"];
      run = spawnSync(jupyterPython as string, [...args, "--output-dir", out, FIXTURE], {
        env: jupyterEnv({ ...process.env, NB_NOTEBOOK: "" }),
        encoding: "utf8",
        timeout: 180_000,
      });
    }, 200_000);

    it("fails, and nbconvert's own message has no error text (what tslab sends)", () => {
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("CellExecutionError");
      expect(run.stderr).toMatch(/<Error>: *\n/);
    });

    it("prints the check's claim, measured and expected values to stderr", () => {
      expect(run.stderr).toContain('✘ claim "fixture-false-claim" failed: two plus two is five: 4 = 5');
      // Before nbconvert's traceback: the line comes from the kernel as the check fails.
      expect(run.stderr.indexOf("two plus two is five: 4 = 5")).toBeLessThan(run.stderr.indexOf("Traceback"));
    });
  });
});
