/** The runner names the cell, the folder and the option at fault (issue #20 item 6). */
import { spawnSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { NotebookFailed, runNotebook } from "../tools/book/run";

const ROOT = path.join(__dirname, "..");
const book = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "tools/book/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, err: r.stderr };
};

describe("what the runner blames", () => {
  it("names the cell tslab's compiler crashed on, with its error and a hint (was 'code cell 0, no cell had started')", async () => {
    let failure: NotebookFailed | undefined;
    try {
      await runNotebook(path.join(__dirname, "fixtures", "10-compiler-crash.ipynb"), { outDir: mkdtempSync(path.join(tmpdir(), "book-test-")), log: () => {} });
    } catch (e) {
      if (!(e instanceof NotebookFailed)) throw e;
      failure = e;
    }
    expect(failure?.cell).toBe(2);
    expect(failure?.source).toContain('import { helperValue } from "./crashing-helper"');
    expect(failure?.error).toMatch(/tslab's compiler crashed while compiling code cell 2/);
    expect(failure?.error).toMatch(/Hint: .*helper \.ts next to the notebook with top-level statements/);
    expect(failure?.error).toMatch(/TypeError: Cannot read properties of undefined/); // tslab's own error, kept
  }, 180_000);

  it("refuses --dir outside the project, saying the folder must be inside it (was \"Cannot find module 'tslab/dist/converter'\")", () => {
    const { status, err } = book("--dir", tmpdir());
    expect(status).toBe(2);
    expect(err).toMatch(/--dir .* is outside the project .*: the notebooks' folder must be inside the project/);
    expect(err).not.toMatch(/Cannot find module/);
  });

  it("names --seed and --profile when they were typed (was NB_SEED)", () => {
    const seed = book("00", "--seed", "0");
    expect(seed.status).toBe(2);
    expect(seed.err).toMatch(/^--seed must be a decimal integer in \[1, 4294967295\], got "0"/m);
    const profile = book("00", "--profile", "fast");
    expect(profile.err).toMatch(/^--profile must be "quick" or "full", got "fast"/m);
  });
});
