"""runtime-run-true: one container from an OCI bundle, start to finish: create, start,
wait for /bin/true, delete, on the same bundle (busybox rootfs, default namespaces).
crun and runc `run` (foreground) do exactly that cycle."""

from __future__ import annotations

import os
import shlex

from harness import Case, Tool, run_cmd
from cases.common import berth, cgroup_hybrid


def _state(ctx, tool: str):
    d = ctx.work / "state" / tool
    d.mkdir(parents=True, exist_ok=True)
    return d


def _id(tool: str, i: int) -> str:
    return f"bench-{tool}-{os.getpid()}-{i}"


def _crun(ctx, i):
    inner = ["crun", "--root", str(_state(ctx, "crun")), "run", "--bundle", str(ctx.inputs.bundle), _id("crun", i)]
    if not cgroup_hybrid():
        return inner
    # crun 1.8 refuses the hybrid cgroup layout: run it in a private mount namespace
    # without the cgroup2 mount (see shared/DESIGN.md). The wrapper's own cost is the
    # "unshare wrapper" baseline row.
    return ["unshare", "-m", "sh", "-c",
            "umount /sys/fs/cgroup/unified && exec " + " ".join(shlex.quote(a) for a in inner)]


def _wrapper(ctx, i):
    return ["unshare", "-m", "sh", "-c", "umount /sys/fs/cgroup/unified && exec /bin/true"]


def _cleanup(tool):
    def f(ctx):
        root = str(_state(ctx, tool))
        r = run_cmd([tool, "--root", root, "list", "-q"], check=False)
        for cid in r.stdout.split():
            run_cmd([tool, "--root", root, "delete", "-f", cid], check=False)
    return f


def _runtime_bin(ctx) -> str:
    """berth-runtime, built beside the berth binary."""
    return os.path.join(os.path.dirname(os.path.realpath(berth(ctx))), "berth-runtime")


def _tools():
    tools = [
        Tool("berth", kind="berth", needs=["berth"],
             argv=lambda ctx, i: [_runtime_bin(ctx), "run", "--bundle", str(ctx.inputs.bundle), _id("berth", i)],
             probe=lambda ctx: [_runtime_bin(ctx), "--help"], probe_expect="usage: berth-runtime",
             note="berth-runtime (the runtime's own small executable): namespaces, mounts, pivot_root, caps, "
                  "seccomp, cgroup v1"),
        Tool("berth runtime run", kind="berth", needs=["berth"],
             argv=lambda ctx, i: [berth(ctx), "runtime", "run", "--bundle", str(ctx.inputs.bundle), _id("berthcli", i)],
             note="the same through the full berth CLI (its start-up included)"),
        Tool("berth container run", kind="berth", needs=["berth"],
             argv=lambda ctx, i: [berth(ctx), "container", "run", "--root", str(_state(ctx, "berth-cli")), "--rm",
                                  "--network", "none", "--rootfs", str(ctx.inputs.rootfs), "true"],
             note="the CLI end to end: record, /etc files, config.json, detached shim, log, wait, delete"),
        Tool("crun", needs=["crun", "unshare"], argv=_crun, cleanup=_cleanup("crun"),
             note="in `unshare -m` with /sys/fs/cgroup/unified unmounted (hybrid cgroups)" if cgroup_hybrid() else ""),
        Tool("runc", needs=["runc"], cleanup=_cleanup("runc"),
             argv=lambda ctx, i: ["runc", "--root", str(_state(ctx, "runc")), "run", "--bundle",
                                  str(ctx.inputs.bundle), _id("runc", i)]),
    ]
    if cgroup_hybrid():
        tools.append(Tool("unshare wrapper", kind="baseline", needs=["unshare"], argv=_wrapper,
                          note="the crun wrapper alone (unshare -m, umount, exec /bin/true on the host)"))
    return tools


CASES = [
    Case(name="runtime-run-true", group="runtime",
         description="create + start + wait + delete of /bin/true from an OCI bundle (busybox rootfs)",
         tools=_tools()),
]
