"""Published ports on 127.0.0.1, two views:

port-rtt-100: 100 sequential HTTP/1.0 GETs (connect, request, response, close) to
  busybox httpd in a container through a published port: the forwarding path's
  latency (docker: docker-proxy, userland, since the harness runs dockerd with
  --iptables=false; podman: slirp4netns + rootlessport, chosen because podman's
  bridge ports would make netavark edit the host's iptables and ip_forward).
  A host httpd without a container is the baseline.
port-ab-2000: throughput, `ab -n 2000 -c 8` through the same kind of published port
  (reported as the time for all requests, so lower is faster as everywhere else).
port-ready: `run -d -p 127.0.0.1:P:8080 busybox httpd` until the first HTTP answer
  on the published port (container start + port set-up), removed after each run."""

from __future__ import annotations

import os
import socket
import subprocess
import time

from harness import Case, Tool, ToolError, run_cmd
from inputs import IMAGE_REF
from cases.common import berth_env, docker, docker_env, podman, podman_env, rm_force, wait_http
from services import free_port

REQUESTS = 100
HTTPD = ["httpd", "-f", "-p", "8080", "-h", "/www"]
_ports: dict[str, int] = {}
_procs: dict[str, subprocess.Popen] = {}


def _get(port: int) -> None:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(b"GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    if not data.startswith(b"HTTP/1.") or b" 200 " not in data.split(b"\r\n", 1)[0]:
        raise ToolError(f"unexpected answer on 127.0.0.1:{port}: {data[:120]!r}")


def _rtt(key: str):
    def measure(ctx, i):
        port = _ports[key]
        t0 = time.perf_counter()
        for _ in range(REQUESTS):
            _get(port)
        return {"port-rtt-100": (time.perf_counter() - t0) * 1000.0}
    return measure


AB_REQUESTS = 2000
AB_CONCURRENCY = 8


def _ab(key: str):
    """Throughput: `ab -n 2000 -c 8` through the published port; reported as the time ab
    took for all requests (lower is faster, like every other row)."""
    def measure(ctx, i):
        r = run_cmd(["ab", "-q", "-n", str(AB_REQUESTS), "-c", str(AB_CONCURRENCY),
                     f"http://127.0.0.1:{_ports[key]}/index.html"], timeout=300)
        failed = _ab_field(r.stdout, "Failed requests:")
        if failed is None or failed != 0:
            raise ToolError(f"ab: {failed} failed requests: {r.stdout[-400:]}")
        seconds = _ab_field(r.stdout, "Time taken for tests:")
        if seconds is None:
            raise ToolError(f"ab printed no time: {r.stdout[-400:]}")
        return {f"port-ab-{AB_REQUESTS}": seconds * 1000.0}
    return measure


def _ab_field(text: str, label: str):
    for line in text.splitlines():
        if line.startswith(label):
            try:
                return float(line[len(label):].split()[0])
            except (IndexError, ValueError):
                return None
    return None


def _engine_up(key, cli_fn, env_fn, extra):
    def prepare(ctx):
        port = free_port()
        _ports[key] = port
        name = f"bench-port-{key}"
        run_cmd([*rm_force(cli_fn(ctx)), name], env=env_fn(ctx), check=False)
        run_cmd([cli_fn(ctx), "run", "-d", "--name", name, *extra, "-p", f"127.0.0.1:{port}:8080",
                 IMAGE_REF, *HTTPD], env=env_fn(ctx))
        wait_http(port)
    return prepare


def _engine_down(key, cli_fn, env_fn):
    def cleanup(ctx):
        run_cmd([*rm_force(cli_fn(ctx)), f"bench-port-{key}"], env=env_fn(ctx), check=False)
    return cleanup


def _host_up(ctx):
    port = free_port()
    _ports["host"] = port
    _procs["host"] = subprocess.Popen(["busybox", "httpd", "-f", "-p", f"127.0.0.1:{port}", "-h",
                                       str(ctx.inputs.www)], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(port)


def _host_down(ctx):
    p = _procs.pop("host", None)
    if p is not None:
        p.terminate()
        p.wait(timeout=10)


def _ready(key, cli_fn, env_fn, extra):
    def measure(ctx, i):
        port = free_port()
        name = f"bench-ready-{key}-{os.getpid()}-{i}"
        argv = [cli_fn(ctx), "run", "-d", "--name", name, *extra, "-p", f"127.0.0.1:{port}:8080",
                IMAGE_REF, *HTTPD]
        env = dict(os.environ)
        env.update(env_fn(ctx))
        t0 = time.perf_counter()
        r = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=120)
        if r.returncode != 0:
            raise ToolError(f"`{' '.join(argv)}` exited {r.returncode}: {r.stderr.decode(errors='replace')[-800:]}")
        deadline = t0 + 60
        while True:
            try:
                _get(port)
                break
            except (OSError, ToolError):
                if time.perf_counter() > deadline:
                    raise ToolError(f"no answer on the published port 127.0.0.1:{port} within 60 s") from None
                time.sleep(0.001)
        ms = (time.perf_counter() - t0) * 1000.0
        run_cmd([*rm_force(cli_fn(ctx)), name], env=env_fn(ctx), check=False)
        return {"port-ready": ms}
    return measure


PODMAN_NET = ["--network", "slirp4netns"]

CASES = [
    Case(
        name="port-rtt-100", group="network",
        description=f"{REQUESTS} sequential HTTP GETs to busybox httpd through a published 127.0.0.1 port",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 measure=_rtt("berth"), env=berth_env,
                 prepare=_engine_up("berth", docker, berth_env, []),
                 cleanup=_engine_down("berth", docker, berth_env),
                 note="docker CLI -> berth daemon; iptables DNAT in OUTPUT (route_localnet), no userland proxy"),
            Tool("docker", needs=["dockerd"], services=["dockerd"], measure=_rtt("docker"),
                 prepare=_engine_up("docker", docker, docker_env, []),
                 cleanup=_engine_down("docker", docker, docker_env),
                 note="docker-proxy (userland; dockerd runs with --iptables=false)"),
            Tool("podman", needs=["podman", "slirp4netns"], services=["podman"], measure=_rtt("podman"),
                 prepare=_engine_up("podman", podman, podman_env, PODMAN_NET),
                 cleanup=_engine_down("podman", podman, podman_env),
                 note="--network slirp4netns (rootlessport); bridge ports would edit host iptables"),
            Tool("host httpd", kind="baseline", needs=["busybox"], measure=_rtt("host"),
                 prepare=_host_up, cleanup=_host_down,
                 note="busybox httpd on the host, no container, no forwarding"),
        ],
    ),
    Case(
        name=f"port-ab-{AB_REQUESTS}", group="network",
        description=f"throughput: `ab -n {AB_REQUESTS} -c {AB_CONCURRENCY}` through a published 127.0.0.1 port "
                    "(time for all requests)",
        tools=[
            Tool("berth", kind="berth", needs=["berth", "ab"], services=["berthd"],
                 measure=_ab("berth"), prepare=_engine_up("berth", docker, berth_env, []),
                 cleanup=_engine_down("berth", docker, berth_env),
                 note="docker CLI -> berth daemon; iptables DNAT, no userland proxy"),
            Tool("docker", needs=["dockerd", "ab"], services=["dockerd"], measure=_ab("docker"),
                 prepare=_engine_up("docker", docker, docker_env, []),
                 cleanup=_engine_down("docker", docker, docker_env),
                 note="docker-proxy (userland)"),
            Tool("podman", needs=["podman", "slirp4netns", "ab"], services=["podman"], measure=_ab("podman"),
                 prepare=_engine_up("podman", podman, podman_env, PODMAN_NET),
                 cleanup=_engine_down("podman", podman, podman_env),
                 note="--network slirp4netns (rootlessport)"),
            Tool("host httpd", kind="baseline", needs=["busybox", "ab"], measure=_ab("host"),
                 prepare=_host_up, cleanup=_host_down, note="busybox httpd on the host, no container"),
        ],
    ),
    Case(
        name="port-ready", group="network",
        description="`run -d -p 127.0.0.1:P:8080 busybox httpd` until the first HTTP 200 through the port",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 measure=_ready("berth", docker, berth_env, []),
                 note="docker CLI -> berth daemon: create, network attach, port, start"),
            Tool("docker", needs=["dockerd"], services=["dockerd"],
                 measure=_ready("docker", docker, docker_env, [])),
            Tool("podman", needs=["podman", "slirp4netns"], services=["podman"],
                 measure=_ready("podman", podman, podman_env, PODMAN_NET),
                 note="--network slirp4netns"),
        ],
    ),
]
