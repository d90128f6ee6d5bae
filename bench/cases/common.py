"""Helpers shared by the case modules."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from harness import Ctx, ToolError, Unavailable, run_cmd
from services import children_of, comm_of, docker_cli, ppid_of  # noqa: F401 (re-exported)

SLEEP_SH = "trap 'exit 0' TERM; sleep 86400 & wait"


def berth(ctx: Ctx) -> str:
    return str(ctx.berth_bin)


def docker(ctx: Ctx) -> str:
    cli = docker_cli()
    if not cli:
        raise Unavailable("the docker client is not installed (Debian: docker.io)")
    return cli


def docker_env(ctx: Ctx) -> dict:
    return ctx.services.docker_env()


def podman_env(ctx: Ctx) -> dict:
    return ctx.services.podman_env()


def podman(ctx: Ctx) -> str:
    return shutil.which("podman") or "podman"


def berth_env(ctx: Ctx) -> dict:
    return ctx.services.berth_env()


def cgroup_hybrid() -> bool:
    """True when /sys/fs/cgroup/unified is a cgroup2 mount beside v1 hierarchies."""
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 4 and parts[4] == "/sys/fs/cgroup/unified" and " - cgroup2 " in line:
                    return True
    except OSError:
        pass
    return False


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_http(port: int, timeout: float = 30.0) -> None:
    from services import http_ok
    deadline = time.time() + timeout
    while time.time() < deadline:
        if http_ok("127.0.0.1", port, "/index.html", timeout=0.5):
            return
        time.sleep(0.05)
    raise ToolError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f} s")


def rm_force(cli: str) -> list[str]:
    """`rm -f` that kills at once: podman's rm -f waits 10 s for SIGTERM first, and
    busybox httpd as PID 1 ignores SIGTERM."""
    return [cli, "rm", "-f", "-t", "0"] if os.path.basename(cli) == "podman" else [cli, "rm", "-f"]


def rm_tree(p: Path) -> None:
    shutil.rmtree(p, ignore_errors=True)


__all__ = ["berth", "docker", "docker_env", "podman", "podman_env", "berth_env", "cgroup_hybrid",
           "rm_force", "rss_kib", "ppid_of", "comm_of", "children_of", "wait_http", "rm_tree", "run_cmd",
           "SLEEP_SH"]
