#!/usr/bin/env python3
"""S17: escaping that Unicode cannot defeat, as a property (Hypothesis). Payloads are built from `<`, `>`, `&`,
`"`, `'`, `=`, `</script>`, a probe element and a `<meta http-equiv=refresh>` redirect, each with combining
marks, prepended concatenation marks (U+0600…), joiners, variation selectors or emoji modifiers on either side.
Each payload is stored in the text fields that pages, charts and downloads show (an organisation's name, a
theme's name, an activity's title and summary, a dataset's title, summary and keywords, a person's name, a
relationship's notes, a collaboration's title), and typed into search and filter boxes and a 404 address. Every
output is read back with a real parser: pages with html5lib (the HTML5 parsing algorithm browsers use), their
SVG charts and the GraphML, GEXF and ODS downloads with an XML parser, the CSV downloads with Python's csv
reader, and the JSON-LD block with a JSON parser. The text must come back exactly, and no element, attribute
or spreadsheet formula may appear from it.

Usage: escaping.py --statlas BINARY [--examples N]
"""
import csv, io, json, os, re, signal, sys, time, unicodedata, urllib.parse, uuid, zipfile
import xml.etree.ElementTree as ET

import html5lib
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import bearer, demo_server, request  # noqa: E402

PIECES = ["<", ">", "&", '"', "'", "=", "</script>", "<x-probe a-probe=1>", "&amp;", "&lt;x-probe&gt;",
          "<meta http-equiv=refresh content=0;url=https://evil.example>", "=HYPERLINK(\"https://evil.example\")", "+1", "-1", "@SUM(A1)"]
MARKS = ["\u0301", "\u0338", "\u20d2", "\u0600", "\u0601", "\u06dd", "\u070f", "\u08e2", "\U000110bd", "\u200d", "\u200c", "\ufe0f",
         "\ufe00", "\U000e0100", "\U0001f3fb", "\U0001f3ff", "\u0903"]
LETTERS = ["a", "Z", "é", "😀", "文"]
FORMULA = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
FORBIDDEN_TAGS = {"x-probe", "iframe", "img", "object", "embed", "base"}
FORBIDDEN_ATTRIBUTES = {"a-probe", "http-equiv", "onerror", "onload", "onmouseover"}

piece = st.tuples(st.sampled_from([""] + MARKS), st.sampled_from(PIECES), st.sampled_from([""] + MARKS), st.sampled_from([""] + LETTERS))
payloads = st.lists(piece, min_size=1, max_size=5).map(lambda parts: "".join("".join(p) for p in parts)).filter(
    lambda text: text.strip() == text and text != "")

counts = {"requests": 0, "outputs parsed": 0}
failures = []


def fail(message):
    failures.append(message)
    print("  FAIL", message[:400])


def get(port, path, token=None):
    counts["requests"] += 1
    status, headers, body = request(port, "GET", path, headers=bearer(token) if token else None, timeout=60)
    return status, headers, body


def local(tag):
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def texts(root):
    """Every text and attribute value of a parsed tree."""
    out = []
    for element in root.iter():
        out.extend(v for v in element.attrib.values())
        if element.text:
            out.append(element.text)
        if element.tail:
            out.append(element.tail)
    return out


def check_tree(root, where, payload, expect_text=True):
    counts["outputs parsed"] += 1
    for element in root.iter():
        tag = local(element.tag)
        if tag in FORBIDDEN_TAGS:
            fail(f"{where}: a <{tag}> element appeared from {payload!r}")
        for name in element.attrib:
            if local(name) in FORBIDDEN_ATTRIBUTES:
                fail(f"{where}: a {local(name)} attribute appeared from {payload!r}")
    if expect_text and not any(payload in text for text in texts(root)) and payload not in "".join(texts(root)):
        fail(f"{where}: {payload!r} does not come back exactly")


def check_page(port, path, payload, expect_text=True, token=None):
    status, _, body = get(port, path, token)
    if status >= 500:
        fail(f"{path}: {status}")
        return body
    document = html5lib.parse(body, treebuilder="etree", namespaceHTMLElements=False)
    check_tree(document, path, payload, expect_text)
    # The layout's own: charset, viewport, the description and the OpenGraph tags; never a refresh or another.
    metas = [e for e in document.iter() if local(e.tag) == "meta"]
    known = {"charset", "viewport", "description", "og:site_name", "og:type", "og:title", "og:description", "og:url",
             "og:locale"}
    names = ["charset" if "charset" in m.attrib else m.get("name") or m.get("property") for m in metas]
    if len(metas) != len(known) or set(names) != known or any("http-equiv" in m.attrib for m in metas):
        fail(f"{path}: meta elements {names} are not the layout's {sorted(known)}: {payload!r}")
    for script in (e for e in document.iter() if local(e.tag) == "script"):
        # The layout's own: the JSON-LD block, and the enhancement script from the assets (no inline code).
        own = script.get("type") == "application/ld+json" or (
            re.fullmatch(r"/assets/[0-9a-f]+/statlas\.js", script.get("src") or "") and not (script.text or "").strip())
        if not own:
            fail(f"{path}: a script element appeared from {payload!r}")
    for svg in re.findall(r"<svg\b.*?</svg>", body, flags=re.S):
        try:
            check_tree(ET.fromstring(svg), path + " (SVG, XML parser)", payload, expect_text=False)
        except ET.ParseError as error:
            fail(f"{path}: an SVG chart is not well-formed XML ({error}) with {payload!r}")
    return body


def check_xml(port, path, payload, token=None):
    status, _, body = get(port, path, token)
    try:
        check_tree(ET.fromstring(body.encode("utf-8")), path, payload)
    except ET.ParseError as error:
        fail(f"{path}: not well-formed XML ({error}) with {payload!r}")


def network_current(port, timeout=120):
    """Waits until the network's figures are computed from the register as it is now: the downloads serve the
    last computed figures while a change is recomputed in the background (the JSON says which), and this check
    is about escaping, not about how soon the background computation ends."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        status, _, body = get(port, "/api/v1/network?limit=1")
        if status == 200 and (json.loads(body).get("computed") or {}).get("current"):
            return
        time.sleep(0.2)
    fail(f"the network was not current within {timeout} s of the last change")


def check_ods(port, path, payload):
    connection_status, headers, _ = get(port, path)  # counted; fetched again as bytes below
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    data = c.getresponse().read()
    c.close()
    try:
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
        check_tree(ET.fromstring(content), path + " content.xml", payload)
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as error:
        fail(f"{path}: the ODS does not parse ({error}) with {payload!r}")


def visible(cell):
    """The cell from its first character a reader sees, past quotes, spaces, format characters and marks (what a
    spreadsheet that trims or ignores them would start reading at)."""
    i = 0
    while i < len(cell) and (cell[i] == "'" or cell[i].isspace() or unicodedata.category(cell[i]) in ("Cf", "Cc", "Mn", "Mc", "Me", "Zs", "Zl", "Zp")
                             or "\ufe00" <= cell[i] <= "\ufe0f" or "\U000e0100" <= cell[i] <= "\U000e01ef" or "\U0001f3fb" <= cell[i] <= "\U0001f3ff"):
        i += 1
    return cell[i:]


def check_csv(port, path, payload, token=None):
    status, _, body = get(port, path, token)
    counts["outputs parsed"] += 1
    try:
        rows = list(csv.reader(io.StringIO(body, newline="")))
    except csv.Error as error:
        fail(f"{path}: not CSV ({error})")
        return
    width = len(rows[0]) if rows else 0
    found = False
    for row in rows[1:]:
        if len(row) != width:
            fail(f"{path}: a row has {len(row)} fields, the header {width}, with {payload!r}")
        for cell in row:
            if visible(cell).startswith(FORMULA) and not cell.startswith("'"):
                fail(f"{path}: cell {cell[:40]!r} would run as a formula")
            if cell == payload or (cell == "'" + payload and visible(payload).startswith(FORMULA)):
                found = True
    if not found:
        fail(f"{path}: {payload!r} does not come back exactly (neutralised only where it starts like a formula)")


def main():
    args, statlas, token = demo_server(examples=25)
    port = statlas.port
    started = time.time()

    def post(collection, body):
        counts["requests"] += 1
        status, _, text = request(port, "POST", f"/api/v1/{collection}", body, bearer(token), timeout=60)
        if status != 201:
            fail(f"POST {collection} {status}: {text[:200]}")
        return json.loads(text).get("id") if status == 201 else None

    @settings(max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(payload=payloads)
    def case(payload):
        tag = uuid.uuid4().hex[:10]
        theme = post("themes", {"id": f"t-{tag}", "name": payload})
        org = post("organisations", {"id": f"o-{tag}", "name": payload, "kind": "third-sector", "description": payload})
        other = post("organisations", {"id": f"p-{tag}", "name": "Partner " + tag, "kind": "academia"})
        post("collaborations", {"title": payload, "kind": "other", "summary": payload,
                                "participants": [{"organisationId": org, "role": "lead"}, {"organisationId": other, "role": "partner"}]})
        post("activities", {"title": payload, "kind": "event", "start": "2026-03-01", "organiserIds": [org], "themeIds": [theme],
                            "summary": payload, "signedUp": 10, "attended": 8})
        post("relationships", {"ownerOrganisationId": org, "stakeholderOrganisationId": other, "power": 4, "interest": 2, "notes": payload})
        dataset = post("datasets", {"id": f"d-{tag}", "title": payload, "summary": payload, "keywords": [payload], "producerIds": [org],
                                    "themeIds": [theme]})
        post("people", {"name": payload, "organisationId": org, "jobTitle": payload, "visibility": "public"})
        q = urllib.parse.quote(payload)
        check_page(port, f"/organisations/{org}", payload)
        check_page(port, f"/organisations/{org}/stakeholder-map", payload)
        check_page(port, f"/organisations/{other}", payload)
        check_page(port, f"/themes/{theme}", payload)
        page = check_page(port, f"/datasets/{dataset}", payload)
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
        counts["outputs parsed"] += 1
        if not match or json.loads(match.group(1)).get("name") != payload:
            fail(f"/datasets/{dataset}: the JSON-LD name is not {payload!r}")
        check_page(port, f"/insight/engagement?organisation={org}", payload)
        check_page(port, f"/search?q={q}", payload)
        check_page(port, f"/datasets?q={q}", payload)
        check_page(port, f"/organisations?q={urllib.parse.quote_plus(payload)}&kind=third-sector", payload)
        check_page(port, f"/coverage?dataset={dataset}", payload)
        check_page(port, f"/nothing-here/{q}", payload, expect_text=False)
        check_page(port, f"/activities?organisation={org}", payload)
        network_current(port)
        check_xml(port, "/api/v1/network?format=graphml", payload)
        check_xml(port, "/api/v1/network?format=gexf", payload)
        check_ods(port, f"/api/v1/insight/engagement?format=ods&organisation={org}", payload)
        check_csv(port, "/api/v1/network?format=csv", payload)
        check_csv(port, f"/api/v1/insight/engagement?format=csv&table=by_organisation&organisation={org}", payload)

    case()
    statlas.kill(signal.SIGTERM)
    print(f"Escaping: {args.examples} payloads, {counts['requests']} requests, {counts['outputs parsed']} outputs parsed "
          f"(HTML5, XML, CSV, JSON-LD) in {time.time() - started:.0f} s; {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
