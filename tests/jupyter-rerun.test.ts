/**
 * Issue 12, item 1, in a real tslab kernel: run two figure cells, re-run the first, save, export
 * with plain `jupyter nbconvert --to html`, and open the export in Chromium. Every figure must draw
 * (plotly.js is loaded on demand from the project, not carried by the first figure a kernel
 * showed), and the saved notebook must stay small (plotly.js is not inlined anywhere).
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectPages, PageReport } from "../tools/book/browser-check";
import { DisplayOutput, readNotebook } from "../tools/book/ipynb";
import { installKernel, kernelInstalled } from "../tools/jupyter/kernel";
import { executeInOrder, exportHtml } from "../tools/jupyter/rerun";
import { PLOTLY_MIME } from "../src/runtime/figure";
import { ROOT, jupyterPython, requireTool } from "./tools";

const jupyter = requireTool("jupyter");
const chromium = requireTool("chromium");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "rerun-two-figures.ipynb");

describe("a figure cell re-run in a real kernel (issue 12, item 1)", () => {
  it.runIf(jupyter.missingButRequired)("needs Jupyter (REQUIRE_JUPYTER is set)", () => {
    throw new Error("Jupyter is required but not installed");
  });

  describe.runIf(jupyter.run)("cells 1, 2, 3, then 2 again, saved and exported", () => {
    let saved: string;
    let html: string;
    beforeAll(() => {
      if (!kernelInstalled()) installKernel(jupyterPython as string);
      // Inside the project, like an export next to the notebook: the loader finds node_modules from there.
      mkdirSync(path.join(ROOT, "build"), { recursive: true });
      const out = mkdtempSync(path.join(ROOT, "build", "rerun-"));
      saved = path.join(out, "rerun-two-figures.ipynb");
      executeInOrder(jupyterPython as string, FIXTURE, [1, 2, 3, 2], saved);
      html = exportHtml(jupyterPython as string, saved);
    }, 300_000);

    it("saves both figures, small (plotly.js is not inlined, each figure's JSON stored once)", () => {
      const nb = readNotebook(saved);
      const figures = nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : [])).filter((o): o is DisplayOutput => o.output_type === "display_data" && o.metadata?.tdyn === "figure");
      expect(figures).toHaveLength(2);
      // Each figure's JSON once, inside its HTML (issue 21, item 7): no second copy as Plotly JSON.
      expect(figures.filter((o) => o.data[PLOTLY_MIME] !== undefined)).toEqual([]);
      expect(statSync(saved).size, "saved notebook bytes").toBeLessThan(100_000);
      expect(readFileSync(saved, "utf8")).not.toContain("plotly.js v");
    });

    it.runIf(chromium.missingButRequired)("needs Chromium (REQUIRE_CHROMIUM is set)", () => {
      throw new Error("Chromium is required but not installed");
    });
    it.runIf(chromium.run)("draws both figures in the nbconvert HTML export", async () => {
      const [report]: PageReport[] = await inspectPages([html]);
      expect(report.pageErrors).toEqual([]);
      expect(report.figures.map((f) => f.rendered)).toEqual([true, true]);
    }, 120_000);
  });
});
