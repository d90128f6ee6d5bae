"""Memory at rest (MiB of resident set, VmRSS), measured once per tool, not timed:

daemon-idle-rss: the engine daemon(s) with no containers: dockerd + its containerd;
  sampled `runs` times, 0.5 s apart. podman has no daemon (n/a).
container-monitor-rss: the per-container monitor process, one sample per container,
  with max(3, runs) idle containers running: docker's containerd-shim-runc-v2,
  podman's conmon, berth's shim.
engine-growth-per-container: (daemon RSS with those containers - idle RSS) / count."""

from __future__ import annotations

import time

from harness import Case, Tool, Unavailable, run_cmd
from inputs import IMAGE_REF
from cases.common import (SLEEP_SH, berth_env, children_of, comm_of, docker, docker_env, podman,
                          podman_env, ppid_of, rm_force, rss_kib)

MIB = 1024.0


def _docker_daemon_kib(ctx) -> int:
    pid = ctx.services.get("dockerd")["pid"]
    total = rss_kib(pid)
    for c in children_of(pid):
        if comm_of(c) == "containerd":
            total += rss_kib(c)
    return total


def _idle_docker(ctx):
    samples = []
    for _ in range(max(ctx.runs, 1)):
        samples.append(_docker_daemon_kib(ctx) / MIB)
        time.sleep(0.5)
    return {"daemon-idle-rss": samples}


def _berth_daemon_kib(ctx) -> int:
    return rss_kib(ctx.services.get("berthd")["pid"])


def _idle_berth(ctx):
    samples = []
    for _ in range(max(ctx.runs, 1)):
        samples.append(_berth_daemon_kib(ctx) / MIB)
        time.sleep(0.5)
    return {"daemon-idle-rss": samples}


def _no_daemon(ctx):
    raise Unavailable("n/a: podman has no daemon; its per-container conmon is in container-monitor-rss")


def _monitors(cli_fn, env_fn, key, daemon_kib=None):
    def measure(ctx):
        count = max(3, ctx.runs)
        cli, env = cli_fn(ctx), env_fn(ctx)
        before = daemon_kib(ctx) if daemon_kib else None
        names = [f"bench-mem-{key}-{i}" for i in range(count)]
        out = {"container-monitor-rss": []}
        try:
            for n in names:
                run_cmd([*rm_force(cli), n], env=env, check=False)
                run_cmd([cli, "run", "-d", "--name", n, "--network", "none", IMAGE_REF, "sh", "-c", SLEEP_SH],
                        env=env)
            time.sleep(2)  # let the monitors settle
            for n in names:
                pid = int(run_cmd([cli, "inspect", "-f", "{{.State.Pid}}", n], env=env).stdout.strip())
                mon = ppid_of(pid)
                out["container-monitor-rss"].append(rss_kib(mon) / MIB)
                out.setdefault("_monitor_names", set()).add(comm_of(mon))
            if daemon_kib:
                out["engine-growth-per-container"] = [(daemon_kib(ctx) - before) / MIB / count]
        finally:
            run_cmd([*rm_force(cli), *names], env=env, check=False, timeout=300)
        out["_note"] = "monitor process: " + ", ".join(sorted(out.pop("_monitor_names", set())))
        return out
    return measure


CASES = [
    Case(
        name="daemon-idle-rss", group="memory", unit="MiB", mode="once",
        description="resident memory of the engine daemon(s) with no containers",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"], measure=_idle_berth,
                 note="berth daemon (no containerd: the daemon starts each container's shim itself)"),
            Tool("docker", needs=["dockerd"], services=["dockerd"], measure=_idle_docker,
                 note="dockerd + containerd"),
            Tool("podman", needs=["podman"], services=["podman"], measure=_no_daemon),
        ],
    ),
    Case(
        name="container-memory", group="memory", unit="MiB", mode="once",
        description="per-container monitor RSS (shim vs conmon) and daemon growth per idle container",
        metrics=["container-monitor-rss", "engine-growth-per-container"],
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 measure=_monitors(docker, berth_env, "berth", _berth_daemon_kib),
                 note="berth-shim per container; containers made with the docker CLI through berth's API"),
            Tool("docker", needs=["dockerd"], services=["dockerd"],
                 measure=_monitors(docker, docker_env, "docker", _docker_daemon_kib),
                 note="containerd-shim-runc-v2 per container"),
            Tool("podman", needs=["podman"], services=["podman"],
                 measure=_monitors(podman, podman_env, "podman"),
                 note="conmon per container; no daemon"),
        ],
    ),
]
