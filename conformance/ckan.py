#!/usr/bin/env python3
"""CKAN compatibility: the `ckanapi` client (as data users and harvesters run it) reads Statlas's CKAN action API
and must get the catalogue `/api/v1/datasets` holds.

On the demo register, with ckanapi's RemoteCKAN both as it is by default (POST with a JSON body, to `/api/action/`)
and with `get_only=True` (GET with query parameters), it compares:

1. `package_list` with every dataset id the JSON API lists;
2. `package_search` counts with `/api/v1/datasets` totals: everything, `q=` words, and `fq=` on organization,
   groups and tags against the producer, theme and keyword filters;
3. paging: every page of `rows=7` sorted by `title_string asc` with the same page of `sort=title`;
4. fields of every package with its JSON record: title, notes, tags, groups, organization, licence, dates;
5. facets with the counts the filtered lists give; organization_list, group_list (all_fields package counts),
   organization_show and group_show, tag_list;
6. errors as CKAN gives them: NotFound for an unknown package, a validation error for a bad fq, and CKANAPIError
   for an unknown action.

Usage: ckan.py --statlas BINARY
"""
import json, os, sys, time, urllib.parse

import ckanapi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import demo_server, request  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def v1(port, path):
    status, _, body = request(port, "GET", path)
    if status != 200:
        sys.exit(f"{path}: {status} {body[:300]!r}")
    return json.loads(body)


def all_datasets(port):
    items, offset = [], 0
    while True:
        page = v1(port, f"/api/v1/datasets?sort=title&limit=200&offset={offset}")
        items += page["items"]
        offset += 200
        if offset >= page["total"]:
            return items


def main():
    args, statlas, _ = demo_server()
    port = statlas.port
    base = f"http://127.0.0.1:{port}"
    started = time.time()
    datasets = all_datasets(port)
    by_id = {d["id"]: d for d in datasets}
    compared = 0
    for label, ckan in [("POST", ckanapi.RemoteCKAN(base, user_agent="statlas-conformance")),
                        ("GET", ckanapi.RemoteCKAN(base, user_agent="statlas-conformance", get_only=True))]:
        action = ckan.action
        status = action.status_show()
        check(status["site_url"] == base, f"{label} status_show site_url {status.get('site_url')}")
        names = action.package_list()
        check(names == sorted(by_id), f"{label} package_list differs from the JSON API's ids")
        everything = action.package_search(rows=0)
        check(everything["count"] == len(datasets), f"{label} count {everything['count']} != {len(datasets)}")

        # Paging in title order, page by page against the JSON API.
        for start in range(0, len(datasets), 7):
            page = action.package_search(sort="title_string asc", rows=7, start=start)
            expected = v1(port, f"/api/v1/datasets?sort=title&limit=7&offset={start}")
            check([p["name"] for p in page["results"]] == [d["id"] for d in expected["items"]],
                  f"{label} page at {start} differs")
            for package in page["results"]:
                compared += 1
                record = by_id[package["id"]]
                check(package["title"] == record["title"], f"{label} {package['id']} title")
                check(package["notes"] == record.get("summary"), f"{label} {package['id']} notes")
                check(sorted(t["name"] for t in package["tags"]) == sorted({k.lower() for k in record.get("keywords", [])}),
                      f"{label} {package['id']} tags")
                check([g["name"] for g in package["groups"]] == record.get("themeIds", []), f"{label} {package['id']} groups")
                producers = record.get("producerIds", [])
                check((package["organization"] or {}).get("name") == (producers[0] if producers else None),
                      f"{label} {package['id']} organization")
                if record.get("licence") == "OGL-UK-3.0":
                    check(package["license_url"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3"),
                          f"{label} {package['id']} license_url {package['license_url']}")
                check(package["metadata_modified"][:19] == record["updatedAt"][:19], f"{label} {package['id']} metadata_modified")
                check(package["num_resources"] == len(package["resources"]) >= 1, f"{label} {package['id']} resources")

        # Filters and words against the JSON API's totals.
        producers = {p for d in datasets for p in d.get("producerIds", [])[:1]}
        themes = {t for d in datasets for t in d.get("themeIds", [])}
        keywords = {k.lower() for d in datasets for k in d.get("keywords", [])}
        for field, parameter, values in [("organization", "producer", producers), ("groups", "theme", themes),
                                         ("tags", "keyword", keywords)]:
            for value in sorted(values)[:8]:
                quoted = f'{field}:"{value}"'
                result = action.package_search(fq=quoted, rows=0)
                expected = v1(port, f"/api/v1/datasets?{parameter}={urllib.parse.quote(value)}&limit=1")["total"]
                check(result["count"] == expected, f"{label} fq {quoted}: {result['count']} != {expected}")
        for word in ["population", "health", "wellbeing", "housing"]:
            result = action.package_search(q=word, rows=0)
            expected = v1(port, f"/api/v1/datasets?q={word}&limit=1")["total"]
            check(result["count"] == expected, f"{label} q={word}: {result['count']} != {expected}")

        # Facets agree with the filtered lists.
        faceted = action.package_search(rows=0, **{"facet.field": ["organization", "groups", "tags"], "facet.limit": -1})
        for field, parameter in [("organization", "producer"), ("groups", "theme"), ("tags", "keyword")]:
            items = faceted["search_facets"].get(field, {}).get("items", [])
            check(items, f"{label} no {field} facet")
            for item in items[:5]:
                expected = v1(port, f"/api/v1/datasets?{parameter}={urllib.parse.quote(item['name'])}&limit=1")["total"]
                check(item["count"] == expected, f"{label} facet {field}={item['name']}: {item['count']} != {expected}")

        # Organizations, groups and tags.
        organizations = action.organization_list(all_fields=True, limit=1000)
        for entry in organizations:
            if entry["name"] in producers:
                expected = v1(port, f"/api/v1/datasets?producer={entry['name']}&limit=1")["total"]
                check(entry["package_count"] == expected, f"{label} organization {entry['name']} count")
        ons = action.organization_show(id="office-for-national-statistics", include_datasets=True)
        check(ons["title"] == "Office for National Statistics", f"{label} organization_show title")
        check(len(ons["packages"]) == ons["package_count"] > 0, f"{label} organization_show packages")
        groups = action.group_list(all_fields=True)
        check({g["name"] for g in groups} >= themes, f"{label} group_list lacks themes")
        for group in groups:
            shown = action.group_show(id=group["name"])
            check(shown["package_count"] == group["package_count"], f"{label} group_show {group['name']}")
        check(set(action.tag_list()) == keywords, f"{label} tag_list differs from the keywords")

        # Package by id, and errors as CKAN gives them.
        first = names[0]
        check(action.package_show(id=first)["title"] == by_id[first]["title"], f"{label} package_show")
        for call, expected in [(lambda: action.package_show(id="no-such-dataset"), ckanapi.NotFound),
                               (lambda: action.package_search(fq="colour:blue"), ckanapi.CKANAPIError),
                               (lambda: action.package_search(rows=5000), ckanapi.ValidationError),
                               (lambda: ckan.call_action("package_create", {"name": "x"}), ckanapi.CKANAPIError)]:
            try:
                call()
                failures.append(f"{label}: an error was expected ({expected.__name__})")
            except expected:
                pass
            except Exception as error:  # noqa: BLE001
                failures.append(f"{label}: {type(error).__name__} where {expected.__name__} was expected: {error}")

    statlas.kill(15)
    print(f"ckanapi (POST and GET) over {len(datasets)} datasets: {compared} packages compared field by field, "
          f"{len(failures)} failure(s) in {time.time() - started:.1f} s")
    for failure in failures[:40]:
        print("  " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
