#!/usr/bin/env python3
"""DCAT-AP 3 conformance of the catalogue, checked with pySHACL against the SEMIC DCAT-AP 3.0.1 shapes (core
constraints and ranges) in ../shared/data/dcat-ap/, and read with rdflib.

On the demo register, plus datasets written through the API with hostile text (quotes, backslashes, line breaks,
angle brackets, emoji), periods written as years, months and days, every frequency, and licences by id and URL:

1. `/catalog.ttl` and `/catalog.jsonld` parse (rdflib) and are the same graph (isomorphic); `/catalog` gives each
   by `Accept`;
2. pySHACL with both shape files finds zero violations (and zero results of any severity);
3. one `dcat:Dataset` per dataset of `/api/v1/datasets`, each with its title exactly, a publisher that is a named
   `foaf:Agent`, its nations as GSS country codes, its finest levels as GSS entity prefixes, its period, its
   licence as a URI, a contact point and a distribution with an access URL;
4. the schema.org JSON-LD on each dataset page has absolute URLs, a named publisher and creators, GSS codes on
   places, a licence URL and a distribution.

Usage: dcat.py --statlas BINARY --shapes DIR
"""
import argparse, http.client, json, os, re, sys, time

import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, bearer, request  # noqa: E402

ONS = Namespace("https://data.ons.gov.uk/ns#")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def fetch(port, path, accept=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{path}: {response.status} {body[:300]!r}")
        return response.getheader("Content-Type", ""), body
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--shapes", required=True)
    args = parser.parse_args()
    statlas = Statlas(args.statlas)
    token = statlas.admin_token()
    statlas.start("--demo")
    port = statlas.port
    started = time.time()
    hostile = 'Quote " backslash \\ line\nbreak <tag> & 😀 '
    for n, (start, end, frequency, licence) in enumerate([
        ("2011", "2023", "annual", "OGL-UK-3.0"), ("2021-04", "2024-03", "monthly", "https://creativecommons.org/licenses/by/4.0/"),
        ("2019-01-01", "2019-12-31", "ad-hoc", "CC0-1.0"), ("2020", None, "one-off", None), (None, None, "other", "uk-ogl")]):
        body = {"title": f"{hostile}{n}", "summary": f"{hostile} summary {n}", "producerIds": ["office-for-national-statistics"],
                "themeIds": ["housing"], "keywords": ["quote \" and \\", "line\nbreak"], "frequency": frequency,
                "coverage": [{"nation": "wales", "covered": True, "finestLevel": "lsoa", "areaCount": 1909},
                             {"nation": "england", "covered": True, "finestLevel": "local-authority", "areaCount": 296}],
                "contactEmail": "stats@example.org"}
        if start: body["temporalStart"] = start
        if end: body["temporalEnd"] = end
        if licence: body["licence"] = licence
        status, _, answer = request(port, "POST", "/api/v1/datasets", json.dumps(body),
                                    {**bearer(token), "Content-Type": "application/json"})
        if status != 201:
            sys.exit(f"creating a dataset: {status} {answer[:300]}")

    datasets, offset = [], 0
    while True:
        page = json.loads(request(port, "GET", f"/api/v1/datasets?limit=200&offset={offset}")[2])
        datasets += page["items"]
        offset += 200
        if offset >= page["total"]:
            break

    type_ttl, turtle = fetch(port, "/catalog.ttl")
    type_jsonld, jsonld = fetch(port, "/catalog.jsonld")
    check(type_ttl.startswith("text/turtle"), f"/catalog.ttl is {type_ttl}")
    check(type_jsonld.startswith("application/ld+json"), f"/catalog.jsonld is {type_jsonld}")
    check(fetch(port, "/catalog", "application/ld+json")[0].startswith("application/ld+json"), "/catalog by Accept: JSON-LD")
    check(fetch(port, "/catalog", "text/turtle")[0].startswith("text/turtle"), "/catalog by Accept: Turtle")
    graph = Graph().parse(data=turtle, format="turtle")
    from_jsonld = Graph().parse(data=jsonld, format="json-ld")
    check(isomorphic(graph, from_jsonld), f"Turtle ({len(graph)} triples) and JSON-LD ({len(from_jsonld)}) differ")

    shapes = Graph()
    for name in sorted(os.listdir(args.shapes)):
        if name.endswith(".ttl"):
            shapes.parse(os.path.join(args.shapes, name), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", abort_on_first=False,
                                               allow_infos=False, allow_warnings=False)
    violations = len(list(results.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
    check(conforms and violations == 0, f"pySHACL: {violations} result(s)\n{text[:3000]}")

    nodes = set(graph.subjects(RDF.type, DCAT.Dataset))
    check(len(nodes) == len(datasets), f"{len(nodes)} dcat:Dataset for {len(datasets)} datasets")
    for dataset in datasets:
        node = next((n for n in nodes if str(graph.value(n, DCTERMS.identifier)) == dataset["id"]), None)
        if node is None:
            failures.append(f"{dataset['id']} is not in the catalogue")
            continue
        check(str(graph.value(node, DCTERMS.title)) == dataset["title"], f"{dataset['id']} title")
        publisher = graph.value(node, DCTERMS.publisher)
        check(publisher is not None and (publisher, RDF.type, FOAF.Agent) in graph and graph.value(publisher, FOAF.name),
              f"{dataset['id']} publisher is not a named agent")
        covered = [c for c in dataset.get("coverage", []) if c.get("covered")]
        codes = {"england": "E92000001", "wales": "W92000004", "scotland": "S92000003", "northern-ireland": "N92000002"}
        spatial = {str(o).rsplit("/", 1)[-1] for o in graph.objects(node, DCTERMS.spatial)}
        check(spatial == {codes[c["nation"]] for c in covered}, f"{dataset['id']} spatial {spatial}")
        resolution = {str(o) for o in graph.objects(node, ONS.spatialResolution)}
        for entry in covered:
            if entry.get("finestLevel") == "local-authority" and entry["nation"] == "england":
                check({"E06", "E07", "E08", "E09"} <= resolution, f"{dataset['id']} resolution {resolution}")
            if entry.get("finestLevel") == "lsoa" and entry["nation"] == "wales":
                check("W01" in resolution, f"{dataset['id']} resolution {resolution}")
        if dataset.get("temporalStart"):
            period = graph.value(node, DCTERMS.temporal)
            check(period is not None and str(graph.value(period, DCAT.startDate)) == dataset["temporalStart"],
                  f"{dataset['id']} temporal start")
        distribution = graph.value(node, DCAT.distribution)
        check(distribution is not None and graph.value(distribution, DCAT.accessURL) is not None,
              f"{dataset['id']} distribution")
        if dataset.get("licence"):
            check(isinstance(graph.value(distribution, DCTERMS.license), URIRef), f"{dataset['id']} licence is not a URI")
        check(graph.value(node, DCAT.contactPoint) is not None, f"{dataset['id']} contact point")

        # schema.org on the page.
        _, html = fetch(port, f"/datasets/{dataset['id']}")
        match = re.search(rb'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if not match:
            failures.append(f"{dataset['id']}: no JSON-LD on the page")
            continue
        ld = json.loads(match.group(1))
        check(ld["url"].startswith("http") and ld["@id"].startswith("http"), f"{dataset['id']} schema.org url")
        check(ld.get("publisher", {}).get("name") and all(c.get("name") for c in ld.get("creator", [])),
              f"{dataset['id']} schema.org names")
        check(all(p.get("identifier") in codes.values() for p in ld.get("spatialCoverage", [])), f"{dataset['id']} places")
        if dataset.get("licence"):
            check(ld.get("license", "").startswith("http"), f"{dataset['id']} schema.org licence {ld.get('license')}")
        check(ld.get("distribution"), f"{dataset['id']} schema.org distribution")
    statlas.kill(15)
    print(f"DCAT-AP 3.0.1: {len(graph)} triples, {len(nodes)} datasets; Turtle and JSON-LD isomorphic; pySHACL "
          f"{violations} violation(s); {len(datasets)} dataset pages' schema.org checked; {len(failures)} failure(s) "
          f"in {time.time() - started:.1f} s")
    for failure in failures[:30]:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
