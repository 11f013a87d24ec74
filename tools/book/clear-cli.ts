/**
 * `npm run clear-outputs` — strips outputs and execution counts from every notebook in
 * notebooks/ (committed notebooks carry none; executed ones are build artifacts).
 */
import * as path from "path";
import { clearOutputs, hasOutputs, listNotebooks, readNotebook, writeNotebook } from "./ipynb";

const dir = path.resolve(__dirname, "..", "..", "notebooks");
for (const file of listNotebooks(dir)) {
  const nb = readNotebook(file);
  if (!hasOutputs(nb)) continue;
  writeNotebook(file, clearOutputs(nb));
  console.log(`cleared ${path.basename(file)}`);
}
