import Foundation
import Testing

@testable import StatlasExchange

/// The ZIP container and ODS layout; conformance/insight.py reads the files back with pandas and odfpy.
@Suite struct SpreadsheetTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        // The check value of CRC-32/ISO-HDLC for "123456789".
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32(Data()) == 0)
    }

    @Test func odsStoresItsMimetypeFirstAndListsEveryEntry() {
        let table = StatTable(id: "by_kind", title: "Activities by kind", summary: "Kinds.",
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
        let content = ODSWriter.content(cover: .init(title: "T", description: "D", produced: "2026-11-22"), tables: [table])
        #expect(content.contains("<table:table table:name=\"Cover\">") && content.contains("<table:table table:name=\"Notes\">"))
        #expect(content.contains("office:value-type=\"float\" office:value=\"4\""))
        #expect(content.contains("A note &amp; more") && !content.contains("table:number-columns-spanned"))
    }

    @Test func sheetNamesAreSafeAndUnique() {
        let t = { (id: String) in StatTable(id: id, title: id, summary: "", columns: [], rows: []) }
        #expect(ODSWriter.sheetNames([t("a/b"), t("a/b"), t("Notes"), t(String(repeating: "x", count: 40))])
            == ["ab", "Table_2", "Table_3", String(repeating: "x", count: 28)])
    }
}
