/**
 * Issue 21, item 2 (and 6's messages), in headless Chromium: a figure draws in every view of a
 * notebook (JupyterLab's File > New View renders the same output, with the same element id, a
 * second time), a figure whose script never runs (an untrusted notebook: Jupyter strips scripts)
 * says why in its box, and a figure that cannot load plotly.js names the real cause.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../tools/book/browser-check";
import { Figure, SCRIPT_DID_NOT_RUN, figureBundle } from "../src/runtime/figure";
import { IN_FILE, IN_JUPYTER } from "../src/runtime/plotly-loader";
import { ROOT, requireTool } from "./tools";

const chromium = requireTool("chromium");
const fig: Figure = {
  data: [{ type: "scatter", x: [0, 1, 2], y: [1, 0, 2], name: "L" }],
  layout: { title: { text: "A figure in two views" }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" } } },
};
const output = String(figureBundle(fig, "fig-views")["text/html"]);
const plotly = pathToFileURL(path.join(ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js")).href;

// The second view renders the output again later, as JupyterLab does: innerHTML, then each script
// element re-created so that it runs.
const TWO_VIEWS = `<!DOCTYPE html><html><head><script src="${plotly}"></script></head><body>
<div class="view">${output}</div><div class="view" id="second"></div>
<script>setTimeout(function () {
  var v = document.getElementById("second"); v.innerHTML = ${JSON.stringify(output).replace(/<\//g, "<\\/")};
  v.querySelectorAll("script").forEach(function (old) {
    var s = document.createElement("script"); s.textContent = old.textContent; old.replaceWith(s);
  });
}, 500);</script></body></html>`;

describe.runIf(chromium.run)("a figure's box in every view, and when it cannot draw", () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), "figure-views-"));
  beforeAll(async () => {
    const { chromium: c } = await import("playwright-core");
    browser = await c.launch({ executablePath: chromiumPath() as string, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  });
  afterAll(() => browser?.close());

  it("draws the figure in both views (File > New View)", async () => {
    const file = path.join(dir, "two-views.html");
    writeFileSync(file, TWO_VIEWS);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.querySelectorAll(".tdyn-figure svg.main-svg").length > 0);
    await page.waitForTimeout(1500);
    const drawn = await page.$$eval(".tdyn-figure", (els) => els.map((el) => !!el.querySelector("svg.main-svg")));
    expect(drawn).toEqual([true, true]);
    await page.close();
  }, 60_000);

  it("says why the box is empty when its script never runs (an untrusted notebook)", async () => {
    const file = path.join(dir, "untrusted.html");
    writeFileSync(file, `<!DOCTYPE html><html><body>${output}</body></html>`);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const box = await page.locator(".tdyn-figure").innerText();
    expect(box).toBe(SCRIPT_DID_NOT_RUN);
    expect(box).toContain("File > Trust Notebook");
    await context.close();
  }, 60_000);

  for (const [where, configData, message] of [
    ["a Jupyter server rooted below the project", `<script id="jupyter-config-data" type="application/json">{"baseUrl":"/"}</script>`, IN_JUPYTER],
    ["a page outside the project, offline", "", IN_FILE],
  ] as const) {
    it(`names the real cause when plotly.js cannot be loaded: ${where}`, async () => {
      const page = await browser.newPage();
      // Nothing but the page itself is reachable: no node_modules at the server's root, no CDN.
      await page.route("**/*", (route) =>
        route.request().url().endsWith("/notebooks/03.ipynb")
          ? route.fulfill({ contentType: "text/html", body: `<!DOCTYPE html><html><head>${configData}</head><body>${output}</body></html>` })
          : route.abort(),
      );
      await page.goto(`http://jupyter.invalid/${configData ? "lab/tree/" : ""}notebooks/03.ipynb`);
      await page.waitForFunction(() => document.querySelector(".tdyn-figure")?.hasAttribute("data-tdyn-failed"), undefined, { timeout: 30_000 });
      expect(await page.locator(".tdyn-figure").innerText()).toBe(message);
      await page.close();
    }, 60_000);
  }

  it("keeps plotly.js out of the output (the bundle is small)", () => {
    expect(output.length).toBeLessThan(8000);
    expect(readFileSync(path.join(ROOT, "src", "runtime", "figure.ts"), "utf8")).not.toContain("plotly.min.js\"");
  });
});
