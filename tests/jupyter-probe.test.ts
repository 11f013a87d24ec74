/**
 * The Jupyter probe names every missing module with its Debian and pip package (a Python that had
 * nbconvert but not IPython used to pass the probe and then fail in tslab's kernel installer).
 */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { JUPYTER_DEBIAN_PACKAGES, JUPYTER_MODULES, probeJupyter } from "../tools/jupyter/kernel";
import { readFileSync } from "fs";

const FAKE = path.join(__dirname, "fixtures", "python", "lacks-ipython-nbclient");

describe("the Jupyter probe", () => {
  it("names each missing module with the packages that bring it, for every Python tried", () => {
    const r = probeJupyter({}, [FAKE, "/nonexistent/python3"]);
    expect(r.python).toBeNull();
    expect(r.reason).toContain(`${FAKE} lacks IPython (Debian python3-ipython, pip ipython), nbclient (Debian python3-nbclient, pip nbclient)`);
    expect(r.reason).toContain("/nonexistent/python3 does not exist");
    expect(r.reason).toContain(`sudo apt-get install ${JUPYTER_DEBIAN_PACKAGES.join(" ")}`);
  });

  it("checks what tslab's kernel installer imports", () => {
    const installer = readFileSync(require.resolve("tslab/python/install.py"), "utf8");
    const imported = [...installer.matchAll(/^\s*(?:from|import) ([A-Za-z_][\w]*)/gm)].map((m) => m[1]);
    const standard = new Set(["__future__", "argparse", "json", "os", "sys"]);
    for (const m of imported.filter((x) => !standard.has(x))) expect(JUPYTER_MODULES.map((x) => x.module), m).toContain(m);
  });

  it("is what .ci/run and the README install", () => {
    const ci = readFileSync(path.join(__dirname, "..", ".ci", "run"), "utf8");
    const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    for (const pkg of JUPYTER_DEBIAN_PACKAGES) {
      expect(ci, `.ci/run installs ${pkg}`).toMatch(new RegExp(`apt-get install[^\\n]*\\b${pkg}\\b`));
      expect(readme, `README installs ${pkg}`).toMatch(new RegExp(`apt-get install[^\\n]*\\b${pkg}\\b`));
    }
  });
});
