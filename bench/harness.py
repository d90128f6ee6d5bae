"""Core types of the benchmark harness: tools, cases, the run context and the
alternating runner. Cases are declared in bench/cases/*.py with these types.

A Case compares berth with one or more peers. Each side is a Tool. A Tool either has
`argv` (a command timed with time.perf_counter around subprocess.run) or `measure`
(a function that returns {metric: value} for one run, for multi-step cycles such as
compose up / no-op up / down, or for latency loops). A Tool whose berth side does not
exist yet has `pending=True`: it is listed and reported, not run.

Runs alternate between tools (berth, peer1, peer2, berth, peer1, ...) after warm-up
rounds, so slow drifts of the machine hit every tool alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

PENDING_NOTE = "pending (berth side not built yet)"


class ToolError(Exception):
    """A tool failed; the text is reported as the tool's error. `partial` holds the
    metrics of a cycle's steps that finished before the failure."""

    def __init__(self, msg: str, partial: dict | None = None):
        super().__init__(msg)
        self.partial = partial or {}


class Unavailable(Exception):
    """A tool cannot run on this machine (missing binary, service did not start, ...)."""


@dataclass
class Tool:
    name: str
    kind: str = "peer"  # "berth" | "peer" | "baseline" (baseline rows get no ratio)
    argv: Optional[Callable[["Ctx", int], list[str]]] = None
    measure: Optional[Callable[["Ctx", int], dict[str, float]]] = None
    needs: list[str] = field(default_factory=list)  # executables (names or absolute paths)
    services: list[str] = field(default_factory=list)  # "dockerd", "registry", "podman", "berthd"
    env: Optional[Callable[["Ctx"], dict[str, str]]] = None
    cwd: Optional[Callable[["Ctx"], Path]] = None
    prepare: Optional[Callable[["Ctx"], None]] = None  # once, untimed, before warm-up
    before: Optional[Callable[["Ctx", int], None]] = None  # each run, untimed
    after: Optional[Callable[["Ctx", int], None]] = None  # each run, untimed
    cleanup: Optional[Callable[["Ctx"], None]] = None  # once at the end, untimed, also after errors
    cleanup_on_error: bool = True  # False: after an error leave it to the service's stop (which removes everything)
    probe: Optional[Callable[["Ctx"], list[str]]] = None  # a command that must exit 0 first
    probe_expect: str = ""  # ... and print this (so a stub binary that exits 0 is not timed)
    pending: bool = False  # berth side not built yet: listed, not run
    planned: str = ""  # for pending berth sides: the command it will be
    note: str = ""
    timeout: float = 600.0

    @property
    def is_berth(self) -> bool:
        return self.kind == "berth"


@dataclass
class Case:
    name: str
    group: str
    description: str
    tools: list[Tool]
    metrics: list[str] = field(default_factory=list)  # default [name]
    unit: str = "ms"
    # "alternate": runs x tools, alternating; "once": measure() called once per tool and
    # returns {metric: [samples]} (memory cases).
    mode: str = "alternate"
    heavy: bool = False  # takes minutes per run with some peers

    def __post_init__(self):
        if not self.metrics:
            self.metrics = [self.name]

    @property
    def berth(self) -> Optional[Tool]:
        for t in self.tools:
            if t.is_berth:
                return t
        return None

    @property
    def status(self) -> str:
        b = self.berth
        return "pending" if b is None or b.pending else "ready"


@dataclass
class Ctx:
    """What a tool's functions get: paths, the inputs, running services, settings."""
    bench_dir: Path
    work: Path
    inputs: object  # inputs.Inputs
    berth_bin: Path
    runs: int
    warmup: int
    services: object  # services.Services
    scratch: Path = None  # per-run scratch directories go here

    def which(self, name: str) -> Optional[str]:
        if name == "berth":
            return str(self.berth_bin) if os.access(self.berth_bin, os.X_OK) else None
        if os.path.isabs(name):
            return name if os.access(name, os.X_OK) else None
        return shutil.which(name)


def _tail(text: str, n: int = 600) -> str:
    """The telling part of a tool's output: its last lines that say error (or fail,
    denied, refused), else its tail; at most n characters."""
    text = (text or "").strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    keys = ("error", "fail", "denied", "refused", "not supported", "invalid", "cannot")
    hits = [ln for ln in lines if any(k in ln.lower() for k in keys)]
    if hits:
        text = " / ".join(dict.fromkeys(hits[-3:]))
    return text if len(text) <= n else "..." + text[-n:]


def run_cmd(argv: list[str], env: dict | None = None, cwd: Path | None = None,
            timeout: float = 600.0, check: bool = True, capture: bool = False) -> subprocess.CompletedProcess:
    """Run an untimed helper command. Raises ToolError with its output when it fails."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    try:
        r = subprocess.run(argv, env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as e:
        raise ToolError(f"{argv[0]}: {e}") from None
    except subprocess.TimeoutExpired:
        raise ToolError(f"timed out after {timeout:.0f} s: {' '.join(argv)}") from None
    if check and r.returncode != 0:
        raise ToolError(f"`{' '.join(argv)}` exited {r.returncode}: {_tail(r.stderr + r.stdout)}")
    return r


def timed(argv: list[str], env: dict | None = None, cwd: Path | None = None,
          timeout: float = 600.0) -> float:
    """Wall time in ms of one command (perf_counter around subprocess.run). stdout is
    discarded, stderr kept for the error text."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    try:
        t0 = time.perf_counter()
        r = subprocess.run(argv, env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        t1 = time.perf_counter()
    except FileNotFoundError as e:
        raise ToolError(f"{argv[0]}: {e}") from None
    except subprocess.TimeoutExpired:
        raise ToolError(f"timed out after {timeout:.0f} s: {' '.join(argv)}") from None
    if r.returncode != 0:
        raise ToolError(f"`{' '.join(argv)}` exited {r.returncode}: "
                        f"{_tail(r.stderr.decode(errors='replace'))}")
    return (t1 - t0) * 1000.0


def stats(samples: list[float]) -> dict:
    if not samples:
        return {}
    return {"n": len(samples), "median": statistics.median(samples), "min": min(samples),
            "max": max(samples)}
