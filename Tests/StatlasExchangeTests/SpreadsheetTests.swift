import Foundation
import StatlasCore
import Testing

@testable import StatlasExchange

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The ZIP container and ODS layout; conformance/insight.py reads the files back with pandas and odfpy.
@Suite struct SpreadsheetTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        // The check value of CRC-32/ISO-HDLC for "123456789".
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32(Data()) == 0)
    }

    @Test func odsStoresItsMimetypeFirstAndListsEveryEntry() {
        let table = StatTable(
            id: "by_kind", title: "Activities by kind", summary: "Kinds.",
            columns: [.init("Kind", "kind"), .init("Activities", "activities")],
            rows: [[.text("Webinar"), .integer(4)], [.text("=cmd"), .missing]], notes: ["A note & more"])
        let data = ODSWriter.write(cover: .init(title: "T", description: "D", produced: "2026-11-22"), tables: [table])
        let bytes = [UInt8](data)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(bytes[8] == 0 && bytes[9] == 0)  // stored
        #expect(String(decoding: bytes[30..<38], as: UTF8.self) == "mimetype")
        #expect(String(decoding: bytes[38..<84], as: UTF8.self) == "application/vnd.oasis.opendocument.spreadsheet")
        // End of central directory: five entries.
        let end = bytes.count - 22
        #expect(Array(bytes[end..<(end + 4)]) == [0x50, 0x4B, 0x05, 0x06])
        #expect(Int(bytes[end + 10]) == 5)
        let content = ODSWriter.content(
            cover: .init(title: "T", description: "D", produced: "2026-11-22"), tables: [table])
        #expect(
            content.contains("<table:table table:name=\"Cover\">")
                && content.contains("<table:table table:name=\"Notes\">"))
        #expect(content.contains("office:value-type=\"float\" office:value=\"4\""))
        #expect(content.contains("A note &amp; more") && !content.contains("table:number-columns-spanned"))
    }

    @Test func sheetNamesAreSafeAndUnique() {
        let t = { (id: String) in StatTable(id: id, title: id, summary: "", columns: [], rows: []) }
        #expect(
            ODSWriter.sheetNames([t("a/b"), t("a/b"), t("Notes"), t(String(repeating: "x", count: 40))])
                == ["ab", "Table_2", "Table_3", String(repeating: "x", count: 28)])
    }
}

@Suite("CSV and XML outputs on Unicode scalars (S14, S17)")
struct ScalarOutputTests {
    @Test("Formula neutralisation and CSV quoting see = , \" and line breaks whatever marks follow them")
    func csv() throws {
        for text in ["=\u{301}SUM(A1)", "+\u{200D}1", "-\u{FE0F}1", "@\u{1F3FB}x", "\u{FF1D}1", "'=\u{301}x"] {
            let cell = CSVOutput.neutralise(text)
            #expect(cell.unicodeScalars.first == "'", "\(text.debugDescription) → \(cell.debugDescription)")
            #expect(CSVOutput.restore(cell) == text)
        }
        for hidden in [
            "\u{301}", "\u{600}", "\u{200D}", "\u{FE0F}", "\u{1F3FB}", "\u{202E}", "\u{FEFF}", "\u{A0}", "\u{2028}",
            " ", "\n", "'\u{301}",
        ] {
            let text = hidden + "=HYPERLINK(\"https://evil.example\")"
            #expect(
                CSVOutput.neutralise(text) == "'" + text, "\(hidden.debugDescription) before = still starts a formula")
            #expect(CSVOutput.restore(CSVOutput.neutralise(text)) == text)
        }
        #expect(CSVOutput.neutralise("\u{301}x=1") == "\u{301}x=1" && CSVOutput.neutralise("a=1") == "a=1")
        let data = CSVOutput.write(
            header: ["a", "b"], rows: [[",\u{301}", "\"\u{301}x"], ["line\n\u{301}", "plain"]])
        let table = try CSVTable.parse(data)
        #expect(table.rows.map(\.fields) == [[",\u{301}", "\"\u{301}x"], ["line\n\u{301}", "plain"]])
    }

    @Test("CSV rows split on bytes: quotes, doubled quotes, CR, LF and CRLF, lines inside quotes, non-ASCII text")
    func csvTokens() throws {
        let text =
            "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",é\u{301}🏴󠁧󠁢󠁷󠁬󠁳󠁿\n\"two\nlines\",,\"\"\rlast,\"\",z"
        let table = try CSVTable.parse(Data(text.utf8))
        #expect(table.header == ["a", "b", "c"])
        #expect(
            table.rows.map(\.fields) == [
                ["x, y", "say \"hi\"", "é\u{301}🏴󠁧󠁢󠁷󠁬󠁳󠁿"], ["two\nlines", "", ""], ["last", "", "z"],
            ])
        #expect(table.rows.map(\.line) == [2, 3, 5])
        for (bad, line) in [("a\n\"open", "line 2"), ("a,b\nx\"y,1", "line 2"), ("a\n\"q\"x", "line 2")] {
            do {
                _ = try CSVTable.parse(Data(bad.utf8))
                Issue.record("\(bad.debugDescription) was accepted")
            } catch let error as ImportError {
                #expect(error.problems.first?.location == line, "\(bad.debugDescription)")
            }
        }
    }

    @Test("GraphML with marked specials in every name parses with Foundation's XML parser and gives the names back")
    func xml() {
        let names = ["<\u{301}x-probe>", "\u{600}&\"'", "a\u{FFFF}"]
        let escaped = names.map { "<n v=\"\(XML.escape($0))\">\(XML.escape($0))</n>" }.joined()
        let parser = XMLParser(data: Data("<r>\(escaped)</r>".utf8))
        final class Collect: NSObject, XMLParserDelegate {
            var values: [String] = []
            var elements: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                elements.append(name)
                if let v = attributes["v"] { values.append(v) }
            }
        }
        let collect = Collect()
        parser.delegate = collect
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(collect.elements == ["r", "n", "n", "n"])
        #expect(collect.values == ["<\u{301}x-probe>", "\u{600}&\"'", "a\u{FFFD}"])
    }
}
