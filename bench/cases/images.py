"""image-pull: pull the bench image (one ~1 MiB gzip layer, Docker v2 schema 2
manifest) from a docker-registry on 127.0.0.1 into each tool's store, removed again
(untimed) after each run.
  skopeo: download + verify + write an OCI layout (no unpacking)
  podman, docker: download + verify + unpack into their overlay stores."""

from __future__ import annotations

from harness import Case, Tool, run_cmd
from cases.common import berth, berth_env, docker, docker_env, podman, podman_env, rm_tree


def _ref(ctx) -> str:
    return ctx.services.get("registry")["ref"]


def _skopeo_dest(ctx, i):
    return ctx.scratch / f"skopeo-pull-{i}"


CASES = [
    Case(
        name="image-pull", group="images",
        description="pull a 1-layer busybox image from a local registry (127.0.0.1)",
        tools=[
            Tool("berth", kind="berth", pending=True, needs=["berth"], services=["registry", "berthd"],
                 env=berth_env,
                 argv=lambda ctx, i: [berth(ctx), "image", "pull", _ref(ctx)],
                 after=lambda ctx, i: run_cmd([berth(ctx), "image", "rm", _ref(ctx)], env=berth_env(ctx), check=False),
                 planned="berth image pull 127.0.0.1:PORT/bench/busybox:latest (then image rm, untimed)"),
            Tool("skopeo", needs=["skopeo"], services=["registry"],
                 argv=lambda ctx, i: ["skopeo", "copy", "--quiet", "--src-tls-verify=false",
                                      f"docker://{_ref(ctx)}", f"oci:{_skopeo_dest(ctx, i)}:latest"],
                 env=lambda ctx: {"NO_PROXY": "127.0.0.1,localhost"},
                 after=lambda ctx, i: rm_tree(_skopeo_dest(ctx, i)),
                 note="to an OCI layout directory; no unpacking"),
            Tool("podman", needs=["podman"], services=["registry", "podman"], env=podman_env,
                 argv=lambda ctx, i: [podman(ctx), "pull", "--quiet", "--tls-verify=false", _ref(ctx)],
                 before=lambda ctx, i: run_cmd([podman(ctx), "rmi", "-f", _ref(ctx)], env=podman_env(ctx), check=False),
                 after=lambda ctx, i: run_cmd([podman(ctx), "rmi", "-f", _ref(ctx)], env=podman_env(ctx), check=False)),
            Tool("docker", needs=["dockerd"], services=["registry", "dockerd"], env=docker_env,
                 argv=lambda ctx, i: [docker(ctx), "pull", "--quiet", _ref(ctx)],
                 before=lambda ctx, i: run_cmd([docker(ctx), "rmi", "-f", _ref(ctx)], env=docker_env(ctx), check=False),
                 after=lambda ctx, i: run_cmd([docker(ctx), "rmi", "-f", _ref(ctx)], env=docker_env(ctx), check=False),
                 note="127.0.0.0/8 registries are plain HTTP for dockerd by default"),
        ],
    ),
]
