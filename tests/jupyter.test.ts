/**
 * The real kernel path: every notebook executed by `jupyter nbconvert --execute` with the tslab
 * kernel (quick profile), exported to HTML, and every exported page opened in headless Chromium.
 */
import { mkdirSync, mkdtempSync } from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { emittedFigures, inspectPages } from "../tools/book/browser-check";
import { listNotebooks, readNotebook } from "../tools/book/ipynb";
import { installKernel, kernelInstalled } from "../tools/jupyter/kernel";
import { JupyterRun, executeWithNbconvert } from "../tools/jupyter/nbconvert";
import { ROOT, jupyterPython, requireTool } from "./tools";

const NOTEBOOKS = listNotebooks(path.join(ROOT, "notebooks"));
const jupyter = requireTool("jupyter");
const chromium = requireTool("chromium");

describe("Jupyter (nbconvert + tslab kernel)", () => {
  it.runIf(jupyter.missingButRequired)("needs Jupyter (REQUIRE_JUPYTER is set)", () => {
    throw new Error("Jupyter is required but not installed");
  });

  describe.runIf(jupyter.run)("executes every notebook", () => {
    const runs = new Map<string, JupyterRun>();
    beforeAll(() => {
      if (!kernelInstalled()) installKernel(jupyterPython as string);
      // Inside the project, as an export next to the notebooks would be: figures load plotly.js from node_modules.
      mkdirSync(path.join(ROOT, "build"), { recursive: true });
      const out = mkdtempSync(path.join(ROOT, "build", "jupyter-e2e-"));
      for (const nb of NOTEBOOKS) runs.set(nb, executeWithNbconvert(jupyterPython as string, nb, out, { env: { NB_PROFILE: "quick" } }));
    });

    it("runs every notebook to the end and exports HTML", () => {
      expect(runs.size).toBe(NOTEBOOKS.length);
    });

    it.runIf(chromium.missingButRequired)("needs Chromium (REQUIRE_CHROMIUM is set)", () => {
      throw new Error("Chromium is required but not installed");
    });
    it.runIf(chromium.run)("shows every emitted figure, drawn, in each exported page", async () => {
      const list = [...runs.values()];
      const reports = await inspectPages(list.map((r) => r.html));
      list.forEach((run, i) => {
        const expected = emittedFigures(readNotebook(run.executed));
        const name = path.basename(run.executed);
        expect(reports[i].pageErrors, name).toEqual([]);
        expect(reports[i].figures.length, `${name}: figure elements`).toBe(expected);
        expect(reports[i].figures.filter((f) => !f.rendered).map((f) => f.id), `${name}: not drawn`).toEqual([]);
      });
    }, 600_000);
  });
});
