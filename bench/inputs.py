"""Shared inputs for the benchmark cases, made under bench/work/ (or a temporary
directory for --dry-run): a busybox root filesystem, an OCI runtime bundle, an image
tar, an OCI image layout and generated compose projects.

Everything here is deterministic and made with the standard library plus, when
present, `busybox`, `tar`, `runc spec` / `crun spec`. Nothing is measured here.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import platform
import shutil
import struct
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

IMAGE_REF = "localhost/bench/busybox:latest"  # name used in docker, podman and berth
REGISTRY_REPO = "bench/busybox"  # repository pushed to the local registry
LAYERED_REPO = "bench/layers"  # the several-layer image for the pull case
DATA_LAYERS = 4  # layers above busybox in the layered image
DATA_LAYER_MIB = 12  # uncompressed size of each: half random bytes, half text
PROJECT_SIZES = (10, 30, 100)
LOAD_SERVICES = 500

# Used only when busybox-static is not installed (dry-run on a bare CI machine): the
# rootfs is then made without a busybox binary, to check the layout code only.
FALLBACK_APPLETS = [
    "bin/sh", "bin/true", "bin/false", "bin/sleep", "bin/cat", "bin/ls", "bin/echo",
    "bin/nc", "usr/sbin/httpd", "bin/hostname", "bin/ps", "bin/sync",
]

# The command every long-running compose service runs: busybox sleep behind a shell
# that exits at once on SIGTERM (a bare `sleep` as PID 1 ignores SIGTERM, and every
# stop would then wait for the engine's 10 s kill timeout).
SLEEP_CMD = ["sh", "-c", "trap 'exit 0' TERM; sleep 86400 & wait"]


@dataclass
class Inputs:
    root: Path
    notes: list[str] = field(default_factory=list)

    @property
    def rootfs(self) -> Path:
        return self.root / "rootfs"

    @property
    def bundle(self) -> Path:
        return self.root / "bundle"

    @property
    def image_tar(self) -> Path:
        return self.root / "busybox.tar"

    @property
    def oci_layout(self) -> Path:
        return self.root / "oci" / "busybox"

    @property
    def layered_layout(self) -> Path:
        return self.root / "oci" / "layers"

    @property
    def layer_files(self) -> list[Path]:
        """The layered image's layers as plain .tar.gz files (the unpack case's input)."""
        return [self.root / "layers" / f"layer{i}.tar.gz" for i in range(DATA_LAYERS + 1)]

    @property
    def projects(self) -> Path:
        return self.root / "projects"

    def project(self, n: int) -> Path:
        return self.projects / f"svc{n}"

    @property
    def load_project(self) -> Path:
        return self.projects / f"load{LOAD_SERVICES}"

    @property
    def load_files(self) -> list[Path]:
        p = self.load_project
        return [p / "compose.yaml", p / "compose.override-1.yaml", p / "compose.override-2.yaml"]

    @property
    def www(self) -> Path:
        return self.rootfs / "www"


# ---------------------------------------------------------------------------- rootfs

def _elf_is_static(path: Path) -> bool:
    """True when the ELF file has no PT_INTERP program header."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF":
            return False
        is64 = head[4] == 2
        endian = "<" if head[5] == 1 else ">"
        if is64:
            phoff, = struct.unpack_from(endian + "Q", head, 0x20)
            phentsize, phnum = struct.unpack_from(endian + "HH", head, 0x36)
        else:
            phoff, = struct.unpack_from(endian + "I", head, 0x1C)
            phentsize, phnum = struct.unpack_from(endian + "HH", head, 0x2A)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    for i in range(phnum):
        ptype, = struct.unpack_from(endian + "I", table, i * phentsize)
        if ptype == 3:  # PT_INTERP
            return False
    return True


def find_static_busybox() -> tuple[Path | None, str]:
    for cand in ("/bin/busybox", "/usr/bin/busybox", shutil.which("busybox") or ""):
        if cand and os.path.isfile(cand):
            p = Path(cand).resolve()
            if _elf_is_static(p):
                return p, ""
            return None, f"{cand} is dynamically linked (install busybox-static)"
    return None, "busybox-static is not installed"


def make_rootfs(inp: Inputs) -> None:
    rootfs = inp.rootfs
    if rootfs.exists():
        shutil.rmtree(rootfs)
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "root",
              "tmp", "var/tmp", "run", "www"):
        (rootfs / d).mkdir(parents=True, exist_ok=True)
    os.chmod(rootfs / "tmp", 0o1777)
    os.chmod(rootfs / "var/tmp", 0o1777)
    busybox, why = find_static_busybox()
    if busybox is not None:
        shutil.copy2(busybox, rootfs / "bin/busybox")
        os.chmod(rootfs / "bin/busybox", 0o755)
        out = subprocess.run([str(busybox), "--list-full"], capture_output=True, text=True,
                             check=True).stdout
        applets = [line.strip() for line in out.splitlines() if line.strip()]
    else:
        inp.notes.append(f"rootfs made WITHOUT a busybox binary: {why} "
                         "(fine for --dry-run, not for measuring)")
        (rootfs / "bin/busybox").write_bytes(b"")
        applets = FALLBACK_APPLETS
    for rel in applets:
        rel = rel.lstrip("/")
        if rel in ("bin/busybox", ""):
            continue
        link = rootfs / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists() and not link.is_symlink():
            os.symlink("/bin/busybox", link)
    (rootfs / "etc/passwd").write_text(
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
    (rootfs / "etc/group").write_text("root:x:0:\nnogroup:x:65534:\n")
    (rootfs / "etc/hostname").write_text("bench\n")
    (rootfs / "www/index.html").write_text("ok\n")


# ---------------------------------------------------------------------------- bundle

def _builtin_spec() -> dict:
    """A minimal OCI runtime config, used only when neither runc nor crun is installed."""
    return {
        "ociVersion": "1.0.2",
        "process": {
            "terminal": False, "user": {"uid": 0, "gid": 0}, "args": ["/bin/true"],
            "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "cwd": "/", "noNewPrivileges": True,
        },
        "root": {"path": "rootfs", "readonly": True},
        "hostname": "bench",
        "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
             "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
        ],
        "linux": {"namespaces": [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount")]},
    }


def make_bundle(inp: Inputs) -> str:
    """config.json from `runc spec` (or `crun spec`), adjusted: args /bin/true, no
    terminal, root = the shared rootfs (read-only). Namespaces stay at the default."""
    b = inp.bundle
    if b.exists():
        shutil.rmtree(b)
    b.mkdir(parents=True)
    made_by = ""
    for tool in ("runc", "crun"):
        exe = shutil.which(tool)
        if not exe:
            continue
        r = subprocess.run([exe, "spec"], cwd=b, capture_output=True, text=True)
        if r.returncode == 0 and (b / "config.json").exists():
            made_by = f"{tool} spec"
            break
    if made_by:
        spec = json.loads((b / "config.json").read_text())
    else:
        spec = _builtin_spec()
        made_by = "built-in template (neither runc nor crun installed)"
        inp.notes.append("bundle config.json from the built-in template: neither runc nor crun is installed")
    spec["process"]["args"] = ["/bin/true"]
    spec["process"]["terminal"] = False
    spec.pop("consoleSize", None)
    spec["process"].pop("consoleSize", None)
    spec["root"] = {"path": str(inp.rootfs), "readonly": True}
    (b / "config.json").write_text(json.dumps(spec, indent=2) + "\n")
    return made_by


# ---------------------------------------------------------------------------- images

def make_image_tar(inp: Inputs) -> None:
    """`tar -C rootfs -c .` (numeric root ownership), for `podman import`, `docker
    import` and berth."""
    tar = shutil.which("tar")
    out = inp.image_tar
    if tar:
        subprocess.run([tar, "--numeric-owner", "--owner=0", "--group=0", "-C", str(inp.rootfs),
                        "-cf", str(out), "."], check=True)
    else:
        with tarfile.open(out, "w") as t:
            t.add(str(inp.rootfs), arcname=".", filter=_root_owned)


def _root_owned(ti: tarfile.TarInfo) -> tarfile.TarInfo:
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    return ti


def _oci_arch() -> str:
    m = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm", "ppc64le": "ppc64le",
            "s390x": "s390x", "riscv64": "riscv64"}.get(m, m)


def _blob(layout: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    p = layout / "blobs" / "sha256" / digest
    p.write_bytes(data)
    return "sha256:" + digest


def _gzip(raw: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(raw)
    return buf.getvalue()


def _write_layout(layout: Path, layers: list[bytes]) -> None:
    """An OCI image layout of uncompressed layer tars (gzipped here) tagged `latest`."""
    if layout.exists():
        shutil.rmtree(layout)
    (layout / "blobs" / "sha256").mkdir(parents=True)
    gzipped = [_gzip(raw) for raw in layers]
    descriptors = [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": _blob(layout, gz),
                    "size": len(gz)} for gz in gzipped]
    config = {
        "architecture": _oci_arch(), "os": "linux",
        "config": {"Cmd": ["sh"], "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw).hexdigest() for raw in layers]},
        "history": [{"created_by": "berth bench/inputs.py"} for _ in layers],
    }
    cfg = json.dumps(config, separators=(",", ":")).encode()
    cfg_digest = _blob(layout, cfg)
    manifest = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": len(cfg)},
        "layers": descriptors,
    }
    man = json.dumps(manifest, separators=(",", ":")).encode()
    man_digest = _blob(layout, man)
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": man_digest, "size": len(man),
        "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
    (layout / "index.json").write_text(json.dumps(index))
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')


def make_oci_layout(inp: Inputs) -> None:
    """An OCI image layout (one gzip layer = the image tar) tagged `latest`; skopeo
    pushes it to the local registry."""
    _write_layout(inp.oci_layout, [inp.image_tar.read_bytes()])


def _data_layer(index: int) -> bytes:
    """A layer tar of DATA_LAYER_MIB MiB in 64 files: half seeded pseudo-random bytes
    (incompressible, like binaries), half text (compressible). Deterministic."""
    import random
    rng = random.Random(index)
    size = DATA_LAYER_MIB * 1024 * 1024 // 64
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        folder = tarfile.TarInfo(f"data/layer{index}")
        folder.type, folder.mode = tarfile.DIRTYPE, 0o755
        t.addfile(folder)
        for n in range(64):
            if n % 2 == 0:
                body = rng.randbytes(size)
            else:
                line = f"layer {index} file {n}: the quick brown fox jumps over the lazy dog {rng.random()}\n"
                body = (line.encode() * (size // len(line) + 1))[:size]
            info = tarfile.TarInfo(f"data/layer{index}/file{n:02d}")
            info.size, info.mode = len(body), 0o644
            t.addfile(info, io.BytesIO(body))
    return buf.getvalue()


def make_layered_image(inp: Inputs) -> None:
    """The pull case's image: busybox plus DATA_LAYERS data layers (tens of MB), as an
    OCI layout for skopeo to push, and the same layers as .tar.gz files for the unpack
    case."""
    layers = [inp.image_tar.read_bytes()] + [_data_layer(i) for i in range(1, DATA_LAYERS + 1)]
    _write_layout(inp.layered_layout, layers)
    inp.layer_files[0].parent.mkdir(parents=True, exist_ok=True)
    for path, raw in zip(inp.layer_files, layers):
        path.write_bytes(_gzip(raw))


# ---------------------------------------------------------------------------- compose

def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def _deps(i: int, chain: int) -> list[str]:
    """depends_on shape: s000 is the root; the rest form chains of `chain` services,
    each chain's head depending on the root (fan-out) and each member on the one
    before it (chain)."""
    if i == 0:
        return []
    pos = (i - 1) % chain
    return [f"s{0:03d}"] if pos == 0 else [f"s{i - 1:03d}"]


def compose_project(n: int) -> str:
    """n busybox services that sleep, one (internal) network, depends_on chains of 5
    fanning out from s000. The image comes through interpolation so each tool can be
    given its own reference."""
    lines = [
        f"# generated by bench/inputs.py: {n} services, one network, depends_on chains + fan-out",
        "services:",
    ]
    for i in range(n):
        lines.append(f"  s{i:03d}:")
        lines.append("    image: ${BENCH_IMAGE:-" + IMAGE_REF + "}")
        lines.append(f"    command: {_yaml_list(SLEEP_CMD)}")
        lines.append("    networks: [bench]")
        deps = _deps(i, 5)
        if deps:
            lines.append(f"    depends_on: {_yaml_list(deps)}")
    lines += [
        "networks:",
        "  bench:",
        "    internal: true  # no NAT or forwarding rules on the host; traffic stays inside",
        "",
    ]
    return "\n".join(lines)


def load_project_files(n: int = LOAD_SERVICES) -> dict[str, str]:
    """The loader case: n services built from anchors and merge keys, interpolation
    (plain, default, required, escaped), a .env file, and two override files."""
    base = [
        f"# generated by bench/inputs.py: {n} services for the compose loader case",
        "x-base: &base",
        "  image: ${BENCH_IMAGE:-" + IMAGE_REF + "}",
        f"  command: {_yaml_list(SLEEP_CMD)}",
        "  restart: \"no\"",
        "  init: false",
        "  stop_grace_period: 2s",
        "  networks: [front]",
        "  labels: &labels",
        "    bench.tier: ${TIER:-load}",
        "    bench.region: ${REGION}",
        "x-env: &env",
        "  LOG_LEVEL: ${LOG_LEVEL:-info}",
        "  REGION: $REGION",
        "  SECRET_REF: ${REQUIRED_TOKEN:?REQUIRED_TOKEN must be set}",
        "  LITERAL: \"$$HOME stays literal\"",
        "x-limits: &limits",
        "  mem_limit: 64m",
        "  cpus: 0.5",
        "  pids_limit: 64",
        "services:",
    ]
    for i in range(n):
        name = f"svc{i:03d}"
        base.append(f"  {name}:")
        if i % 50 == 0:
            base.append("    <<: [*base, *limits]")
        else:
            base.append("    <<: *base")
        base.append(f"    hostname: {name}")
        base.append("    environment:")
        base.append("      <<: *env")
        base.append(f"      INDEX: \"{i}\"")
        base.append(f"      PEER: ${{PEER_PREFIX:-svc}}{(i + 1) % n:03d}")
        deps = [d.replace("s", "svc", 1) for d in _deps(i, 10)]
        if deps:
            base.append("    depends_on:")
            for d in deps:
                base.append(f"      {d}:")
                base.append("        condition: service_started")
        if i % 25 == 0:
            base.append(f"    volumes: [\"data{i:03d}:/data\"]")
    base += ["networks:", "  front: {}", "  back:", "    internal: true", "volumes:"]
    for i in range(0, n, 25):
        base.append(f"  data{i:03d}: {{}}")
    base.append("")

    o1 = ["# override 1: environment and labels for every 5th service", "services:"]
    for i in range(0, n, 5):
        o1 += [f"  svc{i:03d}:",
               "    environment:",
               "      LOG_LEVEL: ${OVERRIDE_LEVEL:-warn}",
               f"      SHARD: \"{i % 7}\"",
               "    labels:",
               f"      bench.override: \"1\""]
    o1.append("")

    o2 = ["# override 2: a second network and another command for every 10th service", "services:"]
    for i in range(0, n, 10):
        o2 += [f"  svc{i:03d}:",
               "    networks: [front, back]",
               "    command: [\"sh\", \"-c\", \"echo ${REGION}; exec sleep 86400\"]"]
    o2.append("")

    env = ["# .env for the loader case", "REGION=eu-west-1", "TIER=bench", "LOG_LEVEL=debug",
           "REQUIRED_TOKEN=not-a-secret", ""]
    return {"compose.yaml": "\n".join(base), "compose.override-1.yaml": "\n".join(o1),
            "compose.override-2.yaml": "\n".join(o2), ".env": "\n".join(env)}


def make_projects(inp: Inputs) -> None:
    if inp.projects.exists():
        shutil.rmtree(inp.projects)
    for n in PROJECT_SIZES:
        d = inp.project(n)
        d.mkdir(parents=True)
        (d / "compose.yaml").write_text(compose_project(n))
    d = inp.load_project
    d.mkdir(parents=True)
    for name, text in load_project_files().items():
        (d / name).write_text(text)


# ---------------------------------------------------------------------------- all

def make_all(root: Path) -> tuple[Inputs, list[str]]:
    """Make every input under root. Returns the Inputs and a list of lines saying what
    was made (for the log and for --dry-run)."""
    root.mkdir(parents=True, exist_ok=True)
    inp = Inputs(root)
    made = []
    make_rootfs(inp)
    n_links = sum(1 for p in inp.rootfs.rglob("*") if p.is_symlink())
    made.append(f"rootfs {inp.rootfs} ({n_links} applet links)")
    how = make_bundle(inp)
    made.append(f"bundle {inp.bundle} (config.json from {how})")
    make_image_tar(inp)
    made.append(f"image tar {inp.image_tar} ({inp.image_tar.stat().st_size // 1024} KiB)")
    make_oci_layout(inp)
    made.append(f"OCI layout {inp.oci_layout}")
    make_layered_image(inp)
    mib = sum(p.stat().st_size for p in inp.layer_files) / (1024 * 1024)
    made.append(f"layered OCI layout {inp.layered_layout} ({len(inp.layer_files)} layers, {mib:.1f} MiB gzipped)")
    make_projects(inp)
    for n in PROJECT_SIZES:
        made.append(f"compose project {inp.project(n)} ({n} services)")
    made.append(f"loader project {inp.load_project} ({LOAD_SERVICES} services + 2 overrides + .env)")
    return inp, made
