#!/usr/bin/env python3
"""Pull time of an image from a local docker-registry: `berth image pull` (download, verify, unpack) against
`skopeo copy docker://... oci:DIR` (download, verify, no unpack). Medians of N runs, one registry, one run.
Usage: bench/image-pull.py BERTH_BINARY [RUNS]   (needs docker-registry, skopeo, busybox-static)"""
import os, socket, statistics, subprocess, sys, tempfile, time

berth, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
work = tempfile.mkdtemp(prefix="berth-bench-")
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
with open(f"{work}/config.yml", "w") as f:
    f.write(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {work}/data\n"
            f"http:\n  addr: 127.0.0.1:{port}\n")
registry = subprocess.Popen(["docker-registry", "serve", f"{work}/config.yml"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
try:
    time.sleep(1)
    env = dict(os.environ, BERTH=berth)
    subprocess.run(["samples/make-base-image.sh", "--root", f"{work}/src"], check=True, env=env, stdout=subprocess.DEVNULL)
    name = f"127.0.0.1:{port}/bench/busybox:latest"
    subprocess.run([berth, "image", "tag", "--root", f"{work}/src", "berth.local/busybox:latest", name], check=True)
    subprocess.run([berth, "image", "push", "-q", "--root", f"{work}/src", name], check=True, stdout=subprocess.DEVNULL)

    def timed(command):
        start = time.perf_counter(); subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    results = {"berth pull": [], "skopeo copy": []}
    for run in range(runs):
        results["berth pull"].append(timed([berth, "image", "pull", "-q", "--root", f"{work}/pull{run}", name]))
        results["skopeo copy"].append(timed(["skopeo", "copy", "-q", "--src-tls-verify=false", f"docker://{name}",
                                             f"oci:{work}/oci{run}:latest"]))
    medians = {k: statistics.median(v) for k, v in results.items()}
    for key, values in results.items():
        print(f"{key:12s} median {medians[key]*1000:7.1f} ms  runs " + " ".join(f"{v*1000:.0f}" for v in values))
    print(f"ratio berth/skopeo {medians['berth pull'] / medians['skopeo copy']:.2f}")
finally:
    registry.terminate(); registry.wait()
    subprocess.run(["rm", "-rf", work])
