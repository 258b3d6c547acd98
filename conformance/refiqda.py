#!/usr/bin/env python3
"""REFI-QDA exchange against the standard's schemas and an independent reader, through a real Statlas study.

A study with a nested codebook, participants with attributes, documents (one with accents, emoji and CJK), codings
by two coders and memos is built through the API, then:

1. the QDC export must be valid against `Codebook.xsd` and the QDPX's `project.qde` against `Project-mrt2019.xsd`
   (the `xmlschema` package), every `plainTextPath` must name a file in the archive, and every selection's
   positions, read as Unicode code points of that file, must give the text Statlas coded;
2. the `qdpxlib` package (an independent QDPX reader from PyPI) must read the archive and find every code by name
   and every coding's code (it reads positions as bytes, so its text is compared on the ASCII document only);
3. importing the QDPX into a second study must give back the same documents, codes (by path) and codings.

Usage: refiqda.py --statlas BINARY --schemas DIR
"""
import argparse, io, json, os, sys, time, zipfile, tempfile
import xml.etree.ElementTree as ET

import xmlschema
from qdpxlib import QDPXFile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from statlas_server import Statlas, request  # noqa: E402

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    parser.add_argument("--schemas", required=True)
    args = parser.parse_args()
    started = time.time()
    statlas = Statlas(args.statlas)
    lead = statlas.admin_token("lead@example.org")
    coder = statlas.user_token("coder@example.org", "Coder")
    statlas.start()
    failures = []

    def call(method, path, token, body=None, raw=False, content_type=None):
        headers = {"Authorization": "Bearer " + token}
        if content_type:
            headers["Content-Type"] = content_type
        status, _, text = request(statlas.port, method, path, body, headers)
        if status not in (200, 201):
            sys.exit(f"{method} {path}: {status} {text[:300]}")
        return text if raw else json.loads(text)

    def download(path):
        import http.client
        connection = http.client.HTTPConnection("127.0.0.1", statlas.port, timeout=30)
        connection.request("GET", path, headers={"Authorization": "Bearer " + lead})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            sys.exit(f"GET {path}: {response.status}")
        return data

    try:
        study = call("POST", "/api/v1/studies", lead, {"title": "REFI-QDA check", "kind": "interviews"})
        base = "/api/v1/studies/" + study["id"]
        call("POST", base + "/team", lead, {"email": "coder@example.org", "role": "coder"})
        codes = {}
        for name, parent in [("Barrier", None), ("Capacity", "Barrier"), ("IT rules", "Barrier"), ("Enabler", None), ("Trust", "Enabler")]:
            body = {"name": name, "description": f"{name} & <notes>"}
            if parent:
                body["parentId"] = codes[parent]
            codes[name] = call("POST", base + "/codes", lead, body)["id"]
        texts = [
            "Interviewer: what gets in the way?\nP01: time, and the IT rules. Trust helps.",
            "Caf\u00e9 d\u00e9j\u00e0: \u201cwe share our data.\u201d \U0001F469\u200d\U0001F4BB \u4e2d\u6587 and trust matters.\nP02: capacity is short.",
        ]
        documents = []
        for n, text in enumerate(texts):
            call("POST", base + "/participants", lead, {"attributes": {"nation": ["Wales", "Scotland"][n], "organisationKind": "academia"}})
            made = call("POST", base + "/documents", lead, {"participantId": f"P0{n + 1}", "title": f"Interview {n + 1}", "format": "text", "content": text})
            documents.append((made["id"], text))
        coded = []
        for token in (lead, coder):
            # Sentences of ten characters or more, ending in a stop: qdpxlib keeps no other passage.
            for (doc, text), (code, word) in [(documents[0], ("Capacity", "what gets in the way?")),
                                               (documents[0], ("IT rules", "and the IT rules.")),
                                               (documents[0], ("Trust", "Trust helps.")), (documents[1], ("Trust", "trust matters.")),
                                               (documents[1], ("Capacity", "capacity is short.")),
                                               (documents[1], ("Enabler", "we share our data."))]:
                start = text.index(word)
                call("POST", base + "/codings", token, {"documentId": doc, "codeId": codes[code], "start": start, "end": start + len(word)})
                coded.append((doc, code, word))
        call("POST", base + "/memos", lead, {"targetKind": "document", "targetId": documents[0][0], "text": "A memo: <b>&"})

        qdc = download(base + "/export?format=qdc")
        qdpx = download(base + "/export?format=qdpx")
        if os.environ.get("REFIQDA_KEEP"):
            open(os.environ["REFIQDA_KEEP"], "wb").write(qdpx)
        codebook_schema = xmlschema.XMLSchema(os.path.join(args.schemas, "Codebook.xsd"))
        project_schema = xmlschema.XMLSchema(os.path.join(args.schemas, "Project-mrt2019.xsd"))
        for errors, label in [(list(codebook_schema.iter_errors(io.BytesIO(qdc))), "QDC")]:
            failures += [f"{label}: {e.reason}" for e in errors[:5]]
        archive = zipfile.ZipFile(io.BytesIO(qdpx))
        names = archive.namelist()
        if any(info.compress_type != zipfile.ZIP_DEFLATED for info in archive.infolist()):
            failures.append("QDPX entries are not deflate-compressed")
        project = archive.read("project.qde")
        failures += [f"project.qde: {e.reason}" for e in list(project_schema.iter_errors(io.BytesIO(project)))[:5]]
        root = ET.fromstring(project)
        code_names = {c.get("guid"): c.get("name") for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
        found = []
        for source in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
            path = source.get("plainTextPath", "")
            file = "sources/" + path.replace("internal://", "")
            if file not in names:
                failures.append(f"{path} is not in the archive")
                continue
            text = archive.read(file).decode("utf-8")
            for selection in source.iter("{urn:QDA-XML:project:1.0}PlainTextSelection"):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                for coding in selection.iter("{urn:QDA-XML:project:1.0}CodeRef"):
                    found.append((text[start:end], code_names.get(coding.get("targetGUID"))))
        expected = sorted((word, code) for _, code, word in coded)
        if sorted(found) != expected:
            failures.append(f"selections read back as {sorted(found)}, expected {expected}")
        # The independent reader.
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "study.qdpx")
            with open(path, "wb") as f:
                f.write(qdpx)
            reader = QDPXFile(path, filter_std=None)
            if sorted(reader.codes.values()) != sorted(codes):
                failures.append(f"qdpxlib read codes {sorted(reader.codes.values())}")
            labels = sorted({label for *_, labels in reader.codings for label in labels})
            # It seeks positions as bytes, so only the ASCII document's codings are read where they are.
            ascii_codes = {code for doc, code, _ in coded if doc == documents[0][0]}
            if not ascii_codes <= set(labels):
                failures.append(f"qdpxlib read coded labels {labels}, not all of {sorted(ascii_codes)}")
            ascii_texts = sorted({text.strip() for _, text, _, _, _ in reader.codings if text.isascii()})
            for word in ["what gets in the way?", "and the IT rules.", "Trust helps."]:
                if not any(word in text for text in ascii_texts):
                    failures.append(f"qdpxlib did not read the coded text {word!r}")
        # Back into a second study.
        copy = call("POST", "/api/v1/studies", lead, {"title": "REFI-QDA copy", "kind": "interviews"})
        copy_base = "/api/v1/studies/" + copy["id"]
        report = call("POST", copy_base + "/import", lead, qdpx, content_type="application/zip")
        if (report["codes"], report["documents"], report["codings"], report["memos"]) != (5, 2, 12, 1):
            failures.append(f"import reported {report}")
        texts_back = sorted(call("GET", f"{copy_base}/documents/{d['id']}", lead)["text"]
                            for d in call("GET", copy_base + "/documents", lead)["items"])
        if texts_back != sorted(texts):
            failures.append("imported texts differ")
        print(f"  QDC and project.qde valid against the REFI-QDA schemas; {len(found)} selections read back by code point; "
              f"qdpxlib read {len(reader.codes)} codes and {len(reader.codings)} coded passages; the import gave back "
              f"{report['codes']} codes, {report['documents']} documents, {report['codings']} codings and {report['memos']} memo")
    finally:
        statlas.kill(15)
    for failure in failures:
        print("  FAIL", failure)
    print(f"REFI-QDA conformance: {len(failures)} failures in {time.time() - started:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
