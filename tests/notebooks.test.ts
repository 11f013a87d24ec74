/**
 * Executing the notebooks is the test: every notebook of the book runs in the quick profile with
 * every check passing, and every page of the resulting book shows its figures and its math in a
 * real browser.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { emittedFigures, inspectPages, PageReport, problems } from "../tools/book/browser-check";
import { BuildResult, buildBook } from "../tools/book/build";
import { codeCells, hasOutputs, listNotebooks, readNotebook, text } from "../tools/book/ipynb";
import { ROOT, requireTool } from "./tools";

const NOTEBOOKS = listNotebooks(path.join(ROOT, "notebooks"));

describe("committed notebooks", () => {
  it("exist and carry no outputs (executed notebooks are build artifacts)", () => {
    expect(NOTEBOOKS.length).toBeGreaterThan(0);
    for (const f of NOTEBOOKS) expect(hasOutputs(readNotebook(f)), `${path.basename(f)} has outputs: npm run clear-outputs`).toBe(false);
  });

  it("import the library with the one-line form tslab can resolve", () => {
    for (const f of NOTEBOOKS) {
      const src = readNotebook(f).cells.filter((c) => c.cell_type === "code").map((c) => text(c.source)).join("\n");
      expect(src, path.basename(f)).toMatch(/from "\.\/src\/index"/);
      expect(src, path.basename(f)).not.toMatch(/from "\.\.\/|from "\.\/src"/);
    }
  });
});

/** The widest code line a notebook may hold: the book and a Jupyter window show it unwrapped. */
const MAX_CODE_COLUMNS = 90;

/** `name code cell k line j: n columns: text…` for every code line over MAX_CODE_COLUMNS. */
function longCodeLines(file: string): string[] {
  const long: string[] = [];
  codeCells(readNotebook(file)).forEach((cell, k) => {
    text(cell.source).split("\n").forEach((line, j) => {
      const columns = [...line].length; // characters (code points), not UTF-16 units or bytes
      if (columns > MAX_CODE_COLUMNS) {
        long.push(`${path.basename(file)} code cell ${k + 1} line ${j + 1}: ${columns} columns: ${line.trim().slice(0, 50)}…`);
      }
    });
  });
  return long;
}

describe("code lines", () => {
  it(`stay within ${MAX_CODE_COLUMNS} columns in every code cell`, () => {
    expect(NOTEBOOKS.length).toBeGreaterThan(0);
    expect(NOTEBOOKS.flatMap(longCodeLines)).toEqual([]);
  });

  it("are counted in characters and reported with notebook, code cell, line and length", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "long-lines-"));
    const file = path.join(dir, "99-fixture.ipynb");
    const cell = (source: string) => ({ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null });
    const nb = { cells: [cell("const ok = 1;"), cell(`const a = 1;\nconst s = "${"é".repeat(80)}";\n// ${"x".repeat(87)}`)] };
    writeFileSync(file, JSON.stringify({ ...nb, metadata: {}, nbformat: 4, nbformat_minor: 5 }));
    // 93 characters (but 173 bytes) on line 2 of code cell 2; the 90-character comment passes.
    expect(longCodeLines(file)).toEqual([`99-fixture.ipynb code cell 2 line 2: 93 columns: const s = "${"é".repeat(39)}…`]);
  });
});

describe("the book in the quick profile", () => {
  let result: BuildResult;
  beforeAll(async () => {
    result = await buildBook({
      notebooks: NOTEBOOKS,
      outDir: mkdtempSync(path.join(tmpdir(), "book-e2e-")),
      profile: "quick",
      seed: 2024,
      log: () => {},
    });
  });

  it("executes every notebook with every check passing", () => {
    expect(result.entries.map((e) => e.name)).toEqual(NOTEBOOKS.map((f) => path.basename(f, ".ipynb")));
    for (const e of result.entries) {
      expect(e.claims.length, `${e.name} has no check cell`).toBeGreaterThan(0);
      expect(e.claims.filter((c) => !c.pass), e.name).toEqual([]);
    }
  });

  it("gives every claim of a paper a verdict, and every one whose test holds a perturbation under which it fails", () => {
    const paper = result.entries.flatMap((e) => e.claims).filter((c) => c.kind === "paper" || c.kind === "reconstruction");
    expect(paper.length).toBeGreaterThan(0);
    expect(paper.filter((c) => !c.verdict).map((c) => c.id)).toEqual([]);
    // A test that held must show the reader it can fail; one that failed already did.
    expect(paper.filter((c) => c.holds && !c.perturbed).map((c) => `${c.notebook}: ${c.id}`)).toEqual([]);
  });

  it("lists every claim in the index table", () => {
    const index = readFileSync(path.join(result.bookDir, "index.html"), "utf8");
    for (const c of result.entries.flatMap((e) => e.claims)) expect(index).toContain(`<code>${c.id}</code>`);
  });

  const chromium = requireTool("chromium");
  it.runIf(chromium.missingButRequired)("needs Chromium (REQUIRE_CHROMIUM is set)", () => {
    throw new Error("Chromium is required but not installed");
  });
  describe.runIf(chromium.run)("opened in headless Chromium", () => {
    let reports: PageReport[];
    let phone: PageReport[];
    beforeAll(async () => {
      const pages = [path.join(result.bookDir, "index.html"), ...result.entries.map((e) => path.join(result.bookDir, e.href))];
      reports = await inspectPages(pages);
      phone = await inspectPages(pages, { width: 420 });
    }, 600_000);

    it("shows a reader no raw markup, no covered or cut titles, no clipped tick labels, at 1400 px and at a phone's 420 px", () => {
      expect([...reports, ...phone].flatMap(problems)).toEqual([]);
    });

    it("draws every figure each notebook emitted", () => {
      result.entries.forEach((e, i) => {
        const expected = emittedFigures(readNotebook(path.join(result.notebooksDir, `${e.name}.ipynb`)));
        const r = reports[i + 1];
        expect(r.pageErrors, e.name).toEqual([]);
        expect(r.figures.length, `${e.name}: figure elements`).toBe(expected);
        expect(r.figures.filter((f) => !f.rendered).map((f) => f.id), `${e.name}: figures not drawn`).toEqual([]);
      });
      expect(reports.slice(1).reduce((n, r) => n + r.figures.length, 0)).toBeGreaterThan(0);
    });

    it("typesets the math with KaTeX's stylesheet and fonts", () => {
      result.entries.forEach((e, i) => {
        const source = readNotebook(NOTEBOOKS[i]).cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source)).join("\n");
        const r = reports[i + 1];
        expect(r.math.errors, e.name).toBe(0);
        if (/\$[^$]+\$/.test(source)) {
          expect(r.math.formulas, `${e.name}: formulas`).toBeGreaterThan(0);
          expect(r.math.cssApplied, `${e.name}: KaTeX CSS`).toBe(true);
          expect(r.math.fontLoaded, `${e.name}: KaTeX fonts`).toBe(true);
        }
      });
    });
  });
});
