"""Drives one real tslab kernel through jupyter_client as a front end does, and reports what a
reader would see, as JSON on stdout. Used by tests/jupyter-interrupt.test.ts (tools/jupyter/drive.ts).

Input (argv[1]): {"cwd": folder, "steps": [step, ...]} where a step is
  {"run": code}                              run a cell to its end
  {"run": code, "interrupt_after": seconds}  run a cell, send Kernel > Interrupt after `seconds`
                                             (counted from its first output), then watch the kernel
  {"history": true}                          send a history_request (JupyterLab's New View does)
Output: one report per step: the reply's status, the cell's outputs (stream text and
display_data; `at`: seconds after the interrupt, or after the cell started), and for an interrupt: seconds from interrupt to reply and to idle, messages the
cell still sent 1 s or more after the interrupt, the kernel process's CPU seconds in the window
1-3 s after the interrupt, and its thread count before and 1 s after.
"""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def main():
    spec = json.loads(sys.argv[1])
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=spec["cwd"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
    reports = []
    try:
        for step in spec["steps"]:
            if step.get("history"):
                msg_id = kc.history(hist_access_type="tail", n=10)
                try:
                    reply = shell_reply(kc, msg_id, 10)
                except Exception:
                    reply = {"content": {}, "msg_type": None}  # unanswered
                time.sleep(0.5)
                reports.append({"status": reply["content"].get("status"), "msg_type": reply["msg_type"],
                                "stray": drain(kc), "outputs": []})
                continue
            reports.append(run(km, kc, pid, step))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(reports))


def shell_reply(kc, msg_id, timeout):
    end = time.time() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, end - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def drain(kc):
    """Outputs on iopub that belong to no request of ours (written into whatever cell ran last)."""
    out = []
    while True:
        try:
            m = kc.get_iopub_msg(timeout=0.2)
        except Exception:
            return out
        if m["msg_type"] == "stream":
            out.append(m["content"]["text"])


def run(km, kc, pid, step):
    msg_id = kc.execute(step["run"])
    t0 = time.time()
    outputs, late, status_idle = [], 0, None
    interrupt_after = step.get("interrupt_after")
    t_int = None
    first_output = None
    reply = None
    report = {}
    while True:
        now = time.time()
        if interrupt_after is not None and t_int is None and first_output is not None and now - first_output >= interrupt_after:
            report["threads_before"] = threads(pid)
            km.interrupt_kernel()
            t_int = time.time()
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            m = None
        if m is not None and m["parent_header"].get("msg_id") == msg_id:
            kind = m["msg_type"]
            if kind in ("stream", "display_data", "update_display_data") and first_output is None:
                first_output = time.time()
            if t_int is not None and time.time() - t_int >= 1.0 and kind != "status":
                late += 1
            at = round(time.time() - (t_int or t0), 3)
            if kind == "stream":
                outputs.append({"stream": m["content"]["name"], "text": m["content"]["text"], "at": at})
            elif kind in ("display_data", "update_display_data"):
                outputs.append({kind: m["content"]["data"].get("text/plain", ""), "at": at})
            elif kind == "status" and m["content"]["execution_state"] == "idle":
                status_idle = time.time()
        if reply is None:
            try:
                r = kc.get_shell_msg(timeout=0.01)
                if r["parent_header"].get("msg_id") == msg_id:
                    reply = r
                    report["reply_at"] = time.time()
            except Exception:
                pass
        if t_int is not None and time.time() - t_int >= 1.0 and "cpu_1s" not in report:
            report["cpu_1s"] = cpu_seconds(pid)
            report["threads_after"] = threads(pid)
        if t_int is not None and time.time() - t_int >= 3.0 and "cpu_3s" not in report:
            report["cpu_3s"] = cpu_seconds(pid)
        done = reply is not None and status_idle is not None
        if done and t_int is None:
            break
        if done and "cpu_3s" in report:
            break
        if time.time() - t0 > step.get("timeout", 300):
            report["timed_out"] = True
            break
    report.update({
        "status": reply["content"].get("status") if reply else None,
        "seconds": (report.get("reply_at", time.time()) - t0),
        "outputs": outputs,
    })
    if t_int is not None:
        report["interrupt"] = {
            "reply_s": (report["reply_at"] - t_int) if "reply_at" in report else None,
            "idle_s": (status_idle - t_int) if status_idle else None,
            "late_messages": late,
            "cpu_s_1_to_3": (report["cpu_3s"] - report["cpu_1s"]) if "cpu_3s" in report else None,
        }
    time.sleep(0.3)  # tslab drops requests that arrive within 200 ms of a failed cell
    return report


if __name__ == "__main__":
    main()
