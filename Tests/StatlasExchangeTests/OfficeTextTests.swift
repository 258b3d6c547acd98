import Foundation
import StatlasCore
import StatlasExchange
import Testing
import ZIPFoundation

@Suite("DOCX and ODT transcripts read as text, paragraph by paragraph")
struct OfficeTextTests {
    /// A ZIP archive with these parts, deflate-compressed as word processors write them.
    static func archive(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        return try #require(archive.data)
    }

    @Test("A long transcript (12 MB of XML, beyond libxml2's single-chunk limit) is read whole")
    func long() throws {
        let paragraph = "<w:p><w:r><w:t>" + String(repeating: "word ", count: 196) + "</w:t></w:r></w:p>"
        let xml =
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
            + String(repeating: paragraph, count: 12_000) + "</w:body></w:document>"
        #expect(xml.utf8.count > 12_000_000)
        let text = try OfficeText.read(try Self.archive(["word/document.xml": xml]), format: .docx)
        #expect(text.split(separator: "\n").count == 12_000)
    }

    @Test("A DOCX keeps paragraphs, line breaks and tabs, and leaves out deleted text and comment marks")
    func docx() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:r><w:t>Interviewer: What helps?</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">P01: Trust, </w:t></w:r><w:r><w:t>mostly.</w:t><w:br/><w:t>And time.</w:t></w:r>
            <w:del><w:r><w:delText>struck out</w:delText></w:r></w:del><w:r><w:commentReference w:id="1"/></w:r></w:p>
            <w:p><w:r><w:t>Caf\u{E9}</w:t><w:tab/><w:t>&amp; more</w:t></w:r></w:p>
            </w:body></w:document>
            """
        let text = try OfficeText.read(
            try Self.archive(["word/document.xml": xml, "[Content_Types].xml": "<Types/>"]), format: .docx)
        #expect(text == "Interviewer: What helps?\nP01: Trust, mostly.\nAnd time.\nCaf\u{E9}\t& more")
    }

    @Test("An ODT keeps headings, paragraphs, runs of spaces and line breaks, and leaves out annotations")
    func odt() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
            <text:h text:outline-level="1">Interview 3</text:h>
            <text:p>P03: We<text:s text:c="2"/>share <text:span>data</text:span> weekly.<office:annotation><text:p>check this</text:p></office:annotation><text:line-break/>Usually.</text:p>
            <text:list><text:list-item><text:p>A point</text:p></text:list-item></text:list>
            </office:text></office:body></office:document-content>
            """
        let text = try OfficeText.read(
            try Self.archive(["content.xml": xml, "mimetype": "application/vnd.oasis.opendocument.text"]), format: .odt)
        #expect(text == "Interview 3\nP03: We  share data weekly.\nUsually.\nA point")
    }

    @Test("Files that are not such documents are refused on the content field")
    func refused() throws {
        for (data, format) in [
            (Data("plain words".utf8), DocumentFormat.docx), (try Self.archive(["other.xml": "<a/>"]), .odt),
        ] {
            #expect(throws: StatlasError.self) { try OfficeText.read(data, format: format) }
        }
        let broken = try Self.archive(["word/document.xml": "<w:document><w:p>"])
        #expect(throws: StatlasError.self) { try OfficeText.read(broken, format: .docx) }
    }
}
