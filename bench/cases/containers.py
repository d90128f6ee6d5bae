"""run-rm-true: `run --rm IMAGE true` through each engine's client: image lookup,
container create, rootfs (overlay), start, wait, remove. No network (--network none)
so the case measures container lifecycle, not bridge set-up."""

from __future__ import annotations

from harness import Case, Tool
from inputs import IMAGE_REF
from cases.common import berth, berth_env, docker, docker_env, podman, podman_env

CASES = [
    Case(
        name="run-rm-true", group="containers",
        description="`run --rm --network none busybox true` end to end through the engine's CLI",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 env=berth_env,
                 argv=lambda ctx, i: [berth(ctx), "container", "run", "--rm", "--network", "none", IMAGE_REF, "true"],
                 note="berth (its quick client, QuickRun) -> berth daemon -> shim"),
            Tool("docker CLI -> berth", kind="berth", needs=["berth"], services=["berthd"],
                 env=berth_env,
                 argv=lambda ctx, i: [docker(ctx), "run", "--rm", "--network", "none", IMAGE_REF, "true"],
                 note="Debian's docker 20.10 client against berth daemon (the issue 7 figure)"),
            Tool("podman", needs=["podman"], services=["podman"], env=podman_env,
                 argv=lambda ctx, i: [podman(ctx), "run", "--rm", "--network", "none", IMAGE_REF, "true"],
                 note="daemonless; conmon + runc"),
            Tool("docker", needs=["dockerd"], services=["dockerd"], env=docker_env,
                 argv=lambda ctx, i: [docker(ctx), "run", "--rm", "--network", "none", IMAGE_REF, "true"],
                 note="docker 20.10 client -> dockerd -> containerd -> shim -> runc"),
        ],
    ),
]
