/**
 * Notebooks import the library as `./src/index`, through the symbolic link `notebooks/src` →
 * `../src` (tslab compiles only files under the notebook's folder). A clone made without symbolic
 * links (Windows without developer mode, `git config core.symlinks false`) has a small text file
 * there instead, and every notebook would fail with "Cannot find module './src/index'": say what
 * to do before running anything.
 *
 * @example
 * checkSourceLink("notebooks"); // throws with the fix when notebooks/src is not a working link
 */
import { existsSync, lstatSync, readFileSync } from "fs";
import * as path from "path";

export function checkSourceLink(notebooksDir: string): void {
  const link = path.join(notebooksDir, "src");
  const fix =
    "Notebooks import the library through the symbolic link notebooks/src -> ../src.\n" +
    "Re-clone with symbolic links on (`git clone -c core.symlinks=true …`; on Windows enable Developer Mode first),\n" +
    "or in this clone: `git config core.symlinks true && git checkout -- notebooks/src` (or create the link: `ln -s ../src notebooks/src`).";
  if (!existsSync(link) && !lstatExists(link)) throw new Error(`${link} is missing.\n${fix}`);
  const stat = lstatSync(link);
  if (!stat.isSymbolicLink()) {
    const what = stat.isFile() ? `a plain file (holding "${readFileSync(link, "utf8").trim().slice(0, 40)}"), not a link` : "not a symbolic link";
    throw new Error(`${link} is ${what}: this clone was made without symbolic links.\n${fix}`);
  }
  if (!existsSync(path.join(link, "index.ts"))) throw new Error(`${link} is a link, but ${path.join(link, "index.ts")} cannot be reached through it.\n${fix}`);
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
