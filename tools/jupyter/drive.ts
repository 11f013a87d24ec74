/**
 * Drives one real tslab kernel as a front end does (through tools/jupyter/drive_kernel.py and
 * jupyter_client): run cells, send Kernel > Interrupt in the middle of one, ask for history as
 * JupyterLab's New View does, and report what a reader would see and what the kernel went on doing.
 *
 * @example
 * const [train, after] = driveKernel(python, "notebooks", [
 *   { run: "await study(…)", interrupt_after: 2 },
 *   { run: "1 + 1" },
 * ]);
 * train.interrupt?.cpu_s_1_to_3; // CPU seconds the kernel used 1–3 s after the interrupt
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { jupyterEnv } from "./kernel";

export type DriveStep = { run: string; interrupt_after?: number; timeout?: number } | { history: true };

export interface CellReport {
  status: "ok" | "error" | "abort" | null;
  seconds: number;
  outputs: ({ stream: "stdout" | "stderr"; text: string } | { display_data: string } | { update_display_data: string })[];
  timed_out?: boolean;
  threads_before?: number;
  threads_after?: number;
  interrupt?: { reply_s: number | null; idle_s: number | null; late_messages: number; cpu_s_1_to_3: number | null };
  /** For a history request: the reply's type, and stream text it left in the last cell. */
  msg_type?: string;
  stray?: string[];
}

/** Runs `steps` in one fresh kernel whose working directory is `cwd`; one report per step. */
export function driveKernel(python: string, cwd: string, steps: DriveStep[], env: Record<string, string> = {}): CellReport[] {
  const script = path.join(__dirname, "drive_kernel.py");
  const r = spawnSync(python, [script, JSON.stringify({ cwd: path.resolve(cwd), steps })], {
    env: jupyterEnv({ ...process.env, ...env }),
    encoding: "utf8",
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`driving the kernel failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as CellReport[];
}

/** The text a cell wrote to stderr. */
export function stderrOf(report: CellReport): string {
  return report.outputs.map((o) => ("stream" in o && o.stream === "stderr" ? o.text : "")).join("");
}
