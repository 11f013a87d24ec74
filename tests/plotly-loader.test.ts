/**
 * The figure's own plotly.js loader (src/runtime/plotly-loader.ts) inside a page laid out like a
 * Jupyter front end: a JupyterLab URL (`/lab/tree/<notebook>`), its `jupyter-config-data`, and
 * the server's `files/` route — served here by a tiny Node server, so the route is tested without
 * Jupyter. The figure must draw from the project's node_modules, loaded once for two figures.
 */
import { existsSync, readFileSync, statSync } from "fs";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectPages } from "../tools/book/browser-check";
import { Figure, figureBundle } from "../src/runtime/figure";
import { ROOT, requireTool } from "./tools";

const fig = (t: string): Figure => ({
  data: [{ type: "scatter", x: [0, 1], y: [1, 0], name: "L" }],
  layout: { title: { text: t }, xaxis: { title: { text: "t" } }, yaxis: { title: { text: "L" } } },
});

const chromium = requireTool("chromium");

describe.runIf(chromium.run)("a figure in a Jupyter-like page loads plotly.js through the server's files/ route", () => {
  let server: Server;
  const served: string[] = [];
  beforeAll(async () => {
    const outputs = [fig("A"), fig("B")].map((f, i) => String(figureBundle(f, `fig-${i}`)["text/html"])).join("\n");
    const page = `<!DOCTYPE html><html><head><script id="jupyter-config-data" type="application/json">{"baseUrl":"/user/x/"}</script></head><body>${outputs}</body></html>`;
    server = createServer((req, res) => {
      const url = decodeURIComponent(req.url ?? "");
      served.push(url);
      if (url.startsWith("/user/x/lab/tree/")) return res.end(page);
      const file = path.join(ROOT, url.replace(/^\/user\/x\/files\//, ""));
      if (url.startsWith("/user/x/files/") && file.startsWith(ROOT) && existsSync(file) && statSync(file).isFile()) {
        res.setHeader("Content-Type", "application/javascript");
        return res.end(readFileSync(file));
      }
      res.statusCode = 404;
      res.end("not found");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("draws both figures, fetching node_modules/plotly.js-dist-min once, climbing from the notebook's folder", async () => {
    const port = (server.address() as AddressInfo).port;
    const [report] = await inspectPages([`http://127.0.0.1:${port}/user/x/lab/tree/tests/fixtures/some.ipynb`]);
    expect(report.pageErrors).toEqual([]);
    expect(report.figures.map((f) => f.rendered)).toEqual([true, true]);
    const tried = served.filter((u) => u.includes("plotly.min.js"));
    expect(tried).toEqual([
      "/user/x/files/tests/fixtures/node_modules/plotly.js-dist-min/plotly.min.js",
      "/user/x/files/tests/node_modules/plotly.js-dist-min/plotly.min.js",
      "/user/x/files/node_modules/plotly.js-dist-min/plotly.min.js",
    ]);
  }, 60_000);
});
