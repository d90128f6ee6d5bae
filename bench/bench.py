#!/usr/bin/env python3
"""berth benchmark driver (Python 3, standard library only). Called by bench/run.

  bench/run [--dry-run] [--runs N] [--warmup N] [--budget S] [--no-install] [case|group ...]

See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import inputs  # noqa: E402
import report  # noqa: E402
from harness import PENDING_NOTE, Case, Ctx, Tool, ToolError, Unavailable, _tail, run_cmd, stats, timed  # noqa: E402
from services import Services, docker_cli  # noqa: E402
from cases import ALL  # noqa: E402

REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
PACKAGES = ["crun", "runc", "podman", "podman-compose", "docker.io", "docker-compose", "docker-registry",
            "skopeo", "busybox-static", "hyperfine", "apache2-utils"]
# Which executable each tool name in Tool.needs comes from (for the dry-run listing).
PROVIDER = {"crun": "crun", "runc": "runc", "podman": "podman", "podman-compose": "podman-compose",
            "dockerd": "docker.io", "docker": "docker.io", "docker-compose": "docker-compose",
            "docker-registry": "docker-registry", "skopeo": "skopeo", "busybox": "busybox-static",
            "slirp4netns": "slirp4netns (podman recommends)", "unshare": "util-linux", "nsenter": "util-linux", "ab": "apache2-utils",
            "tar": "tar"}
SERVICE_NEEDS = {"dockerd": ["dockerd"], "registry": ["docker-registry", "skopeo"], "podman": ["podman"],
                 "berthd": ["berth"]}
WATCHED_SYSCTLS = ["net/ipv4/ip_forward", "net/ipv4/conf/all/route_localnet", "net/ipv6/conf/all/forwarding",
                   "net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def berth_bin() -> Path:
    return Path(os.environ.get("BERTH") or (REPO / ".build" / "release" / "berth"))


def berth_status() -> str:
    b = berth_bin()
    if os.access(b, os.X_OK):
        return f"binary at {b}"
    return (f"no binary at {b} (set $BERTH or build with `swift build -c release`); "
            "berth sides of ready cases are reported as not built")


# ------------------------------------------------------------------------ selection

def select(names: list[str]) -> list[Case]:
    if not names:
        return list(ALL)
    out, unknown = [], []
    for n in names:
        hit = [c for c in ALL if n in (c.name, c.group) or n in c.metrics]
        if not hit:
            unknown.append(n)
        for c in hit:
            if c not in out:
                out.append(c)
    if unknown:
        known = ", ".join(sorted({c.name for c in ALL} | {c.group for c in ALL}))
        sys.exit(f"bench/run: unknown case or group: {', '.join(unknown)}\nknown: {known}")
    return out


# ------------------------------------------------------------------------ machine

def cgroup_version() -> str:
    v1, v2_root, v2_other = False, False, False
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                left, _, right = line.partition(" - ")
                fstype = right.split()[0] if right else ""
                mnt = left.split()[4]
                if fstype == "cgroup":
                    v1 = True
                elif fstype == "cgroup2":
                    if mnt == "/sys/fs/cgroup":
                        v2_root = True
                    else:
                        v2_other = True
    except OSError:
        return "unknown"
    if v2_root and not v1:
        return "v2"
    if v1 and (v2_other or v2_root):
        return "v1 hybrid (cgroup2 at /sys/fs/cgroup/unified)" if v2_other else "v1 + v2"
    return "v1" if v1 else "none"


def _first_line(argv: list[str]) -> str:
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
        lines = (r.stdout or r.stderr).strip().splitlines()
        return lines[0].strip() if lines else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine() -> dict:
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name, argv in {"crun": ["crun", "--version"], "runc": ["runc", "--version"],
                       "podman": ["podman", "--version"], "podman-compose": ["podman-compose", "--version"],
                       "docker-compose": ["docker-compose", "version", "--short"],
                       "dockerd": ["dockerd", "--version"], "skopeo": ["skopeo", "--version"],
                       "docker-registry": ["docker-registry", "--version"], "busybox": ["busybox"]}.items():
        if shutil.which(argv[0]):
            v = _first_line(argv)
            if name == "podman-compose":
                v = next((ln for ln in subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()
                          if "podman-compose" in ln), v)
            versions[name] = v
    return {
        "nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "kernel": platform.release(),
        "cgroup": cgroup_version(), "mem_gib": mem_kib / 1024 / 1024,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()), "os": _os_release(),
        "python": platform.python_version(), "versions": versions,
    }


def _os_release() -> str:
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


# ------------------------------------------------------------------------ install

def install_peers() -> list[str]:
    """apt-get install the peers that are missing (apt-get update once first)."""
    if not shutil.which("dpkg-query") or not shutil.which("apt-get"):
        return ["not a Debian system (no dpkg-query/apt-get): peers not installed, missing ones are reported"]
    missing = []
    for p in PACKAGES:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
        if "install ok installed" not in r.stdout:
            missing.append(p)
    if not missing:
        log("peers: all packages installed")
        return []
    log(f"installing {' '.join(missing)} (apt-get update, apt-get install -y) ...")
    # Debian's docker.io would start dockerd with default flags from its postinst where an
    # init system runs, and that sets the FORWARD policy to DROP: hold service starts
    # back with a policy-rc.d while installing, unless the machine already has one.
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = False
    problems = []
    try:
        if not policy.exists():
            policy.write_text("#!/bin/sh\n# temporary, from berth bench/bench.py: no service starts\nexit 101\n")
            policy.chmod(0o755)
            made_policy = True
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"apt-get update exited {r.returncode}: {r.stderr.strip()[-500:]}")
        r = subprocess.run(["apt-get", "install", "-y", "-q", *missing], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"apt-get install exited {r.returncode}: {r.stderr.strip()[-800:]}")
    finally:
        if made_policy:
            policy.unlink()
    for p in problems:
        log(p)
    return problems


# ------------------------------------------------------------------------ host guard

def host_snapshot() -> dict:
    snap = {"sysctl": {}, "links": sorted(os.listdir("/sys/class/net")), "iptables": None, "mounts": []}
    for s in WATCHED_SYSCTLS:
        try:
            snap["sysctl"][s] = Path("/proc/sys", s).read_text().strip()
        except OSError:
            pass
    if shutil.which("iptables-save"):
        r = subprocess.run(["iptables-save"], capture_output=True, text=True)
        if r.returncode == 0:
            snap["iptables"] = sorted(ln for ln in r.stdout.splitlines() if ln and not ln.startswith("#")
                                      and not ln.startswith(":"))
            snap["iptables_chains"] = sorted(ln.split()[0] + " " + ln.split()[1] for ln in r.stdout.splitlines()
                                             if ln.startswith(":"))
    with open("/proc/self/mountinfo") as f:
        snap["mounts"] = sorted({ln.split()[4] for ln in f if str(WORK) in ln.split()[4] or "/run/bench" in ln})
    return snap


def host_compare(before: dict, after: dict, restore: bool) -> list[str]:
    out = []
    for k, v in before["sysctl"].items():
        now = after["sysctl"].get(k)
        if now is not None and now != v:
            msg = f"{k.replace('/', '.')} went {v} -> {now} (a peer set it)"
            if restore:
                try:
                    Path("/proc/sys", k).write_text(v + "\n")
                    msg += f"; the harness put it back to {v}"
                except OSError as e:
                    msg += f"; could not put it back: {e}"
            out.append(msg)
    new_links = sorted(set(after["links"]) - set(before["links"]))
    gone_links = sorted(set(before["links"]) - set(after["links"]))
    if new_links:
        out.append(f"network links left that were not there before: {', '.join(new_links)}")
    if gone_links:
        out.append(f"network links gone that were there before: {', '.join(gone_links)}")
    if before.get("iptables") is not None and after.get("iptables") is not None:
        added = sorted(set(after["iptables"]) - set(before["iptables"]))
        removed = sorted(set(before["iptables"]) - set(after["iptables"]))
        chains = sorted(set(after.get("iptables_chains", [])) - set(before.get("iptables_chains", [])))
        if added or removed or chains:
            out.append("iptables changed (left as is): " + "; ".join(
                [f"+{a}" for a in added] + [f"-{r}" for r in removed] + [f"+chain {c}" for c in chains]))
    new_mounts = sorted(set(after["mounts"]) - set(before["mounts"]))
    if new_mounts:
        out.append(f"mounts left under bench/work or /run/bench*: {', '.join(new_mounts)}")
    return out


# ------------------------------------------------------------------------ runner

def _tool_result(t: Tool, case: Case) -> dict:
    return {"tool": t.name, "kind": t.kind, "note": t.note, "status": "ok", "error": None,
            "samples": {m: [] for m in case.metrics}, "metrics": {}}


def run_case(case: Case, ctx: Ctx, budget: float | None, only_tools: list[str] | None = None) -> dict:
    log(f"== {case.name} ({case.description})")
    res = {"name": case.name, "group": case.group, "description": case.description, "unit": case.unit,
           "status": case.status, "metrics": case.metrics, "mode": case.mode, "tools": [], "ratios": {}}
    active: list[tuple[Tool, dict]] = []
    prepared: list[Tool] = []
    for t in case.tools:
        tr = _tool_result(t, case)
        res["tools"].append(tr)
        if t.pending:
            tr["status"] = "pending"
            tr["error"] = PENDING_NOTE + (f"; planned: {t.planned}" if t.planned else "")
            continue
        if only_tools and not t.is_berth and t.name not in only_tools:
            tr["status"] = "skipped"
            tr["error"] = "not selected (--tool)"
            continue
        missing = [n for n in t.needs if not ctx.which(n)]
        if missing:
            tr["status"] = "unavailable"
            if "berth" in missing:
                tr["error"] = f"berth binary not found at {ctx.berth_bin} (not built)"
            else:
                tr["error"] = "not installed: " + ", ".join(f"{n} ({PROVIDER.get(n, n)})" for n in missing)
            log(f"  {t.name}: {tr['error']}")
            continue
        try:
            for s in t.services:
                ctx.services.get(s)
            if t.probe:
                argv = t.probe(ctx)
                env = t.env(ctx) if t.env else None
                r = run_cmd(argv, env=env, cwd=t.cwd(ctx) if t.cwd else None, check=False, timeout=300)
                if r.returncode != 0:
                    raise Unavailable(f"`{' '.join(argv[:2])} ...` exited {r.returncode}: "
                                      f"{_tail(r.stderr + r.stdout)}")
                if t.probe_expect and t.probe_expect not in r.stdout:
                    raise Unavailable(f"`{' '.join(argv[:2])} ...` exited 0 but did not print "
                                      f"{t.probe_expect!r}: {_tail(r.stdout + r.stderr, 300)!r}")
            prepared.append(t)
            if t.prepare:
                t.prepare(ctx)
        except (Unavailable, ToolError, OSError, ValueError) as e:
            tr["status"] = "unavailable"
            tr["error"] = str(e)
            log(f"  {t.name}: unavailable: {e}")
            continue
        active.append((t, tr))

    t_start = time.time()
    if case.mode == "alternate":
        rounds = ctx.warmup + ctx.runs
        done = 0
        for r in range(rounds):
            for t, tr in active:
                if tr["status"] != "ok":
                    continue
                try:
                    if t.before:
                        t.before(ctx, r)
                    if t.measure:
                        got = t.measure(ctx, r)
                    else:
                        ms = timed(t.argv(ctx, r), env=t.env(ctx) if t.env else None,
                                   cwd=t.cwd(ctx) if t.cwd else None, timeout=t.timeout)
                        got = {case.metrics[0]: ms}
                    if t.after:
                        t.after(ctx, r)
                except (ToolError, Unavailable, OSError, ValueError) as e:
                    tr["status"] = "error"
                    tr["error"] = f"{'warm-up' if r < ctx.warmup else 'run ' + str(r - ctx.warmup + 1)}: {e}"
                    partial = getattr(e, "partial", None)
                    if partial and r >= ctx.warmup:  # steps of a cycle that finished before the failure
                        for k, v in partial.items():
                            tr["samples"].setdefault(k, []).append(v)
                    log(f"  {t.name}: error: {e}")
                    continue
                if r >= ctx.warmup:
                    for k, v in got.items():
                        tr["samples"].setdefault(k, []).append(v)
                log(f"  {'warm-up' if r < ctx.warmup else 'run ' + str(r - ctx.warmup + 1)} {t.name}: "
                    + ", ".join(f"{k} {v:.1f}" for k, v in got.items()))
            if r >= ctx.warmup:
                done += 1
            if budget and time.time() - t_start > budget and done >= 1 and r < rounds - 1:
                res["budget_stop"] = f"stopped after {done} measured run(s): budget of {budget:.0f} s spent"
                log("  " + res["budget_stop"])
                break
    else:  # once
        for t, tr in active:
            try:
                got = t.measure(ctx)
            except (ToolError, Unavailable, OSError, ValueError) as e:
                msg = str(e)
                tr["status"] = "n/a" if msg.startswith("n/a") else "error"
                tr["error"] = msg[5:] if msg.startswith("n/a: ") else msg
                log(f"  {t.name}: {tr['status']}: {tr['error']}")
                continue
            note = got.pop("_note", None)
            if note:
                tr["note"] = (tr["note"] + "; " if tr["note"] else "") + note
            for k, v in got.items():
                tr["samples"][k] = list(v)
            log(f"  {t.name}: " + ", ".join(f"{k} {report.fmt(stats(v).get('median'))}" for k, v in got.items()))

    for t in prepared:
        if t.cleanup and (t.cleanup_on_error or next(tr for tr in res["tools"] if tr["tool"] == t.name)["status"] == "ok"):
            try:
                t.cleanup(ctx)
            except Exception as e:  # report, keep going
                res.setdefault("cleanup_problems", []).append(f"{t.name}: {e}")
    res["seconds"] = round(time.time() - t_start, 1)

    for tr in res["tools"]:
        for k, v in tr["samples"].items():
            if v:
                tr["metrics"][k] = stats(v)
    berth = next((tr for tr in res["tools"] if tr["kind"] == "berth"), None)
    for metric in case.metrics:
        res["ratios"][metric] = {}
        b = berth["metrics"].get(metric) if berth and berth["status"] == "ok" else None
        for tr in res["tools"]:
            if tr["kind"] != "peer":
                continue
            p = tr["metrics"].get(metric)
            if b and p and p["median"] > 0:
                res["ratios"][metric][tr["tool"]] = b["median"] / p["median"]
    return res


# ------------------------------------------------------------------------ dry run

def dry_run(cases: list[Case]) -> int:
    print("berth bench: dry run (nothing installed, nothing measured)")
    print(f"berth: {berth_status()}")
    print()
    print(f"{'case':<22} {'group':<11} {'status':<8} tools")
    for c in cases:
        tools = []
        for t in c.tools:
            if t.pending:
                tools.append(f"{t.name}: pending (berth side not built yet)")
                continue
            needs = list(t.needs) + [n for s in t.services for n in SERVICE_NEEDS.get(s, [])]
            missing = sorted({n for n in needs if not (shutil.which(n) or (n == "berth" and os.access(berth_bin(), os.X_OK)))})
            if not missing:
                tools.append(f"{t.name}: installed")
            elif missing == ["berth"]:
                tools.append(f"{t.name}: binary not built")
            else:
                tools.append(f"{t.name}: missing {', '.join(missing)} (bench/run installs)")
        status = "ready" if c.status == "ready" else "pending"
        metrics = f" [{', '.join(c.metrics)}]" if len(c.metrics) > 1 else ""
        print(f"{c.name:<22} {c.group:<11} {status:<8} " + "; ".join(tools) + metrics)
    print()
    print("pending = berth side not built yet: the peers are still measured by a real run.")
    ok = True
    with tempfile.TemporaryDirectory(prefix="berth-bench-dry-") as tmp:
        try:
            inp, made = inputs.make_all(Path(tmp) / "work")
            print("inputs: made in a temporary directory:")
            for line in made:
                print("  " + line.replace(tmp, "$TMP"))
            for n in inp.notes:
                print("  note: " + n)
            dc = shutil.which("docker-compose")
            if dc:
                for p in [inp.project(n) / "compose.yaml" for n in inputs.PROJECT_SIZES]:
                    run_cmd([dc, "-f", str(p), "config", "-q"], cwd=p.parent, timeout=300)
                run_cmd([dc, *sum((["-f", str(f)] for f in inp.load_files), []), "config", "-q"],
                        cwd=inp.load_project, timeout=300)
                print("  compose projects: valid for docker-compose config -q")
            else:
                print("  compose projects: not cross-checked (docker-compose not installed)")
        except Exception as e:
            ok = False
            print(f"inputs: FAILED: {e}")
            traceback.print_exc()
    return 0 if ok else 1


# ------------------------------------------------------------------------ main

def write_results(results: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    date = results["date"]
    stem = date
    k = 2
    while (RESULTS / f"{stem}.json").exists():
        stem = f"{date}-{k}"
        k += 1
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=1, default=list) + "\n")
    md = report.markdown(results)
    sv = report.svg(results)
    (RESULTS / f"{stem}.md").write_text(md)
    (RESULTS / f"{stem}.svg").write_text(sv)
    (RESULTS / "latest.md").write_text(md)
    (RESULTS / "latest.svg").write_text(sv)
    return RESULTS / stem


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/run", description="berth vs peers, measured alternately")
    ap.add_argument("--dry-run", action="store_true", help="list cases, check the inputs can be made; no installs, no runs")
    ap.add_argument("--runs", type=int, default=10, help="measured runs per tool (default 10)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up rounds, not recorded (default 2)")
    ap.add_argument("--budget", type=float, default=None, help="seconds per case after which no new round starts")
    ap.add_argument("--tool", action="append", dest="tools", metavar="NAME",
                    help="measure only these peers (repeatable); berth is always included")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install missing peers")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("cases", nargs="*", help="case names, metric names or groups (default: all)")
    args = ap.parse_args()
    cases = select(args.cases)
    if args.list:
        for c in cases:
            print(f"{c.name:<22} {c.group:<11} {c.status:<8} {c.description}")
        return 0
    if args.dry_run:
        return dry_run(cases)
    if os.geteuid() != 0:
        sys.exit("bench/run: measuring needs root (containers, dockerd, namespaces); --dry-run does not")
    if args.runs < 1 or args.warmup < 0:
        sys.exit("bench/run: --runs must be >= 1 and --warmup >= 0")

    WORK.mkdir(parents=True, exist_ok=True)
    lock = open(WORK / ".lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit("bench/run: another bench run holds bench/work/.lock")

    problems = [] if args.no_install else install_peers()
    log("making inputs under bench/work ...")
    inp, made = inputs.make_all(WORK)
    for line in made:
        log("  " + line)
    for n in inp.notes:
        problems.append(n)
        log("  note: " + n)
    scratch = WORK / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()

    before = host_snapshot()
    services = Services(WORK, inp, berth_bin(), log)
    ctx = Ctx(bench_dir=BENCH, work=WORK, inputs=inp, berth_bin=berth_bin(), runs=args.runs,
              warmup=args.warmup, services=services, scratch=scratch)
    results = {
        "date": dt.date.today().isoformat(), "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(), "berth": {"path": str(berth_bin()), "status": berth_status()},
        "settings": {"runs": args.runs, "warmup": args.warmup, "budget": args.budget,
                     "nice": os.getpriority(os.PRIO_PROCESS, 0), "cases": [c.name for c in cases],
                     "tools": args.tools},
        "cases": [], "problems": problems,
    }
    try:
        for c in cases:
            try:
                results["cases"].append(run_case(c, ctx, args.budget, args.tools))
                # sysctls a peer changed (netavark sets ip_forward) go back at once
                for h in host_compare(before, host_snapshot(), restore=True):
                    if h.startswith("net."):
                        results.setdefault("host_changes_during", []).append(f"after {c.name}: {h}")
                        log(f"host: after {c.name}: {h}")
            except KeyboardInterrupt:
                raise
            except Exception as e:  # a harness bug in one case must not lose the others
                problems.append(f"{c.name}: harness error: {e}")
                log(traceback.format_exc())
    finally:
        problems.extend(services.stop_all())
        problems.extend(services.swept)
        shutil.rmtree(scratch, ignore_errors=True)
        after = host_snapshot()
        results["host_changes"] = host_compare(before, after, restore=True)
        for h in results["host_changes"]:
            log("host: " + h)
        results["services"] = {k: {kk: vv for kk, vv in v.items() if kk != "env"} for k, v in services.info.items()}
        results["service_failures"] = services.failed
        results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
        stem = write_results(results)
        log(f"results: {stem}.json, .md, .svg (and results/latest.md, latest.svg)")
        print(report.markdown(results))
        lock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
