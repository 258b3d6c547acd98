#!/usr/bin/env python3
"""Statlas at scale: imports, pages, throughput, memory and size on a synthetic register, side by side with the
sqlite3 shell and Datasette over the same rows.

Generates a register of (by default) 20,000 organisations, 100,000 datasets, 200,000 activities and 50,000
collaborations (datasets as Statlas CSV, the rest as Statlas JSON), imports it with `statlas import`, then starts
`statlas serve` on loopback and measures, on SQLite and (when STATLAS_BENCH_POSTGRES_URL or --postgres-url names an
empty database) on PostgreSQL:

- import rows/s against the sqlite3 shell's `.import --csv` of the same CSV (same synchronous setting), and the
  database's size against the CSV's;
- p50/p95 and size of every page and API read of `benchmarks/pages.py` (with this register's ids), each asked
  twice first so that whole-register analytics are computed once, as they are per version of the register;
- throughput (requests/s, p95) at equal concurrency of `/healthz`, the JSON and HTML dataset lists, deep pages,
  filtered and `q=` lists, and of search against Datasette (`_search=` with FTS over the same rows) on common and
  rare words;
- the server's resident memory (peak and after the run) while serving it all, and again after the whole-table
  downloads (coverage gaps, statistics and areas CSVs, the engagement workbook), with each one's time and size;
- on PostgreSQL (and on SQLite with --two-instances), a second instance on the same database: the same answers
  from both, whole-register analytics computed once and shared, the slowest answer and the time until both are
  current after a change, and the JSON list served by both at once.

Needs the sqlite3 shell and wrk (Debian) and Datasette and sqlite-utils (pip install datasette sqlite-utils).
Usage: swift build -c release --product statlas && python3 benchmarks/register_scale.py [--scale 1.0]
A benchmark, not a test: it prints figures and fails only if a command fails.
"""
import argparse, csv, http.client, json, os, random, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile
import threading, time

WORDS = ("population housing labour market wellbeing health education skills transport crime justice prices inflation "
         "earnings employment migration census deprivation energy emissions climate nature productivity trade business "
         "income poverty childcare schools hospitals waiting times broadband rural urban coastal ageing").split()
RARE = ["zephyrine", "quillwort", "marramgrass", "oxbowlake"]
KINDS = ["government-department", "devolved-government", "local-authority", "public-body", "academia", "third-sector",
         "research-institute", "think-tank", "network"]
NATIONS = ["england", "wales", "scotland", "northern-ireland"]
LEVELS = ["country", "itl1", "itl2", "itl3", "local-authority", "msoa", "lsoa"]
THEMES = ["national-accounts", "health-and-social-care", "children-and-education", "environment-climate-and-nature",
          "labour-market", "housing", "population-and-migration", "prices-and-cost-of-living", "wellbeing",
          "local-and-regional", "transport", "crime-and-justice"]
COLLABORATION_KINDS = ["data-sharing", "data-linkage", "joint-production", "methods-development", "dissemination",
                       "engagement", "research-partnership"]


def phrase(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(directory, organisations, datasets, activities, collaborations, seed=7):
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
        summary = phrase(rng, 25) + (f" {rng.choice(RARE)}" if i % 997 == 0 else "")
        data.append({"id": f"ds-{i:07d}", "title": f"{phrase(rng, 4).capitalize()} {i}", "summary": summary,
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
    collabs = []
    for i in range(collaborations):
        members = rng.sample(range(organisations), min(organisations, rng.randint(2, 4)))
        year = rng.randint(2015, 2026)
        collabs.append({"id": f"col-{i:06d}", "title": f"{phrase(rng, 3).capitalize()} collaboration {i}",
                        "summary": phrase(rng, 12), "kind": rng.choice(COLLABORATION_KINDS), "status": "active",
                        "start": f"{year}-01-01", "themeIds": [rng.choice(THEMES)],
                        "participants": [{"organisationId": f"org-{m:06d}", "role": "lead" if j == 0 else "partner"}
                                         for j, m in enumerate(members)]})
    files = {}
    for name, records in [("themes", themes), ("organisations", orgs), ("activities", acts), ("collaborations", collabs)]:
        path = os.path.join(directory, f"{name}.json")
        with open(path, "w") as f:
            json.dump(records, f)
        files[name] = (path, len(records))
    # Datasets as Statlas CSV (lists and coverage as JSON in their cells), the file the sqlite3 shell imports too.
    path = os.path.join(directory, "datasets.csv")
    columns = ["id", "title", "summary", "producer_ids", "theme_ids", "keywords", "frequency", "temporal_start",
               "temporal_end", "coverage"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for d in data:
            w.writerow([d["id"], d["title"], d["summary"], json.dumps(d["producerIds"]), json.dumps(d["themeIds"]),
                        json.dumps(d["keywords"]), d["frequency"], d["temporalStart"], d["temporalEnd"],
                        json.dumps(d["coverage"])])
    files["datasets"] = (path, len(data))
    return files, data, orgs


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def get(conn, path):
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def sequential(port, paths, allow=(200,)):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    times, size = [], 0
    for path in paths:
        ms, status, size = get(conn, path)
        if status not in allow:
            raise SystemExit(f"GET {path} gave {status}")
        times.append(ms)
    conn.close()
    return times, size


def throughput(port, paths, concurrency, seconds):
    """Requests/s and p95 of `concurrency` keep-alive clients cycling through `paths` for `seconds`."""
    stop = time.perf_counter() + seconds
    results, errors = [], []

    def client(offset):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        mine = []
        while time.perf_counter() < stop:
            try:
                ms, status, _ = get(conn, paths[i % len(paths)])
                if status != 200:
                    errors.append(status)
                mine.append(ms)
            except (OSError, http.client.HTTPException) as e:
                errors.append(str(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            i += 1
        results.extend(mine)
        conn.close()

    threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return len(results) / elapsed, percentile(results, 95) if results else 0.0, len(errors)


def wrk(port, path, concurrency, seconds):
    """Requests/s from wrk (a C client, so that the client is not the bottleneck on fast routes)."""
    out = subprocess.run(["wrk", "-t", "1", "-c", str(concurrency), "-d", f"{seconds}s", "--latency",
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    rate = next((float(line.split()[1]) for line in out.splitlines() if line.startswith("Requests/sec")), 0.0)
    non2xx = next((int(line.split()[-1]) for line in out.splitlines() if "Non-2xx" in line), 0)
    return rate, non2xx


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024


def page_paths(data, orgs):
    busiest = "org-000007"
    dataset = data[len(data) // 2]["id"]
    return ["/", "/search?q=population", "/contact?theme=labour-market", "/organisations", "/organisations?kind=network",
            f"/organisations/{busiest}", "/datasets", f"/datasets/{dataset}", "/activities", "/network", "/api/v1/network",
            "/coverage", "/coverage?theme=labour-market", "/coverage?theme=housing", "/api/v1/coverage",
            "/insight/engagement", "/api/v1/insight/engagement", "/api/v1/insight/engagement?format=ods",
            f"/organisations/{busiest}/stakeholder-map",
            # Pages and reads added since the first run: actions, latest-first lists, resources, research
            # questions and findings, the CKAN API, calendars, feeds and the sitemap.
            "/actions", "/api/v1/actions?status=done", "/activities?sort=-start&page=50", "/activities?mode=online",
            "/datasets?nation=wales&theme=housing", "/resources", "/research-questions", "/findings",
            "/api/3/action/package_search?rows=10", "/api/3/action/package_search?q=justice&rows=10",
            "/api/3/action/package_search?fq=tags:justice&facet.field=%5B%22tags%22,%22organization%22%5D",
            f"/api/3/action/package_show?id={dataset}", "/api/3/action/organization_list?limit=25",
            f"/api/3/action/organization_show?id={busiest}", "/api/3/action/tag_list", "/activities.ics",
            f"/activities.ics?organisation={busiest}", "/feeds/datasets.atom", "/feeds/activities.atom",
            "/sitemap.xml"]


def sqlite_shell_import(csv_path, directory, synchronous):
    db = os.path.join(directory, "shell.sqlite")
    start = time.perf_counter()
    subprocess.run(["sqlite3", db, f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous};",
                    ".import --csv " + csv_path + " datasets"], check=True, capture_output=True)
    return time.perf_counter() - start


def datasette_database(directory, data, orgs):
    """The same dataset and organisation rows in a SQLite file with FTS, made with sqlite-utils."""
    path = os.path.join(directory, "datasette.db")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE datasets (id TEXT PRIMARY KEY, title TEXT, summary TEXT, producer_ids TEXT, theme_ids TEXT, "
               "keywords TEXT, frequency TEXT, temporal_start TEXT, temporal_end TEXT, coverage TEXT)")
    db.executemany("INSERT INTO datasets VALUES (?,?,?,?,?,?,?,?,?,?)", [
        (d["id"], d["title"], d["summary"], json.dumps(d["producerIds"]), json.dumps(d["themeIds"]), json.dumps(d["keywords"]),
         d["frequency"], d["temporalStart"], d["temporalEnd"], json.dumps(d["coverage"])) for d in data])
    db.execute("CREATE TABLE organisations (id TEXT PRIMARY KEY, name TEXT, kind TEXT, nations TEXT, description TEXT)")
    db.executemany("INSERT INTO organisations VALUES (?,?,?,?,?)",
                   [(o["id"], o["name"], o["kind"], json.dumps(o["nations"]), o["description"]) for o in orgs])
    db.commit()
    db.close()
    subprocess.run(["sqlite-utils", "enable-fts", path, "datasets", "title", "summary", "keywords", "--fts5",
                    "--create-triggers"], check=True, capture_output=True)
    subprocess.run(["sqlite-utils", "enable-fts", path, "organisations", "name", "description", "--fts5"], check=True,
                   capture_output=True)
    return path


def wait_for(port, timeout=120):
    for _ in range(int(timeout * 10)):
        try:
            sequential(port, ["/healthz"], allow=(200, 503))
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port}")


def fetch_json(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} on port {port} gave {response.status}")
    return (time.perf_counter() - start) * 1000, json.loads(body)


ANALYSES = ["/api/v1/coverage", "/api/v1/network", "/api/v1/insight/engagement"]


def two_instances(binary, storage_args, first_port, data, work, args):
    """A second instance on the same database: the same answers, whole-register analytics shared (each computed
    once per version of the register, by one instance), and the wait and freshness after a change."""
    second_port = free_port()
    second = subprocess.Popen([binary, "serve", "--port", str(second_port), *storage_args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(second_port)
        print(f"\ntwo instances on one database (ports {first_port} and {second_port}):")
        reads = ANALYSES + ["/api/v1/datasets?limit=50", "/api/v1/organisations/org-000007",
                            f"/api/v1/datasets/{data[len(data) // 2]['id']}", "/api/v1/search?q=population"]
        same = 0
        for path in reads:
            _, one = fetch_json(first_port, path)
            ms, two = fetch_json(second_port, path)
            same += one == two
            if one != two:
                print(f"  differs: {path}")
            if path in ANALYSES:
                print(f"  second instance's first {path:<34} {ms:7.1f} ms (computed by the first: "
                      f"{one.get('computed', {}).get('at') == two.get('computed', {}).get('at')})")
        print(f"  {same} of {len(reads)} API reads give the same answer on both instances")
        # A change through the command line, as another writer would make it; then both instances are asked.
        extra = os.path.join(work, "one-more.csv")
        with open(extra, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "summary", "producer_ids", "theme_ids", "frequency"])
            w.writerow(["ds-two-instances", "One more dataset", "Written while two instances serve", '["org-000007"]',
                        '["housing"]', "annual"])
        subprocess.run([binary, "import", "datasets", extra, *storage_args], check=True, capture_output=True)
        changed = time.perf_counter()
        slowest, fresh, computed = 0.0, {}, {}
        while len(fresh) < 2 * len(ANALYSES) and time.perf_counter() - changed < 600:
            for port in (first_port, second_port):
                for path in ANALYSES:
                    if (port, path) in fresh:
                        continue
                    ms, body = fetch_json(port, path)
                    slowest = max(slowest, ms)
                    if body.get("computed", {}).get("current"):
                        fresh[(port, path)] = time.perf_counter() - changed
                        computed[(port, path)] = body["computed"]["at"]
            time.sleep(0.5)
        shared = sum(computed.get((first_port, p)) == computed.get((second_port, p)) for p in ANALYSES)
        print(f"  after a change: slowest answer {slowest:.1f} ms while recomputing; current on both after "
              f"{max(fresh.values(), default=float('nan')):.1f} s; {shared} of {len(ANALYSES)} analyses computed once "
              f"and shared (same computed.at on both)")
        c, secs = args.concurrency, args.seconds
        rates = []
        threads = [threading.Thread(target=lambda port: rates.append(throughput(
            port, ["/api/v1/datasets?limit=50"], max(1, c // 2), secs)), args=(port,)) for port in (first_port, second_port)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"  JSON list on both at once, concurrency {max(1, c // 2)} each: "
              f"{sum(r[0] for r in rates):.0f} req/s in all, p95 {max(r[1] for r in rates):.1f} ms")
        peak, now = memory(second.pid)
        print(f"  second instance's memory: peak {peak:.0f} MB, now {now:.0f} MB")
    finally:
        second.terminate()
        second.wait(timeout=60)


def run_engine(label, binary, storage_args, files, data, orgs, work, args, datasette_port):
    print(f"\n== {label} ==")
    rates = {}
    for name in ["themes", "organisations", "datasets", "activities", "collaborations"]:
        path, count = files[name]
        start = time.perf_counter()
        result = subprocess.run([binary, "import", name, path, *storage_args], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"import {name} failed:\n{result.stderr[-3000:]}")
        rates[name] = count / elapsed
        print(f"import {name:<15} {count:>8} rows in {elapsed:7.1f} s = {count / elapsed:>8.0f} rows/s")
    if label == "SQLite":
        shell = sqlite_shell_import(files["datasets"][0], work, "FULL")
        n = files["datasets"][1]
        print(f"sqlite3 .import --csv datasets: {shell:.2f} s = {n / shell:.0f} rows/s (synchronous=FULL, WAL); "
              f"statlas at {100 * rates['datasets'] / (n / shell):.1f}% of it")
        db_file = os.path.join(storage_args[1], "statlas.sqlite")
        subprocess.run(["sqlite3", db_file, "PRAGMA wal_checkpoint(TRUNCATE);"], capture_output=True)
        size = sum(os.path.getsize(os.path.join(storage_args[1], f)) for f in os.listdir(storage_args[1])
                   if f.startswith("statlas.sqlite"))
        csv_size = sum(os.path.getsize(p) for p, _ in files.values())
        print(f"database {size / 1e6:.0f} MB for {csv_size / 1e6:.0f} MB of input files ({size / csv_size:.1f}x); "
              f"Datasette's file (datasets and organisations, FTS) {os.path.getsize(os.path.join(work, 'datasette.db')) / 1e6:.0f} MB")
        audit = sqlite3.connect(db_file).execute(
            "SELECT SUM(LENGTH(COALESCE(before_json,'')) + LENGTH(COALESCE(after_json,''))) FROM audit_events").fetchone()[0]
        print(f"audit trail content {(audit or 0) / 1e6:.0f} MB")
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port), *storage_args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        wait_for(port)
        rng = random.Random(11)
        print(f"\n{'page or read':52} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>8}")
        for path in page_paths(data, orgs):
            # The first request after the import may compute a whole-register analysis (once per version).
            first, _ = sequential(port, [path])
            times, size = sequential(port, [path] * args.samples)
            print(f"{path[:52]:52} {first[0]:9.0f} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} {size / 1024:8.1f}")
        pages = max(1, files["datasets"][1] // 50)
        c, secs = args.concurrency, args.seconds
        print(f"\nthroughput at concurrency {c}, {secs} s each (wrk):")
        health, _ = wrk(port, "/healthz", c, secs)
        print(f"{'/healthz':52} {health:9.0f} req/s")
        for name, path in [("JSON list /api/v1/datasets?limit=50", "/api/v1/datasets?limit=50"),
                           ("HTML list /datasets", "/datasets")]:
            rate, bad = wrk(port, path, c, secs)
            print(f"{name:52} {rate:9.0f} req/s = {100 * rate / health:5.1f}% of /healthz" + (f" ({bad} non-2xx)" if bad else ""))
        print(f"\nlists at concurrency {c} (Python keep-alive clients; p95 ms):")
        deep = min(90_000, max(0, files["datasets"][1] - 50))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/api/v1/datasets?limit=1&offset={deep - 1}")
        before_deep = json.loads(conn.getresponse().read())["items"][0]["id"]
        conn.close()
        lists = {
            "page one": ["/api/v1/datasets?limit=50"],
            f"deep: after= (keyset, row {deep:,})": [f"/api/v1/datasets?limit=50&after={before_deep}"],
            "random pages": [f"/api/v1/datasets?limit=50&page={rng.randint(1, pages)}" for _ in range(200)],
            f"deep: offset {deep:,}": [f"/api/v1/datasets?limit=50&offset={deep}"],
            "filtered nation+theme": [f"/api/v1/datasets?limit=50&nation={rng.choice(NATIONS)}&theme={rng.choice(THEMES)}"
                                      for _ in range(50)],
            "q= common word": [f"/api/v1/datasets?limit=50&q={w}" for w in WORDS],
            "activities by start": [f"/api/v1/activities?limit=50&sort=start&page={rng.randint(1, 100)}" for _ in range(50)],
        }
        for name, paths in lists.items():
            rate, p95, errors = throughput(port, paths, c, secs)
            print(f"{name:52} {rate:9.0f} req/s   p95 {p95:7.1f} ms" + (f"   {errors} errors" if errors else ""))
        # Searches and searched pages are remembered per register version, so the figures above and below are
        # mostly answers already worked out; these are words never asked before, so nothing is remembered.
        print("\nfirst asks of word pairs not asked before (sequential; ms):")
        fresh = [f"{a}+{b}" for a, b in zip(WORDS, WORDS[3:] + WORDS[:3])][:12]
        for name, template in [("search /api/v1/search?q=", "/api/v1/search?q={}"),
                               ("q= list /api/v1/datasets?limit=50&q=", "/api/v1/datasets?limit=50&q={}")]:
            times, _ = sequential(port, [template.format(t) for t in fresh])
            print(f"{name:52} median {statistics.median(times):7.1f}   slowest {max(times):7.1f}")
        print(f"\nsearch against Datasette (FTS5 over the same dataset and organisation rows), concurrency {c}:")
        searches = {
            "common words": [f"{a}+{b}" for a, b in zip(WORDS, WORDS[1:] + WORDS[:1])],
            "rare words": RARE,
        }
        for name, terms in searches.items():
            ours = throughput(port, [f"/api/v1/search?q={t}" for t in terms], c, secs)
            theirs = throughput(datasette_port, [f"/datasette/datasets.json?_search={t}&_size=50" for t in terms], c, secs)
            print(f"search, {name:44} statlas {ours[0]:7.0f} req/s p95 {ours[1]:6.1f} ms | datasette {theirs[0]:7.0f} req/s "
                  f"p95 {theirs[1]:6.1f} ms" + (f" ({ours[2]}/{theirs[2]} errors)" if ours[2] or theirs[2] else ""))
        peak, now = memory(server.pid)
        print(f"\nserver memory: peak {peak:.0f} MB, now {now:.0f} MB")
        print("\nwhole-table downloads (the faster of two requests each):")
        for path in ["/api/v1/coverage?format=gaps-csv", "/api/v1/coverage?format=statistics-csv",
                     "/api/v1/coverage?format=csv", "/api/v1/insight/engagement?format=ods", "/catalog.ttl"]:
            times, size = sequential(port, [path, path])
            print(f"{path:52} {min(times):9.0f} ms {size / 1e6:8.1f} MB")
        peak, now = memory(server.pid)
        print(f"server memory after the downloads: peak {peak:.0f} MB, now {now:.0f} MB")
        if label == "PostgreSQL" or args.two_instances:
            two_instances(binary, storage_args, port, data, work, args)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/statlas")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the register size (1.0 = 20k/100k/200k/50k)")
    parser.add_argument("--samples", type=int, default=30, help="sequential requests per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--postgres-url", default=os.environ.get("STATLAS_BENCH_POSTGRES_URL"))
    parser.add_argument("--two-instances", action="store_true",
                        help="also run two instances on the SQLite file (always done on PostgreSQL)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        raise SystemExit(f"{args.binary} not found: run swift build -c release --product statlas first")
    work = tempfile.mkdtemp(prefix="statlas-bench-")
    datasette = None
    try:
        n = lambda x: max(1, int(x * args.scale))
        start = time.perf_counter()
        files, data, orgs = generate(work, n(20_000), n(100_000), n(200_000), n(50_000))
        print(f"generated {', '.join(f'{c} {k}' for k, (_, c) in files.items())} in {time.perf_counter() - start:.1f} s")
        path = datasette_database(work, data, orgs)
        datasette_port = free_port()
        datasette = subprocess.Popen(["datasette", "serve", path, "--port", str(datasette_port), "--setting",
                                      "num_sql_threads", "2", "--setting", "sql_time_limit_ms", "10000"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                sequential(datasette_port, ["/datasette.json"])
                break
            except (OSError, SystemExit):
                time.sleep(0.1)
        run_engine("SQLite", args.binary, ["--data-dir", os.path.join(work, "data")], files, data, orgs, work, args,
                   datasette_port)
        if args.postgres_url:
            run_engine("PostgreSQL", args.binary, ["--database-url", args.postgres_url], files, data, orgs, work, args,
                       datasette_port)
        else:
            print("\n(PostgreSQL skipped: set STATLAS_BENCH_POSTGRES_URL to an empty database to include it)")
    finally:
        if datasette:
            datasette.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
