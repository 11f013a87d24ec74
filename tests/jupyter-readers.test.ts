/**
 * Issue 21 in a real tslab kernel, driven as JupyterLab drives it: a re-run cell gives its own
 * numbers again (item 5), `{ n }` of an earlier cell works (item 4), and a history request (File >
 * New View) is answered without a stray line in the last cell (item 7).
 */
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { codeCells, readNotebook, text } from "../tools/book/ipynb";
import { CellReport, driveKernel, stderrOf } from "../tools/jupyter/drive";
import { installKernel, kernelInstalled } from "../tools/jupyter/kernel";
import { ROOT, jupyterPython, requireTool } from "./tools";

const jupyter = requireTool("jupyter");
const NB03 = path.join(ROOT, "notebooks", "03-lemma-1-and-theorem-2-energy-and-basins.ipynb");

/** What a reader reads of a cell: its printed text and the plain text of its displays. */
const seen = (r: CellReport) => r.outputs.map((o) => ("stream" in o ? o.text : "display_data" in o ? o.display_data : "")).join("");

describe("Jupyter as a reading group uses it (issue 21)", () => {
  it.runIf(jupyter.missingButRequired)("needs Jupyter (REQUIRE_JUPYTER is set)", () => {
    throw new Error("Jupyter is required but not installed");
  });

  describe.runIf(jupyter.run)("notebook 03's setup, its random-points cell twice, then a reader's cells", () => {
    let r: CellReport[];
    beforeAll(() => {
      if (!kernelInstalled()) installKernel(jupyterPython as string);
      const cells = codeCells(readNotebook(NB03)).map((c) => text(c.source));
      const points = cells.findIndex((s) => s.includes("energyRate(e, w, p0, q0)"));
      expect(points).toBeGreaterThan(0);
      r = driveKernel(jupyterPython as string, path.join(ROOT, "notebooks"), [
        { run: cells[0] },
        { run: cells[points] },
        { run: cells[points] },
        { run: "const n = 3;" },
        { run: "const o = { n };\no" },
        { run: "rng.uniform()" },
        { history: true },
      ], { NB_PROFILE: "quick" });
    }, 600_000);

    it("re-running a cell gives its numbers again (item 5)", () => {
      expect(r[1].status).toBe("ok");
      expect(r[2].status).toBe("ok");
      expect(seen(r[1])).toMatch(/dE\/dt/);
      expect(seen(r[2])).toBe(seen(r[1]));
    });

    it("refuses a draw from the session's shared stream, saying what to write instead", () => {
      expect(r[5].status).toBe("error");
      expect(stderrOf(r[5])).toMatch(/^Error: rng\.uniform\(\) draws from the session's shared stream.*rng\.fork\("/);
    });

    it("`{ n }` names the n of an earlier cell (item 4)", () => {
      expect(r[4].status).toBe("ok");
      expect(seen(r[4])).toBe("{ n: 3 }\n");
    });

    it("answers a history request (New View) with no stray line in the last cell (item 7)", () => {
      const h = r[6];
      expect(h.msg_type).toBe("history_reply");
      expect(h.stray).toEqual([]);
    });
  });
});
