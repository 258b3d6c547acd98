#!/usr/bin/env python3
"""R11: a bounded load and soak run with wrk against the demo register (pages and API reads mixed), over
loopback. Runs `rounds` rounds of `duration` seconds; prints requests per second, latency percentiles and
the server's resident memory after each round; fails on any error or non-2xx answer, or if memory keeps
growing after the first round by more than the allowed margin.

Usage: load.py --statlas BINARY [--duration 20] [--rounds 3] [--connections 16] [--threads 2]
"""
import argparse, os, re, shutil, signal, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from statlas_server import Statlas  # noqa: E402

PATHS = ["/", "/organisations", "/datasets", "/datasets?nation=wales", "/themes", "/search?q=housing", "/contact?theme=housing",
         "/api/v1/datasets?limit=20", "/api/v1/organisations?q=statistics", "/api/v1/search?q=census", "/api/v1/areas?limit=50",
         "/people", "/activities", "/api/v1/themes"]

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("STATLAS requests=%%d errors=%%d non2xx=%%d rps=%%.1f p50=%%.2f p90=%%.2f p99=%%.2f max=%%.2f\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reference-data")
    parser.add_argument("--memory-margin", type=float, default=0.10, help="allowed growth after the first round (fraction)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    statlas = Statlas(args.statlas)
    extra = ["--demo"] + (["--reference-data", args.reference_data] if args.reference_data else [])
    statlas.start(*extra)
    script = os.path.join(tempfile.mkdtemp(), "mix.lua")
    with open(script, "w") as f:
        f.write(LUA % ", ".join(f'"{p}"' for p in PATHS))
    pid = statlas.process.pid
    print(f"Load: wrk -t{args.threads} -c{args.connections} -d{args.duration}s × {args.rounds}, {len(PATHS)} pages and API reads in turn")
    print(f"  RSS before: {rss_mib(pid):.1f} MiB")
    failed, memory = False, []
    for round_ in range(1, args.rounds + 1):
        out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "-s", script,
                              f"http://127.0.0.1:{statlas.port}"], capture_output=True, text=True).stdout
        line = next((l for l in out.splitlines() if l.startswith("STATLAS")), None)
        if line is None:
            print(out)
            sys.exit("wrk gave no summary")
        figures = dict(pair.split("=") for pair in line.split()[1:])
        memory.append(rss_mib(pid))
        print(f"  round {round_}: {figures['requests']} requests, {figures['rps']} req/s, latency ms p50 {figures['p50']} "
              f"p90 {figures['p90']} p99 {figures['p99']} max {figures['max']}; errors {figures['errors']}, non-2xx {figures['non2xx']}; "
              f"RSS {memory[-1]:.1f} MiB")
        if int(figures["errors"]) or int(figures["non2xx"]):
            failed = True
    statlas.kill(signal.SIGTERM)
    growth = (memory[-1] - memory[0]) / memory[0] if len(memory) > 1 else 0
    print(f"  memory after round 1 → last: {memory[0]:.1f} → {memory[-1]:.1f} MiB ({growth * 100:+.1f}%)")
    if growth > args.memory_margin:
        print("  FAIL: memory keeps growing")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
