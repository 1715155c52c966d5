"""The project's JupyterLab 4 server: a jupyterlab_server.LabServerApp serving the build of index.js
(lab-app/build, made by `npm run build` here) through Debian's python3-jupyter-server and
python3-jupyterlab-server. After JupyterLab's examples/app (tag v4.6.3).

Started by scripts/notebooks/lab.mjs (`npm run lab`); every argument goes to the Jupyter server
(--port, --no-browser, --ServerApp.token=..., --ServerApp.root_dir=...).
"""
import json
import os
import sys

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")
# Where the user's settings and workspaces go (gitignored); LATE_DECAY_LAB_STATE moves them (tests).
STATE = os.environ.get("LATE_DECAY_LAB_STATE") or os.path.join(HERE, "state")

# Configuration files of another Jupyter on this machine do not apply to this app.
os.environ["JUPYTER_NO_CONFIG"] = "1"

with open(os.path.join(HERE, "node_modules", "@jupyterlab", "application", "package.json")) as f:
    VERSION = json.load(f)["version"]


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": LateDecayLab}]


class LateDecayLab(LabServerApp):
    name = "late_decay_lab"
    extension_url = "/lab"
    default_url = "/lab/tree/notebooks"  # `/` opens the notebooks folder
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = VERSION
    app_settings_dir = os.path.join(HERE, "settings")  # overrides.json: no news or update checks
    schemas_dir = os.path.join(BUILD, "schemas")
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    themes_dir = os.path.join(BUILD, "themes")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")


def _cleanup_after_interrupt():
    """Shuts down the kernels and removes the server's runtime files when the loop stopped without it.

    jupyter-server 1.23 cleans up when it stops on SIGTERM or on a confirmed Ctrl-C, but a second Ctrl-C raises
    KeyboardInterrupt out of its loop ("Interrupted...") and it exits past its cleanup: the kernels stayed running,
    orphaned, with their connection files. Its own cleanup (ServerApp._cleanup) runs here on a fresh loop; after a
    clean stop it finds no kernel and nothing to remove.
    """
    import asyncio

    from jupyter_server.serverapp import ServerApp

    if not ServerApp.initialized():
        return
    app = ServerApp.instance()
    if getattr(app, "kernel_manager", None) is None or not app.kernel_manager.list_kernel_ids():
        return
    asyncio.run(app._cleanup())


if __name__ == "__main__":
    if not os.path.exists(os.path.join(BUILD, "bundle.js")):
        sys.exit(f"lab-app: {BUILD}/bundle.js is missing: build it with `npm run build` in {HERE} (npm run lab does)")
    try:
        LateDecayLab.launch_instance()
    finally:
        _cleanup_after_interrupt()
