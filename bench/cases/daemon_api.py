"""api-list-100: `GET /containers/json?all=1` on the engine's socket with 100 containers
(created, not started, with compose-like labels), timed per request from Python's
http.client over the UNIX socket (no CLI in the path): berth daemon vs dockerd. The
containers are made once per tool before the warm-up and removed at the end."""

from __future__ import annotations

import time

from harness import Case, Tool, ToolError, run_cmd
from inputs import IMAGE_REF
from cases.common import berth_env, docker, docker_env
from services import BERTH_SOCK, DOCKER_SOCK, _UnixHTTP

COUNT = 100
REQUESTS = 20


def _names(key: str) -> list[str]:
    return [f"bench-list-{key}-{i:03d}" for i in range(COUNT)]


def _make(key, env_fn):
    def prepare(ctx):
        env = env_fn(ctx)
        run_cmd([docker(ctx), "rm", "-f", *_names(key)], env=env, check=False, timeout=300)
        for i, name in enumerate(_names(key)):
            run_cmd([docker(ctx), "create", "--name", name, "--network", "none",
                     "--label", "com.docker.compose.project=benchlist", "--label",
                     f"com.docker.compose.service=s{i:03d}", IMAGE_REF, "true"], env=env)
    return prepare


def _remove(key, env_fn):
    def cleanup(ctx):
        run_cmd([docker(ctx), "rm", "-f", *_names(key)], env=env_fn(ctx), check=False, timeout=300)
    return cleanup


def _list(sock: str):
    def measure(ctx, i):
        total = 0.0
        for _ in range(REQUESTS):
            conn = _UnixHTTP(sock, timeout=30)
            t0 = time.perf_counter()
            conn.request("GET", "/containers/json?all=1")
            response = conn.getresponse()
            body = response.read()
            total += time.perf_counter() - t0
            conn.close()
            listed = body.count(b'"Id"')
            if response.status != 200 or listed < COUNT:
                raise ToolError(f"GET /containers/json: status {response.status}, {listed} containers")
        return {"api-list-100": total / REQUESTS * 1000.0}
    return measure


CASES = [
    Case(
        name="api-list-100", group="daemon",
        description=f"GET /containers/json?all=1 with {COUNT} containers (mean of {REQUESTS} requests per run)",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"], measure=_list(BERTH_SOCK),
                 prepare=_make("berth", berth_env), cleanup=_remove("berth", berth_env),
                 note="berth daemon; containers made with the docker CLI"),
            Tool("docker", needs=["dockerd"], services=["dockerd"], measure=_list(DOCKER_SOCK),
                 prepare=_make("docker", docker_env), cleanup=_remove("docker", docker_env),
                 note="dockerd 20.10"),
        ],
    ),
]
