"""Results as Markdown (a table) and SVG (hand-written: horizontal bars, log scale)."""

from __future__ import annotations

import html
import math

COLORS = {"berth": "#1f6feb"}
PEER_COLORS = ["#d97706", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#65a30d"]
BASELINE_COLOR = "#9ca3af"


def fmt(v) -> str:
    if v is None:
        return ""
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def rows(results: dict):
    """Flatten: one row per (metric, tool)."""
    for case in results["cases"]:
        for metric in case["metrics"]:
            for t in case["tools"]:
                m = t["metrics"].get(metric, {})
                yield case, metric, t, m


def markdown(results: dict) -> str:
    mach = results["machine"]
    s = results["settings"]
    out = [f"# berth benchmarks, {results['date']}", ""]
    out.append(f"Machine: {mach['nproc']} cores ({mach.get('cpu', '?')}), kernel {mach['kernel']}, "
               f"cgroup {mach['cgroup']}, {mach['mem_gib']:.1f} GiB memory, load at start {mach.get('loadavg', '?')}.")
    out.append(f"Settings: {s['runs']} measured runs after {s['warmup']} warm-up round(s), tools alternating "
               f"(berth, peer, peer, berth, ...){', niceness ' + str(s['nice']) if s.get('nice') else ''}"
               f"{', budget ' + str(s['budget']) + ' s per case' if s.get('budget') else ''}. "
               "Wall time per run with time.perf_counter around subprocess.run.")
    out.append(f"berth: {results['berth']['status']}.")
    out.append("")
    out.append("Ratios are berth's median over the peer's median (below 1: berth is faster / smaller). "
               "Compare medians, never single runs.")
    out.append("")
    out.append("| case | tool | n | median | min | max | unit | berth/peer | note |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    for case, metric, t, m in rows(results):
        note = []
        if t["status"] == "pending":
            note.append(t["error"] or "pending (berth side not built yet)")
        elif t["status"] == "skipped":
            note.append(f"skipped: {t['error']}")
        elif t["status"] != "ok":
            note.append(f"{t['status'].upper()}: {t['error']}")
        elif not m.get("n"):
            note.append("n/a (this tool has no such figure)")
        if t.get("note"):
            note.append(t["note"])
        if t["kind"] == "baseline":
            note.append("baseline")
        ratio = ""
        if t["kind"] == "peer":
            r = case.get("ratios", {}).get(metric, {}).get(t["tool"])
            if r is not None:
                ratio = f"{r:.3g}"
            elif case["status"] == "pending":
                ratio = "pending"
        out.append("| " + " | ".join([
            metric, t["tool"], str(m.get("n", "")), fmt(m.get("median")), fmt(m.get("min")), fmt(m.get("max")),
            case["unit"], ratio, _cell("; ".join(note))]) + " |")
    changes = results.get("host_changes_during", []) + results.get("host_changes", [])
    out += ["", "Host state (sysctls, links, iptables, mounts) compared before and after:", ""]
    out += [f"- {_cell(c)}" for c in changes] if changes else ["- unchanged"]
    if results.get("problems"):
        out += ["", "Problems:", ""]
        out += [f"- {_cell(p)}" for p in results["problems"]]
    out.append("")
    return "\n".join(out)


def svg(results: dict) -> str:
    """Horizontal bars per case (metric): berth and each peer, log scale, one panel
    per unit. A thin line over each bar spans min..max."""
    width, label_w, bar_w, row_h, head_h = 1100, 230, 560, 16, 20
    panels = {}
    for case, metric, t, m in rows(results):
        panels.setdefault(case["unit"], []).append((case, metric, t, m))
    parts, y = [], 30
    title = f"berth benchmarks {results['date']} ({results['machine']['nproc']} cores, {results['machine']['kernel']})"
    parts.append(f'<text x="10" y="20" font-size="14" font-weight="bold">{html.escape(title)}</text>')
    peer_idx: dict[str, int] = {}
    for unit, items in panels.items():
        vals = [v for _, _, t, m in items if t["status"] == "ok" and m.get("n")
                for v in (m["min"], m["max"]) if v and v > 0]
        if not vals:
            vals = [1.0, 10.0]
        lo = 10 ** math.floor(math.log10(min(vals)))
        hi = 10 ** math.ceil(math.log10(max(vals)))
        if hi <= lo:
            hi = lo * 10
        span = math.log10(hi) - math.log10(lo)

        def xpos(v: float) -> float:
            v = min(max(v, lo), hi)
            return label_w + (math.log10(v) - math.log10(lo)) / span * bar_w

        y += 10
        parts.append(f'<text x="10" y="{y + 12}" font-size="12" font-weight="bold">{html.escape(unit)} (log scale)</text>')
        axis_y = y + 18
        # decade grid
        d = lo
        grid_top = axis_y
        grid_rows = []
        while d <= hi * 1.0001:
            x = xpos(d)
            grid_rows.append((x, d))
            d *= 10
        y = axis_y + 6
        last_metric = None
        body = []
        for case, metric, t, m in items:
            if metric != last_metric:
                y += 6
                body.append(f'<text x="10" y="{y + 12}" font-size="12" font-weight="bold">{html.escape(metric)}</text>')
                y += head_h - 4
                last_metric = metric
            if t["kind"] == "berth":
                color = COLORS["berth"]
            elif t["kind"] == "baseline":
                color = BASELINE_COLOR
            else:
                color = PEER_COLORS[peer_idx.setdefault(t["tool"], len(peer_idx)) % len(PEER_COLORS)]
            body.append(f'<text x="24" y="{y + 12}" font-size="11">{html.escape(t["tool"])}</text>')
            if t["status"] == "ok" and m.get("n"):
                x1 = xpos(m["median"])
                body.append(f'<rect x="{label_w}" y="{y + 2}" width="{max(x1 - label_w, 1):.1f}" height="{row_h - 4}" fill="{color}"/>')
                body.append(f'<line x1="{xpos(m["min"]):.1f}" x2="{xpos(m["max"]):.1f}" y1="{y + row_h / 2:.1f}" '
                            f'y2="{y + row_h / 2:.1f}" stroke="#111" stroke-width="1"/>')
                txt = f'{fmt(m["median"])} {unit}'
                ratio = case.get("ratios", {}).get(metric, {}).get(t["tool"])
                if ratio is not None:
                    txt += f"  (berth/{t['tool']} {ratio:.3g})"
                body.append(f'<text x="{max(x1, xpos(m["max"])) + 6:.1f}" y="{y + 12}" font-size="11">{html.escape(txt)}</text>')
            else:
                if t["status"] == "pending":
                    msg = "pending (berth side not built yet)"
                elif t["status"] == "ok":
                    msg = "n/a"
                else:
                    msg = f'{t["status"]}: {(t["error"] or "")[:90]}'
                fill = "#6b7280" if t["status"] in ("pending", "ok", "n/a", "skipped") else "#b91c1c"
                body.append(f'<text x="{label_w}" y="{y + 12}" font-size="11" fill="{fill}">{html.escape(msg)}</text>')
            y += row_h
        for x, dv in grid_rows:
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{grid_top}" y2="{y + 4}" stroke="#e5e7eb"/>')
            parts.append(f'<text x="{x:.1f}" y="{grid_top - 2}" font-size="10" text-anchor="middle" fill="#6b7280">{dv:g}</text>')
        parts += body
        y += 14
    height = y + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n")
