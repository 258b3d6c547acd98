#!/usr/bin/env python3
"""Research study benchmark: a study of TRANSCRIPTS interview transcripts of WORDS words each (invented text), coded
by three coders (SEGMENTS segments, each coded by all three with small differences), with a survey of
RESPONDENTS respondents; then times, through the API of a running Statlas (encrypted storage included), the
agreement between each pair of coders, code co-occurrence, code frequencies by attribute under disclosure control,
and a disclosure-controlled survey table by attribute. Prints the median and slowest of several runs of each.

The issue's size is the default (200 transcripts of 10,000 words, 2,000 segments, three coders): run it on a
release build for the figures to report. `.ci/run` runs it smaller on the debug build, to keep it working.

Usage: swift build -c release --product statlas && python3 benchmarks/studies.py [--binary .build/release/statlas]
       [--transcripts 200] [--words 10000] [--segments 2000] [--respondents 1000] [--runs 5]
"""
import argparse, csv, http.client, io, json, os, random, statistics, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from statlas_server import Statlas  # noqa: E402

WORDS = ("data share local authority region collaboration time trust legal gateway survey partner team analyst "
         "council estimate population housing health ONS Wales Scotland standards contact funding meeting").split()


class Client:
    """One keep-alive connection with a bearer token."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, method, path, body=None, content_type="application/json"):
        headers = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            data = body if isinstance(body, str) else json.dumps(body)
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8")
        if response.status not in (200, 201):
            sys.exit(f"{method} {path}: {response.status} {text[:300]}")
        return json.loads(text) if text else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/statlas")
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=2_000)
    parser.add_argument("--respondents", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run swift build -c release --product statlas first")
    rng = random.Random(7)
    statlas = Statlas(args.binary)
    tokens = [statlas.admin_token("lead@example.org")]
    for email in ["coder2@example.org", "coder3@example.org"]:
        tokens.append(statlas.user_token(email, email))
    statlas.start()
    try:
        clients = [Client(statlas.port, t) for t in tokens]
        lead = clients[0]
        started = time.time()
        study = lead.call("POST", "/api/v1/studies", {"title": "Benchmark study", "kind": "both"})
        base = "/api/v1/studies/" + study["id"]
        for email in ["coder2@example.org", "coder3@example.org"]:
            lead.call("POST", base + "/team", {"email": email, "role": "coder"})
        codes = [c["id"] for c in lead.call("POST", base + "/codes/seed")["items"] if c.get("parentId")]
        kinds = ["local-authority", "devolved-government", "national-statistics-institute", "academia", "third-sector"]
        documents = []
        for n in range(args.transcripts):
            lead.call("POST", base + "/participants", {"attributes": {"organisationKind": kinds[n % 5], "nation": ["England", "Wales", "Scotland", "Northern Ireland"][n % 4]}})
            lines, words = [], 0
            while words < args.words:
                turn = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))
                lines.append(("Interviewer: " if len(lines) % 2 == 0 else "P: ") + turn)
                words += len(turn.split())
            created = lead.call("POST", base + "/documents", {"participantId": f"P{n + 1:02d}" if n < 99 else f"P{n + 1}",
                                                              "title": f"Interview {n + 1}", "format": "text",
                                                              "content": "\n".join(lines)})
            documents.append((created["id"], created["length"]))
        setup_documents = time.time() - started
        started = time.time()
        for _ in range(args.segments):
            document, length = rng.choice(documents)
            code = rng.choice(codes)
            start = rng.randrange(max(1, length - 400))
            end = min(length, start + rng.randint(50, 400))
            for index, client in enumerate(clients):
                shift = 0 if index == 0 else rng.randint(-20, 20)
                if index == 2 and rng.random() < 0.1:
                    continue  # the third coder misses some
                s, e = max(0, start + shift), min(length, end + shift)
                if e > s:
                    client.call("POST", base + "/codings", {"documentId": document, "codeId": code, "start": s, "end": e})
        setup_codings = time.time() - started
        survey = lead.call("POST", base + "/surveys", {"title": "Benchmark survey", "questions": [
            {"id": "Q1", "text": "What hinders?", "kind": "multiple", "options": ["Time", "IT", "Law", "Contacts"]}]})
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["respondent", "organisationKind", "Q1"])
        for n in range(args.respondents):
            writer.writerow([f"S{n}", rng.choice(kinds), ";".join(o for o in ["Time", "IT", "Law", "Contacts"] if rng.random() < 0.4)])
        lead.call("POST", f"{base}/surveys/{survey['id']}/responses", out.getvalue(), "text/csv")

        def timed(path):
            seconds = []
            for _ in range(args.runs):
                began = time.perf_counter()
                lead.call("GET", path)
                seconds.append(time.perf_counter() - began)
            return statistics.median(seconds), max(seconds)

        results = {
            "agreement (lead and coder 2, every code and document)": timed(base + "/agreement?coders=lead@example.org,coder2@example.org"),
            "agreement (coders 2 and 3)": timed(base + "/agreement?coders=coder2@example.org,coder3@example.org"),
            "co-occurrence": timed(base + "/cooccurrence"),
            "code frequencies by organisationKind, disclosure-controlled": timed(base + "/frequencies?by=organisationKind&disclosure=controlled"),
            f"survey table by organisationKind, disclosure-controlled ({args.respondents} respondents)": timed(base + "/tables?question=Q1&by=organisationKind&disclosure=controlled"),
        }
        total_words = args.transcripts * args.words
        print(f"Study: {args.transcripts} transcripts of about {args.words:,} words ({total_words:,} words, "
              f"{sum(length for _, length in documents):,} characters), {args.segments:,} segments coded by three coders; "
              f"setup {setup_documents:.0f} s (documents) + {setup_codings:.0f} s (codings) through the API")
        for name, (median, slowest) in results.items():
            print(f"  {name}: median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms over {args.runs} runs")
    finally:
        statlas.kill(15)


if __name__ == "__main__":
    main()
