#!/usr/bin/env python3
"""R10: property-based fuzzing (Hypothesis) of every create form and every JSON create body of a running
Statlas: Unicode from every plane, NUL and other control characters, and 100 kB values go into every text
field. Every answer must be a redirect or 201, or 400/413/415/422 with a helpful message (an error summary
on pages, problem details with the field on the API); accepted values must read back exactly.

Usage: input_fuzz.py --statlas BINARY [--examples N]
"""
import html, json, os, re, signal, sys, time, uuid

from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Session, bearer, demo_server, json_example, request  # noqa: E402

COLLECTIONS = ["organisations", "people", "themes", "areas", "datasets", "collaborations", "activities", "relationships", "factors"]
TEXT_FIELDS = {"name", "title", "description", "summary", "notes", "jobTitle", "shortName", "feedbackSummary", "remit", "purpose"}

values = st.one_of(
    st.text(min_size=1, max_size=60),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(["\x00", "a\x00b", "\x07bell", "tab\there", "line\nbreak", "\u202eright-to-left", "😀🏴󠁧󠁢󠁳󠁣󠁴󠁿", "<script>alert(1)</script>",
                     "\" onmouseover=\"x", "=SUM(A1)", "javascript:alert(1)", "\ud7ff\ue000\U0010fffd"]),
    st.builds(lambda c, n: c * n, st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), st.just(100_000)),
)


def form_fields(page):
    """The form's text inputs and textareas, and the current values of its other inputs."""
    texts, others = [], []
    for tag in re.findall(r"<(?:input|textarea)[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) in ("csrf", "version"):
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else ("textarea" if tag.startswith("<textarea") else "text")
        if kind in ("text", "email", "url", "textarea") and not name.group(1).endswith((".day", ".month", ".year")):
            texts.append(html.unescape(name.group(1)))
        elif kind in ("radio", "checkbox") and "checked" in tag:
            value = re.search(r'value="([^"]*)"', tag)
            others.append((html.unescape(name.group(1)), html.unescape(value.group(1) if value else "")))
    return texts, others


def main():
    args, statlas, token = demo_server(examples=40)
    port, problems, counts = statlas.port, [], {}
    browser = Session(port, "admin@example.org")
    openapi = json.loads(request(port, "GET", "/api/v1/openapi.json")[2])
    started = time.time()

    def note(kind, status):
        counts[(kind, status)] = counts.get((kind, status), 0) + 1

    for collection in COLLECTIONS:
        page = browser.get(f"/{collection}/new")[2]
        texts, others = form_fields(page)
        texts = [name for name in texts if name != "id"]

        @settings(max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(value=values, field=st.sampled_from(texts))
        def form_case(value, field):
            browser.get(f"/{collection}/new")
            fields = [(name, value if name == field else ("x" if name in ("name", "title") else "")) for name in texts] + others
            status, headers, body = browser.post(f"/{collection}/new", fields)
            note("form", status)
            if status == 303:
                record = headers["location"].split("?")[0]
                if "." in field or "[" in field:
                    return  # fields inside repeated groups are not read back (only top-level fields, by name)
                stored = json.loads(request(port, "GET", "/api/v1" + record, headers=bearer(token))[2]).get(field)
                if isinstance(stored, str) and stored != value.strip():
                    problems.append(f"form {collection}.{field}: {value[:40]!r} read back as {stored[:40]!r}")
            elif status in (400, 413, 422):
                if status != 413 and 'class="error-summary"' not in body:
                    problems.append(f"form {collection}.{field}: {status} without an error summary")
            else:
                problems.append(f"form {collection}.{field}: answered {status}")

        base = json_example(openapi, collection)
        strings = [k for k, v in base.items() if isinstance(v, str) and k in TEXT_FIELDS]

        @settings(max_examples=args.examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(value=values, field=st.sampled_from(strings or ["name"]))
        def json_case(value, field):
            body = dict(base, id="fz-" + uuid.uuid4().hex[:12])
            body.pop("version", None)
            body[field] = value
            status, headers, text = request(port, "POST", f"/api/v1/{collection}", json.dumps(body), bearer(token))
            note("json", status)
            if status == 201:
                stored = json.loads(request(port, "GET", f"/api/v1/{collection}/{body['id']}")[2]).get(field)
                if stored != value:
                    problems.append(f"json {collection}.{field}: {value[:40]!r} read back as {str(stored)[:40]!r}")
            elif status in (400, 413, 415, 422):
                problem = json.loads(text)
                if not problem.get("detail"):
                    problems.append(f"json {collection}.{field}: {status} without detail")
            else:
                problems.append(f"json {collection}.{field}: answered {status} {text[:200]}")

        if texts:
            form_case()
        json_case()
    statlas.kill(signal.SIGTERM)
    for line in statlas.log().splitlines():
        if "Unhandled error" in line:
            print("  server:", line[:300])
    summary = ", ".join(f"{kind} {status}: {n}" for (kind, status), n in sorted(counts.items()))
    print(f"Input fuzzing: {sum(counts.values())} requests in {time.time() - started:.0f} s ({summary}); {len(problems)} problems")
    for problem in problems[:20]:
        print("  FAIL:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
