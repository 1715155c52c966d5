"""Execute one notebook headless through a Jupyter kernel and export it to HTML.

Called by scripts/notebooks/reproduce.mjs with the Python that bootstrap found (JUPYTER_PATH set
to the project-local kernelspecs). Prints progress per cell on stderr, a heartbeat
every --heartbeat seconds for long cells, and exits non-zero on the first failure:
an `error` output, an execute_reply with status error/abort(ed), a cell timeout,
a dead kernel, or an HTML output that nbconvert cannot represent. The executed
notebook is written even when execution fails, for inspection.

usage: nbexec.py NOTEBOOK_IN NOTEBOOK_OUT [--html OUT.html] [--cwd DIR]
                 [--kernel tslab] [--timeout SECONDS] [--name LABEL]
"""
import argparse
import json
import sys
import re
import html as html_lib
import threading
import time
import os
import signal
import warnings

warnings.filterwarnings("ignore", category=ResourceWarning)

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from die_with_parent import die_with_parent

# When the runner (`npm run reproduce`'s node process) dies, even by kill -9, this process and the
# kernel it starts die too: the kernel is started through die_with_parent.py (see create_kernel_manager).
DIE_WITH_PARENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "die_with_parent.py")

FAILED_STATUSES = {"error", "abort", "aborted"}
MAX_ERROR_CHARS = 3000


class CellFailure(Exception):
    """The first failing cell: index, first source line and error text."""

    def __init__(self, index, cell, reason):
        self.index, self.first_line = index, first_line(cell)
        super().__init__(f"cell[{index}] `{self.first_line}`: {reason}")


def first_line(cell):
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    return lines[0].strip()[:100] if lines else ""


def error_text(cell):
    """Error outputs (ename: evalue + traceback) and stderr streams of a cell."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}\n" + "\n".join(out.get("traceback", [])))
        elif out.output_type == "stream" and out.name == "stderr":
            parts.append(out.text)
    text = "\n".join(parts).strip()
    return text[:MAX_ERROR_CHARS] + ("…" if len(text) > MAX_ERROR_CHARS else "")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


PROGRESS_TEXT = re.compile(r'class="late-decay-progress".*?<code>(.*?)</code>', re.S)


def latest_progress(cell):
    """Text of the cell's in-place progress display (src/notebook/progress.ts), if any."""
    for out in reversed(getattr(cell, "outputs", None) or []):
        html = out.get("data", {}).get("text/html", "")
        m = PROGRESS_TEXT.search(html if isinstance(html, str) else "".join(html))
        if m:
            return html_lib.unescape(m.group(1))
    return None


class Progress:
    """Per-cell start/end lines plus a heartbeat thread for long cells."""

    def __init__(self, name, n_cells, heartbeat_s):
        self.name, self.n_cells, self.heartbeat_s = name, n_cells, heartbeat_s
        self.current = None  # (index, first line, start time)
        self.cell = None
        self.ctrl_c = None
        self.last_beat = 0.0
        self.stop = threading.Event()
        threading.Thread(target=self._beat, daemon=True).start()

    def _beat(self):
        # a line every heartbeat_s of each cell's own running time (checked every second)
        while not self.stop.wait(1.0):
            cur, cell = self.current, self.cell
            if cur and time.time() - max(cur[2], self.last_beat) >= self.heartbeat_s:
                self.last_beat = time.time()
                shown = latest_progress(cell)
                log(f"[{self.name}]   … cell[{cur[0]}] still running, {time.time() - cur[2]:.0f}s" + (f": {shown}" if shown else ""))

    def start(self, cell, cell_index, **_):
        if cell.cell_type == "code" and cell.source.strip():
            self.current = (cell_index, first_line(cell), time.time())
            self.cell = cell
            log(f"[{self.name}] cell[{cell_index}] {self.current[1]}")

    def executed(self, cell, cell_index, execute_reply, **_):
        elapsed = time.time() - self.current[2]
        self.current = None
        status = execute_reply.get("content", {}).get("status", "?")
        log(f"[{self.name}]   {status} {elapsed:.1f}s")
        failed = status in FAILED_STATUSES or any(o.output_type == "error" for o in cell.outputs)
        if failed and self.ctrl_c is not None and self.ctrl_c.count:
            self.ctrl_c.abort(cell_index)
        if status in FAILED_STATUSES:
            detail = error_text(cell) or f"execute_reply status {status!r}"
            if status != "error":
                detail = f"execution {status} by the kernel (an earlier request failed?)\n{detail}"
            raise CellFailure(cell_index, cell, detail)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            raise CellFailure(cell_index, cell, error_text(cell))


class QuietShutdownClient(NotebookClient):
    """Stops the heartbeat channel before the kernel is asked to shut down. Otherwise a heartbeat
    ping that arrives while tslab closes its sockets makes tslab reply on the closed socket, and
    the kernel prints "Error: Socket is closed ... jupyter.js:510" (EBADF) as it exits (seen
    intermittently after successful runs of notebooks 05 and 06 on a loaded machine; harmless)."""

    def create_kernel_manager(self):
        """The kernel runs as `python die_with_parent.py <this pid> <kernelspec argv>`: SIGKILLed when we die."""
        km = super().create_kernel_manager()
        km.kernel_spec.argv = [sys.executable, DIE_WITH_PARENT, str(os.getpid()), *km.kernel_spec.argv]
        return km

    async def _async_cleanup_kernel(self):
        kc = getattr(self, "kc", None)
        if kc is not None and kc.hb_channel.is_alive():
            kc.hb_channel.stop()
        await super()._async_cleanup_kernel()


class CtrlC:
    """SIGUSR1 handler: scripts/notebooks/reproduce.mjs runs this script in its own process group and turns the user's
    Ctrl-C into SIGUSR1 (nbclient's own SIGINT handler would shut the kernel down mid-cell). The first one
    interrupts the kernel like Jupyter's stop button, so the running cell ends with CancelledError within one training
    step or grid chunk and everything finished so far stays cached; a second one, or one while no
    kernel runs, raises KeyboardInterrupt."""

    def __init__(self, name, nb, out_path):
        self.name, self.nb, self.out_path, self.client, self.count = name, nb, out_path, None, 0

    def kernel_pid(self):
        km = getattr(self.client, "km", None)
        return getattr(getattr(km, "provisioner", None), "pid", None) if km is not None else None

    def abort(self, cell_index):
        """The interrupted cell has ended: save the notebook, report, kill the kernel and exit at once
        (nbclient's own shutdown of an interrupted kernel fails with a chain of tracebacks)."""
        nbformat.write(self.nb, self.out_path)
        error = f"notebook {self.name} interrupted (Ctrl-C) at cell[{cell_index}]"
        log(f"[{self.name}] {error}")
        print(json.dumps({"ok": False, "error": error}), flush=True)
        pid = self.kernel_pid()
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os._exit(1)

    def __call__(self, signum, frame):
        self.count += 1
        pid = self.kernel_pid()
        if self.count == 1 and pid:
            log(f"[{self.name}] Ctrl-C: interrupting the kernel; the running cell stops within one step")
            os.kill(pid, signal.SIGINT)
            return
        raise KeyboardInterrupt


def execute(nb, args, progress, ctrl_c=None):
    client = QuietShutdownClient(
        nb, kernel_name=args.kernel, timeout=args.timeout, allow_errors=True,
        resources={"metadata": {"path": args.cwd}},
        on_cell_start=progress.start, on_cell_executed=progress.executed,
    )
    if ctrl_c is not None:
        ctrl_c.client = client
    started = time.time()
    try:
        client.execute()
    except CellTimeoutError as e:
        idx, line, _ = progress.current or (-1, "?", 0)
        raise CellFailure(idx, nb.cells[idx], f"timed out after {args.timeout}s\n{e}") from None
    except DeadKernelError as e:
        idx = progress.current[0] if progress.current else -1
        raise CellFailure(idx, nb.cells[idx], f"kernel died: {e}") from None
    finally:
        progress.stop.set()
    return time.time() - started


def export_html(nb, path):
    """nbconvert HTML (lab template), titled by the file's name (e.g. "01-late-decay"); a warning
    that an output cannot be represented is an error."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    name = os.path.splitext(os.path.basename(path))[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    bad = [str(w.message) for w in caught if "not able to be represented" in str(w.message)]
    if bad:
        raise RuntimeError("HTML export: " + "; ".join(bad))
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebook_in")
    p.add_argument("notebook_out")
    p.add_argument("--html")
    p.add_argument("--cwd", default=".")
    p.add_argument("--kernel", default="tslab")
    p.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    p.add_argument("--heartbeat", type=float, default=30.0)
    p.add_argument("--name", default=None)
    args = p.parse_args()
    name = args.name or args.notebook_in
    nb = nbformat.read(args.notebook_in, as_version=4)
    progress = Progress(name, len(nb.cells), args.heartbeat)
    log(f"[{name}] {len(nb.cells)} cells (cell[i] = i-th cell from 0, markdown included), kernel {args.kernel}, cwd {args.cwd}")
    failure = None
    ctrl_c = CtrlC(name, nb, args.notebook_out)
    progress.ctrl_c = ctrl_c
    signal.signal(signal.SIGUSR1, ctrl_c)
    try:
        elapsed = execute(nb, args, progress, ctrl_c)
        log(f"[{name}] executed in {elapsed:.1f}s")
    except CellFailure as e:
        failure = f"notebook {name} failed at {e}" if not ctrl_c.count else f"notebook {name} interrupted (Ctrl-C) at cell[{e.index}]"
    finally:
        nbformat.write(nb, args.notebook_out)
    if failure is None and args.html:
        try:
            export_html(nb, args.html)
        except RuntimeError as e:
            failure = f"notebook {name}: {e}"
    if failure:
        log(f"FAILED: {failure}")
        print(json.dumps({"ok": False, "error": failure}))
        sys.exit(1)
    print(json.dumps({"ok": True}))


def close_event_loops():
    """jupyter_core's run_sync (used by nbclient) keeps one asyncio loop per thread open; close them,
    or Python warns "unclosed event loop" at exit (when its warning filters are already gone)."""
    try:
        from jupyter_core.utils import _loop_map
    except ImportError:
        return
    for loop in list(_loop_map.values()):
        if not loop.is_running() and not loop.is_closed():
            loop.close()
    _loop_map.clear()


if __name__ == "__main__":
    die_with_parent()
    try:
        main()
    finally:
        close_event_loops()
