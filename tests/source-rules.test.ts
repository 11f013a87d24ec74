/**
 * Rules that keep src/ loadable by tslab, which compiles it itself with its bundled TypeScript
 * 5.0 and resolves relative imports to files only (never a folder's index).
 */
import { readdirSync, readFileSync, statSync, existsSync } from "fs";
import { createRequire } from "module";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./tools";

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const SRC = tsFiles(path.join(ROOT, "src"));
const ts = createRequire(path.join(ROOT, "node_modules", "tslab", "package.json"))("@tslab/typescript-for-tslab");

describe("src/ stays loadable by tslab", () => {
  it("imports files, not folders, with relative paths", () => {
    const bad: string[] = [];
    for (const file of SRC) {
      const imports: { fileName: string }[] = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
      for (const { fileName: spec } of imports.filter((i) => i.fileName.startsWith("."))) {
        const target = path.resolve(path.dirname(file), spec);
        if (existsSync(`${target}.ts`) || existsSync(target) && /\.(c?js|json)$/.test(target)) continue;
        bad.push(`${path.relative(ROOT, file)}: "${spec}" ${existsSync(target) ? `is a folder; import "${spec}/index"` : "does not exist"}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("keeps figures above the models: only src/figures and src/index.ts import src/figures", () => {
    const FIGURES = path.join(ROOT, "src", "figures");
    const bad: string[] = [];
    for (const file of SRC) {
      if (file.startsWith(FIGURES + path.sep) || file === path.join(ROOT, "src", "index.ts")) continue;
      const imports: { fileName: string }[] = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
      for (const { fileName: spec } of imports.filter((i) => i.fileName.startsWith("."))) {
        const target = path.resolve(path.dirname(file), spec);
        if (target === FIGURES || target.startsWith(FIGURES + path.sep)) bad.push(`${path.relative(ROOT, file)} imports "${spec}"`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("parses with tslab's TypeScript 5.0 (no newer syntax)", () => {
    expect(ts.version).toMatch(/^5\.0\./);
    const errors: string[] = [];
    for (const file of SRC) {
      const out = ts.transpileModule(readFileSync(file, "utf8"), { fileName: file, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
      for (const d of out.diagnostics ?? []) errors.push(`${path.relative(ROOT, file)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
    expect(errors).toEqual([]);
  });
});

/**
 * Lower layers know nothing of higher ones. Each folder of src/ may import only the folders listed
 * for it (and itself); a folder not listed here is a new one, which must be given its place.
 */
const LAYERS: Record<string, readonly string[]> = {
  runtime: [],
  markov: ["runtime"],
  flows: ["runtime"],
  canonical: ["runtime", "markov", "flows"],
  attention: ["runtime", "markov", "canonical", "flows"],
  model: ["runtime", "markov", "canonical"],
  training: ["runtime", "markov", "canonical", "model"],
  meanfield: ["runtime"],
  kernels: ["runtime", "training"],
  figures: ["runtime", "markov", "canonical", "flows", "attention", "model", "training", "meanfield", "kernels"],
};

describe("the library's layers", () => {
  it("each folder imports only the layers below it, and nothing outside src/", () => {
    const bad: string[] = [];
    for (const file of SRC) {
      const rel = path.relative(path.join(ROOT, "src"), file);
      const folder = rel.includes(path.sep) ? rel.split(path.sep)[0] : null;
      if (folder === null) continue; // src/index.ts gathers everything
      const allowed = LAYERS[folder];
      if (!allowed) {
        bad.push(`src/${folder}/ has no place in LAYERS (tests/source-rules.test.ts)`);
        continue;
      }
      const imports: { fileName: string }[] = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
      for (const { fileName: spec } of imports.filter((i) => i.fileName.startsWith("."))) {
        const target = path.relative(path.join(ROOT, "src"), path.resolve(path.dirname(file), spec));
        const to = target.split(path.sep)[0];
        if (target.startsWith("..")) bad.push(`src/${rel} imports ${spec}, outside src/`);
        else if (to !== folder && !allowed.includes(to)) bad.push(`src/${rel} imports ${spec}: ${folder} may import only ${allowed.join(", ") || "itself"}`);
      }
    }
    expect([...new Set(bad)]).toEqual([]);
  });
});
