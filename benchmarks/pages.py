#!/usr/bin/env python3
"""Page latency: requests each key page of a running Statlas (default the demo at 127.0.0.1:8080) and prints
p50/p95 per page. Usage: pages.py [--base URL] [--samples N]"""
import argparse, statistics, time, urllib.request

PAGES = ["/", "/search?q=population", "/contact?theme=labour-market&area=Cardiff", "/organisations",
         "/organisations?kind=network", "/organisations/office-for-national-statistics", "/datasets",
         "/datasets/demo-welsh-local-labour-market", "/areas?nation=wales", "/areas/W06000015", "/activities",
         "/network", "/coverage", "/coverage?theme=labour-market", "/api/v1/coverage", "/insight/engagement",
         "/api/v1/insight/engagement?format=ods", "/organisations/office-for-national-statistics/stakeholder-map"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    print(f"{'page':50} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>6}")
    for page in PAGES:
        times, size = [], 0
        for _ in range(args.samples):
            start = time.perf_counter()
            with urllib.request.urlopen(args.base + page) as response:
                size = len(response.read())
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"{page:50} {statistics.median(times):8.1f} {times[int(len(times) * 0.95) - 1]:8.1f} {size / 1024:6.1f}")


if __name__ == "__main__":
    main()
