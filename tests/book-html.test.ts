/**
 * What the reader sees, without a browser: math wherever Jupyter typesets it, TeX refused in
 * figures, the index grouped by notebook with linked ids, readable numbers, counts, kinds and papers.
 */
import { describe, expect, it } from "vitest";
import { ClaimRecord, evaluate } from "../src/runtime/check";
import { checkBoxHtml, checkParts, readableNumber } from "../src/runtime/check-view";
import { validateFigure } from "../src/runtime/figure";
import { plainSubscripts } from "../src/runtime/html";
import { renderIndex, renderNotebookPage, shouldFold } from "../tools/book/html";
import { Notebook } from "../tools/book/ipynb";
import { renderMarkdown, renderMathText } from "../tools/book/markdown";
import { assignPapers, detectPaper } from "../tools/book/papers";
import { uncachedNotice } from "../tools/book/costs";

const md = (source: string): Notebook => ({ cells: [{ cell_type: "markdown", source, metadata: {} }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
const rec = (over: Partial<ClaimRecord> = {}): ClaimRecord => ({ ...evaluate({ id: "c1", claim: "L = H_bi on $\\Gamma^\\star$", measured: 0.6663, expected: 0.6663, tolerance: 1e-3, kind: "paper", expect: "reproduced", source: "Thm 1" }, "01-x"), ...over });

describe("markdown renders every math delimiter Jupyter renders", () => {
  it("typesets \\(…\\), \\[…\\], $…$, $$…$$ and bare \\begin{align}", () => {
    for (const src of ["a \\(x^2\\) b", "\\[y^2\\]", "$x$", "$$y$$", "\\begin{align}a &= b\\end{align}"]) {
      const html = renderMarkdown(src);
      expect(html, src).toContain('class="katex"');
      expect(html, src).not.toMatch(/\(x\^2\)|\[y\^2\]/);
    }
  });
  it("fails, naming the notebook and cell, on markup it cannot render", () => {
    expect(() => renderMarkdown("a $ alone")).toThrow(/\$ that is not typeset/);
    expect(() => renderMarkdown("**not bold **x")).toThrow(/\*\* that did not become bold/);
    expect(() => renderMarkdown("$\\frac{1}$")).toThrow(/math could not be rendered/);
    expect(() => renderNotebookPage(md("# T\n\nfine\n\n\\(\\frac{1}\\)"), { title: "T", prev: null, next: null })).toThrow(/markdown cell 1/);
    expect(renderMarkdown("costs \\$5")).toContain("$5");
  });
});

describe("figures refuse TeX Plotly cannot typeset", () => {
  const fig = (title: string, name = "L") => ({ data: [{ type: "scatter", x: [0], y: [0], name }], layout: { title: { text: title }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" } } } });
  it("rejects $…$, \\commands, x_{n+1} and H_uni with a message that says what to write", () => {
    expect(() => validateFigure(fig("$\\phi(c)$"))).toThrow(/TeX-like text .*phi.*Plotly cannot typeset.*<sub>/);
    expect(() => validateFigure(fig("ok", "I(x_n; x_{n+1})"))).toThrow(/trace 0: "name"/);
    expect(() => validateFigure(fig("L = H_uni"))).toThrow(/H_u/);
    expect(() => validateFigure(fig("I(x<sub>n</sub>; x<sub>n+1</sub>), φ(c), p + q < 1", "H<sub>uni</sub>"))).not.toThrow();
  });
  it("plain-text subscripts become <sub> outside math", () => {
    expect(plainSubscripts("H_bi, x_{n+1}, $x_1$")).toBe("H<sub>bi</sub>, x<sub>n+1</sub>, $x_1$");
  });
});

describe("check boxes and numbers", () => {
  it("read numbers at sensible precision, counts as counts", () => {
    expect(readableNumber(0.666278134)).toBe("0.6663");
    expect(readableNumber(3.05e-12)).toBe("3.05 × 10⁻¹²");
    expect(readableNumber(19)).toBe("19");
    expect(checkParts(rec({ relation: "=", measured: 19, expected: 19, tolerance: null })).measured).toBe("19 of 19");
    expect(checkParts(rec({ relation: "=", measured: 1, expected: 1, tolerance: null })).measured).toBe("1");
    expect(checkParts(rec({ measured: 0.66628, expected: 0.6663, tolerance: 1e-6 })).measured).toBe("0.66628");
  });
  it("show the claim in the prose font with a labelled line and the kind", () => {
    const html = checkBoxHtml(rec({ kind: "paper" }));
    expect(html).not.toContain("monospace");
    expect(html).toMatch(/measured.*test.*verdict: reproduced.*kind<\/span> paper, Thm 1/s);
    const obs = checkBoxHtml(evaluate({ id: "o1", claim: "E is not conserved", measured: 0.3, relation: "≥", expected: 0.1, kind: "observation" }));
    expect(obs).toMatch(/measured.*expected.*holds.*kind<\/span> observation/s);
    expect(obs).not.toContain("✔");
    expect(html).toContain('id="check-c1"');
    expect(html).toContain("H<sub>bi</sub>");
  });
  it("render claims' math with KaTeX in the book", () => {
    expect(renderMathText("L = H_bi on $\\Gamma^\\star$")).toMatch(/H<sub>bi<\/sub> on <span class="katex">/);
  });
});

describe("the index", () => {
  const entries = [
    { href: "00-a.html", name: "00-a", title: "Intro", summary: "How it runs.", paper: null, seconds: 1, claims: [rec({ notebook: "00-a", id: "i1", kind: "consistency" })] },
    { href: "01-b.html", name: "01-b", title: "Markov", summary: "The chain $(p, q)$ and **reconstructions**.", paper: "local-to-global", seconds: 2, claims: [rec({ notebook: "01-b", kind: null, verdict: null, expect: null }), rec({ notebook: "01-b", id: "c2", relation: "=", measured: 19, expected: 19, tolerance: null, kind: "paper" }), rec({ notebook: "01-b", id: "c3", source: "Fig. 4 caption", measured: 0.2, holds: false, verdict: "not reproduced", expect: "not reproduced" })] },
    { href: "02-c.html", name: "02-c", title: "Thm 1", summary: "More.", paper: null, seconds: 3, claims: [] },
  ];
  const html = renderIndex(entries, { profile: "quick", seed: 1, date: "today", versions: {}, totalSeconds: 6 });
  it("renders summaries through markdown + KaTeX", () => {
    expect(html).toContain("<strong>reconstructions</strong>");
    expect(html).not.toContain("$(p, q)$");
  });
  it("groups claims by notebook, links ids to their check boxes, reads counts and kinds", () => {
    expect(html).toContain('id="claims-01"');
    expect(html).toContain('href="01-b.html#check-c2"><code>c2</code>');
    expect(html).toContain("19 of 19");
    expect(html).toMatch(/01 · Markov<\/a> <span class="count">2 paper · 1 without a kind/);
    expect(html).toContain("<h4>checks without a kind (1)</h4>");
    expect(html).toContain("<h4>claims of the paper (2)</h4>");
    expect(html).toContain("<h4>consistency checks (1)</h4>");
  });
  it("says which papers are covered and which are coming, from the notebooks present", () => {
    expect(html).toMatch(/covered<\/span> <a href="[^"]+"><i>Local to Global[^<]*<\/i><\/a> \(Makkuva et al\., NeurIPS 2024\) — notebooks <a href="01-b.html">01<\/a>, <a href="02-c.html">02<\/a>/);
    expect(html).toMatch(/coming<\/span> <a [^>]+><i>Unraveling the Gradient Descent Dynamics of Transformers/);
    expect(html).toContain("1 of 3 papers covered");
    expect(assignPapers([null, "a", null, "b", null])).toEqual([null, "a", "a", "b", "b"]);
    expect(detectPaper(md("# X\n\nSong, Han, Zhang, *Unraveling the Gradient Descent Dynamics of Transformers*"))).toBe("gd-dynamics-softmax-gaussian");
    expect(detectPaper({ ...md("# X"), metadata: { paper: "mean-field-global-convergence" } })).toBe("mean-field-global-convergence");
  });
});

describe("the index tells the verdicts at a glance", () => {
  const c = (id: string, verdict: ClaimRecord["verdict"], source: string) =>
    rec({ id, verdict, expect: verdict, source, holds: verdict === "reproduced" });
  const entries = [
    { href: "01-b.html", name: "01-b", title: "Markov", summary: "x", paper: "local-to-global", seconds: 2, claims: [c("a", "reproduced", "Thm 1"), c("b", "reproduced", "Lemma 1"), c("d", "not reproduced", "Fig. 4 caption")] },
    { href: "02-c.html", name: "02-c", title: "Thm 2", summary: "y", paper: null, seconds: 3, claims: [c("e", "partly reproduced", "Thm 2"), rec({ id: "f", kind: "observation", verdict: null, expect: null })] },
  ];
  const html = renderIndex(entries, { profile: "full", seed: 1, date: "today", versions: {}, totalSeconds: 6 });
  const paperLine = /<div class="paper-verdicts">(.*?)<\/div>/.exec(html)?.[1] ?? "";
  it("per paper: how many of its claims are tested, verdict counts, the not-reproduced ones named and linked", () => {
    expect(paperLine).toMatch(/4 claims of the paper tested/);
    expect(paperLine).toMatch(/✔ 2 reproduced/);
    expect(paperLine).toMatch(/✘ 1 not reproduced<\/span> \(<a href="01-b.html#check-d">Fig\. 4 caption<\/a>\)/);
    expect(paperLine).toMatch(/◐ 1 partly reproduced<\/span> \(<a href="02-c.html#check-e">Thm 2<\/a>\)/);
  });
  it("a one-line verdict per notebook card, and no green tick for what is not reproduced", () => {
    expect(html).toMatch(/01 · Markov.*✔ 2 reproduced.*✘ 1 not reproduced.*Fig\. 4 caption/s);
    const row = /<tr[^>]*outcome-not-reproduced[^>]*>.*?<\/tr>/s.exec(html)?.[0] ?? "";
    expect(row).toContain("✘");
    expect(row).not.toContain("✔");
    expect(row).not.toContain("#007a5a");
  });
});

describe("code folding", () => {
  const cell = (lines: number, outputs: unknown[] = []) => ({ cell_type: "code" as const, source: Array.from({ length: lines }, (_, i) => `x${i};\n`), metadata: {}, outputs: outputs as never, execution_count: null });
  it("folds long cells and check-only cells, keeps short figure cells open", () => {
    expect(shouldFold(cell(20))).toBe(true);
    expect(shouldFold(cell(3))).toBe(false);
    expect(shouldFold(cell(5, [{ output_type: "display_data", data: { "application/vnd.tdyn.check+json": {} }, metadata: {} }]))).toBe(true);
  });
});

describe("before a full build the caches do not cover", () => {
  const nbs = ["notebooks/00-how-to-use-this-book.ipynb", "notebooks/05-x.ipynb", "notebooks/07-y.ipynb"];
  it("says what the uncached work costs and how to get the quick profile", () => {
    const seed7 = uncachedNotice(nbs, { profile: "full", seed: 7, recompute: false }) ?? "";
    expect(seed7).toMatch(/seed 7 is not the seed of the committed results \(2024\)/);
    expect(seed7).toMatch(/05: about \d+ min/);
    expect(seed7).toMatch(/07: about \d+ (min|s)/);
    expect(seed7).not.toMatch(/00:/);
    expect(seed7).toContain("npm run book -- --profile quick --seed 7");
    expect(uncachedNotice(nbs, { profile: "full", seed: 2024, recompute: true })).toMatch(/NB_RECOMPUTE=1 ignores the committed results/);
  });
  it("says nothing when the caches cover the request, in the quick profile, or for notebooks without caches", () => {
    expect(uncachedNotice(nbs, { profile: "full", seed: 2024, recompute: false })).toBeNull();
    expect(uncachedNotice(nbs, { profile: "quick", seed: 7, recompute: true })).toBeNull();
    expect(uncachedNotice(["notebooks/01-a.ipynb"], { profile: "full", seed: 7, recompute: false })).toBeNull();
  });
});
