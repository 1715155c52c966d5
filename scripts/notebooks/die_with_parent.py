"""Tie a process's life to its parent's (Linux): PR_SET_PDEATHSIG makes the kernel send the process
SIGKILL when its parent dies, also when the parent is killed with kill -9.

Used by scripts/notebooks/nbexec.py for itself (its parent: `npm run reproduce`'s node process) and, as a
wrapper, for the Jupyter kernel it starts:
    python die_with_parent.py <parent-pid> <command> [args...]
sets the death signal, checks the parent is still <parent-pid> (it may have died before), then
execs the command (the death signal survives exec).
"""
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(expected_parent=None):
    """SIGKILL this process when its parent dies; exit now if the parent is already gone.
    A no-op where prctl is unavailable (not Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return
    except (OSError, AttributeError):
        return
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)


if __name__ == "__main__":
    parent, command = int(sys.argv[1]), sys.argv[2:]
    die_with_parent(parent)
    os.execvp(command[0], command)
