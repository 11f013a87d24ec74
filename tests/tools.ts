/**
 * Which external tools this machine has, for tests that need Jupyter or Chromium. Such tests
 * skip with a visible message when a tool is missing — unless REQUIRE_JUPYTER / REQUIRE_CHROMIUM
 * is set (CI sets both), in which case a missing tool is a failure, never a silent skip.
 */
import { createRequire } from "module";
import * as path from "path";
import { chromiumPath } from "../tools/book/browser-check";
import { probeJupyter } from "../tools/jupyter/kernel";

export const ROOT = path.resolve(__dirname, "..");

const jupyterProbe = probeJupyter();
export const jupyterPython = jupyterProbe.python;
export const chromium = chromiumPath();

export function requireTool(name: "jupyter" | "chromium"): { run: boolean; missingButRequired: boolean } {
  const have = name === "jupyter" ? jupyterPython !== null : chromium !== null;
  const required = name === "jupyter" ? !!process.env.REQUIRE_JUPYTER : !!process.env.REQUIRE_CHROMIUM;
  if (!have) {
    console.warn(
      `SKIPPED: tests that need ${name} (${name === "jupyter" ? jupyterProbe.reason : "not installed: apt-get install chromium"})` +
        (required ? " — but REQUIRE_" + name.toUpperCase() + " is set, so this run FAILS" : ""),
    );
  }
  return { run: have, missingButRequired: !have && required };
}

/** tslab's jupyter module, the one the runtime's display writes through. */
export function tslabJupyter(): { lastWriteDisplayData: unknown } {
  return createRequire(path.join(ROOT, "x.js"))("tslab/dist/jupyter");
}
