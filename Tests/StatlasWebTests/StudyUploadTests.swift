import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing
import ZIPFoundation

@testable import StatlasWeb

@Suite("Files uploaded from a browser: transcripts, survey responses, and projects from QDA tools")
struct StudyUploadTests {
    @Test("A multipart body gives its fields and files; quoted names, empty file inputs and bad bodies are handled")
    func multipart() throws {
        let body =
            "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nCaf\u{E9} notes\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Interview \\\"3\\\".DOCX\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nPK\r\n--not the boundary\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n--b--\r\n"
        let form = try MultipartForm.read(ByteBuffer(string: body), boundary: "b")
        #expect(form["title"] == "Caf\u{E9} notes")
        let file = try #require(form.files["file"])
        #expect(file.filename == "Interview \"3\".DOCX" && file.fileExtension == "docx")
        #expect(file.data == Data("PK\r\n--not the boundary".utf8))
        #expect(form.files["empty"] == nil && form["empty"] == nil)

        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(of: "Multipart/Form-Data;boundary=xyz") == "xyz")
        #expect(MultipartForm.boundary(of: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(of: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)

        // Line breaks and near-delimiters inside a file are its bytes, kept exactly.
        let tricky = String(repeating: "\r\n", count: 5000) + "\r\n--not-b\r\n--\r\n-b" + "\r"
        let crlf = try MultipartForm.read(
            ByteBuffer(
                string: "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\n"
                    + tricky + "\r\n--b--"), boundary: "b")
        #expect(crlf.files["f"]?.data == Data(tricky.utf8))
        let cut = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhalf a fi"
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.read(ByteBuffer(string: cut), boundary: "b") }
        let nameless = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n"
        #expect(throws: MultipartForm.Malformed.self) {
            try MultipartForm.read(ByteBuffer(string: nameless), boundary: "b")
        }
        var many = ""
        for n in 0...MultipartForm.maximumParts {
            many += "--b\r\nContent-Disposition: form-data; name=\"f\(n)\"\r\n\r\nx\r\n"
        }
        #expect(throws: MultipartForm.Malformed.self) {
            try MultipartForm.read(ByteBuffer(string: many + "--b--\r\n"), boundary: "b")
        }
        var latin = ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n")
        latin.writeBytes([0xE9, 0x0D, 0x0A])
        latin.writeString("--b--\r\n")
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.read(latin, boundary: "b") }
    }

    /// A Word document holding these paragraphs.
    static func docx(_ paragraphs: [String]) throws -> Data {
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\($0)</w:t></w:r></w:p>" }.joined()
        return try OfficeArchive.make([
            "word/document.xml":
                "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>",
            "[Content_Types].xml": "<Types/>",
        ])
    }

    @Test(
        "The lead uploads a Word transcript, an OpenDocument note, captions and a CSV of responses; wrong files are named beside the field",
        arguments: TestDatabase.engines)
    func documentsAndResponses(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await browser.signIn()
            _ = try await browser.get("/studies/new")
            let started = try await browser.post("/studies/new", [("title", "Uploads"), ("kind", "both")])
            let base = try #require(started.headers[.location])
            let studyId = String(base.split(separator: "/").last!)
            _ = try await browser.get(base + "/participants/new")
            _ = try await browser.post(base + "/participants/new", [("pseudonym", "")])

            let form = try await browser.get(base + "/documents/new")
            #expect(form.text.contains(#"enctype="multipart/form-data""#))
            #expect(form.text.contains(#"type="file""#) && form.text.contains(#"accept=".docx,.odt"#))
            // A Word file: its format read from its name, its paragraphs kept as lines.
            let word = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "Interview one")],
                files: [
                    ("file", "Interview 1.docx", try Self.docx(["Interviewer: What helps?", "P01: Trust &amp; time"]))
                ])
            #expect(word.status == .seeOther)
            let documents = try await storage.services.studies.documents(of: studyId)
            let firstId = try #require(documents.first).id
            let stored = try #require(try await storage.services.studies.document(firstId, of: studyId))
            #expect(stored.format == .docx && stored.text == "Interviewer: What helps?\nP01: Trust & time")
            let wordPage = try #require(word.headers[.location])
            #expect(try await browser.get(wordPage).text.contains("P01: Trust &amp; time"))
            // Captions, the format chosen for a name that does not say.
            let captions = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "Call"), ("format", "vtt")],
                files: [("file", "call-transcript", Data("WEBVTT\n\n00:00.000 --> 00:02.000\n<v P01>Hello".utf8))])
            #expect(captions.status == .seeOther)
            // Mistakes: a name that says no format, a file that is not what it claims, nothing at all.
            let unknown = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "X")],
                files: [("file", "notes.xyz", Data("x".utf8))])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("its name does not say"))
            #expect(unknown.text.contains(##"href="#f-format""##))
            let fake = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "X")],
                files: [("file", "fake.docx", Data("not a zip".utf8))])
            #expect(fake.status == .unprocessableContent && fake.text.contains("fake.docx:"))
            #expect(fake.text.contains(##"href="#f-file""##))
            // A PDF is named as unreadable in the same round as a missing title.
            let pdf = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "")],
                files: [("file", "int.pdf", Data("%PDF-1.7".utf8))])
            #expect(pdf.status == .unprocessableContent && pdf.text.contains("Statlas cannot read PDF files"))
            #expect(pdf.text.contains("Enter the title") || pdf.text.contains("Enter the document"))
            // A mistake elsewhere: the file must be chosen again, and the form says so.
            let untitled = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "")],
                files: [("file", "Interview 2.docx", try Self.docx(["Hello"]))])
            #expect(untitled.status == .unprocessableContent && untitled.text.contains("Choose Interview 2.docx again"))
            let nothing = try await browser.upload(
                base + "/documents/new", [("participantId", "p01"), ("title", "X")], files: [])
            #expect(nothing.status == .unprocessableContent && nothing.text.contains("Upload a file or paste"))
            #expect(try await storage.services.studies.documents(of: studyId).count == 2)

            // Survey responses as a CSV file.
            _ = try await browser.get(base + "/surveys/new")
            let survey = try await browser.post(
                base + "/surveys/new", [("title", "S"), ("questions", "Q1 | single | How often? | Often; Never")])
            let surveyPage = try #require(survey.headers[.location])
            _ = try await browser.get(surveyPage + "/responses/new")
            let wrong = try await browser.upload(
                surveyPage + "/responses/new", [],
                files: [("file", "export.csv", Data("respondent,Q1\nR1,Maybe\n".utf8))])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("line 2"))
            #expect(wrong.text.contains(##"href="#f-file""##))
            let right = try await browser.upload(
                surveyPage + "/responses/new", [],
                files: [("file", "export.csv", Data("respondent,Q1\nR1,Often\nR2,never\n".utf8))])
            #expect(right.status == .seeOther)
        }
    }

    @Test("A project from another QDA tool is imported from the page, with a report; a broken file adds nothing")
    func projectImport() async throws {
        try await withPages(.sqlite, demo: false) { browser, storage in
            try await browser.signIn()
            _ = try await browser.get("/studies/new")
            let started = try await browser.post("/studies/new", [("title", "Imported"), ("kind", "interviews")])
            let base = try #require(started.headers[.location])
            let studyId = String(base.split(separator: "/").last!)
            #expect(try await browser.get(base).text.contains("Import from a QDA tool"))
            #expect(try await browser.get(base + "/codebook").text.contains("Import a codebook or project"))
            let form = try await browser.get(base + "/import")
            #expect(form.text.contains(#"accept=".qdpx"#))
            let broken = try await browser.upload(
                base + "/import", [], files: [("file", "broken.qdc", Data("<CodeBook><Codes>".utf8))])
            #expect(broken.status == .unprocessableContent && broken.text.contains("broken.qdc:"))
            let none = try await browser.upload(base + "/import", [], files: [])
            #expect(none.status == .unprocessableContent && none.text.contains("Choose a QDPX project"))
            #expect(try await storage.services.studies.codes(of: studyId).isEmpty)

            // Too many sources for one import: refused whole, saying so.
            let sources = (0...5_000).map {
                "<TextSource guid=\"g\($0)\" name=\"S\($0)\"><PlainTextContent>t</PlainTextContent></TextSource>"
            }.joined()
            let many = try await browser.upload(
                base + "/import", [],
                files: [("file", "m.qde", Data("<Project><Sources>\(sources)</Sources></Project>".utf8))])
            #expect(many.status == .unprocessableContent && many.text.contains("5001 sources"))
            let report = try await browser.upload(
                base + "/import", [], files: [("file", "other tool.qdpx", try StudyExchangeTests.foreign())])
            #expect(report.status == .ok && report.text.contains("Imported other tool.qdpx"))
            #expect(report.text.contains("Codings added") && report.text.contains("PictureSource"))
            #expect(
                try await storage.services.studies.codes(of: studyId).map(\.name).sorted() == ["Enablers", "Trust"])
            #expect(try await storage.services.studies.documents(of: studyId).count == 1)
        }
    }

    @Test("Uploads keep the site's rules: a token from this site's form, and large bodies only from someone signed in")
    func uploadRules() async throws {
        try await withPages(.sqlite, demo: false) { browser, _ in
            try await browser.signIn()
            _ = try await browser.get("/studies/new")
            let started = try await browser.post("/studies/new", [("title", "Rules"), ("kind", "interviews")])
            let base = try #require(started.headers[.location])
            let forged = try await browser.upload(
                base + "/import", [], files: [("file", "a.qdc", Data("<x/>".utf8))], token: false)
            #expect(forged.status == .forbidden)
            let malformed = try await browser.client.execute(
                uri: base + "/import", method: .post,
                headers: [
                    .contentType: "multipart/form-data; boundary=b", HTTPField.Name("Origin")!: browser.origin,
                    HTTPField.Name("Host")!: "statlas.test",
                    .cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                ],
                body: ByteBuffer(string: "--b\r\nno headers here"))
            #expect(malformed.status == .badRequest)
            // Someone signed out may not send more than the site's usual limit, multipart or not.
            (browser.cookies, browser.csrf) = ([:], nil)
            _ = try await browser.get("/sign-in")
            let large = try await browser.upload(
                "/sign-in", [("email", "x@example.org")],
                files: [("file", "big.bin", Data(count: 2 << 20))])
            #expect(large.status == .contentTooLarge)
        }
    }
}

/// ZIP archives as office suites write them, for upload tests.
enum OfficeArchive {
    static func make(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        return try #require(archive.data)
    }
}
