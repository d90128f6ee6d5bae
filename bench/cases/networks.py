"""net-setup: what joining a bridge network costs one container, set up and torn down.

Each run times `run --rm --network NET busybox true` and, right before it,
`run --rm --network none busybox true` with the same client and engine; the case
reports both the networked run (net-run-rm-true) and the difference
(net-setup-teardown: veth pair, address, routes, DNS files, and removal again).
NET is an internal bridge network made once per tool (no NAT, nothing routed out).
  berth: berth daemon, veth and addresses through netlink, its isolation rules.
  docker: dockerd with --iptables=false (so it writes no rules: less work than berth).
  podman: netavark (rootful, its own network config dir), which adds and removes its
    iptables rules for the network."""

from __future__ import annotations

from harness import Case, Tool, run_cmd, timed
from inputs import IMAGE_REF
from cases.common import berth_env, docker, docker_env, podman, podman_env

NETWORK = "bench-net"
SUBNETS = {"berth": "10.196.250.0/24", "docker": "10.214.250.0/24", "podman": "10.216.250.0/24"}


def _run(cli, network):
    return [cli, "run", "--rm", "--network", network, IMAGE_REF, "true"]


def _measure(cli_fn, env_fn):
    def measure(ctx, i):
        cli, env = cli_fn(ctx), env_fn(ctx)
        bare = timed(_run(cli, "none"), env=env)
        networked = timed(_run(cli, NETWORK), env=env)
        return {"net-run-rm-true": networked, "net-setup-teardown": networked - bare}
    return measure


def _make_network(key, cli_fn, env_fn):
    def prepare(ctx):
        cli, env = cli_fn(ctx), env_fn(ctx)
        run_cmd([cli, "network", "rm", NETWORK], env=env, check=False)
        run_cmd([cli, "network", "create", "--internal", "--subnet", SUBNETS[key], NETWORK], env=env)
    return prepare


def _remove_network(cli_fn, env_fn):
    def cleanup(ctx):
        run_cmd([cli_fn(ctx), "network", "rm", NETWORK], env=env_fn(ctx), check=False)
    return cleanup


CASES = [
    Case(
        name="net-setup", group="network",
        description="`run --rm --network NET busybox true`, and its difference to `--network none`",
        metrics=["net-run-rm-true", "net-setup-teardown"],
        tools=[
            Tool("berth", kind="berth", needs=["berth"], services=["berthd"],
                 measure=_measure(docker, berth_env), prepare=_make_network("berth", docker, berth_env),
                 cleanup=_remove_network(docker, berth_env),
                 note="docker CLI -> berth daemon; netlink veth, IPAM, DNS, isolation rules"),
            Tool("docker", needs=["dockerd"], services=["dockerd"],
                 measure=_measure(docker, docker_env), prepare=_make_network("docker", docker, docker_env),
                 cleanup=_remove_network(docker, docker_env),
                 note="dockerd --iptables=false: no firewall rules written"),
            Tool("podman", needs=["podman"], services=["podman"],
                 measure=_measure(podman, podman_env), prepare=_make_network("podman", podman, podman_env),
                 cleanup=_remove_network(podman, podman_env),
                 note="netavark 1.4 (rootful bridge, iptables rules added and removed per container)"),
        ],
    ),
]
