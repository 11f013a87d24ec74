import { existsSync, mkdtempSync, readdirSync, readFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { buildBook } from "../tools/book/build";
import { collectClaims } from "../tools/book/claims";
import { clearOutputs, hasOutputs, listNotebooks, readNotebook, selectNotebooks } from "../tools/book/ipynb";
import { NotebookFailed, runNotebook } from "../tools/book/run";
import { PLOTLY_MIME } from "../src/runtime/figure";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = () => mkdtempSync(path.join(tmpdir(), "book-test-"));
const quiet = { log: () => {} };

async function failureOf(name: string): Promise<NotebookFailed> {
  try {
    await runNotebook(fixture(name), { outDir: tmp(), ...quiet });
  } catch (e) {
    if (e instanceof NotebookFailed) return e;
    throw e;
  }
  throw new Error(`${name} was expected to fail`);
}

describe("notebook selection", () => {
  const all = listNotebooks(FIXTURES);
  it("lists NN-*.ipynb in order and selects by number or name", () => {
    expect(all.map((f) => path.basename(f)).slice(0, 4)).toEqual(["01-passes.ipynb", "02-throws.ipynb", "03-type-error.ipynb", "04-failing-check.ipynb"]);
    expect(selectNotebooks(all, ["3"]).map((f) => path.basename(f))).toEqual(["03-type-error.ipynb"]);
    expect(selectNotebooks(all, ["01-passes.ipynb", "04"]).map((f) => path.basename(f))).toEqual(["01-passes.ipynb", "04-failing-check.ipynb"]);
    expect(selectNotebooks(all, [])).toEqual(all);
  });
  it("names an unknown notebook in a clear error", () => {
    expect(() => selectNotebooks(all, ["99"])).toThrow(/unknown notebook "99": the book has 01-passes.ipynb/);
    expect(() => selectNotebooks(all, ["energy"])).toThrow(/unknown notebook "energy"/);
  });
});

// Each of these starts tslab in a child process: seconds each, longer on a loaded machine.
const SLOW = { timeout: 180_000 };

describe("the runner (tslab executor, no Jupyter)", SLOW, () => {
  it("executes a passing notebook and keeps streams, figures and claims", async () => {
    const out = tmp();
    const run = await runNotebook(fixture("01-passes.ipynb"), { outDir: out, ...quiet });
    const nb = readNotebook(run.executed);
    expect(hasOutputs(nb)).toBe(true);
    const outputs = nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
    expect(outputs.some((o) => o.output_type === "stream" && String(o.text).includes("sum 6"))).toBe(true);
    expect(outputs.filter((o) => o.output_type === "display_data" && o.data[PLOTLY_MIME]).length).toBe(1);
    expect(collectClaims(nb, "01-passes")).toMatchObject([{ id: "fixture-sum", pass: true, notebook: "01-passes" }]);
  });

  it("reports a throwing cell: its number, its source and the error text", async () => {
    const e = await failureOf("02-throws.ipynb");
    expect(e.cell).toBe(2);
    expect(e.source).toContain("cell-two-marker");
    expect(e.error).toContain("boom from the fixture");
    expect(e.message).toMatch(/02-throws.ipynb failed at code cell 2/);
    expect(e.message).toContain('throw new Error("boom from the fixture")');
  });

  it("reports a type error with tslab's diagnostic", async () => {
    const e = await failureOf("03-type-error.ipynb");
    expect(e.cell).toBe(1);
    expect(e.error).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it("reports a false claim by its name", async () => {
    const e = await failureOf("04-failing-check.ipynb");
    expect(e.error).toMatch(/CheckFailed: claim "fixture-false-claim" failed: two plus two is five: 4 = 5/);
  });
});

describe("the book", SLOW, () => {
  it("is written whole on success: index with the claims table, one page per notebook, assets", async () => {
    const out = tmp();
    const result = await buildBook({ notebooks: [fixture("01-passes.ipynb")], outDir: out, profile: "quick", seed: 7, ...quiet });
    const index = readFileSync(path.join(result.bookDir, "index.html"), "utf8");
    expect(index).toContain("A passing fixture");
    expect(index).toContain("fixture-sum");
    expect(index).toMatch(/Every check, by notebook and kind \(1\)/);
    expect(index).toContain("seed <b>7</b>");
    expect(existsSync(path.join(result.bookDir, "01-passes.html"))).toBe(true);
    for (const asset of ["plotly.min.js", "katex/katex.min.css", "hljs.css", "book.css"]) expect(existsSync(path.join(result.bookDir, "assets", asset))).toBe(true);
    expect(readdirSync(path.join(result.bookDir, "assets", "katex", "fonts")).some((f) => f.startsWith("KaTeX_Main"))).toBe(true);
    expect(existsSync(path.join(out, "notebooks", "01-passes.ipynb"))).toBe(true);
  });

  it("is not written at all when a notebook fails, and an earlier book stays as it was", async () => {
    const out = tmp();
    await buildBook({ notebooks: [fixture("01-passes.ipynb")], outDir: out, profile: "quick", seed: 7, ...quiet });
    const before = readFileSync(path.join(out, "book", "index.html"), "utf8");
    await expect(
      buildBook({ notebooks: [fixture("01-passes.ipynb"), fixture("04-failing-check.ipynb")], outDir: out, profile: "quick", seed: 8, ...quiet }),
    ).rejects.toThrow(/fixture-false-claim/);
    expect(readFileSync(path.join(out, "book", "index.html"), "utf8")).toBe(before);
    expect(readdirSync(out).sort()).toEqual(["book", "notebooks"]);
  });
});

describe("the book says what it found", SLOW, () => {
  it("counts one reproduced and one not-reproduced claim of a paper in the index, never green for the second, and a quick book says so", async () => {
    const out = tmp();
    const result = await buildBook({ notebooks: [fixture("10-verdicts.ipynb")], outDir: out, profile: "quick", seed: 7, ...quiet });
    const index = readFileSync(path.join(result.bookDir, "index.html"), "utf8");
    const paperLine = /<div class="paper-verdicts">(.*?)<\/div>/.exec(index)?.[1] ?? "";
    expect(paperLine).toMatch(/2 claims of the paper tested/);
    expect(paperLine).toMatch(/✔ 1 reproduced/);
    expect(paperLine).toMatch(/✘ 1 not reproduced<\/span> \(<a href="10-verdicts.html#check-fixture-not-reproduced">Fig\. 4 caption<\/a>\)/);
    const page = readFileSync(path.join(result.bookDir, "10-verdicts.html"), "utf8");
    const box = /<div class="tdyn-check [^"]*outcome-not-reproduced[^>]*>.*?<\/div><\/div>/s.exec(page)?.[0] ?? "";
    expect(box).toContain("verdict: not reproduced");
    expect(box).not.toContain("✔");
    expect(box).not.toMatch(/#007a5a|#2e7d32/);
    expect(page).toMatch(/<div class="tdyn-check [^"]*outcome-holds/);
    expect(page).toContain('class="profile-banner"');
    expect(index).toContain('class="profile-banner"');
  });

  it("fails the build when a seed flips a verdict away from the one the prose states", async () => {
    await expect(buildBook({ notebooks: [fixture("10-verdicts.ipynb")], outDir: tmp(), profile: "quick", seed: 8, ...quiet })).rejects.toThrow(
      /fixture-not-reproduced": the run's verdict is "reproduced" but the notebook states "not reproduced"/,
    );
  });

  it("a full-profile page carries no quick banner", async () => {
    const result = await buildBook({ notebooks: [fixture("01-passes.ipynb")], outDir: tmp(), profile: "full", seed: 7, ...quiet });
    expect(readFileSync(path.join(result.bookDir, "01-passes.html"), "utf8")).not.toContain("profile-banner");
  });
});

describe("notebook hygiene", () => {
  it("clearOutputs removes outputs and counts", () => {
    const nb = readNotebook(fixture("01-passes.ipynb"));
    const dirty = { ...nb, cells: nb.cells.map((c) => (c.cell_type === "code" ? { ...c, execution_count: 1, outputs: [{ output_type: "stream" as const, name: "stdout" as const, text: "x" }] } : c)) };
    expect(hasOutputs(dirty)).toBe(true);
    expect(hasOutputs(clearOutputs(dirty))).toBe(false);
  });
  it("fixtures are committed without outputs", () => {
    for (const f of listNotebooks(FIXTURES)) expect(hasOutputs(readNotebook(f)), f).toBe(false);
  });
});
