/**
 * `npm run jupyter:check [-- <notebook>…]` — the real-kernel path end to end: executes every
 * notebook with `jupyter nbconvert --execute` and the tslab kernel (quick profile), exports HTML,
 * opens each page in headless Chromium and asserts that every figure the notebook emitted was
 * drawn. Exit 1 on any failure; exit 3 when Jupyter or Chromium is missing (nothing was checked).
 */
import * as path from "path";
import { chromiumPath, emittedFigures, inspectPages } from "../book/browser-check";
import { listNotebooks, readNotebook, selectNotebooks } from "../book/ipynb";
import { ROOT, findJupyterPython, installKernel, kernelInstalled } from "./kernel";
import { executeWithNbconvert } from "./nbconvert";

async function main(): Promise<number> {
  const python = findJupyterPython();
  if (!python) {
    console.error("jupyter:check: no Python with Jupyter (apt-get install jupyter-nbconvert): NOTHING CHECKED");
    return 3;
  }
  if (!chromiumPath()) {
    console.error("jupyter:check: no Chromium (apt-get install chromium): NOTHING CHECKED");
    return 3;
  }
  if (!kernelInstalled()) installKernel(python);
  const notebooks = selectNotebooks(listNotebooks(path.join(ROOT, "notebooks")), process.argv.slice(2));
  const outDir = path.join(ROOT, "build", "jupyter");
  let failures = 0;
  for (const nb of notebooks) {
    const run = executeWithNbconvert(python, nb, outDir, { env: { NB_PROFILE: "quick" } });
    const expected = emittedFigures(readNotebook(run.executed));
    const [report] = await inspectPages([run.html]);
    const drawn = report.figures.filter((f) => f.rendered).length;
    const ok = drawn === expected && report.figures.length === expected && report.pageErrors.length === 0;
    if (!ok) failures++;
    console.log(
      `${ok ? "✔" : "✘"} ${path.basename(nb)}: executed in ${run.seconds.toFixed(1)} s, ${drawn}/${expected} figures drawn in Chromium` +
        (report.pageErrors.length ? `, page errors: ${report.pageErrors.join("; ")}` : ""),
    );
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`✘ ${(e as Error).message}`);
    process.exit(1);
  },
);
