"""Images, two views:

image-pull: pull the several-layer bench image (busybox + 4 data layers, ~25 MiB of
gzip layers, Docker v2 schema 2 manifest) from a docker-registry on 127.0.0.1 into
each tool's store; removed again (untimed) after each run.
  berth: `berth image pull` (in-process on the bench daemon's store): download the
    layers in parallel, verify every digest, unpack into snapshots.
  skopeo: download + verify + write an OCI layout (no unpacking).
  podman, docker: download + verify + unpack into their overlay stores.
layer-unpack: unpack the same five layers (.tar.gz) into an empty folder, one after
  the other: berth's unpacker (hostile-entry checks, whiteouts, diff IDs computed on
  the way) against GNU `tar -xzf` (no checks beyond its defaults, no digests)."""

from __future__ import annotations

import shutil

from harness import Case, Tool, run_cmd, timed
from cases.common import berth, berth_env, docker, docker_env, podman, podman_env, rm_tree


def _ref(ctx) -> str:
    return ctx.services.get("registry")["layers_ref"]


def _skopeo_dest(ctx, i):
    return ctx.scratch / f"skopeo-pull-{i}"


def _unpack_dest(ctx, tool):
    return ctx.scratch / f"unpack-{tool}"


def _unpack(tool, argv_fn):
    """One run: every layer in order into one fresh folder (a container's view)."""
    def measure(ctx, i):
        dest = _unpack_dest(ctx, tool)
        total = 0.0
        for layer in ctx.inputs.layer_files:
            total += timed(argv_fn(ctx, layer, dest))
        return {"layer-unpack": total}
    return measure


def _fresh(tool):
    def f(ctx, i):
        rm_tree(_unpack_dest(ctx, tool))
        _unpack_dest(ctx, tool).mkdir(parents=True)
    return f


def _rmi(cli_fn, env_fn):
    def f(ctx, i):
        run_cmd([cli_fn(ctx), "rmi", "-f", _ref(ctx)], env=env_fn(ctx), check=False)
    return f


CASES = [
    Case(
        name="image-pull", group="images",
        description="pull a 5-layer image (~25 MiB gzipped) from a local registry (127.0.0.1)",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["registry", "berthd"],
                 env=berth_env,
                 argv=lambda ctx, i: [berth(ctx), "image", "pull", "-q", _ref(ctx)],
                 before=lambda ctx, i: run_cmd([berth(ctx), "image", "rm", _ref(ctx)], env=berth_env(ctx),
                                               check=False),
                 after=lambda ctx, i: run_cmd([berth(ctx), "image", "rm", _ref(ctx)], env=berth_env(ctx),
                                              check=False),
                 note="download, verify, unpack into snapshots; image rm (untimed) also drops the snapshots"),
            Tool("skopeo", needs=["skopeo"], services=["registry"],
                 argv=lambda ctx, i: ["skopeo", "copy", "--quiet", "--src-tls-verify=false",
                                      f"docker://{_ref(ctx)}", f"oci:{_skopeo_dest(ctx, i)}:latest"],
                 env=lambda ctx: {"NO_PROXY": "127.0.0.1,localhost"},
                 after=lambda ctx, i: rm_tree(_skopeo_dest(ctx, i)),
                 note="to an OCI layout directory; no unpacking"),
            Tool("podman", needs=["podman"], services=["registry", "podman"], env=podman_env,
                 argv=lambda ctx, i: [podman(ctx), "pull", "--quiet", "--tls-verify=false", _ref(ctx)],
                 before=_rmi(podman, podman_env), after=_rmi(podman, podman_env)),
            Tool("docker", needs=["dockerd"], services=["registry", "dockerd"], env=docker_env,
                 argv=lambda ctx, i: [docker(ctx), "pull", "--quiet", _ref(ctx)],
                 before=_rmi(docker, docker_env), after=_rmi(docker, docker_env),
                 note="127.0.0.0/8 registries are plain HTTP for dockerd by default"),
        ],
    ),
    Case(
        name="layer-unpack", group="images",
        description="unpack the 5 layers (.tar.gz) of the pull case into an empty folder",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], measure=_unpack(
                "berth", lambda ctx, layer, dest: [berth(ctx), "image", "unpack-layer", str(layer), str(dest)]),
                 before=_fresh("berth"), after=lambda ctx, i: rm_tree(_unpack_dest(ctx, "berth")),
                 note="berth image unpack-layer per layer (checks every entry, computes the diff ID)"),
            Tool("tar", needs=["tar"], measure=_unpack(
                "tar", lambda ctx, layer, dest: [shutil.which("tar") or "tar", "-xzf", str(layer), "-C", str(dest)]),
                 before=_fresh("tar"), after=lambda ctx, i: rm_tree(_unpack_dest(ctx, "tar")),
                 note="GNU tar -xzf per layer (as root: owners and modes kept)"),
        ],
    ),
]
