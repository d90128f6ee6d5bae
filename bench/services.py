"""Long-running peers the harness starts for itself, each confined to bench/work and
127.0.0.1, and stopped by pid afterwards:

- dockerd: its own bridge (made and deleted by the harness), --iptables=false,
  --ip-forward=false, its own --data-root, --exec-root, pidfile, config file and
  socket unix:///run/bench-docker.sock;
- registry: `docker-registry serve CONFIG` on 127.0.0.1 with storage under bench/work,
  loaded by skopeo with the bench image and the several-layer image;
- podman: no daemon; a containers.conf and storage.conf under bench/work (own graph
  root, run root, tmp dir, network config dir; runc, cgroupfs, file events, rlimits
  no higher than the host's), passed through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF;
- berthd: `berth daemon` with its own data and exec roots, socket
  unix:///run/bench-berth.sock, address pool 10.196.0.0/16, bridge names bbr-* and
  iptables chains BBENCH-* (removed after it stops), ip-forward off.

A service that fails to start raises Unavailable with its log tail; the tools that
need it are then reported with that text.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from harness import ToolError, Unavailable, run_cmd
from inputs import IMAGE_REF, LAYERED_REPO, REGISTRY_REPO

DOCKER_SOCK = "/run/bench-docker.sock"
BERTH_SOCK = "/run/bench-berth.sock"
BERTH_POOL = "10.196.0.0/16"  # outside the test fixtures' random pools (10.64-191, 10.220-250)
BERTH_BRIDGE_PREFIX = "bbr-"
BERTH_CHAIN_PREFIX = "BBENCH"
DOCKER_BRIDGE = "bbench0"
DOCKER_BRIDGE_CIDR = "10.213.0.1/24"
DOCKER_POOL = "10.214.0.0/16"


def docker_cli() -> str | None:
    # /usr/local/bin/docker is a docker 28 client that shadows Debian's 20.10 client;
    # use the one that matches the daemon.
    if os.access("/usr/bin/docker", os.X_OK):
        return "/usr/bin/docker"
    return shutil.which("docker")


class _UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float = 2.0):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self._path)
        self.sock = s


def unix_ping(sock_path: str) -> bool:
    try:
        c = _UnixHTTP(sock_path)
        c.request("GET", "/_ping")
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        return False


def http_ok(host: str, port: int, path: str = "/", timeout: float = 1.0) -> bool:
    try:
        c = http.client.HTTPConnection(host, port, timeout=timeout)
        c.request("GET", path)
        ok = c.getresponse().status < 500
        c.close()
        return ok
    except OSError:
        return False


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _log_tail(path: Path, n: int = 1500) -> str:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    return text if len(text) <= n else "..." + text[-n:]


def _pids() -> list[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def cmdline_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def ppid_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    return int(data[data.rindex(")") + 2:].split()[1])


def comm_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def children_of(pid: int) -> list[int]:
    out = []
    for p in _pids():
        try:
            if ppid_of(p) == pid:
                out.append(p)
        except (OSError, ValueError):
            pass
    return out


def _kill(pids: list[int]) -> None:
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


def mounts_under(prefix: str) -> list[str]:
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mnt = line.split()[4]
            if mnt == prefix or mnt.startswith(prefix.rstrip("/") + "/"):
                out.append(mnt)
    return out


def _stop_pid(proc: subprocess.Popen, grace: float = 30.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Services:
    def __init__(self, work: Path, inputs, berth_bin: Path, log):
        self.work = work
        self.inputs = inputs
        self.berth_bin = berth_bin
        self.log = log
        self.started: list[str] = []
        self.failed: dict[str, str] = {}
        self.info: dict[str, dict] = {}
        self._procs: dict[str, subprocess.Popen] = {}
        self._made_bridge = False
        self.swept: list[str] = []

    # ------------------------------------------------------------------ generic
    def get(self, name: str) -> dict:
        if name in self.failed:
            raise Unavailable(self.failed[name])
        if name in self.info:
            return self.info[name]
        starter = getattr(self, "_start_" + name)
        self.log(f"starting {name} ...")
        try:
            self.info[name] = starter()
        except (Unavailable, ToolError, OSError) as e:
            self.failed[name] = f"{name} did not start: {e}"
            self.log(self.failed[name])
            self._stop_one(name)
            raise Unavailable(self.failed[name]) from None
        self.started.append(name)
        return self.info[name]

    def stop_all(self) -> list[str]:
        problems = []
        for name in reversed(self.started):
            try:
                self._stop_one(name)
            except Exception as e:  # keep stopping the others
                problems.append(f"stopping {name}: {e}")
        self.started.clear()
        return problems

    def _stop_one(self, name: str) -> None:
        stopper = getattr(self, "_stop_" + name, None)
        if stopper:
            stopper()
        proc = self._procs.pop(name, None)
        if proc is not None:
            _stop_pid(proc)
            self.log(f"stopped {name} (pid {proc.pid})")

    # ------------------------------------------------------------------ dockerd
    def docker_env(self) -> dict[str, str]:
        return {"DOCKER_HOST": "unix://" + DOCKER_SOCK, "NO_PROXY": "127.0.0.1,localhost"}

    def _start_dockerd(self) -> dict:
        dockerd = shutil.which("dockerd")
        cli = docker_cli()
        if not dockerd or not cli:
            raise Unavailable("dockerd or the docker client is not installed (Debian: docker.io)")
        if os.path.exists(DOCKER_SOCK):
            if unix_ping(DOCKER_SOCK):
                raise Unavailable(f"another dockerd already answers on {DOCKER_SOCK}; not touching it")
            os.unlink(DOCKER_SOCK)  # stale socket of an earlier harness run
        ip = shutil.which("ip")
        if not ip:
            raise Unavailable("the `ip` command (iproute2) is missing")
        routes = run_cmd([ip, "-4", "route"], capture=True).stdout
        if "10.213." in routes or "10.214." in routes:
            raise Unavailable(f"10.213.0.0/16 or 10.214.0.0/16 is already routed here; not touching it:\n{routes}")
        d = self.work / "docker"
        left = mounts_under(str(d))
        if left:
            raise Unavailable(f"{len(left)} mount(s) left under {d} by an earlier run (first: {left[0]}); not touching them")
        for sub in ("data", "exec"):  # start from an empty engine every time
            shutil.rmtree(d / sub, ignore_errors=True)
            (d / sub).mkdir(parents=True)
        (d / "daemon.json").write_text("{}\n")
        links = run_cmd([ip, "-o", "link", "show"], capture=True).stdout
        if f": {DOCKER_BRIDGE}:" in links:
            raise Unavailable(f"a link named {DOCKER_BRIDGE} already exists (left by an earlier run?); "
                              f"delete it with `ip link del {DOCKER_BRIDGE}` if it is the harness's")
        self._links_before_dockerd = set(os.listdir("/sys/class/net"))
        run_cmd([ip, "link", "add", DOCKER_BRIDGE, "type", "bridge"])
        self._made_bridge = True
        run_cmd([ip, "addr", "add", DOCKER_BRIDGE_CIDR, "dev", DOCKER_BRIDGE])
        run_cmd([ip, "link", "set", DOCKER_BRIDGE, "up"])
        argv = [dockerd, "--config-file", str(d / "daemon.json"),
                "-H", "unix://" + DOCKER_SOCK,
                "--data-root", str(d / "data"), "--exec-root", str(d / "exec"),
                "--pidfile", str(d / "dockerd.pid"),
                "--bridge", DOCKER_BRIDGE, "--iptables=false", "--ip-forward=false", "--ip-masq=false",
                "--default-address-pool", f"base={DOCKER_POOL},size=24",
                "--log-level", "warn"]
        log_path = d / "dockerd.log"
        logf = open(log_path, "w")
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self._procs["dockerd"] = proc
        deadline = time.time() + 60
        while time.time() < deadline:
            if proc.poll() is not None:
                raise Unavailable(f"dockerd exited {proc.returncode}: {_log_tail(log_path)}")
            if unix_ping(DOCKER_SOCK):
                break
            time.sleep(0.2)
        else:
            raise Unavailable(f"dockerd did not answer on {DOCKER_SOCK} within 60 s: {_log_tail(log_path)}")
        env = self.docker_env()
        r = run_cmd([cli, "image", "inspect", IMAGE_REF], env=env, check=False)
        if r.returncode != 0:
            run_cmd([cli, "import", str(self.inputs.image_tar), IMAGE_REF], env=env)
        ver = run_cmd([cli, "version", "--format", "{{.Server.Version}}"], env=env, check=False).stdout.strip()
        self.log(f"dockerd {ver} up (pid {proc.pid}), socket {DOCKER_SOCK}, bridge {DOCKER_BRIDGE}")
        return {"pid": proc.pid, "sock": DOCKER_SOCK, "cli": cli, "version": ver, "argv": argv}

    def _stop_dockerd(self) -> None:
        proc = self._procs.get("dockerd")
        cli = docker_cli()
        if proc is not None and proc.poll() is None and cli and unix_ping(DOCKER_SOCK):
            # everything in this data root was made by the harness
            try:
                ids = run_cmd([cli, "ps", "-aq"], env=self.docker_env(), check=False, timeout=60).stdout.split()
                if ids:
                    run_cmd([cli, "rm", "-f", *ids], env=self.docker_env(), check=False, timeout=120)
                run_cmd([cli, "network", "prune", "-f"], env=self.docker_env(), check=False, timeout=60)
            except ToolError as e:
                self.log(f"dockerd did not clean up in time ({e}); stopping it anyway")
        if proc is not None:
            _stop_pid(proc, grace=60)
            self._procs.pop("dockerd", None)
            self.log(f"stopped dockerd (pid {proc.pid}, exit {proc.returncode})")
        self._sweep_docker()
        if self._made_bridge:
            run_cmd(["ip", "link", "del", DOCKER_BRIDGE], check=False)
            self._made_bridge = False

    def _sweep_docker(self) -> None:
        """After dockerd is gone: whatever of its own is left (it can hang and be
        killed): processes whose command line names the bench exec/data root
        (containerd, shims) and the containers under those shims, mounts under
        bench/work/docker, and bridges (br-*) that appeared while it ran."""
        d = self.work / "docker"
        marks = (str(d / "exec"), str(d / "data"))
        mine = [p for p in _pids() if p != os.getpid() and any(m in cmdline_of(p) for m in marks)]
        if mine:
            shims = [p for p in mine if comm_of(p).startswith("containerd-shim")]
            inits = [c for sh in shims for c in children_of(sh)]
            self.log(f"sweeping dockerd leftovers: {len(inits)} container process(es), {len(mine)} containerd/shim process(es)")
            _kill(inits)
            time.sleep(0.5)
            _kill(mine)
            time.sleep(1.0)
            self.swept.append(f"dockerd left {len(inits)} container(s) and {len(mine)} containerd/shim process(es): killed")
        left = sorted(mounts_under(str(d)), key=len, reverse=True)
        for m in left:
            run_cmd(["umount", "-l", m], check=False)
        if left:
            self.swept.append(f"dockerd left {len(left)} mount(s) under {d}: unmounted (lazy)")
        before = getattr(self, "_links_before_dockerd", None)
        if before is not None:
            time.sleep(0.5)  # veths of dead network namespaces go by themselves
            appeared = set(os.listdir("/sys/class/net")) - before
            bridges = {n for n in appeared if n.startswith("br-") and os.path.isdir(f"/sys/class/net/{n}/bridge")}
            docker_bridges = bridges | {DOCKER_BRIDGE}
            index = {}
            for n in os.listdir("/sys/class/net"):
                try:
                    index[int(Path(f"/sys/class/net/{n}/ifindex").read_text())] = n
                except (OSError, ValueError):
                    pass
            veths = []
            for n in sorted(appeared):
                if not n.startswith("veth"):
                    continue
                master = os.path.basename(os.path.realpath(f"/sys/class/net/{n}/master")) \
                    if os.path.exists(f"/sys/class/net/{n}/master") else ""
                try:
                    peer = index.get(int(Path(f"/sys/class/net/{n}/iflink").read_text()))
                except (OSError, ValueError):
                    peer = None
                # on a docker bridge, or a pair left with both ends here and no master
                if master in docker_bridges or (not master and peer and peer.startswith("veth") and peer in appeared):
                    veths.append(n)
            for n in veths:
                if os.path.exists(f"/sys/class/net/{n}"):
                    run_cmd(["ip", "link", "del", n], check=False)
            for n in sorted(bridges):
                run_cmd(["ip", "link", "del", n], check=False)
            if bridges or veths:
                self.swept.append(f"dockerd left bridge(s) {', '.join(sorted(bridges)) or '-'} and "
                                  f"{len(veths)} veth(s): deleted")
            self._links_before_dockerd = None

    # ------------------------------------------------------------------ registry
    def _start_registry(self) -> dict:
        reg = shutil.which("docker-registry")
        if not reg:
            raise Unavailable("docker-registry is not installed (Debian: docker-registry)")
        skopeo = shutil.which("skopeo")
        if not skopeo:
            raise Unavailable("skopeo is not installed: cannot load the registry")
        d = self.work / "registry"
        data = d / "data"
        if data.exists():
            shutil.rmtree(data)
        data.mkdir(parents=True)
        port = free_port()
        (d / "config.yml").write_text(
            "version: 0.1\n"
            "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
            f"storage:\n  filesystem:\n    rootdirectory: {data}\n  delete:\n    enabled: true\n"
            f"http:\n  addr: 127.0.0.1:{port}\n")
        log_path = d / "registry.log"
        logf = open(log_path, "w")
        proc = subprocess.Popen([reg, "serve", str(d / "config.yml")], stdin=subprocess.DEVNULL,
                                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        self._procs["registry"] = proc
        deadline = time.time() + 30
        while time.time() < deadline:
            if proc.poll() is not None:
                raise Unavailable(f"docker-registry exited {proc.returncode}: {_log_tail(log_path)}")
            if http_ok("127.0.0.1", port, "/v2/"):
                break
            time.sleep(0.1)
        else:
            raise Unavailable(f"docker-registry did not answer on 127.0.0.1:{port}: {_log_tail(log_path)}")
        refs = {}
        for key, repo, layout in (("ref", REGISTRY_REPO, self.inputs.oci_layout),
                                  ("layers_ref", LAYERED_REPO, self.inputs.layered_layout)):
            refs[key] = f"127.0.0.1:{port}/{repo}:latest"
            run_cmd([skopeo, "copy", "--quiet", "--dest-tls-verify=false", "--format", "v2s2",
                     f"oci:{layout}:latest", f"docker://{refs[key]}"], env={"NO_PROXY": "127.0.0.1,localhost"})
        self.log(f"registry up on 127.0.0.1:{port} (pid {proc.pid}), holding {', '.join(refs.values())}")
        return {"pid": proc.pid, "port": port, **refs}

    # ------------------------------------------------------------------ podman
    def podman_env(self) -> dict[str, str]:
        d = self.work / "podman"
        return {"CONTAINERS_CONF": str(d / "containers.conf"),
                "CONTAINERS_STORAGE_CONF": str(d / "storage.conf"),
                "NO_PROXY": "127.0.0.1,localhost"}

    def _start_podman(self) -> dict:
        podman = shutil.which("podman")
        if not podman:
            raise Unavailable("podman is not installed (Debian: podman)")
        d = self.work / "podman"
        for sub in ("storage", "run", "tmp", "networks", "volumes"):
            (d / sub).mkdir(parents=True, exist_ok=True)
        # root here lacks CAP_SYS_RESOURCE: podman's default rlimits (above the host's
        # hard limits) make runc fail with EPERM. nofile = the host's hard limit; nproc
        # fails even at the host's hard limit (96364 here), so 4096, like a login shell.
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        nofile = 1048576 if nofile == resource.RLIM_INFINITY else min(nofile, 1048576)
        nproc = resource.getrlimit(resource.RLIMIT_NPROC)[1]
        nproc = 4096 if nproc == resource.RLIM_INFINITY else min(nproc, 4096)
        lim = str  # noqa: E731
        runtime = "runc"  # crun 1.8 refuses this hybrid cgroup layout
        (d / "containers.conf").write_text(
            "# written by bench/services.py: podman confined to bench/work\n"
            "[containers]\n"
            f"default_ulimits = [\"nofile={lim(nofile)}:{lim(nofile)}\", \"nproc={lim(nproc)}:{lim(nproc)}\"]\n"
            "log_driver = \"k8s-file\"\n"
            "[network]\n"
            f"network_config_dir = \"{d / 'networks'}\"\n"
            "default_network = \"podman\"\n"
            "[engine]\n"
            "cgroup_manager = \"cgroupfs\"\n"
            "events_logger = \"file\"\n"
            f"events_logfile_path = \"{d / 'events.log'}\"\n"
            f"tmp_dir = \"{d / 'tmp'}\"\n"
            f"volume_path = \"{d / 'volumes'}\"\n"
            f"runtime = \"{runtime}\"\n")
        (d / "storage.conf").write_text(
            "[storage]\n"
            "driver = \"overlay\"\n"
            f"graphroot = \"{d / 'storage'}\"\n"
            f"runroot = \"{d / 'run'}\"\n")
        env = self.podman_env()
        info = run_cmd([podman, "info", "--format", "json"], env=env, capture=True).stdout
        store = json.loads(info).get("store", {})
        graph = store.get("graphRoot", "")
        if os.path.realpath(graph) != os.path.realpath(d / "storage"):
            raise Unavailable(f"podman ignored the bench storage.conf (graph root {graph!r}); not touching it")
        r = run_cmd([podman, "image", "exists", IMAGE_REF], env=env, check=False)
        if r.returncode != 0:
            run_cmd([podman, "import", "--quiet", str(self.inputs.image_tar), IMAGE_REF], env=env)
        ver = run_cmd([podman, "--version"], env=env).stdout.strip()
        self.log(f"podman ready ({ver}, runtime {runtime}, graph root {graph})")
        return {"podman": podman, "env": env, "version": ver, "runtime": runtime,
                "graph_root": graph, "network_backend": json.loads(info).get("host", {}).get("networkBackend", "")}

    def _stop_podman(self) -> None:
        info = self.info.get("podman")
        if not info:
            return
        env, podman = info["env"], info["podman"]
        # Only this storage (checked at start): every container and network in it is the harness's.
        run_cmd([podman, "rm", "-af", "-t", "2"], env=env, check=False, timeout=300)
        run_cmd([podman, "pod", "rm", "-af"], env=env, check=False, timeout=300)
        run_cmd([podman, "network", "prune", "-f"], env=env, check=False)

    # ------------------------------------------------------------------ berthd
    def berth_env(self) -> dict[str, str]:
        # BERTH_ROOT: the in-process image commands (pull, rm, import) use the daemon's store.
        return {"BERTH_HOST": "unix://" + BERTH_SOCK, "DOCKER_HOST": "unix://" + BERTH_SOCK,
                "BERTH_ROOT": str(self.work / "berth" / "root"), "NO_PROXY": "127.0.0.1,localhost"}

    def _start_berthd(self) -> dict:
        if not os.access(self.berth_bin, os.X_OK):
            raise Unavailable(f"berth binary not found at {self.berth_bin} (build it: swift build -c release)")
        if os.path.exists(BERTH_SOCK) and unix_ping(BERTH_SOCK):
            raise Unavailable(f"another berth daemon already answers on {BERTH_SOCK}; not touching it")
        routes = run_cmd(["ip", "-4", "route"], capture=True).stdout
        if BERTH_POOL.rsplit(".", 2)[0] + "." in routes:
            raise Unavailable(f"{BERTH_POOL} is already routed here; not touching it:\n{routes}")
        d = self.work / "berth"
        left = mounts_under(str(d))
        if left:
            raise Unavailable(f"{len(left)} mount(s) left under {d} by an earlier run (first: {left[0]})")
        shutil.rmtree(d, ignore_errors=True)
        (d / "root").mkdir(parents=True)
        # Its own pool, bridge names and iptables chains: nothing of a real berth daemon is touched,
        # and the host's forwarding stays as it is (as for dockerd here).
        (d / "daemon.json").write_text(json.dumps({
            "default-address-pools": [{"base": BERTH_POOL, "size": 24}], "ip-forward": False,
            "berth-bridge-prefix": BERTH_BRIDGE_PREFIX, "berth-chain-prefix": BERTH_CHAIN_PREFIX}))
        argv = [str(self.berth_bin), "daemon", "--config-file", str(d / "daemon.json"),
                "--data-root", str(d / "root"), "--exec-root", str(d / "run"), "-H", "unix://" + BERTH_SOCK,
                "--log-level", "warn"]
        log_path = d / "berthd.log"
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=open(log_path, "w"),
                                stderr=subprocess.STDOUT, start_new_session=True)
        self._procs["berthd"] = proc
        deadline = time.time() + 30
        while time.time() < deadline:
            if proc.poll() is not None:
                raise Unavailable(f"berth daemon exited {proc.returncode}: {_log_tail(log_path)}")
            if unix_ping(BERTH_SOCK):
                break
            time.sleep(0.05)
        else:
            raise Unavailable(f"berth daemon did not answer on {BERTH_SOCK}: {_log_tail(log_path)}")
        env = self.berth_env()
        run_cmd([str(self.berth_bin), "image", "import", str(self.inputs.image_tar), IMAGE_REF], env=env)
        self.log(f"berth daemon up (pid {proc.pid}), socket {BERTH_SOCK}")
        return {"pid": proc.pid, "sock": BERTH_SOCK, "argv": argv}

    def _stop_berthd(self) -> None:
        proc = self._procs.get("berthd")
        cli = docker_cli()
        if proc is not None and proc.poll() is None and cli and unix_ping(BERTH_SOCK):
            env = self.berth_env()
            try:  # everything in this data root was made by the harness
                ids = run_cmd([cli, "ps", "-aq"], env=env, check=False, timeout=60).stdout.split()
                if ids:
                    run_cmd([cli, "rm", "-f", *ids], env=env, check=False, timeout=120)
                run_cmd([cli, "network", "prune", "-f"], env=env, check=False, timeout=60)
                run_cmd([cli, "network", "rm", "bridge"], env=env, check=False, timeout=60)
            except ToolError as e:
                self.log(f"berth daemon did not clean up in time ({e}); stopping it anyway")
        if proc is not None:
            _stop_pid(proc, grace=30)
            self._procs.pop("berthd", None)
            self.log(f"stopped berth daemon (pid {proc.pid}, exit {proc.returncode})")
        d = self.work / "berth"
        for mnt in sorted(mounts_under(str(d)), reverse=True):
            run_cmd(["umount", "-l", mnt], check=False)
        remove_iptables_chains(BERTH_CHAIN_PREFIX)
        for link in os.listdir("/sys/class/net"):
            if link.startswith(BERTH_BRIDGE_PREFIX):
                run_cmd(["ip", "link", "del", link], check=False)


def remove_iptables_chains(prefix: str) -> None:
    """Deletes the jumps to chains named PREFIX-..., then those chains (nothing else)."""
    for table in ("nat", "filter"):
        r = run_cmd(["iptables", "-t", table, "-S"], check=False)
        lines = r.stdout.splitlines()
        for line in lines:
            parts = line.split()
            if parts[:1] == ["-A"] and not parts[1].startswith(prefix + "-") and f"-j {prefix}-" in line:
                run_cmd(["iptables", "-t", table, "-D", *parts[1:]], check=False)
        chains = [line.split()[1] for line in lines if line.startswith(f"-N {prefix}-")]
        for chain in chains:
            run_cmd(["iptables", "-t", table, "-F", chain], check=False)
        for chain in chains:
            run_cmd(["iptables", "-t", table, "-X", chain], check=False)
