#!/usr/bin/env python3
"""Summarises one run of benchmarks/load/run.sh (raw.tsv, sse-*.txt, memory.txt, routes.tsv) as Markdown tables.

Every figure is the median over the interleaved rounds; "added" is the median over rounds of (gateway − direct)
taken within the same round; a ratio is of the medians. Usage: summarize.py OUT_DIR
"""
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime

out = sys.argv[1]
rows = defaultdict(lambda: defaultdict(dict))  # phase -> scenario -> round -> dict
with open(os.path.join(out, "raw.tsv")) as f:
    for line in f:
        fields = line.rstrip("\n").split("\t")
        phase, scenario, rnd, rps, p50, p90, p99, p999, errors, non2xx = fields[:10]
        cpu, cs, requests, started, ended = (fields[10:15] + ["nan"] * 5)[:5]
        rows[phase][scenario][int(rnd)] = dict(rps=float(rps), p50=int(p50), p90=int(p90), p99=int(p99),
                                               p999=int(p999), errors=int(errors) + int(non2xx),
                                               cpu=float(cpu), cs=float(cs), requests=float(requests),
                                               started=float(started), ended=float(ended))


def allocation_seconds(scenario):
    """(epoch second, bytes allocated in the second before it) from dotnet-counters' alloc-SCENARIO.csv, if any."""
    path = os.path.join(out, f"alloc-{scenario}.csv")
    if not os.path.exists(path):
        return []
    seconds = []
    for line in open(path):
        parts = line.rstrip("\n").split(",")
        if len(parts) < 5 or "total_allocated" not in parts[2]:
            continue
        stamp = time.mktime(datetime.strptime(parts[0], "%m/%d/%Y %H:%M:%S").timetuple())
        seconds.append((stamp, float(parts[4])))
    return seconds


def add_allocation(phase_prefix):
    """Allocated bytes per request of each measured window: the seconds the counter reported from the window's start
    to 2 s after its end (the gateway is idle before and after its window), over wrk's request count."""
    for phase in [p for p in rows if p.startswith(phase_prefix)]:
        for scenario, by_round in rows[phase].items():
            seconds = allocation_seconds(scenario)
            for r in by_round.values():
                if not seconds or not r["requests"] > 0:
                    r["alloc"] = float("nan")
                    continue
                total = sum(b for t, b in seconds if r["started"] - 0.5 <= t <= r["ended"] + 2.5)
                r["alloc"] = total / r["requests"]


def med(values):
    return statistics.median(values) if values else float("nan")


def iqr(values):
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def col(phase, scenario, key):
    return [r[key] for r in rows[phase][scenario].values()]


def added(phase, scenario, key, base="direct"):
    a = rows[phase][scenario]
    b = rows[phase][base]
    return med([a[r][key] - b[r][key] for r in a if r in b])


def kv(path):
    values = {}
    if os.path.exists(path):
        for m in re.finditer(r'(\w+)=("[^"]*"|\S+)', open(path).read()):
            values[m.group(1)] = m.group(2).strip('"')
    return values


meta = dict(line.strip().split("=", 1) for line in open(os.path.join(out, "meta.txt")) if "=" in line)
mock_phases = f"; mock phases: {meta.get('rounds')} rounds of {meta.get('duration')} s after {meta.get('warmup')} s of warm-up" \
    if "saturated" in rows else ""
print(f"Load average before / after the run: {meta.get('load_before')} / {meta.get('load_after')}{mock_phases}; "
      f"gateway env: `{meta.get('gateway_env') or '(none)'}`.\n")

results = {}

# ---- phase 0, the headline: the static upstream ----------------------------------------------------------------
add_allocation("static-")
static_phases = sorted((int(p.split("-")[1]) for p in rows if p.startswith("static-")))
if static_phases:
    print(f"### The static upstream: {meta.get('static_rounds')} interleaved rounds of {meta.get('static_duration')} s "
          f"after {meta.get('static_warmup')} s of warm-up (wrk -t1, 1 KB POST)\n")
    print("| connections | path | RPS (median) | RPS range | p50 µs | p99 µs | CPU µs / request | ÷ nginx CPU | "
          "allocated B / request | ÷ nginx RPS | errors |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in static_phases:
        p = f"static-{c}"
        nginx_rps = med(col(p, "nginx", "rps")) if "nginx" in rows[p] else float("nan")
        nginx_cpu = med(col(p, "nginx", "cpu")) if "nginx" in rows[p] else float("nan")
        for n in ("direct", "nginx", "flowgate-pass", "flowgate-translate", "yarp", "baseline-pass", "baseline-translate"):
            if n not in rows[p]:
                continue
            rps = col(p, n, "rps")
            cpu = med(col(p, n, "cpu"))
            gateway = n.startswith("flowgate") or n.startswith("baseline") or n == "yarp"
            alloc = med([a for a in col(p, n, "alloc") if a == a] or [float("nan")]) if gateway else float("nan")
            cpu_text = "" if n == "direct" else f"{cpu:.1f}"
            cpu_ratio = f"{cpu / nginx_cpu:.2f}" if gateway else ""
            alloc_text = f"{alloc:,.0f}" if alloc == alloc else ""
            ratio = "" if n == "direct" else f"{med(rps) / nginx_rps:.2f}"
            print(f"| {c} | {n} | {med(rps):,.0f} | {min(rps):,.0f}–{max(rps):,.0f} | {med(col(p, n, 'p50')):,.0f} | "
                  f"{med(col(p, n, 'p99')):,.0f} | {cpu_text} | {cpu_ratio} | {alloc_text} | {ratio} | "
                  f"{sum(col(p, n, 'errors'))} |")
        if "flowgate-pass" in rows[p] and "nginx" in rows[p]:
            results[f"static_cpu_ratio_{c}"] = med(col(p, "flowgate-pass", "cpu")) / nginx_cpu
            results[f"static_rps_ratio_{c}"] = med(col(p, "flowgate-pass", "rps")) / nginx_rps
            results[f"static_alloc_{c}"] = med([a for a in col(p, "flowgate-pass", "alloc") if a == a] or [float("nan")])
    print("\nCPU is the process under test's, from /proc/PID/stat (nginx: master and worker); allocation from "
          "dotnet-counters (the runtime's total allocated bytes over the window). The upstream's own CPU is not "
          "counted. `yarp`: YARP's direct forwarder (IHttpForwarder) passing the Chat request through as it is, with "
          "the gateway's runtime settings (benchmarks/load/YarpForwarder).\n")
    yarp_rows = [c for c in static_phases if "yarp" in rows[f"static-{c}"] and "flowgate-pass" in rows[f"static-{c}"]]
    if yarp_rows:
        print("| connections | FlowGate pass CPU µs | YARP CPU µs | nginx CPU µs | FlowGate − YARP µs | "
              "FlowGate pass B | YARP B | FlowGate − YARP B |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c in yarp_rows:
            p = f"static-{c}"
            fg, ya = med(col(p, "flowgate-pass", "cpu")), med(col(p, "yarp", "cpu"))
            ng = med(col(p, "nginx", "cpu")) if "nginx" in rows[p] else float("nan")
            fga = med([a for a in col(p, "flowgate-pass", "alloc") if a == a] or [float("nan")])
            yaa = med([a for a in col(p, "yarp", "alloc") if a == a] or [float("nan")])
            print(f"| {c} | {fg:.1f} | {ya:.1f} | {ng:.1f} | {fg - ya:+.1f} | {fga:,.0f} | {yaa:,.0f} | {fga - yaa:+,.0f} |")
        print()
    if 32 in static_phases and "static_cpu_ratio_32" in results:
        print("| target (static upstream) | measured | |")
        print("|---|---|---|")
        worst = max(results[f"static_cpu_ratio_{c}"] for c in static_phases if f"static_cpu_ratio_{c}" in results)
        print(f"| CPU per proxied request ≤ 2× nginx's | {results['static_cpu_ratio_32']:.2f}× at 32 connections "
              f"(worst over {', '.join(map(str, static_phases))}: {worst:.2f}×) | {'met' if worst <= 2 else '**missed**'} |")
        a = results["static_alloc_32"]
        print(f"| ≤ 1 KB allocated per proxied request | {a:,.0f} B at 32 connections | "
              f"{'met' if a <= 1024 else '**missed**'} |")
        rr = results["static_rps_ratio_32"]
        print(f"| pass-through ≥ 0.8× the nginx proxy's RPS at 32 connections (goal 1.0×) | {rr:.2f}× | "
              f"{'met' if rr >= 0.8 else '**missed**'} |")
        print()

def print_memory():
    """The memory phase: RSS idle, at the peak with the streams open, and per open stream."""
    mem = kv(os.path.join(out, "memory.txt"))
    if not mem:
        return
    streams = int(mem["streams"])
    # Per stream over the streams that were open at the peak: a run that could not open them all says so.
    held = re.search(r"NOT-READY (\d+)", mem["hold"])
    open_streams = int(held.group(1)) if held else streams
    per = (int(mem["peak_kb"]) - int(mem["idle_warm_kb"])) / max(open_streams, 1)
    results["idle_mb"] = int(mem["idle_warm_kb"]) / 1024
    results["idle_fresh_mb"] = int(mem["idle_fresh_kb"]) / 1024
    results["per_stream_kb"] = per
    print("### Memory (gateway RSS)\n")
    print("| idle, fresh | idle, after warm-up | peak with streams | after the streams | per stream | streams |")
    print("|---:|---:|---:|---:|---:|---|")
    print(f"| {int(mem['idle_fresh_kb']) / 1024:.1f} MB | {int(mem['idle_warm_kb']) / 1024:.1f} MB | "
          f"{int(mem['peak_kb']) / 1024:.1f} MB | {int(mem['after_kb']) / 1024:.1f} MB | {per:.1f} KB | "
          f"{open_streams} open of {streams} asked: {mem['hold']} |")
    print()


if "saturated" not in rows:
    print_memory()
    sys.exit(0)

names = ["direct", "nginx-1w", "nginx-auto", "flowgate-pass", "flowgate-translate", "flowgate-pass-infolog"]


def saturated_table(phase, title, nginx_names):
    """Prints one saturated table; returns the best nginx's name and RPS."""
    table = rows[phase]
    best = max((n for n in nginx_names if n in table), key=lambda n: med(col(phase, n, "rps")))
    best_rps = med(col(phase, best, "rps"))
    print(f"### {title}\n")
    print("| path | RPS (median) | RPS IQR | p50 µs | p90 µs | p99 µs | CPU µs / request | context switches / request | ÷ direct | ÷ best nginx | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        if n not in table:
            continue
        rps = col(phase, n, "rps")
        lo, hi = iqr(rps)
        print(f"| {n} | {med(rps):,.0f} | {lo:,.0f}–{hi:,.0f} | {med(col(phase, n, 'p50')):,.0f} | "
              f"{med(col(phase, n, 'p90')):,.0f} | {med(col(phase, n, 'p99')):,.0f} | "
              f"{med(col(phase, n, 'cpu')):.1f} | {med(col(phase, n, 'cs')):.2f} | "
              f"{med(rps) / med(col(phase, 'direct', 'rps')):.2f} | {med(rps) / best_rps:.2f} | "
              f"{sum(col(phase, n, 'errors'))} |")
    print(f"\nBest nginx: {best}. CPU and context switches are the process under test's (the mock's for direct; "
          f"nginx's master and workers), per request.\n")
    return best_rps


nginx_rps = saturated_table("saturated", f"Saturated, {meta.get('connections')} connections (wrk -t1), 1 KB POST, unpinned", ("nginx-1w", "nginx-auto"))
results["pass_ratio"] = med(col("saturated", "flowgate-pass", "rps")) / nginx_rps
results["translate_ratio"] = med(col("saturated", "flowgate-translate", "rps")) / nginx_rps
results["pass_cpu"] = med(col("saturated", "flowgate-pass", "cpu"))
results["nginx_cpu"] = min(med(col("saturated", n, "cpu")) for n in ("nginx-1w", "nginx-auto"))
if "pinned" in rows:
    pinned_rps = saturated_table("pinned", f"Saturated, {meta.get('connections')} connections, pinned: the proxy on CPU 1, wrk and the mock on CPU 0", ("nginx-1w",))
    results["pinned_pass_ratio"] = med(col("pinned", "flowgate-pass", "rps")) / pinned_rps
    results["pinned_translate_ratio"] = med(col("pinned", "flowgate-translate", "rps")) / pinned_rps

single = rows["single"]
print("### One connection: latency and added latency over direct\n")
print("| path | p50 µs | p99 µs | added p50 µs | added p99 µs | p50 ÷ direct |")
print("|---|---:|---:|---:|---:|---:|")
for n in names:
    if n not in single:
        continue
    p50 = med(col("single", n, "p50"))
    p99 = med(col("single", n, "p99"))
    a50 = added("single", n, "p50") if n != "direct" else 0
    a99 = added("single", n, "p99") if n != "direct" else 0
    print(f"| {n} | {p50:,.0f} | {p99:,.0f} | {a50:+,.0f} | {a99:+,.0f} | {p50 / med(col('single', 'direct', 'p50')):.2f} |")
results["added_p50"] = added("single", "flowgate-pass", "p50")
results["added_p50_translate"] = added("single", "flowgate-translate", "p50")
print()

if "others" in rows:
    o = "others"
    other_names = ["nginx-1w", "flowgate-pass", "portkey", "flowgate-translate", "ccr"]
    versus = {"ccr": "flowgate-translate", "portkey": "flowgate-pass"}
    labels = {"portkey": f"portkey {meta.get('portkey_version', '')} (Chat → Chat)".replace("  ", " "),
              "ccr": f"claude-code-router {meta.get('ccr_version', '')} (Messages → Chat)".replace("  ", " "),
              "flowgate-pass": "flowgate-pass (Chat → Chat)", "flowgate-translate": "flowgate-translate (Messages → Chat)",
              "nginx-1w": "nginx-1w (Chat, reference)"}
    nginx_o = med(col(o, "nginx-1w", "rps"))
    print(f"### Side by side with other gateways, {meta.get('connections')} connections (wrk -t1), 1 KB POST, unpinned\n")
    print("| path | RPS (median) | p50 µs | p99 µs | CPU µs / request | ÷ nginx-1w | FlowGate ÷ them | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in other_names:
        if n not in rows[o]:
            continue
        rps = med(col(o, n, "rps"))
        them = f"{med(col(o, versus[n], 'rps')) / rps:.1f}× ({versus[n]})" if n in versus and versus[n] in rows[o] else ""
        print(f"| {labels[n]} | {rps:,.0f} | {med(col(o, n, 'p50')):,.0f} | {med(col(o, n, 'p99')):,.0f} | "
              f"{med(col(o, n, 'cpu')):.1f} | {rps / nginx_o:.2f} | {them} | {sum(col(o, n, 'errors'))} |")
    if "ccr" in rows[o]:
        results["vs_ccr"] = med(col(o, "flowgate-translate", "rps")) / med(col(o, "ccr", "rps"))
    if "portkey" in rows[o]:
        results["vs_portkey"] = med(col(o, "flowgate-pass", "rps")) / med(col(o, "portkey", "rps"))
    print("\nAll in the same interleaved rounds; CPU is the process under test's (node's for ccr and portkey). "
          "ccr and FlowGate translate the same Anthropic Messages body to Chat on the mock; portkey and FlowGate pass "
          "the same Chat body through.\n")
    os1 = "others-single"
    if os1 in rows and "direct" in rows[os1]:
        print("### Side by side, one connection: added latency over direct\n")
        print("| path | p50 µs | p99 µs | added p50 µs | added p99 µs |")
        print("|---|---:|---:|---:|---:|")
        for n in ["direct"] + other_names:
            if n not in rows[os1]:
                continue
            a50 = added(os1, n, "p50") if n != "direct" else 0
            a99 = added(os1, n, "p99") if n != "direct" else 0
            print(f"| {labels.get(n, n)} | {med(col(os1, n, 'p50')):,.0f} | {med(col(os1, n, 'p99')):,.0f} | {a50:+,.0f} | {a99:+,.0f} |")
        print()

print("### SSE (paced 20 ms, one stream at a time; TTFB = send → first `data:` frame)\n")
print("| stream | direct TTFB p50 µs | added TTFB p50 µs | added TTFB p99 µs | direct gap p50 / p99 µs | added gap p50 µs | added gap p99 µs | events direct / gateway | frames lost | stalled | incomplete |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for label, name in (("nginx, Chat → Chat (reference)", "sse-nginx"), ("FlowGate Chat → Chat (pass-through)", "sse-pass"), ("FlowGate Messages → Chat (translated)", "sse-translate")):
    v = kv(os.path.join(out, name + ".txt"))
    if not v:
        continue
    print(f"| {label} | {float(v['direct_ttfb_p50_us']):,.0f} | {float(v['added_ttfb_p50_us']):+,.0f} | "
          f"{float(v['added_ttfb_p99_us']):+,.0f} | {float(v['direct_gap_p50_us']):,.0f} / {float(v['direct_gap_p99_us']):,.0f} | "
          f"{float(v['added_gap_p50_us']):+,.1f} | {float(v['added_gap_p99_us']):+,.1f} | "
          f"{v['events_direct']} / {v['events_gateway']} | {v['frames_lost']} | {v['stalled_gateway']} | {v['incomplete_gateway']} |")
    if name == "sse-pass":
        results["ttfb"] = float(v["added_ttfb_p50_us"])
        results["gap"] = float(v["added_gap_p99_us"])
        results["lost"] = int(v["frames_lost"])
    if name == "sse-translate":
        results["ttfb_translate"] = float(v["added_ttfb_p50_us"])
        results["gap_translate"] = float(v["added_gap_p99_us"])
        results["lost"] = results.get("lost", 0) + int(v["frames_lost"])
    if name == "sse-nginx":
        results["ttfb_nginx"] = float(v["added_ttfb_p50_us"])
        results["gap_nginx"] = float(v["added_gap_p99_us"])
print()

print_memory()

body_sizes = sorted({int(s.rsplit("-", 1)[1]) for s in rows["bodysize"] if s.startswith("flowgate-pass-")})
if body_sizes:
    print("### Growth: body size (one connection, Chat → Chat with rewrite)\n")
    print("| body | direct p50 µs | gateway p50 µs | added p50 µs | added p99 µs |")
    print("|---:|---:|---:|---:|---:|")
    adds = {}
    for size in body_sizes:
        a = f"flowgate-pass-{size}"
        d = f"direct-{size}"
        add50 = added("bodysize", a, "p50", d)
        adds[size] = add50
        print(f"| {size // 1024} KB | {med(col('bodysize', d, 'p50')):,.0f} | {med(col('bodysize', a, 'p50')):,.0f} | "
              f"{add50:+,.0f} | {added('bodysize', a, 'p99', d):+,.0f} |")
    lo, hi = body_sizes[0], body_sizes[-1]
    slope = (adds[hi] - adds[lo]) / ((hi - lo) / 1024)
    results["body_slope"] = slope
    print(f"\nSlope of the added p50: {slope:.2f} µs per KB ({lo // 1024} KB → {hi // 1024} KB).\n")

route_phases = sorted((int(p.split("-")[1]) for p in rows if p.startswith("routes-")))
if route_phases:
    routes_meta = {}
    if os.path.exists(os.path.join(out, "routes.tsv")):
        for line in open(os.path.join(out, "routes.tsv")):
            parts = line.rstrip("\n").split("\t")
            routes_meta[int(parts[1])] = dict(p.split("=") for p in parts[2:])
    print("### Growth: number of routes (one connection)\n")
    print("| routes | added p50, first route µs | added p50, last route µs | added p99, last route µs | start-up s | RSS after MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in route_phases:
        p = f"routes-{n}"
        m = routes_meta.get(n, {})
        print(f"| {n:,} | {added(p, 'first', 'p50'):+,.0f} | {added(p, 'last', 'p50'):+,.0f} | {added(p, 'last', 'p99'):+,.0f} | "
              f"{float(m.get('startup_s', 'nan')):.2f} | {float(m.get('rss_mb', 'nan')):.1f} |")
    print()


def verdict(ok):
    return "met" if ok else "**missed**"


print("### Targets\n")
print("| target | measured | |")
print("|---|---|---|")
print(f"| pass-through ≥ 1.0× nginx RPS, unpinned | {results['pass_ratio']:.2f}× (CPU {results['pass_cpu']:.0f} vs nginx {results['nginx_cpu']:.0f} µs per request) | {verdict(results['pass_ratio'] >= 1.0)} |")
if "pinned_pass_ratio" in results:
    print(f"| pass-through ≥ 1.0× nginx RPS, pinned | {results['pinned_pass_ratio']:.2f}× | {verdict(results['pinned_pass_ratio'] >= 1.0)} |")
print(f"| translation ≥ 0.6× nginx RPS, unpinned | {results['translate_ratio']:.2f}× | {verdict(results['translate_ratio'] >= 0.6)} |")
if "pinned_translate_ratio" in results:
    print(f"| translation ≥ 0.6× nginx RPS, pinned | {results['pinned_translate_ratio']:.2f}× | {verdict(results['pinned_translate_ratio'] >= 0.6)} |")
print(f"| added p50 ≤ 60 µs at one connection | {results['added_p50']:+.0f} µs (translating {results['added_p50_translate']:+.0f} µs) | {verdict(results['added_p50'] <= 60)} |")
if "vs_ccr" in results:
    pk = f" (pass-through {results['vs_portkey']:.1f}× Portkey)" if "vs_portkey" in results else ""
    print(f"| translation ≥ 20× claude-code-router (side by side) | {results['vs_ccr']:.1f}×{pk} | {verdict(results['vs_ccr'] >= 20)} |")
if "ttfb" in results:
    ref = f"; nginx {results['ttfb_nginx']:+.0f} µs" if "ttfb_nginx" in results else ""
    print(f"| SSE added TTFB ≤ 150 µs p50 | {results['ttfb']:+.0f} µs (translated {results.get('ttfb_translate', float('nan')):+.0f}{ref}) | {verdict(results['ttfb'] <= 150)} |")
    ref = f"; nginx {results['gap_nginx']:+.1f} µs" if "gap_nginx" in results else ""
    print(f"| SSE added gap ≤ 20 µs p99 | {results['gap']:+.1f} µs (translated {results.get('gap_translate', float('nan')):+.1f}{ref}) | {verdict(results['gap'] <= 20)} |")
    print(f"| no frames lost | {results['lost']} | {verdict(results['lost'] == 0)} |")
if "idle_mb" in results:
    print(f"| ≤ 100 MB RSS idle | {results['idle_mb']:.1f} MB after warm-up ({results['idle_fresh_mb']:.1f} MB fresh) | {verdict(results['idle_mb'] <= 100)} |")
    print(f"| ≤ 40 KB per stream | {results['per_stream_kb']:.1f} KB | {verdict(results['per_stream_kb'] <= 40)} |")
