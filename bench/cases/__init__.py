"""Benchmark cases. Each module declares CASES (a list of harness.Case); ALL is the
ordered union. To add a berth side: in the case's Tool(kind="berth", ...), set argv
or measure and drop pending=True (see bench/README.md)."""

from cases import (compose_load, runtime, containers, compose_lifecycle, images, networks, ports, daemon_api,
                   memory)

ALL = (compose_load.CASES + runtime.CASES + containers.CASES + compose_lifecycle.CASES
       + images.CASES + networks.CASES + ports.CASES + daemon_api.CASES + memory.CASES)
