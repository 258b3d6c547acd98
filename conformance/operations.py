#!/usr/bin/env python3
"""What operators get from a running `statlas serve --demo --log-format json`:

1. `/metrics` from the machine itself parses as Prometheus text (prometheus_client's parser): request counts and
   duration histograms by route pattern and status (the routes asked appear, with their counts), the database
   pool's use, search and analysis timings;
2. every line the server wrote is one JSON object with time, level and message; each request has an access-log
   line with its method, route pattern, status, duration and request id, and no line holds a query string, an
   email address, a token or a person's id asked for in an address.

Usage: operations.py --statlas BINARY
"""
import argparse, json, os, sys, time

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, bearer, request  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    args = parser.parse_args()
    statlas = Statlas(args.statlas)
    token = statlas.admin_token()
    statlas.start("--demo", "--log-format", "json")
    port = statlas.port
    started = time.time()
    asked = ["/api/v1/datasets?limit=5", "/datasets", "/api/v1/search?q=population", "/search?q=housing",
             "/coverage", "/people/ons-user-engagement-champion?saved=someone@example.org", "/no-such-page"]
    for path in asked:
        request(port, "GET", path)
    request(port, "GET", "/api/v1/organisations", headers=bearer(token))
    status, headers, body = request(port, "GET", "/metrics")
    check(status == 200 and headers.get("content-type", "").startswith("text/plain"), f"/metrics: {status}")
    samples = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(sample)
    names = set(samples)
    for wanted in ["statlas_db_connections_in_use", "statlas_db_use_seconds_count", "statlas_search_seconds_count",
                   "statlas_analysis_compute_seconds_count"]:
        check(wanted in names, f"/metrics has no {wanted}")
    requests = [s for name, items in samples.items() if "request" in name and name.endswith("_total") for s in items]
    durations = [s for name, items in samples.items() if "duration" in name and name.endswith("_count") for s in items]
    routes = {s.labels.get("http.route") or s.labels.get("http_route") or s.labels.get("endpoint") or "" for s in requests + durations}
    for route in ["/api/v1/datasets", "/datasets", "/api/v1/search", "/coverage"]:
        check(route in routes, f"/metrics has no requests for {route}: {sorted(routes)[:20]}")
    check(not any("someone" in r or "ons-user-engagement-champion" in r for r in routes), "a route label holds an address asked")
    statlas.kill(15)

    lines = [line for line in statlas.log().splitlines() if line.strip()]
    parsed = []
    for n, line in enumerate(lines):
        try:
            record = json.loads(line)
            check(all(k in record for k in ("time", "level", "message")), f"log line {n + 1} lacks time, level or message")
            parsed.append(record)
        except ValueError:
            failures.append(f"log line {n + 1} is not JSON: {line[:120]}")
    access = [r for r in parsed if r.get("message") == "request"]
    check(len(access) >= len(asked), f"{len(access)} access-log lines for {len(asked) + 2} requests")
    for record in access:
        check(all(k in record for k in ("http.method", "http.route", "http.status", "duration_ms", "hb.request.id")),
              f"an access-log line lacks a field: {record}")
    text = "\n".join(lines)
    for secret in ["someone@example.org", "?saved=", "?q=", token, "ons-user-engagement-champion"]:
        check(secret not in text, f"the log holds {secret[:30]!r}")
    print(f"operations: /metrics {sum(len(v) for v in samples.values())} samples, {len(routes)} routes; "
          f"{len(parsed)} JSON log lines, {len(access)} access-log lines; {len(failures)} failure(s) in "
          f"{time.time() - started:.1f} s")
    for failure in failures[:30]:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
