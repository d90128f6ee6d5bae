"""runtime-run-true: one container from an OCI bundle, start to finish: create, start,
wait for /bin/true, delete, on the same bundle (busybox rootfs, default namespaces).
crun and runc `run` (foreground) do exactly that cycle."""

from __future__ import annotations

import os
from pathlib import Path

from harness import Case, Tool, run_cmd
from cases.common import berth, cgroup_hybrid


def _state(ctx, tool: str):
    d = ctx.work / "state" / tool
    d.mkdir(parents=True, exist_ok=True)
    return d


def _id(tool: str, i: int) -> str:
    return f"bench-{tool}-{os.getpid()}-{i}"


def _namespace_file(ctx) -> Path:
    return ctx.work / "crun-mntns" / "mnt"


def _prepare_namespace(ctx):
    """crun 1.8 refuses the hybrid cgroup layout (see shared/DESIGN.md). Make, once, a mount
    namespace without the cgroup2 mount and keep it bound to a file, so each run only enters it
    with nsenter (about 1.5 ms, the "nsenter wrapper" row) instead of unsharing a new one
    (about 29 ms, mostly copying the host's mount table)."""
    ns = _namespace_file(ctx)
    if ns.exists() and run_cmd(["nsenter", f"--mount={ns}", "true"], check=False).returncode == 0:
        return
    folder = ns.parent
    folder.mkdir(parents=True, exist_ok=True)
    # The file that holds the namespace must sit on a private mount, or the bind propagates.
    if not os.path.ismount(folder):
        run_cmd(["mount", "--bind", str(folder), str(folder)])
        run_cmd(["mount", "--make-private", str(folder)])
    ns.touch()
    run_cmd(["unshare", f"--mount={ns}", "umount", "/sys/fs/cgroup/unified"])


def _remove_namespace(ctx):
    ns = _namespace_file(ctx)
    run_cmd(["umount", str(ns)], check=False)
    run_cmd(["umount", str(ns.parent)], check=False)


def _in_namespace(ctx, argv: list[str]) -> list[str]:
    if not cgroup_hybrid():
        return argv
    return ["nsenter", f"--mount={_namespace_file(ctx)}"] + argv


def _crun(ctx, i):
    return _in_namespace(ctx, ["crun", "--root", str(_state(ctx, "crun")), "run", "--bundle", str(ctx.inputs.bundle),
                               _id("crun", i)])


def _cleanup(tool):
    def f(ctx):
        if tool == "crun" and cgroup_hybrid():
            _remove_namespace(ctx)
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
        Tool("crun", needs=["crun", "unshare", "nsenter"], argv=_crun, cleanup=_cleanup("crun"),
             prepare=_prepare_namespace if cgroup_hybrid() else None,
             note="entered with nsenter into a mount namespace without /sys/fs/cgroup/unified (hybrid cgroups)"
             if cgroup_hybrid() else ""),
        Tool("runc", needs=["runc"], cleanup=_cleanup("runc"),
             argv=lambda ctx, i: ["runc", "--root", str(_state(ctx, "runc")), "run", "--bundle",
                                  str(ctx.inputs.bundle), _id("runc", i)]),
    ]
    if cgroup_hybrid():
        tools.append(Tool("nsenter wrapper", kind="baseline", needs=["nsenter"], prepare=_prepare_namespace,
                          cleanup=_remove_namespace,
                          argv=lambda ctx, i: _in_namespace(ctx, ["/bin/true"]),
                          note="crun's wrapper alone (nsenter into that namespace, exec /bin/true); "
                               "subtract it from crun's median for crun itself"))
    return tools


CASES = [
    Case(name="runtime-run-true", group="runtime",
         description="create + start + wait + delete of /bin/true from an OCI bundle (busybox rootfs)",
         tools=_tools()),
]
