/**
 * The runner's faults, one kind per test (issue: "A runner you can trust"): work a cell leaves
 * running, a hung cell, an interrupted run, tslab's file watchers, a clone without symbolic links.
 * Each test runs a small fixture notebook in a real child process.
 */
import { spawn, spawnSync } from "child_process";
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { buildBook } from "../tools/book/build";
import { collectClaims } from "../tools/book/claims";
import { codeCells, readNotebook } from "../tools/book/ipynb";
import { NotebookFailed, runNotebook } from "../tools/book/run";
import { CHECK_MIME } from "../src/runtime/check";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = () => mkdtempSync(path.join(tmpdir(), "runner-faults-"));
const SLOW = { timeout: 180_000 };

async function failureOf(name: string, options: Partial<Parameters<typeof runNotebook>[1]> = {}): Promise<NotebookFailed> {
  try {
    await runNotebook(fixture(name), { outDir: tmp(), log: () => {}, ...options });
  } catch (e) {
    if (e instanceof NotebookFailed) return e;
    throw e;
  }
  throw new Error(`${name} was expected to fail`);
}

/** Notebook processes still alive for a fixture (the runner's child is `node child.cjs <notebook> …`). */
function processesFor(notebook: string): string[] {
  const ps = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).stdout;
  return ps.split("\n").filter((l) => l.includes("child.cjs") && l.includes(notebook));
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return what();
}

describe("work a cell leaves running", SLOW, () => {
  it("a false claim checked after its cell ended fails the run at that cell", async () => {
    const e = await failureOf("05-late-false-check.ipynb");
    expect(e.cell).toBe(2);
    expect(e.source).toContain("fixture-late-false");
    expect(e.error).toMatch(/CheckFailed: claim "fixture-late-false" failed: two plus two is five, checked late: 4 = 5/);
  });

  it("a true claim checked after its cell still counts, in that cell; an abandoned promise holds nothing", async () => {
    const t0 = Date.now();
    const run = await runNotebook(fixture("06-late-true-check.ipynb"), { outDir: tmp(), log: () => {} });
    const nb = readNotebook(run.executed);
    expect(collectClaims(nb, "06").map((c) => [c.id, c.pass])).toEqual([["fixture-late-true", true]]);
    const cells = codeCells(nb);
    expect(cells[1].outputs.some((o) => o.output_type === "display_data" && o.data[CHECK_MIME])).toBe(true);
    expect(cells[2].outputs.some((o) => o.output_type === "display_data")).toBe(false);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  it("every un-awaited rejection fails the run at the cell that started it, with every message", async () => {
    const e = await failureOf("07-unawaited-rejections.ipynb");
    expect(e.cell).toBe(2);
    expect(e.source).toContain("cell-two-starts-them");
    expect(e.error).toContain("first rejection from cell two");
    expect(e.error).toContain("second rejection from cell two");
    expect(e.error).toContain("reported while code cell 3 ran");
  });
});

describe("a hung cell", SLOW, () => {
  it("prints a heartbeat, stops at the time limit naming the cell, and leaves no process behind", async () => {
    const lines: string[] = [];
    // Generous: starting tslab takes seconds on a loaded machine, and the hang must be reached.
    const e = await failureOf("08-hangs.ipynb", { timeoutSeconds: 25, heartbeatSeconds: 1, log: (l) => lines.push(l) });
    expect(e.cell).toBe(2);
    expect(e.source).toContain("cell-two-hangs");
    expect(e.error).toMatch(/timed out after 25 s/);
    expect(lines.some((l) => /08-hangs\.ipynb · cell 2 running for \d+ s/.test(l)), lines.join("\n")).toBe(true);
    expect(await until(() => processesFor("08-hangs.ipynb").length === 0, 5000)).toBe(true);
  });

  it("an aborted build ends the notebook process and leaves no staging folder", async () => {
    const out = tmp();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 3000);
    await expect(
      buildBook({ notebooks: [fixture("08-hangs.ipynb")], outDir: out, profile: "quick", seed: 7, log: () => {}, signal: abort.signal }),
    ).rejects.toThrow(/stopped \(interrupted\)/);
    expect(readdirSync(out)).toEqual([]);
    expect(await until(() => processesFor("08-hangs.ipynb").length === 0, 5000)).toBe(true);
  });

  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${signal} to \`npm run book\` ends every child, writes nothing and exits ${code}`, async () => {
      const out = tmp();
      const cli = spawn(process.execPath, ["-r", "tsx/cjs", path.join(ROOT, "tools/book/cli.ts"), "--dir", FIXTURES, "08", "--out", out], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      cli.stderr.on("data", (c: Buffer) => (err += c.toString()));
      expect(await until(() => processesFor("08-hangs.ipynb").length > 0, 60_000), err).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      cli.kill(signal);
      const exit = await new Promise<number | null>((resolve) => cli.on("exit", (c) => resolve(c)));
      expect(exit, err).toBe(code);
      expect(err).toMatch(/no book was written/);
      expect(readdirSync(out)).toEqual([]);
      expect(await until(() => processesFor("08-hangs.ipynb").length === 0, 5000)).toBe(true);
    });
  }

  it("rejects a time limit that is not a positive number", async () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      await expect(runNotebook(fixture("01-passes.ipynb"), { outDir: tmp(), timeoutSeconds: bad })).rejects.toThrow(/timeoutSeconds/);
    }
    const r = spawnSync(process.execPath, ["-r", "tsx/cjs", path.join(ROOT, "tools/book/cli.ts"), "--dir", FIXTURES, "01", "--timeout", "soon"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--timeout must be a positive number of seconds, got "soon"/);
  });
});

describe("seeds at the door", () => {
  it("the command line accepts only decimal seeds in [1, 4294967295]", () => {
    for (const bad of ["4294967296", "0x10", "1e3"]) {
      const r = spawnSync(process.execPath, ["-r", "tsx/cjs", path.join(ROOT, "tools/book/cli.ts"), "--dir", FIXTURES, "01", "--seed", bad, "--out", tmp()], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(/^--seed must be a decimal integer in \[1, 4294967295\]/m);
    }
  });
});

describe("tslab's file watchers", SLOW, () => {
  it("a run completes while the files it imported are touched, replaced and hard-linked", async () => {
    const module = fixture("watched-module.ts");
    const original = readFileSync(module, "utf8");
    const packageFiles = ["node_modules/ml-matrix/package.json", "node_modules/@types/node/package.json", "node_modules/@types/node/fs.d.ts"].map((f) => path.join(ROOT, f));
    const scratch = path.join(ROOT, `.watch-test-link-${process.pid}`);
    let churns = 0;
    const churn = setInterval(() => {
      // What `npm ci` elsewhere does to package files (link counts change), and what an editor
      // does to a source file (write a copy, rename it over the original).
      for (const f of packageFiles) {
        try {
          linkSync(f, scratch);
        } finally {
          rmSync(scratch, { force: true });
        }
      }
      writeFileSync(`${module}.tmp`, original);
      renameSync(`${module}.tmp`, module);
      churns++;
    }, 150);
    try {
      const run = await runNotebook(fixture("09-watched-imports.ipynb"), { outDir: tmp(), log: () => {} });
      const out = codeCells(readNotebook(run.executed)).flatMap((c) => c.outputs);
      expect(out.filter((o) => o.output_type === "stream" && String(o.text).includes("cell 13")).length).toBe(1);
    } finally {
      clearInterval(churn);
      writeFileSync(module, original);
      rmSync(scratch, { force: true });
    }
    expect(churns).toBeGreaterThan(10);
  });
});

describe("a clone without symbolic links", () => {
  it("says what to do instead of 'Cannot find module'", async () => {
    // Inside the project: tslab is resolved from the notebook's folder upwards.
    mkdirSync(path.join(ROOT, "build"), { recursive: true });
    const dir = mkdtempSync(path.join(ROOT, "build", "no-symlinks-"));
    copyFileSync(fixture("01-passes.ipynb"), path.join(dir, "01-passes.ipynb"));
    writeFileSync(path.join(dir, "src"), "../src");
    await expect(runNotebook(path.join(dir, "01-passes.ipynb"), { outDir: tmp() })).rejects.toThrow(/made without symbolic links[\s\S]*core\.symlinks/);
    unlinkSync(path.join(dir, "src"));
    symlinkSync(path.join(ROOT, "src"), path.join(dir, "src"));
    await expect(runNotebook(path.join(dir, "01-passes.ipynb"), { outDir: tmp(), log: () => {} })).resolves.toMatchObject({ file: path.join(dir, "01-passes.ipynb") });
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
