"""compose-N (N = 10, 30, 100): one cycle per run of
  up -d          (create network + N containers in depends_on order, start them)
  up -d again    (no-op: everything is already as declared)
  down           (stop + remove the containers and the network)
each timed on its own, reported as compose-up-N, compose-noop-N, compose-down-N.
Services are busybox shells that sleep and exit at once on SIGTERM; one internal
network; depends_on chains of 5 fanning out from s000."""

from __future__ import annotations

from harness import Case, Tool, ToolError, run_cmd, timed
from inputs import PROJECT_SIZES
from cases.common import berth, berth_env, docker_env, podman_env


def _cycle(prefix_fn, env_fn, n):
    def measure(ctx, i):
        prefix = prefix_fn(ctx)
        env = env_fn(ctx)
        cwd = ctx.inputs.project(n)
        got = {}
        for metric, args in ((f"compose-up-{n}", ["up", "-d"]), (f"compose-noop-{n}", ["up", "-d"]),
                             (f"compose-down-{n}", ["down"])):
            try:
                got[metric] = timed(prefix + args, env=env, cwd=cwd, timeout=1800)
            except ToolError as e:
                raise ToolError(f"{metric.split('-')[1]}: {e}", partial=got) from None
        return got
    return measure


def _down(prefix_fn, env_fn, n):
    def f(ctx, *_):
        run_cmd(prefix_fn(ctx) + ["down"], env=env_fn(ctx), cwd=ctx.inputs.project(n), check=False, timeout=600)
    return f


def _dc_env(ctx) -> dict:
    # docker-compose's default HTTP read timeout (60 s + 10) would turn a merely slow
    # engine into an error; 120 s keeps slowness a time and a hung engine an error.
    return dict(docker_env(ctx), COMPOSE_HTTP_TIMEOUT="120")


def _case(n: int) -> Case:
    project = f"bench{n}"
    dc = lambda ctx: ["docker-compose", "-p", project, "-f", str(ctx.inputs.project(n) / "compose.yaml")]  # noqa: E731
    pc = lambda ctx: ["podman-compose", "-p", project, "-f", str(ctx.inputs.project(n) / "compose.yaml")]  # noqa: E731
    bc = lambda ctx: [berth(ctx), "-p", project, "-f", str(ctx.inputs.project(n) / "compose.yaml")]  # noqa: E731
    return Case(
        name=f"compose-{n}", group="compose",
        description=f"{n} services: up -d, no-op up -d, down (one cycle per run)",
        metrics=[f"compose-up-{n}", f"compose-noop-{n}", f"compose-down-{n}"],
        heavy=n >= 100,
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 measure=_cycle(bc, berth_env, n), prepare=_down(bc, berth_env, n),
                 cleanup=_down(bc, berth_env, n), timeout=1800,
                 note="berth's compose client against berth daemon"),
            Tool("docker-compose", needs=["docker-compose", "dockerd"], services=["dockerd"],
                 measure=_cycle(dc, _dc_env, n), prepare=_down(dc, _dc_env, n),
                 cleanup=_down(dc, _dc_env, n), timeout=1800, cleanup_on_error=False,
                 note="docker-compose 1.29 against dockerd 20.10, COMPOSE_HTTP_TIMEOUT=120"),
            Tool("podman-compose", needs=["podman-compose", "podman"], services=["podman"],
                 measure=_cycle(pc, podman_env, n), prepare=_down(pc, podman_env, n),
                 cleanup=_down(pc, podman_env, n), timeout=1800, cleanup_on_error=False,
                 note="podman-compose 1.0.3 (one podman command per container, sequential)"),
        ],
    )


CASES = [_case(n) for n in PROJECT_SIZES]
