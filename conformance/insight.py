"""Insight conformance (issue 6, parts 2–4) against a real `statlas serve` with the demo register and the
reference data (361 local authorities on the hex map).

Coverage: every matrix cell and gap flag is recomputed here from the datasets' own coverage, every area's
count from its datasets, and the CSV downloads are parsed and matched with the JSON. Engagement: counts, reach,
months, audiences and actions are recomputed from the activity records the API lists. ODS: the workbook and
each single-table workbook are read back with pandas and odfpy (a third-party reader) and every table sheet
is matched cell by cell with its CSV download. Stakeholder maps: the grid and its table have one entry per
relationship, and the reverse view lists every organisation that deals with the stakeholder."""
import argparse, collections, csv, io, json, math, os, re, sys, tempfile, urllib.request
import pandas as pd
sys.path.insert(0, os.path.dirname(__file__))
from statlas_server import Statlas, request

LEVELS = ["country", "itl1", "itl2", "itl3", "combined-authority", "county", "local-authority", "msoa", "lsoa", "output-area"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL", message)


def get_json(port, path):
    status, _, body = request(port, "GET", path)
    check(status == 200, f"GET {path}: {status}")
    return json.loads(body)


def get_bytes(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.status, response.headers, response.read()


def every(port, collection, filters=""):
    items, offset = [], 0
    while True:
        page = get_json(port, f"/api/v1/{collection}?limit=200&offset={offset}{filters}")
        items += page["items"]
        offset += 200
        if offset >= page["total"]:
            return items


def finest(dataset, nation):
    entry = next((c for c in dataset["coverage"] if c["nation"] == nation), None)
    if not entry or not entry["covered"]:
        return None
    level = entry.get("finestLevel") or "country"
    return LEVELS.index("country" if level == "other" else level)


def coverage(port, query):
    body = get_json(port, "/api/v1/coverage" + query)
    datasets = {d["id"]: d for d in body["datasets"]}
    group = {d["id"]: d["group"] for d in body["datasets"]}
    for cell in body["matrix"]:
        level = LEVELS.index(cell["level"])
        expected = sorted(i for i, d in datasets.items() if finest(d, cell["nation"]) is not None and finest(d, cell["nation"]) >= level)
        check(cell["datasetIds"] == expected, f"coverage{query}: {cell['nation']} {cell['level']} lists {cell['datasetIds'][:5]}…, expected {expected[:5]}…")
        check(cell["groups"] == len({group[i] for i in expected}), f"coverage{query}: {cell['nation']} {cell['level']} group count")
        others = [c for c in body["matrix"] if c["level"] == cell["level"] and c["nation"] != cell["nation"]]
        check(cell["gap"] == (not expected and any(c["datasetIds"] for c in others)), f"coverage{query}: gap flag at {cell['nation']} {cell['level']}")
    for area in body["areas"]:
        for i in area["datasetIds"]:
            reach = finest(datasets[i], area["nation"])
            check(reach is not None and reach >= LEVELS.index("local-authority"), f"{area['code']}: {i} does not reach local authorities there")
        check(area["available"] == len({group[i] for i in area["datasetIds"]}), f"{area['code']}: available counts groups")
    for gap in body["gaps"]:
        members = [datasets[i] for i in gap["datasetIds"]]
        here = max((finest(d, gap["nation"]) for d in members if finest(d, gap["nation"]) is not None), default=None)
        check(here is None or here < LEVELS.index(gap["level"]), f"gap {gap['groupId']} in {gap['nation']} is not a gap")
        check(gap.get("contactOrganisationId"), f"gap {gap['groupId']} in {gap['nation']} names nobody to ask")
    lists = [("matrix-csv", len(body["matrix"])), ("gaps-csv", body["summary"]["gaps"]),
             ("statistics-csv", body["summary"]["groups"]), ("csv", len(body["areas"]))]
    for fmt, rows in lists:
        status, _, data = get_bytes(port, "/api/v1/coverage" + (query + "&" if query else "?") + "format=" + fmt)
        table = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        check(status == 200 and len(table) == rows, f"coverage {fmt}: {len(table)} rows, JSON has {rows}")
    return body


def check_coverage(port):
    body = coverage(port, "")
    check(len(body["areas"]) == 361, f"hex map has {len(body['areas'])} local authorities, not 361")
    check(all("q" in a["hex"] and "r" in a["hex"] for a in body["areas"]), "every area has a hex position")
    by_theme = coverage(port, "?theme=labour-market")
    check(0 < by_theme["summary"]["datasets"] < body["summary"]["datasets"], "a theme narrows the datasets")
    coverage(port, "?q=wellbeing")
    status, _, page = request(port, "GET", "/coverage?theme=labour-market")
    svg = re.search(r'<svg[^>]*class="chart hexmap".*?</svg>', page, re.S)
    check(status == 200 and svg is not None, "coverage page draws the hex map")
    if svg:
        links = re.findall(r'<a href="/areas/([A-Z0-9]+)"', svg.group(0))
        check(len(links) == 361 and len(set(links)) == 361, f"hex map links {len(set(links))} areas")
    status, _, body = request(port, "GET", "/api/v1/coverage?theme=no-such-theme")
    check(status == 422 and "theme" in body, "an unknown theme is refused with a problem")
    print(f"  coverage: {len(by_theme['groups'])} statistics in labour market, {len(by_theme['gaps'])} gaps")


def check_engagement(port):
    body = get_json(port, "/api/v1/insight/engagement")
    activities = every(port, "activities")
    check(body["activities"] == len(activities), f"engagement counts {body['activities']} activities of {len(activities)}")
    kinds = collections.Counter(a["kind"] for a in activities)
    check({t["key"]: t["count"] for t in body["byKind"]} == dict(kinds), "activities by kind")
    audiences = collections.Counter(x for a in activities for x in set(a.get("audiences", [])))
    check({t["key"]: t["count"] for t in body["byAudience"]} == dict(audiences), "activities by audience")
    months = collections.Counter(a["start"][:7] for a in activities if a.get("start"))
    check({m["month"]: m["activities"] for m in body["byMonth"] if m["activities"]} == dict(months), "activities by month")
    reach = body["reach"]
    for key in ["signedUp", "attended", "responses", "invited"]:
        check(reach[key] == sum(a.get(key) or 0 for a in activities), f"reach {key}")
    both = [a for a in activities if a.get("signedUp") and a.get("attended") is not None]
    rate = sum(a["attended"] for a in both) / sum(a["signedUp"] for a in both)
    check(abs(reach["attendanceRate"] - rate) < 1e-12, f"attendance rate {reach['attendanceRate']} vs {rate}")
    under = sum("under-represented-groups" in a.get("audiences", []) for a in activities)
    check(body["underRepresented"]["activities"] == under, "activities reaching under-represented groups")
    statuses = collections.Counter(x["status"] for a in activities for x in a.get("actions", []))
    check({t["key"]: t["count"] for t in body["actionsByStatus"] if t["count"]} == dict(statuses), "actions by status")
    check(all(isinstance(c["covered"], bool) for c in body["champions"] + body["themeLeads"]), "role coverage")
    filtered = get_json(port, "/api/v1/insight/engagement?kind=webinar&from=2023-07-01")
    check(filtered["activities"] == sum(a["kind"] == "webinar" and a["start"] >= "2023-07-01" for a in activities), "filters")
    status, _, text = request(port, "GET", "/api/v1/insight/engagement?from=2024-02-30&mode=by-pigeon")
    problem = json.loads(text)
    check(status == 422 and {e["field"] for e in problem["errors"]} == {"from", "mode"}, "bad filters are refused field by field")
    print(f"  engagement: {body['activities']} activities, attendance rate {reach['attendanceRate']:.3f}")


def check_ods(port):
    status, headers, data = get_bytes(port, "/api/v1/insight/engagement?format=ods")
    check(status == 200 and headers["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet", "ODS content type")
    check(data[:4] == b"PK\x03\x04" and data[30:38] == b"mimetype", "ODS starts with its stored mimetype entry")
    path = os.path.join(tempfile.mkdtemp(), "engagement.ods")
    with open(path, "wb") as f:
        f.write(data)
    sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None)
    names = list(sheets)
    check(names[:3] == ["Cover", "Contents", "Notes"], f"first sheets are {names[:3]}")
    contents = pd.read_excel(path, engine="odf", sheet_name="Contents", header=3)
    check(list(contents["Sheet name"]) == names[3:], "the contents sheet lists every table sheet in order")
    check(str(sheets["Cover"].iloc[0, 0]) == "Engagement insight", "the cover sheet has the title")
    for table in names[3:]:
        ods = pd.read_excel(path, engine="odf", sheet_name=table, header=3)
        status, _, csv_bytes = get_bytes(port, f"/api/v1/insight/engagement?format=csv&table={table}")
        rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"))))
        check(len(ods) == len(rows) - 1, f"{table}: ODS has {len(ods)} rows, CSV {len(rows) - 1}")
        check(len(ods.columns) == len(rows[0]), f"{table}: column counts differ")
        for r, row in enumerate(rows[1:]):
            for c, text in enumerate(row):
                value = ods.iat[r, c] if r < len(ods) and c < len(ods.columns) else None
                if text == "":
                    ok = value is None or (isinstance(value, float) and math.isnan(value))
                else:
                    try:
                        ok = abs(float(value) - float(text)) < 0.051
                    except (TypeError, ValueError):
                        ok = str(value) == text
                check(ok, f"{table} row {r + 1} column {rows[0][c]}: ODS {value!r}, CSV {text!r}")
        single = os.path.join(tempfile.mkdtemp(), table + ".ods")
        with open(single, "wb") as f:
            f.write(get_bytes(port, f"/api/v1/insight/engagement?format=ods&table={table}")[2])
        check(list(pd.read_excel(single, engine="odf", sheet_name=None)) == ["Cover", "Contents", "Notes", table], f"{table}.ods sheets")
    print(f"  ODS: {len(names)} sheets read back with pandas {pd.__version__} and odfpy")


def check_stakeholders(port):
    ons = "office-for-national-statistics"
    owned = every(port, "relationships", f"&owner={ons}")
    status, _, page = request(port, "GET", f"/organisations/{ons}/stakeholder-map")
    check(status == 200, "stakeholder map page")
    grid = re.search(r'<svg.*?</svg>', page, re.S).group(0)
    check(grid.count("<circle") == len(owned), f"grid has {grid.count('<circle')} stakeholders, register {len(owned)}")
    moved = sum(1 for r in owned if len(r.get("assessments", [])) > 1 and
                (r["assessments"][-1]["power"], r["assessments"][-1]["interest"]) != (r["assessments"][-2]["power"], r["assessments"][-2]["interest"]))
    check(grid.count("marker-end=") == moved, f"grid has {grid.count('marker-end=')} arrows, {moved} moved")
    table = page.split('id="stakeholders"')[1]
    check(table.count("<tr>") - 1 == len(owned), "stakeholder table has a row per relationship")
    for stakeholder in ["manchester-city-council", "welsh-government"]:
        dealing = every(port, "relationships", f"&stakeholder={stakeholder}")
        status, _, page = request(port, "GET", f"/organisations/{stakeholder}")
        section = page.split('id="dealt-with-by"')[1].split("</section>")[0]
        owners = set(re.findall(r'<a href="/organisations/([^"]+)"', section))
        check(owners == {r["ownerOrganisationId"] for r in dealing}, f"who deals with {stakeholder}: {owners}")
    print(f"  stakeholders: {len(owned)} on the ONS grid, {moved} moved")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--reference-data", default="../shared/data")
    args = parser.parse_args()
    server = Statlas(args.statlas).start("--demo", "--reference-data", args.reference_data)
    try:
        check_coverage(server.port)
        check_engagement(server.port)
        check_ods(server.port)
        check_stakeholders(server.port)
    finally:
        server.kill(15)
    print(f"Insight conformance: {len(failures)} failures")
    sys.exit(1 if failures else 0)


main()
