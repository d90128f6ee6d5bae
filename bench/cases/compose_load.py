"""compose-load-500: load, interpolate, merge and validate a 500-service project with
anchors, merge keys and two override files. Nothing is created; this is the compose
front end alone (berth's ComposeSpec vs docker-compose 1.29 vs podman-compose)."""

from __future__ import annotations

from harness import Case, Tool
from cases.common import berth


def _files(ctx) -> list[str]:
    out = []
    for f in ctx.inputs.load_files:
        out += ["-f", str(f)]
    return out


def _cwd(ctx):
    return ctx.inputs.load_project


CASES = [
    Case(
        name="compose-load-500",
        group="compose",
        description="load + validate 500 services (anchors, <<, interpolation, .env) with 2 override files; "
                    "quiet mode, nothing printed",
        tools=[
            Tool("berth", kind="berth", needs=["berth"], cwd=_cwd,
                 argv=lambda ctx, i: [berth(ctx), "config", "-q", *_files(ctx)],
                 # the full print must show the last service: a binary without a real
                 # `config` (or one that stops early) is reported, not timed
                 probe=lambda ctx: [berth(ctx), "config", *_files(ctx)], probe_expect="svc499"),
            Tool("docker-compose", needs=["docker-compose"], cwd=_cwd,
                 argv=lambda ctx, i: ["docker-compose", *_files(ctx), "config", "-q"],
                 note="Debian's docker-compose 1.29 (Python)"),
            # podman-compose 1.0.3 (Debian 12) has no `config` command; the probe shows
            # its error text in the results rather than dropping the peer.
            Tool("podman-compose", needs=["podman-compose"], cwd=_cwd,
                 argv=lambda ctx, i: ["podman-compose", *_files(ctx), "config"],
                 probe=lambda ctx: ["podman-compose", *_files(ctx), "config"]),
        ],
    ),
]
