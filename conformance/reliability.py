#!/usr/bin/env python3
"""Reliability and security conformance (STANDARDS.md R1, R3, R4, R7, S5, S6, S12, S16, and the maintenance locks
of issue 14) against real
`statlas serve` processes over loopback. Each check is bounded in time and prints its figures.

Usage: reliability.py --statlas BINARY [--postgres-url URL --postgres-restart CMD] [--only NAME ...]
  --postgres-restart is a shell command that crashes and restarts PostgreSQL (pg_ctl stop -m immediate; start),
  used for R1 on PostgreSQL.
"""
import argparse, hashlib, json, os, random, re, signal, sqlite3, subprocess, sys, tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, bearer, free_port, request  # noqa: E402

SECURITY_HEADERS = {
    "content-security-policy": ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"],
    "x-content-type-options": ["nosniff"],
    "referrer-policy": [""],
    "permissions-policy": [""],
}


class Failures:
    def __init__(self):
        self.items = []

    def check(self, condition, message):
        if not condition:
            self.items.append(message)
            print("  FAIL:", message)
        return condition


def writer(port, token, prefix, acknowledged, errors, stop):
    """Creates themes one after another, logging each acknowledged id; stops on `stop` or a dead server."""
    i = 0
    while not stop.is_set():
        record_id = f"{prefix}-{i}"
        try:
            status, _, body = request(port, "POST", "/api/v1/themes", {"id": record_id, "name": f"Theme {record_id}"}, bearer(token), timeout=10)
        except OSError:
            return  # the server is gone: this write was never acknowledged
        if status == 201:
            acknowledged.append(record_id)
        elif status >= 500 and status != 503:
            errors.append(f"{record_id}: {status} {body[:200]}")
        i += 1


def all_theme_ids(port):
    ids, offset = [], 0
    while True:
        status, _, body = request(port, "GET", f"/api/v1/themes?limit=200&offset={offset}&sort=created")
        items = json.loads(body)["items"]
        ids += [item["id"] for item in items]
        if len(items) < 200:
            return ids
        offset += 200


def r1_crash(binary, failures, database_url=None, restart=None, rounds=3):
    label = "PostgreSQL" if database_url else "SQLite"
    print(f"R1 crash safety ({label}): writers log acknowledgements; kill -9 at a random moment, {rounds} times")
    statlas = Statlas(binary, database_url=database_url)
    token = statlas.admin_token()
    acknowledged, errors = [], []
    for round_ in range(rounds):
        statlas.start()
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(statlas.port, token, f"r{round_}w{n}", acknowledged, errors, stop)) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.8, 2.0))
        statlas.kill(signal.SIGKILL)
        if restart:
            subprocess.run(restart, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stop.set()
        for t in threads:
            t.join()
    statlas.start()
    stored = all_theme_ids(statlas.port)
    statlas.kill(signal.SIGTERM)
    missing = set(acknowledged) - set(stored)
    duplicates = len(stored) - len(set(stored))
    print(f"  {len(acknowledged)} writes acknowledged across {rounds} kills; {len(missing)} missing; {duplicates} duplicated")
    failures.check(len(acknowledged) > 50, f"R1 {label}: too few writes to mean anything ({len(acknowledged)})")
    failures.check(not missing, f"R1 {label}: acknowledged records lost: {sorted(missing)[:5]}")
    failures.check(duplicates == 0, f"R1 {label}: duplicated records")
    failures.check(not errors, f"R1 {label}: server errors: {errors[:3]}")
    if not database_url:
        check = sqlite3.connect(os.path.join(statlas.data_dir, "statlas.sqlite")).execute("PRAGMA integrity_check").fetchone()[0]
        print(f"  PRAGMA integrity_check: {check}")
        failures.check(check == "ok", f"R1: integrity check says {check}")
    verify = statlas.cli("audit", "verify", check=False)
    failures.check(verify.returncode == 0, f"R1 {label}: audit chain broken after crashes: {verify.stderr.strip()}")


def r3_no_lost_updates(binary, failures, records=4, clients=8, updates=12):
    print(f"R3 no lost updates: {clients} clients × {updates} accepted increments on {records} records, with If-Match")
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start()
    for r in range(records):
        request(statlas.port, "POST", "/api/v1/themes", {"id": f"counter-{r}", "name": "count 0"}, bearer(token))
    accepted = [[0] * records for _ in range(clients)]
    outcomes, bad = {}, []
    lock = threading.Lock()

    def client(c):
        rng = random.Random(c)
        done = 0
        while done < updates:
            r = rng.randrange(records)
            status, headers, body = request(statlas.port, "GET", f"/api/v1/themes/counter-{r}")
            count = int(json.loads(body)["name"].split()[1])
            status, _, body = request(statlas.port, "PATCH", f"/api/v1/themes/counter-{r}", {"name": f"count {count + 1}"},
                                      {**bearer(token), "If-Match": headers["etag"]})
            with lock:
                outcomes[status] = outcomes.get(status, 0) + 1
            if status == 200:
                accepted[c][r] += 1
                done += 1
            elif status not in (409, 412):
                bad.append(f"{status} {body[:200]}")
                return

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    totals = [sum(accepted[c][r] for c in range(clients)) for r in range(records)]
    finals = [int(json.loads(request(statlas.port, "GET", f"/api/v1/themes/counter-{r}")[2])["name"].split()[1]) for r in range(records)]
    statlas.kill(signal.SIGTERM)
    print(f"  answers {dict(sorted(outcomes.items()))} in {time.time() - start:.1f} s; accepted per record {totals}; final values {finals}")
    failures.check(not bad, f"R3: unexpected answers: {bad[:3]}")
    failures.check(totals == finals, "R3: final state differs from the accepted updates")
    failures.check(outcomes.get(409, 0) + outcomes.get(412, 0) > 0, "R3: no conflicts arose, so nothing was tested")


def r4_disk_full(binary, failures):
    print("R4 disk full: data directory on an 8 MB tmpfs; write until full; free space; write again")
    mount_point = tempfile.mkdtemp(prefix="statlas-full-")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount_point], capture_output=True).returncode != 0:
        print("  SKIPPED: this machine does not allow mounting a tmpfs (needs root)")
        return
    try:
        statlas = Statlas(binary, data_dir=mount_point)
        token = statlas.admin_token()
        statlas.start()
        statuses, first_full, payload = {}, None, "x" * 9_000
        for i in range(2000):
            status, _, body = request(statlas.port, "POST", "/api/v1/themes", {"id": f"big-{i}", "name": f"Big {i}", "description": payload}, bearer(token))
            statuses[status] = statuses.get(status, 0) + 1
            if status == 503 and first_full is None:
                first_full = i
                failures.check("problem" in body or "Service Unavailable" in body, "R4: the 503 is not a problem document")
            if status == 503 and statuses[503] >= 3:
                break
        print(f"  answers while filling: {dict(sorted(statuses.items()))}; first refusal at write {first_full}")
        failures.check(first_full is not None, "R4: the disk never filled")
        failures.check(set(statuses) <= {201, 503}, f"R4: answers other than 201/503: {statuses}")
        if first_full is not None:
            status = request(statlas.port, "GET", f"/api/v1/themes/big-{first_full}")[0]
            failures.check(status == 404, "R4: a refused write was half-written")
        subprocess.run(["mount", "-o", "remount,size=64m", mount_point], check=True)
        after = [request(statlas.port, "POST", "/api/v1/themes", {"id": f"after-{i}", "name": "After"}, bearer(token))[0] for i in range(3)]
        print(f"  after freeing space: {after}")
        failures.check(after == [201, 201, 201], "R4: the service did not recover when space returned")
        statlas.kill(signal.SIGTERM)
        check = sqlite3.connect(os.path.join(mount_point, "statlas.sqlite")).execute("PRAGMA integrity_check").fetchone()[0]
        failures.check(check == "ok", f"R4: integrity check says {check}")
    finally:
        subprocess.run(["umount", "-l", mount_point], capture_output=True)


def r7_sigterm(binary, failures):
    print("R7 graceful shutdown: SIGTERM under write load; every answered request is whole and its record kept")
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start()
    acknowledged, errors, stop = [], [], threading.Event()
    threads = [threading.Thread(target=writer, args=(statlas.port, token, f"t{n}", acknowledged, errors, stop)) for n in range(6)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    before = len(acknowledged)
    code = statlas.kill(signal.SIGTERM)
    stop.set()
    for t in threads:
        t.join()
    statlas.start()
    stored = set(all_theme_ids(statlas.port))
    statlas.kill(signal.SIGTERM)
    missing = set(acknowledged) - stored
    print(f"  {before} acknowledged before SIGTERM, {len(acknowledged)} in all; exit status {code}; {len(missing)} missing; {len(errors)} errors")
    failures.check(code == 0, f"R7: the server exited with {code} on SIGTERM")
    failures.check(not missing and not errors, f"R7: lost {len(missing)} acknowledged writes, errors {errors[:2]}")


def database_digest(path):
    """A digest of the register's tables (records, links, accounts, tokens). Left out: sessions, the audit trail
    and its recorded end (which record each use of a token, by design), a token's last-use time, and the cache of
    whole-register analytics (`analytics_results`, the long lists beside them in `analytics_rows` and who is
    computing which in `analytics_claims`: results
    derived from the register, filled by the first request for each, which change nothing a user can see or set)."""
    db = sqlite3.connect(path)
    digest = hashlib.sha256()
    skip = ("sessions", "audit_events", "audit_head", "search_fts", "analytics_results", "analytics_rows",
            "analytics_claims")
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        if table.startswith(skip) or table.startswith("sqlite_"):
            continue
        columns = "id, user_id, token_hash, label, created_at, revoked_at" if table == "api_tokens" else "*"  # not last_used_at
        for row in db.execute(f'SELECT {columns} FROM "{table}" ORDER BY 1, 2'):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def crawl(port, headers, limit=400):
    """Follows every same-site link from the home page and each list (bounded); returns {path: (status, headers)}."""
    seen, queue = {}, ["/", "/does-not-exist", "/api/v1/does-not-exist", "/api/v1/openapi.json", "/search?q=census", "/contact?theme=housing"]
    queue += [f"/{c}" for c in ["organisations", "people", "themes", "areas", "datasets", "collaborations", "activities", "relationships", "factors"]]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        status, response_headers, body = request(port, "GET", path, headers=headers)
        seen[path] = (status, response_headers)
        if "text/html" in response_headers.get("content-type", ""):
            for link in re.findall(r'href="(/[^"#]*)"', body):
                link = link.replace("&amp;", "&")
                if link not in seen and not link.startswith("/assets/") and link != "/sign-out":
                    queue.append(link)
    return seen


def s5_s6_crawl(binary, failures):
    print("S5/S6: crawling every GET (signed out and as an administrator) changes nothing; every answer has the security headers")
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start("--demo")
    path = os.path.join(statlas.data_dir, "statlas.sqlite")
    before = database_digest(path)
    pages = crawl(statlas.port, {})
    pages.update({k + " (admin)": v for k, v in crawl(statlas.port, bearer(token), limit=200).items()})
    after = database_digest(path)
    statuses = {}
    missing = []
    for page, (status, headers) in pages.items():
        statuses[status] = statuses.get(status, 0) + 1
        for name, parts in SECURITY_HEADERS.items():
            if name not in headers or any(p not in headers[name] for p in parts):
                missing.append(f"{page}: {name}")
        if "server" in headers and re.search(r"\d", headers["server"]):
            missing.append(f"{page}: Server header names a version")
    print(f"  {len(pages)} GET requests, answers {dict(sorted(statuses.items()))}; database unchanged: {before == after}")
    failures.check(before == after, "S5: a GET changed the database")
    failures.check(not missing, f"S6: responses without security headers: {missing[:5]}")
    failures.check(statuses.get(500, 0) == 0, "S6 crawl: a page answered 500")
    # S5: state-changing page requests without a token, or from another site, are refused.
    refused = [request(statlas.port, "POST", "/themes/new", "name=x", {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})[0]
               for origin in ["http://evil.example", f"http://127.0.0.1:{statlas.port}"]]
    print(f"  foreign-origin and token-less form posts: {refused}")
    failures.check(refused == [403, 403], f"S5: form posts without a token or from another origin were not refused: {refused}")
    statlas.kill(signal.SIGTERM)


def s12_s16_errors(binary, failures):
    print("S12/S16: a forced internal error shows a generic message; logs hold no email, token or cookie; oversized bodies get 413")
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start()
    email, cookie = "secret.person@example.org", "statlas-session=" + "c" * 64
    sqlite3.connect(os.path.join(statlas.data_dir, "statlas.sqlite")).execute("ALTER TABLE themes RENAME TO themes_gone")
    headers = {**bearer(token), "Cookie": cookie}
    # Sorted by title, a searched list reads the table (ranked by relevance alone it reads only the search index,
    # and finds nothing for these words without touching the missing table).
    api = request(statlas.port, "GET", f"/api/v1/themes?q={email}%0Aforged%20line&sort=title", headers=headers)
    page = request(statlas.port, "GET", f"/themes?q={email}&sort=title", headers={"Cookie": cookie})
    created = request(statlas.port, "POST", "/api/v1/themes", {"id": "boom", "name": "Boom", "description": email}, headers)
    print(f"  forced errors answered {api[0]}, {page[0]}, {created[0]}")
    failures.check(api[0] == 500 and page[0] == 500 and created[0] == 500, "S12: the forced error did not give 500")
    for status, _, body in (api, page, created):
        failures.check("themes_gone" not in body and "SQLite" not in body and "no such table" not in body,
                       "S12: internal detail reached the client")
    big = "x" * (2 * 1024 * 1024)
    too_large = [request(statlas.port, "POST", "/api/v1/themes", '{"name": "' + big + '"}', bearer(token))[0],
                 request(statlas.port, "POST", "/sign-in", "email=" + big, {"Content-Type": "application/x-www-form-urlencoded"})[0]]
    print(f"  2 MiB bodies answered {too_large}")
    failures.check(too_large[0] == 413, f"S16: oversized API body answered {too_large[0]}")
    failures.check(too_large[1] in (403, 413), f"S16: oversized form answered {too_large[1]}")
    statlas.kill(signal.SIGTERM)
    log = statlas.log()
    failures.check("Unhandled error" in log, "S12: the internal error was not logged")
    for secret, name in [(email, "email address"), (token, "API token"), ("c" * 64, "cookie"), ("\nforged line", "forged log line")]:
        failures.check(secret not in log, f"S12: the log contains the {name}")


def maintenance(binary, failures):
    print("Maintenance: two servers starting at once on an empty directory; restore and migrate while a server runs")
    shared = tempfile.mkdtemp(prefix="statlas-twin-")
    first, second = Statlas(binary, data_dir=shared), Statlas(binary, data_dir=shared)
    second.log_path = os.path.join(shared, "serve-2.log")
    first.port = free_port()
    while second.port in (None, first.port):
        second.port = free_port()
    threads = [threading.Thread(target=s.start, args=("--demo",)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    status, _, text = request(first.port, "GET", "/api/v1/organisations?limit=1")
    total = json.loads(text)["total"]
    status, _, text = request(second.port, "GET", "/api/v1/organisations?limit=1")
    failures.check(json.loads(text)["total"] == total, "both servers see the same register")
    second.kill(signal.SIGTERM)
    first.kill(signal.SIGTERM)  # their output reaches the logs as they stop
    logs = first.log() + second.log()
    added = [int(m) for m in re.findall(r"Demo register: (\d+) records added", logs)]
    failures.check(len(added) == 2 and min(added) == 0 and max(added) > 80, f"two servers at once: one loads, the other adds nothing: {added}")
    failures.check("duplicate" not in logs.lower() and "Error:" not in logs, "two servers at once: no error dump")
    print(f"  both servers up; demo records added by each: {added}; organisations: {total}")
    first.start()
    token = first.admin_token("maintainer@example.org")
    backup = os.path.join(shared, "backup.sqlite")
    first.cli("backup", "--output", backup)
    for command in (["restore", backup], ["migrate"]):
        result = first.cli(*command, check=False)
        failures.check(result.returncode == 1 and "Statlas is running on this database" in result.stderr,
                       f"statlas {command[0]} while the server runs: exit {result.returncode}, {result.stderr.strip()[:200]}")
        print(f"  statlas {command[0]} while serving: exit {result.returncode}: {result.stderr.strip().splitlines()[-1][:120]}")
    status, _, _ = request(first.port, "POST", "/api/v1/themes", {"id": "after-refused-restore", "name": "Kept"}, bearer(token))
    first.kill(signal.SIGTERM)
    first.start()
    kept = request(first.port, "GET", "/api/v1/themes/after-refused-restore")[0]
    failures.check(status == 201 and kept == 200, f"a write acknowledged after the refused restore is kept: {status}, {kept}")
    first.kill(signal.SIGTERM)


def token_reads_during_import(binary, failures, nodes=20_000, edges=5_000):
    print(f"Token reads during 'statlas import network' of {nodes:,} nodes: a GET with a token never waits for the import's write lock")
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start()
    path = os.path.join(statlas.data_dir, "big.graphml")
    rng = random.Random(14)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                '<key id="name" for="node" attr.name="name" attr.type="string"/><graph edgedefault="undirected">')
        for i in range(nodes):
            f.write(f'<node id="n{i}"><data key="name">Imported organisation {i}</data></node>')
        for _ in range(edges):
            a, b = rng.sample(range(nodes), 2)
            f.write(f'<edge source="n{a}" target="n{b}"/>')
        f.write("</graph></graphml>")
    process = subprocess.Popen([binary, "import", "network", path, "--format", "graphml", *statlas.storage_args()],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    latencies, statuses = [], {}
    started = time.time()
    while process.poll() is None:
        begin = time.time()
        status = request(statlas.port, "GET", "/api/v1/datasets?limit=5", headers=bearer(token), timeout=60)[0]
        latencies.append(time.time() - begin)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(0.2)
    output = process.communicate()[0]
    took = time.time() - started
    worst = max(latencies) if latencies else 0
    failures.check(process.returncode == 0, f"the import failed: {output[-200:]}")
    failures.check(len(latencies) >= 3, f"too few reads during the import ({len(latencies)}): make it bigger")
    failures.check(set(statuses) == {200} and worst < 2.0, f"reads with a token during the import: {statuses}, slowest {worst:.2f} s")
    time.sleep(1.5)
    statlas.kill(signal.SIGTERM)
    uses = sqlite3.connect(os.path.join(statlas.data_dir, "statlas.sqlite")).execute(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'token-use'").fetchone()[0]
    failures.check(uses >= len(latencies), f"every token use is recorded once the lock is free: {uses} of {len(latencies)}")
    print(f"  import took {took:.1f} s; {len(latencies)} reads with a token meanwhile, answers {statuses}, median "
          f"{sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms, slowest {worst * 1000:.0f} ms; {uses} uses recorded after")


CHECKS = {"r1": None, "r3": r3_no_lost_updates, "r4": r4_disk_full, "r7": r7_sigterm, "s5s6": s5_s6_crawl, "s12s16": s12_s16_errors, "maintenance": maintenance,
          "import": token_reads_during_import}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--postgres-url")
    parser.add_argument("--postgres-restart")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    failures = Failures()
    started = time.time()
    for name in args.only or list(CHECKS):
        if name == "r1":
            r1_crash(args.statlas, failures)
            if args.postgres_url:
                database = "statlas_r1_" + uuid.uuid4().hex[:8]
                subprocess.run(["psql", args.postgres_url, "-q", "-c", f"CREATE DATABASE {database}"], check=True)
                url = args.postgres_url.rsplit("/", 1)[0] + "/" + database
                r1_crash(args.statlas, failures, database_url=url, restart=args.postgres_restart)
        else:
            CHECKS[name](args.statlas, failures)
    print(f"Reliability conformance: {len(failures.items)} failures in {time.time() - started:.0f} s")
    sys.exit(1 if failures.items else 0)


if __name__ == "__main__":
    main()
