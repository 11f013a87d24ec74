/**
 * Issue 21, item 6: `npm run export -- 00` writes ONE HTML file that, copied outside the project
 * and opened with every network request refused, draws every figure and shows typeset math with
 * KaTeX's own fonts.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { beforeAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../tools/book/browser-check";
import { ROOT, requireTool } from "./tools";

const chromium = requireTool("chromium");

describe("npm run export: one self-contained HTML file", () => {
  const outside = mkdtempSync(path.join(tmpdir(), "export-outside-"));
  const file = path.join(outside, "00.html");
  beforeAll(() => {
    const r = spawnSync(process.execPath, ["-r", "tsx/cjs", path.join(ROOT, "tools", "book", "export-cli.ts"), "00", "--out", file], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`export failed (exit ${r.status}):\n${r.stderr}`);
  }, 320_000);

  it("refers to no file beside it", () => {
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/<(?:link|script|img)\b[^>]*(?:src|href)="(?!data:)/);
    expect(html).toContain("KaTeX_Main");
  });

  it.runIf(chromium.run)("opened offline outside the project, draws every figure and typesets the math", async () => {
    const { chromium: c } = await import("playwright-core");
    const browser = await c.launch({ executablePath: chromiumPath() as string, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    try {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const network: string[] = [];
      page.on("request", (req) => {
        if (!/^(file|data):/.test(req.url())) network.push(req.url());
      });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".tdyn-figure")).every((el) => el.querySelector("svg.main-svg")), undefined, { timeout: 30_000 });
      const seen = await page.evaluate(async () => {
        await document.fonts.ready;
        return {
          figures: document.querySelectorAll(".tdyn-figure").length,
          drawn: document.querySelectorAll(".tdyn-figure svg.main-svg").length,
          formulas: document.querySelectorAll(".katex").length,
          katexFont: document.fonts.check("16px KaTeX_Main"),
          rawDollar: /\$[^$\s][^$]*\$/.test(document.body.innerText),
        };
      });
      expect(errors).toEqual([]);
      expect(network, "requests that needed a network").toEqual([]);
      expect(seen.figures).toBeGreaterThan(0);
      expect(seen.drawn).toBeGreaterThanOrEqual(seen.figures);
      expect(seen.formulas).toBeGreaterThan(0);
      expect(seen.katexFont).toBe(true);
      expect(seen.rawDollar).toBe(false);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
