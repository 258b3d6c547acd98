import Foundation

/// Writes OpenDocument spreadsheets (ODF 1.2) laid out as STANDARDS.md "Formats" and the GSS guidance on
/// releasing statistics in spreadsheets ask: a cover sheet, a contents sheet, a notes sheet, then one table
/// per sheet with its title in A1 and its column headings in row 4; no merged cells; numbers as numbers.
public enum ODSWriter {
    /// What the cover sheet says.
    public struct Cover: Sendable {
        public var title: String
        public var description: String
        public var source: String
        /// The production date as written on the cover (`2026-11-22`).
        public var produced: String

        public init(
            title: String, description: String, source: String = "Statlas, the register of the UK statistical system",
            produced: String
        ) {
            (self.title, self.description, self.source, self.produced) = (title, description, source, produced)
        }
    }

    /// The row (0-based) that holds a table sheet's column headings.
    public static let headerRow = 3

    public static func write(cover: Cover, tables: [StatTable]) -> Data {
        var zip = ZipArchive()
        zip.add("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8))
        zip.add("META-INF/manifest.xml", Data(manifest.utf8))
        zip.add("meta.xml", Data(meta(cover).utf8))
        zip.add("styles.xml", Data(styles.utf8))
        zip.add("content.xml", Data(content(cover: cover, tables: tables).utf8))
        return zip.data()
    }

    /// A sheet name: at most 31 characters, none of `[]*?:/\`, unique.
    static func sheetNames(_ tables: [StatTable]) -> [String] {
        var used: Set<String> = ["Cover", "Contents", "Notes"]
        return tables.enumerated().map { i, table in
            var name = String(table.id.filter { !"[]*?:/\\'".contains($0) }.prefix(28))
            if name.isEmpty || used.contains(name) { name = "Table_\(i + 1)" }
            used.insert(name)
            return name
        }
    }

    static func content(cover: Cover, tables: [StatTable]) -> String {
        let names = sheetNames(tables)
        var notes: [(String, String)] = []
        var noteRefs: [[String]] = []
        for table in tables {
            var refs: [String] = []
            for note in table.notes {
                let id = "[note \(notes.count + 1)]"
                notes.append((id, note))
                refs.append(id)
            }
            noteRefs.append(refs)
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
            office:version="1.2"><office:automatic-styles>\
            <style:style style:name="title" style:family="table-cell"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>\
            <style:style style:name="heading" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>\
            </office:automatic-styles><office:body><office:spreadsheet>
            """
        out += sheet(
            "Cover",
            [
                [.title(cover.title)], [.text(cover.description)], [.text("Source: \(cover.source)")],
                [.text("Produced: \(cover.produced)")],
                [
                    .text(
                        "This workbook has a contents sheet, a notes sheet and one table per sheet. Column headings are in row \(headerRow + 1) of each table sheet."
                    )
                ],
            ])
        out += sheet(
            "Contents",
            [
                [.title("Contents")], [.text("One table per sheet.")],
                [.text("Sheets are listed in the order they appear in the workbook.")],
                [.heading("Sheet name"), .heading("Table title"), .heading("What it shows"), .heading("Notes")],
            ]
                + tables.enumerated().map { i, t in
                    [.text(names[i]), .text(t.title), .text(t.summary), .text(noteRefs[i].joined(separator: " "))]
                })
        out += sheet(
            "Notes",
            [
                [.title("Notes")],
                [
                    .text(
                        notes.isEmpty
                            ? "There are no notes for these tables."
                            : "Notes referred to on the contents sheet and the table sheets.")
                ],
                [.text("Source: \(cover.source)")],
                [.heading("Note number"), .heading("Note text")],
            ] + notes.map { [.text($0.0), .text($0.1)] })
        for (i, table) in tables.enumerated() {
            let rows: [[Cell]] =
                [
                    [.title(table.title)], [.text(table.summary)],
                    [
                        .text(
                            noteRefs[i].isEmpty
                                ? "Source: \(cover.source)"
                                : "Source: \(cover.source). See \(noteRefs[i].joined(separator: " ")) on the notes sheet."
                        )
                    ],
                    table.columns.map { .heading($0.heading) },
                ]
                + table.rows.map { $0.map(Cell.value) }
            out += sheet(names[i], rows)
        }
        out += "</office:spreadsheet></office:body></office:document-content>"
        return out
    }

    enum Cell {
        case title(String), heading(String), text(String), value(StatTable.Value)
    }

    static func sheet(_ name: String, _ rows: [[Cell]]) -> String {
        var out = "<table:table table:name=\"\(XML.escape(name))\">"
        for row in rows {
            out += "<table:table-row>"
            for cell in row { out += xml(cell) }
            out += "</table:table-row>"
        }
        return out + "</table:table>"
    }

    static func xml(_ cell: Cell) -> String {
        func string(_ text: String, style: String? = nil) -> String {
            let styleAttribute = style.map { " table:style-name=\"\($0)\"" } ?? ""
            return
                "<table:table-cell office:value-type=\"string\"\(styleAttribute)><text:p>\(XML.escape(text))</text:p></table:table-cell>"
        }
        switch cell {
        case .title(let t): return string(t, style: "title")
        case .heading(let t): return string(t, style: "heading")
        case .text(let t), .value(.text(let t)), .value(.month(let t)): return string(t)
        case .value(.integer(let n)):
            return
                "<table:table-cell office:value-type=\"float\" office:value=\"\(n)\"><text:p>\(n)</text:p></table:table-cell>"
        case .value(.decimal(let d, _)) where d.isFinite:
            return
                "<table:table-cell office:value-type=\"float\" office:value=\"\(d)\"><text:p>\(StatTable.Value.decimal(d, places: 3).display)</text:p></table:table-cell>"
        case .value:
            return "<table:table-cell/>"
        }
    }

    static let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">\
        <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\
        </manifest:manifest>
        """

    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>
        """

    static func meta(_ cover: Cover) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2">\
        <office:meta><dc:title>\(XML.escape(cover.title))</dc:title><dc:description>\(XML.escape(cover.description))</dc:description>\
        <meta:generator>Statlas</meta:generator></office:meta></office:document-meta>
        """
    }
}
