#!/usr/bin/env python3
"""Inter-coder agreement against the reference packages: two coders code random segments of random documents in a
real Statlas study through the API; for every code and document, and pooled over them all, the percentage
agreement, Cohen's kappa and Krippendorff's alpha (nominal) that Statlas answers must equal numpy,
scikit-learn's `cohen_kappa_score` and the `krippendorff` package on the same unit vectors (one unit per Unicode
scalar, coded or not by each coder) to 1e-9. Cases the reference packages leave undefined (every unit the same
value: sklearn gives nan, krippendorff refuses) are counted apart; Statlas reports 1 for them when the coders agree.

Usage: agreement.py --statlas BINARY [--seed N]
"""
import argparse, json, math, os, random, sys, time, urllib.parse, warnings

import numpy as np
import krippendorff
from sklearn.metrics import cohen_kappa_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, request  # noqa: E402

TOLERANCE = 1e-9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    statlas = Statlas(args.statlas)
    lead = statlas.admin_token("lead@example.org")
    coder = statlas.user_token("coder@example.org", "Coder")
    statlas.start()
    failures = []

    def call(method, path, token, body=None, expect=(200, 201)):
        status, _, text = request(statlas.port, method, path, body, {"Authorization": "Bearer " + token})
        if status not in expect:
            sys.exit(f"{method} {path}: {status} {text[:300]}")
        return json.loads(text) if text else None

    try:
        study = call("POST", "/api/v1/studies", lead, {"title": "Agreement check", "kind": "interviews"})
        base = "/api/v1/studies/" + study["id"]
        call("POST", base + "/team", lead, {"email": "coder@example.org", "role": "coder"})
        call("POST", base + "/participants", lead, {})
        # Texts with letters, accents written as combining marks, emoji with variation selectors and CJK: positions
        # are Unicode scalars, which is what Python's str indexes.
        alphabet = list("abcdefghij klmnop") + ["e\u0301", "\u2615\ufe0f", "\u4e2d", "\U0001F600"]
        documents = {}
        for n in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(40, 400))).strip() or "x"
            created = call("POST", base + "/documents", lead, {"participantId": "P01", "title": f"Doc {n}", "format": "text", "content": text})
            documents[created["id"]] = created["length"]
            if created["length"] != len(text):
                failures.append(f"document {n}: length {created['length']} but {len(text)} scalars")
        codes = [call("POST", base + "/codes", lead, {"name": name})["id"] for name in ["Barrier", "Enabler", "Incentive"]]
        segments = {}
        for token, who in [(lead, "lead"), (coder, "coder")]:
            for _ in range(40):
                doc = rng.choice(list(documents))
                code = rng.choice(codes)
                start = rng.randrange(documents[doc])
                end = min(documents[doc], start + rng.randint(1, 60))
                call("POST", base + "/codings", token, {"documentId": doc, "codeId": code, "start": start, "end": end})
                segments.setdefault((who, code, doc), []).append((start, end))
        answer = call("GET", base + "/agreement?coders=lead@example.org,coder@example.org", coder)

        def vector(who, code, doc):
            units = np.zeros(documents[doc], dtype=int)
            for start, end in segments.get((who, code, doc), []):
                units[start:end] = 1
            return units

        largest = {"agreement": 0.0, "kappa": 0.0, "alpha": 0.0}
        compared = undefined = 0
        pooled_a, pooled_b = [], []

        def compare(label, a, b, got):
            nonlocal compared, undefined
            expected_agreement = float(np.mean(a == b))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                kappa = cohen_kappa_score(a, b)
            try:
                alpha = krippendorff.alpha(reliability_data=np.vstack([a, b]), level_of_measurement="nominal")
            except (ValueError, ZeroDivisionError):
                alpha = float("nan")
            if got["units"] != len(a):
                failures.append(f"{label}: {got['units']} units, expected {len(a)}")
            for name, expected in [("agreement", expected_agreement), ("kappa", kappa), ("alpha", alpha)]:
                if expected is None or math.isnan(expected):
                    undefined += 1
                    if expected_agreement == 1.0 and got[name] != 1:
                        failures.append(f"{label}: {name} {got[name]} where the coders agree on every unit")
                    continue
                difference = abs(got[name] - expected)
                largest[name] = max(largest[name], difference)
                if difference > TOLERANCE:
                    failures.append(f"{label}: {name} {got[name]!r}, reference {expected!r}")
            compared += 1

        for entry in answer["codes"]:
            a, b = vector("lead", entry["codeId"], entry["documentId"]), vector("coder", entry["codeId"], entry["documentId"])
            pooled_a.append(a)
            pooled_b.append(b)
            compare(f"{entry['codeId']}/{entry['documentId'][:8]}", a, b, entry)
        # The pairs either coder used, and only those (pairs neither touched would inflate the pooled figures).
        used = {(code, doc) for (_, code, doc) in segments}
        if {(e["codeId"], e["documentId"]) for e in answer["codes"]} != used:
            failures.append(f"{len(answer['codes'])} code-document pairs, expected the {len(used)} either coder used")
        compare("overall", np.concatenate(pooled_a), np.concatenate(pooled_b), answer["overall"])
        print(f"  {compared} comparisons ({len(answer['codes'])} code-document pairs and the pooled overall over "
              f"{answer['overall']['units']} units), {undefined} values undefined in the reference packages; largest "
              f"difference: agreement {largest['agreement']:.1e}, kappa {largest['kappa']:.1e}, alpha {largest['alpha']:.1e}")
        print(f"  overall: agreement {answer['overall']['agreement']:.4f}, kappa {answer['overall']['kappa']:.4f}, "
              f"alpha {answer['overall']['alpha']:.4f} ({answer['overall']['reading']})")
    finally:
        statlas.kill(15)
    for failure in failures:
        print("  FAIL", failure)
    print(f"Agreement conformance: {len(failures)} failures in {time.time() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
