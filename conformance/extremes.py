#!/usr/bin/env python3
"""R12: nothing a client sends can stop Statlas. Validates the served OpenAPI document with
openapi-spec-validator, then walks every operation and every parameter it declares, and every number field of
every request body (nested ones included), and sends the extremes: 0, −1, 2^31, 2^53+1, Int64.max, Int64.min,
1e308, −1e308, 10^400, and the years 0 and 99999 in dates. After each request /healthz must still answer 200;
no answer may be a 5xx; a numeric query parameter out of range must be a 400/422 problem naming it, and a
number out of range in a body a 422 naming its field (never "not valid JSON"). The same extremes go into the
number fields of the forms. Finally the register is given stored counts beyond any bound (written into the
database directly, as another tool or an older version could) and the insight pages must still answer, before
and after a restart.

Usage: extremes.py --statlas BINARY
"""
import json, os, signal, sqlite3, sys, time, urllib.parse

from openapi_spec_validator import validate
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Session, bearer, demo_server, json_example, request  # noqa: E402

NUMBERS = ["0", "-1", "2147483648", "9007199254740993", "9223372036854775807", "-9223372036854775808", "1e308", "-1e308",
           "1" + "0" * 400]
DATES = ["0000-01-01", "99999-01-01", "9999-12-31", "0001-01-01"]
EXTREMES = NUMBERS + DATES
counts = {"requests": 0, "health checks": 0}
failures = []


def fail(message):
    failures.append(message)
    print("  FAIL", message)


def alive(port, after):
    counts["health checks"] += 1
    try:
        status = request(port, "GET", "/healthz", timeout=10)[0]
    except OSError as error:
        status = f"no answer ({error})"
    if status != 200:
        fail(f"/healthz gave {status} after {after}")
        print(f"Extremes: Statlas stopped answering after {counts['requests']} requests; {len(failures)} failures")
        sys.exit(1)


def send(port, method, path, body=None, headers=None, what=""):
    counts["requests"] += 1
    try:
        status, response_headers, text = request(port, method, path, body, headers, timeout=60)
    except OSError as error:  # the server dropped the connection: it may have stopped
        status, response_headers, text = 599, {}, f"no answer: {error}"
    alive(port, f"{method} {path[:120]}")
    if status >= 500:
        fail(f"{method} {path[:160]} {what}: {status} {text[:200]}")
    return status, response_headers, text


def problem_fields(text):
    try:
        return {e["field"] for e in json.loads(text).get("errors") or []}
    except (ValueError, AttributeError):
        return set()


def numeric(schema, components):
    if "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return "integer" in kinds or "number" in kinds


def parameters(openapi, call):
    """Every declared parameter of every operation (query, path and header), each extreme in turn."""
    components = openapi["components"]["schemas"]
    for path, operations in sorted(openapi["paths"].items()):
        for method, operation in sorted(operations.items()):
            if path.endswith("openapi.json") or (method == "post" and "{" not in path):
                continue  # the document takes no parameters; request bodies are walked below
            for parameter in operation.get("parameters", []):
                for value in EXTREMES:
                    target = path.replace("{id}", urllib.parse.quote(value) if parameter["name"] == "id" else "demo-x")
                    query, headers = "", {}
                    if parameter["in"] == "query":
                        query = "?" + urllib.parse.urlencode({parameter["name"]: value})
                        if path == "/api/v1/search" and parameter["name"] != "q":
                            query += "&q=housing"
                    elif parameter["in"] == "header":
                        headers[parameter["name"]] = f'"{value}"'
                    body = "{}" if method in ("put", "patch") else None
                    status, _, text = call(method.upper(), target + query, f"({parameter['name']}={value[:24]})", body, headers)
                    bounds = parameter.get("schema", {})
                    if parameter["in"] == "query" and numeric(bounds, components) and value in NUMBERS and "minimum" in bounds:
                        inside = len(value) < 30 and float(value).is_integer() \
                            and bounds["minimum"] <= float(value) <= bounds["maximum"]
                        if not inside and (status not in (400, 422) or parameter["name"] not in problem_fields(text)):
                            fail(f"GET {target}{query[:80]}: {status}, expected 400/422 naming {parameter['name']}: {text[:160]}")


def number_paths(schema, components, prefix=""):
    """JSON paths of the number fields of a schema: `invited`, `assessments[0].power`, `hex.q`."""
    if "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    for name, field in sorted(schema.get("properties", {}).items()):
        if name == "version":
            continue
        kinds = field.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "integer" in kinds or "number" in kinds:
            yield prefix + name, field
        elif "object" in kinds:
            yield from number_paths(field, components, prefix + name + ".")
        elif "array" in kinds and field.get("items", {}).get("type") == "object":
            yield from number_paths(field["items"], components, prefix + name + "[0].")


def with_literal(body, path, literal):
    """The body as JSON text with the number at `path` written as the raw literal (so 10^400 and 2^53+1 are
    sent as the digits a client would send, not as Python rounds them)."""
    marker = "__EXTREME__"
    target = json.loads(json.dumps(body))
    node = target
    parts = path.replace("[0]", ".[0]").split(".")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "[0]":
            if not isinstance(node, list) or not node:
                return None
            if last:
                node[0] = marker
            else:
                node = node[0]
        else:
            if last:
                node[part] = marker
            else:
                if not isinstance(node.get(part), (dict, list)):
                    return None
                node = node[part]
    return json.dumps(target).replace(json.dumps(marker), literal)


def bodies(openapi, call):
    components = openapi["components"]["schemas"]
    for path, operations in sorted(openapi["paths"].items()):
        if "post" not in operations or "{" in path or "$ref" not in operations["post"].get("requestBody", {}).get(
                "content", {}).get("application/json", {}).get("schema", {}):
            continue  # record collections; the token body has no numbers
        collection = path.rsplit("/", 1)[-1]
        base = json_example(openapi, collection)
        if not base:
            continue
        base.pop("version", None)
        for field, schema in number_paths(operations["post"]["requestBody"]["content"]["application/json"]["schema"], components):
            for literal in NUMBERS:
                text = with_literal(dict(base, id=f"x-{counts['requests']}"), field, literal)
                if text is None:
                    continue
                status, _, answer = call("POST", path, f"({field}={literal[:24]})", text)
                low, high = schema.get("minimum"), schema.get("maximum")
                inside = low is not None and len(literal) < 30 and low <= float(literal) <= high and float(literal).is_integer()
                if not inside and (status != 422 or field not in problem_fields(answer)):
                    fail(f"POST {path} with {field}={literal[:30]}: {status}, expected 422 naming {field}: {answer[:200]}")
                if "not valid JSON" in answer:
                    fail(f"POST {path} with {field}={literal[:30]}: called not valid JSON")
        # The same numbers laid over a stored record (PATCH merges them into what is there).
        listed = json.loads(call("GET", path + "?limit=1", "(a record to change)")[2]).get("items") or []
        for field, schema in number_paths(operations["post"]["requestBody"]["content"]["application/json"]["schema"], components):
            if not listed or "." in field or "[" in field:
                continue
            record = listed[0]
            for literal in NUMBERS:
                current = json.loads(call("GET", f"{path}/{record['id']}", "(its version)")[2])
                text = '{"version": %d, "%s": %s}' % (current["version"], field, literal)
                status, _, answer = call("PATCH", f"{path}/{urllib.parse.quote(record['id'])}", f"({field}={literal[:24]})", text)
                low, high = schema.get("minimum"), schema.get("maximum")
                inside = low is not None and len(literal) < 30 and low <= float(literal) <= high
                if not inside and (status != 422 or field not in problem_fields(answer)):
                    fail(f"PATCH {path}/{record['id']} with {field}={literal[:30]}: {status}, expected 422 naming {field}: {answer[:200]}")
        for field in ("start", "end", "lastContact", "nextRelease", "validFrom", "reviewDate"):
            if field in base:
                for date in DATES[:2]:
                    body = json.dumps(dict(base, id=f"x-{counts['requests']}", **{field: date}))
                    status, _, answer = call("POST", path, f"({field}={date})", body)
                    if status != 422 or field not in problem_fields(answer):
                        fail(f"POST {path} with {field}={date}: {status}, expected 422 naming {field}")


def forms(port):
    """The number and date fields of the forms, as a signed-in administrator types them."""
    browser = Session(port, "admin@example.org")
    cases = [("activities", ["invited", "signedUp", "attended", "responses"]), ("relationships", ["power", "interest"]),
             ("datasets", ["coverage[0].areaCount"]), ("areas", ["hex.q", "hex.r"])]
    for collection, fields in cases:
        for field in fields:
            for value in NUMBERS:
                browser.get(f"/{collection}/new")
                form = [(field, value), ("title", "Extreme"), ("name", "Extreme"), ("kind", "event"), ("organiserIds", "office-for-national-statistics"),
                        ("start.day", "1"), ("start.month", "1"), ("start.year", "2026"), ("code", "E06000001")]
                counts["requests"] += 1
                status, _, page = browser.post(f"/{collection}/new", form)
                alive(port, f"POST /{collection}/new {field}={value[:20]}")
                if status >= 500 or (status not in (303, 422) and status != 403):
                    fail(f"form {collection} {field}={value[:24]}: {status}")
                if status == 303 and value not in ("0",):
                    fail(f"form {collection} {field}={value[:24]} was accepted")
        for year in ("0000", "99999"):
            if collection != "activities":
                continue
            browser.get("/activities/new")
            counts["requests"] += 1
            status, _, page = browser.post("/activities/new", [("title", "Y"), ("kind", "event"), ("organiserIds", "office-for-national-statistics"),
                                                                ("start.day", "1"), ("start.month", "1"), ("start.year", year)])
            alive(port, f"POST /activities/new start.year={year}")
            if status != 422 or "must be a real date" not in page:
                fail(f"form activities start.year={year}: {status}")


def stored_extremes(statlas, token):
    """Counts beyond every bound, written straight into the database, must not stop the insight pages."""
    database = os.path.join(statlas.data_dir, "statlas.sqlite")
    db = sqlite3.connect(database, timeout=30)
    rows = db.execute("SELECT id, body FROM activities ORDER BY id LIMIT 3").fetchall()
    for id, body in rows:
        record = json.loads(body)
        for field in ("invited", "signedUp", "attended", "responses"):
            record[field] = 4611686018427387904 if field != "responses" else 9223372036854775807
        db.execute("UPDATE activities SET body = ? WHERE id = ?", (json.dumps(record), id))
    rows = db.execute("SELECT id, body FROM relationships ORDER BY id LIMIT 1").fetchall()
    for id, body in rows:
        record = json.loads(body)
        record["assessments"] = [{"date": "2026-01-01", "power": 9223372036854775807, "interest": -9223372036854775808}]
        db.execute("UPDATE relationships SET body = ? WHERE id = ?", (json.dumps(record), id))
        owner = record["ownerOrganisationId"]
    db.commit()
    db.close()
    paths = ["/insight/engagement", "/api/v1/insight/engagement", "/api/v1/insight/engagement?format=ods",
             "/api/v1/insight/engagement?format=csv&table=reach", f"/organisations/{owner}/stakeholder-map", "/activities", "/coverage"]
    for attempt in ("before restart", "after restart"):
        for path in paths:
            status, _, _ = send(statlas.port, "GET", path, headers=bearer(token), what=attempt)
            if status != 200:
                fail(f"GET {path} with stored extremes ({attempt}): {status}")
        if attempt == "before restart":
            statlas.kill(signal.SIGTERM)
            statlas.start()


def main():
    _, statlas, token = demo_server()
    started = time.time()
    openapi = json.loads(request(statlas.port, "GET", "/api/v1/openapi.json")[2])
    try:
        validate(openapi)
        print("  openapi-spec-validator: the served document is a valid OpenAPI 3.1 document")
    except Exception as error:  # noqa: BLE001 - the validator's own error types vary by version
        fail(f"openapi-spec-validator: {str(error).splitlines()[0]}")

    def call(method, path, what, body=None, headers=None):
        return send(statlas.port, method, path, body, {**bearer(token), **(headers or {})}, what)

    parameters(openapi, call)
    after_parameters = counts["requests"]
    bodies(openapi, call)
    after_bodies = counts["requests"]
    forms(statlas.port)
    after_forms = counts["requests"]
    stored_extremes(statlas, token)
    statlas.kill(signal.SIGTERM)
    for line in statlas.log().splitlines():
        if "Unhandled error" in line or "Fatal error" in line:
            fail("server: " + line[:300])
    print(f"Extremes: {counts['requests']} requests ({after_parameters} to parameters, {after_bodies - after_parameters} with body "
          f"numbers and dates, {after_forms - after_bodies} to forms, {counts['requests'] - after_forms} over stored extremes), "
          f"{counts['health checks']} health checks, in {time.time() - started:.0f} s; {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
