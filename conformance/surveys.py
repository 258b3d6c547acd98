#!/usr/bin/env python3
"""Survey tables and disclosure control against independent references, through a real Statlas study.

Random surveys (single choice, multiple choice and scale questions; respondents with random nations, kinds of
organisation and weights) are imported as CSV through the API. For every question, unbroken and by each attribute:

1. the exact table's counts, weighted percentages and 95% Wilson intervals must equal pandas-free recomputation
   with numpy and `statsmodels.stats.proportion.proportion_confint(method="wilson")` over Kish's effective sample
   size, to 1e-9;
2. the disclosure-controlled table must follow the rules cell by cell: counts from 1 to 9 suppressed, zeros kept,
   the rest rounded to the nearest 5 (within 2 of the exact count), no count or percentage on a suppressed cell;
3. no suppressed cell may be recoverable from the published cells and margins: for each, its unit vector must lie
   outside the row space of the linear constraints that hold (each group's cells add up to its base for single
   choice and scale questions; each answer's groups add up to its total; the bases add up to the grand total),
   taking the published cells as exactly known (numpy's matrix rank).

Usage: surveys.py --statlas BINARY [--seed N] [--surveys N]
"""
import argparse, csv, io, json, os, random, sys, time

import numpy as np
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, request  # noqa: E402

TOLERANCE = 1e-9
NATIONS = ["England", "Wales", "Scotland", "Northern Ireland"]
KINDS = ["local-authority", "devolved-government", "national-statistics-institute", "academia", "third-sector"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--surveys", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    statlas = Statlas(args.statlas)
    token = statlas.admin_token("lead@example.org")
    statlas.start()
    failures = []
    figures = {"tables": 0, "cells": 0, "suppressed": 0, "secondary": 0, "largest": 0.0}

    def call(method, path, body=None, content_type=None):
        headers = {"Authorization": "Bearer " + token}
        if content_type:
            headers["Content-Type"] = content_type
        status, _, text = request(statlas.port, method, path, body, headers)
        if status not in (200, 201):
            sys.exit(f"{method} {path}: {status} {text[:400]}")
        return json.loads(text)

    try:
        study = call("POST", "/api/v1/studies", {"title": "Survey conformance", "kind": "survey"})
        base = "/api/v1/studies/" + study["id"]
        for number in range(args.surveys):
            questions = [
                {"id": "Q1", "text": "How often?", "kind": "single", "options": ["Often", "Sometimes", "Rarely", "Never"]},
                {"id": "Q2", "text": "What hinders?", "kind": "multiple", "options": ["Time", "IT", "Law", "Contacts"]},
                {"id": "Q3", "text": "How useful?", "kind": "scale", "options": ["1", "2", "3", "4", "5"]},
            ]
            survey = call("POST", base + "/surveys", {"title": f"Survey {number}", "questions": questions})
            size = rng.choice([25, 60, 120, 300])
            weighted = number % 2 == 1
            respondents = []
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["respondent", "nation", "kind", "weight", "Q1", "Q2", "Q3"])
            for n in range(size):
                row = {
                    "respondent": f"S{number}-{n}", "nation": rng.choices(NATIONS, [6, 2, 2, 1])[0],
                    "kind": rng.choices(KINDS, [5, 2, 2, 1, 1])[0],
                    "weight": round(rng.uniform(0.3, 3.0), 3) if weighted else None,
                    "Q1": rng.choice(["Often", "Sometimes", "Rarely", "Never", ""]),
                    "Q2": [o for o in ["Time", "IT", "Law", "Contacts"] if rng.random() < 0.35],
                    "Q3": rng.choice(["1", "2", "3", "4", "5"]),
                }
                respondents.append(row)
                writer.writerow([row["respondent"], row["nation"], row["kind"], "" if row["weight"] is None else row["weight"],
                                 row["Q1"], ";".join(row["Q2"]), row["Q3"]])
            call("POST", f"{base}/surveys/{survey['id']}/responses", out.getvalue(), "text/csv")
            for question in questions:
                for by in [None, "nation", "kind"]:
                    query = f"{base}/tables?question={question['id']}&survey={survey['id']}" + (f"&by={by}" if by else "")
                    exact = call("GET", query)
                    controlled = call("GET", query + "&disclosure=controlled")
                    label = f"survey {number} {question['id']} by {by or 'nothing'}"
                    check_exact(label, question, by, respondents, exact, failures, figures)
                    check_controlled(label, question, exact, controlled, failures, figures)
                    figures["tables"] += 1
    finally:
        statlas.kill(15)
    for failure in failures[:40]:
        print("  FAIL", failure)
    print(f"  {figures['tables']} tables, {figures['cells']} cells compared with statsmodels; largest difference "
          f"{figures['largest']:.1e}; {figures['suppressed']} suppressed cells ({figures['secondary']} secondary), none "
          f"recoverable from the margins by linear algebra")
    print(f"Survey conformance: {len(failures)} failures in {time.time() - started:.0f} s")
    sys.exit(1 if failures else 0)


def answers(row, question):
    value = row[question["id"]]
    return value if isinstance(value, list) else ([value] if value else [])


def check_exact(label, question, by, respondents, exact, failures, figures):
    """Counts, weighted percentages and Wilson intervals equal numpy and statsmodels."""
    answered = [r for r in respondents if answers(r, question)]
    groups = {}
    for r in answered:
        groups.setdefault(r[by] if by else "All", []).append(r)
    if by and len(groups) > 1:
        groups["All"] = answered
    cells = {(c["group"], c["value"]): c for c in exact["cells"]}
    for group, members in groups.items():
        weights = np.array([r["weight"] if r["weight"] is not None else 1.0 for r in members])
        n_eff = weights.sum() ** 2 / (weights ** 2).sum()
        for option in question["options"]:
            chosen = np.array([option in answers(r, question) for r in members])
            p = float((weights * chosen).sum() / weights.sum())
            low, high = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="wilson")
            cell = cells.get((group, option))
            if cell is None:
                failures.append(f"{label}: no cell for {group}/{option}")
                continue
            if cell["count"] != int(chosen.sum()):
                failures.append(f"{label}: {group}/{option} count {cell['count']}, expected {int(chosen.sum())}")
            for name, expected in [("percentage", p * 100), ("wilsonLow", low * 100), ("wilsonHigh", high * 100)]:
                difference = abs(cell[name] - expected) / 100
                figures["largest"] = max(figures["largest"], difference)
                if difference > TOLERANCE:
                    failures.append(f"{label}: {group}/{option} {name} {cell[name]!r}, reference {expected!r}")
            figures["cells"] += 1


def check_controlled(label, question, exact, controlled, failures, figures):
    """The rules cell by cell, and no suppressed cell recoverable from what is published."""
    true = {(c["group"], c["value"]): c["count"] for c in exact["cells"]}
    true_bases = {b["group"]: b["count"] for b in exact["bases"]}
    published = {(c["group"], c["value"]): c for c in controlled["cells"]}
    bases = {b["group"]: b for b in controlled["bases"]}
    for key, count in true.items():
        cell = published[key]
        if 0 < count < 10 and not cell["suppressed"]:
            failures.append(f"{label}: {key} is {count} but published")
        if cell["suppressed"]:
            figures["suppressed"] += 1
            figures["secondary"] += 1 if count >= 10 or count == 0 else 0
            if "count" in cell or "percentage" in cell:
                failures.append(f"{label}: suppressed {key} still shows a number")
            if count == 0:
                failures.append(f"{label}: {key} is a zero used as a secondary cell")
        elif cell["count"] % 5 or abs(cell["count"] - count) > 2:
            failures.append(f"{label}: {key} published {cell['count']} for {count}")
    groups = [g for g in true_bases if g != "All"]
    values = question["options"]
    several = len(groups) > 1
    # The grid with margins: rows are groups (and All when broken down), columns the answers and the base.
    rows = groups + (["All"] if several else [])
    def value(r, c):
        return true[(r, values[c])] if c < len(values) else true_bases[r]
    def hidden(r, c):
        return published[(r, values[c])]["suppressed"] if c < len(values) else bases[r]["suppressed"]
    unknowns = {(r, c): i for i, (r, c) in enumerate((r, c) for r in rows for c in range(len(values) + 1) if hidden(r, c))}
    if not unknowns:
        return
    constraints = []
    def add(cells, total):
        vector = np.zeros(len(unknowns))
        for cell in cells:
            if cell in unknowns:
                vector[unknowns[cell]] += 1
        if total in unknowns:
            vector[unknowns[total]] -= 1
        if vector.any():
            constraints.append(vector)
    if question["kind"] != "multiple":
        for r in rows:
            add([(r, c) for c in range(len(values))], (r, len(values)))
    if several:
        for c in range(len(values) + 1):
            add([(g, c) for g in groups], ("All", c))
    matrix = np.array(constraints) if constraints else np.zeros((0, len(unknowns)))
    rank = np.linalg.matrix_rank(matrix) if len(constraints) else 0
    for (r, c), i in unknowns.items():
        unit = np.zeros(len(unknowns))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            failures.append(f"{label}: suppressed {r}/{(values + ['base'])[c]} ({value(r, c)}) can be worked out from the margins")


if __name__ == "__main__":
    main()
