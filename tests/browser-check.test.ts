/**
 * The browser check itself must catch what a reader would see wrong: raw markup in the text, a
 * figure with no drawn root, a title under the mode bar, tick labels clipped at the figure's edge.
 * Crafted pages, each with one fault, and one page with none.
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectPages, PageReport, problems } from "../tools/book/browser-check";
import { Figure, figureBundle } from "../src/runtime/figure";
import { withDefaults } from "../src/runtime/figure-defaults";
import { plotlyBundlePath } from "../src/runtime/show";
import { ROOT, requireTool } from "./tools";

const chromium = requireTool("chromium");
const base = (layout: Record<string, unknown> = {}): Figure => ({
  data: [{ type: "scatter", x: [0, 1, 2], y: [1, 0, 2], name: "L" }],
  layout: { title: { text: "A title" }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" } }, ...layout },
});
const page = (body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${pathToFileURL(plotlyBundlePath()).href}"></script></head><body style="margin:0">${body}</body></html>`;
const fig = (f: Figure, id: string) => String(figureBundle(f, id)["text/html"]);

describe.runIf(chromium.run)("the browser check catches what a reader would see wrong", () => {
  const dir = path.join(ROOT, "build", "browser-check-test");
  const pages: Record<string, string> = {
    clean: page(`<p>All typeset.</p>${fig(withDefaults(base({ title: { text: "A long title that runs on and on across the whole width of the figure, where the mode bar sits at the top right" } })), "f-ok")}`),
    raw: page(`<p>The loss $L(e, w)$ and \\(x^2\\) and **bold**.</p>`),
    undrawn: page(`<div id="f-empty" class="tdyn-figure" style="height:300px"></div>`),
    covered: page(fig(base({ title: { text: "A title far right, right under the mode bar", x: 1, xanchor: "right", y: 1, yref: "container", yanchor: "top", pad: { t: 0 } } }), "f-covered")),
    clipped: page(fig(base({ margin: { l: 0, t: 60 }, yaxis: { title: { text: "L" }, automargin: false, tickvals: [0, 1, 2], ticktext: ["a long tick label", "another long label", "and a third"] } }), "f-clipped")),
    // figureBundle does not validate: this is what a figure show() now refuses would look like in a page.
    lossy: page(fig({
      data: [{ type: "scatter", x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], y: [1, 0, 3, -4, 5, 6, 0, 8, 9, 10], name: "L" }],
      layout: { title: { text: "A log axis" }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" }, type: "log" } },
    }, "f-lossy")),
  };
  let reports: Record<string, PageReport>;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const names = Object.keys(pages);
    names.forEach((n) => writeFileSync(path.join(dir, `${n}.html`), pages[n]));
    const list = await inspectPages(names.map((n) => path.join(dir, `${n}.html`)));
    reports = Object.fromEntries(names.map((n, i) => [n, list[i]]));
  }, 120_000);

  it("passes a clean page with a long title (the defaults keep it clear of the mode bar)", () => {
    expect(problems(reports.clean)).toEqual([]);
  });
  it("fails raw $, \\( and ** in visible text", () => {
    expect(reports.raw.rawMarkup.length).toBe(3);
  });
  it("fails a figure with no drawn root", () => {
    expect(problems(reports.undrawn).join("\n")).toMatch(/not drawn/);
  });
  it("fails a title under the mode bar", () => {
    expect(problems(reports.covered).join("\n")).toMatch(/title covered by the mode bar/);
  });
  it("fails points a log axis dropped (was reported as rendered): points drawn against points given", () => {
    expect(problems(reports.lossy).join("\n")).toMatch(/points given but not drawn: trace 0 "L": 7 of 10 points drawn/);
    expect(reports.clean.figures[0].lostPoints).toEqual([]);
  });
  it("fails tick labels clipped at the figure's edge", () => {
    expect(problems(reports.clipped).join("\n")).toMatch(/tick labels clipped: y: /);
  });
});
