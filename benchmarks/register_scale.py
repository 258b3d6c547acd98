#!/usr/bin/env python3
"""Statlas at scale: import throughput and API latency on a synthetic register.

Generates a register of (by default) 20,000 organisations, 100,000 datasets and 200,000 activities
as Statlas JSON files, imports them with `statlas import`, then starts `statlas serve` on loopback and
measures search and list latency (p50/p95) with sequential keep-alive requests. Runs on SQLite, and on
PostgreSQL too when STATLAS_BENCH_POSTGRES_URL (or --postgres-url) is set.

Usage: swift build -c release --product statlas && python3 benchmarks/register_scale.py [--scale 1.0]
This is a benchmark, not a test: it prints figures and fails only if a command fails.
"""
import argparse, http.client, json, os, random, shutil, socket, statistics, subprocess, sys, tempfile, time

WORDS = ("population housing labour market wellbeing health education skills transport crime justice prices inflation "
         "earnings employment migration census deprivation energy emissions climate nature productivity trade business "
         "income poverty childcare schools hospitals waiting times broadband rural urban coastal ageing").split()
KINDS = ["government-department", "devolved-government", "local-authority", "public-body", "academia", "third-sector",
         "research-institute", "think-tank", "network"]
NATIONS = ["england", "wales", "scotland", "northern-ireland"]
LEVELS = ["country", "itl1", "itl2", "itl3", "local-authority", "msoa", "lsoa"]
THEMES = ["national-accounts", "health-and-social-care", "children-and-education", "environment-climate-and-nature",
          "labour-market", "housing", "population-and-migration", "prices-and-cost-of-living", "wellbeing",
          "local-and-regional", "transport", "crime-and-justice"]


def phrase(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(directory, organisations, datasets, activities, seed=7):
    rng = random.Random(seed)
    themes = [{"id": t, "name": t.replace("-", " ").capitalize()} for t in THEMES]
    orgs = []
    for i in range(organisations):
        orgs.append({"id": f"org-{i:06d}", "name": f"{phrase(rng, 2).title()} Organisation {i}", "kind": rng.choice(KINDS),
                     "nations": rng.sample(NATIONS, rng.randint(1, 4)), "description": phrase(rng, 12)})
    data = []
    for i in range(datasets):
        coverage = []
        for nation in NATIONS:
            if rng.random() < 0.7:
                coverage.append({"nation": nation, "covered": True, "finestLevel": rng.choice(LEVELS), "areaCount": rng.randint(1, 400)})
        data.append({"id": f"ds-{i:07d}", "title": f"{phrase(rng, 4).capitalize()} {i}", "summary": phrase(rng, 25),
                     "producerIds": [f"org-{rng.randrange(organisations):06d}"], "themeIds": rng.sample(THEMES, rng.randint(1, 2)),
                     "keywords": rng.sample(WORDS, 3), "frequency": rng.choice(["annual", "quarterly", "monthly"]),
                     "temporalStart": str(rng.randint(1990, 2015)), "temporalEnd": str(rng.randint(2016, 2026)), "coverage": coverage})
    acts = []
    for i in range(activities):
        day = f"{rng.randint(2019, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        acts.append({"id": f"act-{i:07d}", "title": f"{phrase(rng, 3).capitalize()} event {i}", "summary": phrase(rng, 15),
                     "kind": rng.choice(["webinar", "event", "workshop", "consultation", "survey"]),
                     "organiserIds": [f"org-{rng.randrange(organisations):06d}"], "themeIds": [rng.choice(THEMES)],
                     "datasetIds": [f"ds-{rng.randrange(datasets):07d}"], "start": day, "end": day,
                     "mode": rng.choice(["online", "in-person"])})
    files = {}
    for name, records in [("themes", themes), ("organisations", orgs), ("datasets", data), ("activities", acts)]:
        path = os.path.join(directory, f"{name}.json")
        with open(path, "w") as f:
            json.dump(records, f)
        files[name] = (path, len(records))
    return files


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed_requests(port, paths):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"GET {path} gave {response.status}")
    conn.close()
    return times


def run_engine(label, binary, storage_args, files, samples):
    print(f"\n== {label} ==")
    for name in ["themes", "organisations", "datasets", "activities"]:
        path, count = files[name]
        start = time.perf_counter()
        result = subprocess.run([binary, "import", name, path, *storage_args], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"import {name} failed:\n{result.stderr}")
        print(f"import {name:<14} {count:>8} rows in {elapsed:7.1f} s = {count / elapsed:>8.0f} rows/s   ({result.stdout.strip()})")
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port), *storage_args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                timed_requests(port, ["/healthz"])
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(11)
        datasets = files["datasets"][1]
        pages = max(1, datasets // 50)
        queries = {
            "search (all kinds)": [f"/api/v1/search?q={rng.choice(WORDS)}+{rng.choice(WORDS)}" for _ in range(samples)],
            "list datasets, page": [f"/api/v1/datasets?limit=50&page={rng.randint(1, pages)}" for _ in range(samples)],
            "list datasets, filtered": [f"/api/v1/datasets?limit=50&nation={rng.choice(NATIONS)}&theme={rng.choice(THEMES)}"
                                        f"&page={rng.randint(1, 20)}" for _ in range(samples)],
            "list datasets, q=": [f"/api/v1/datasets?limit=50&q={rng.choice(WORDS)}" for _ in range(samples)],
            "list activities by start": [f"/api/v1/activities?limit=50&sort=start&page={rng.randint(1, 100)}" for _ in range(samples)],
        }
        timed_requests(port, [paths[0] for paths in queries.values()])  # warm up
        for name, paths in queries.items():
            times = timed_requests(port, paths)
            print(f"{name:<26} n={len(times):<4} p50 {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/statlas")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the register size (1.0 = 20k/100k/200k)")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--postgres-url", default=os.environ.get("STATLAS_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        raise SystemExit(f"{args.binary} not found: run swift build -c release --product statlas first")
    work = tempfile.mkdtemp(prefix="statlas-bench-")
    try:
        n = lambda x: max(1, int(x * args.scale))
        start = time.perf_counter()
        files = generate(work, n(20_000), n(100_000), n(200_000))
        print(f"generated {', '.join(f'{c} {k}' for k, (_, c) in files.items())} in {time.perf_counter() - start:.1f} s")
        run_engine("SQLite", args.binary, ["--data-dir", os.path.join(work, "data")], files, args.samples)
        if args.postgres_url:
            run_engine("PostgreSQL", args.binary, ["--database-url", args.postgres_url], files, args.samples)
        else:
            print("\n(PostgreSQL skipped: set STATLAS_BENCH_POSTGRES_URL to an empty database to include it)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
