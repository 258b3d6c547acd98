import Foundation
import StatlasCore

/// A CSV file read strictly per RFC 4180: UTF-8, a header row, quoted fields that may span lines.
///
/// Unlike a lenient reader, it rejects what would silently import the wrong thing (an unterminated
/// quote, text after a closing quote, a row with the wrong number of fields, bytes that are not
/// UTF-8) and says on which line. Each row remembers the line it starts on.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The 1-based line of the file on which the row starts.
        public var line: Int
        public var fields: [String]
    }

    public let header: [String]
    public let rows: [Row]
    /// The index of each column by its header name (the first, if a name repeats).
    public let columns: [String: Int]

    init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
        self.columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Parses the whole file; throws `ImportError` naming the line of the first malformed row.
    public static func parse(_ data: Data) throws -> CSVTable {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ImportError(problems: [
                ImportProblem(invalidUTF8Line(bytes), "the file is not valid UTF-8 text; save it as CSV UTF-8")
            ])
        }
        var records = try tokenize(text)
        guard !records.isEmpty, let headerRecord = records.first, headerRecord.fields.contains(where: { !$0.isEmpty })
        else {
            throw ImportError(problems: [ImportProblem("line 1", "the file is empty: expected a header row")])
        }
        records.removeFirst()
        let header = headerRecord.fields.map { $0.trimmedWhitespace(newlines: false) }
        var rows: [Row] = []
        var problems: [ImportProblem] = []
        for record in records {
            if record.fields == [""] { continue }  // blank line
            if record.fields.count != header.count {
                problems.append(
                    ImportProblem(
                        "line \(record.line)",
                        "has \(record.fields.count) fields but the header has \(header.count)"))
            }
            rows.append(record)
        }
        if !problems.isEmpty { throw ImportError(problems: problems) }
        return CSVTable(header: header, rows: rows)
    }

    /// Throws unless every named column is present.
    public func require(_ names: [String]) throws {
        let missing = names.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw ImportError(problems: [
                ImportProblem(
                    "line 1",
                    "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (found: \(header.joined(separator: ", ")))"
                )
            ])
        }
    }

    /// The named field of a row, trimmed; nil when the column is absent or the field is empty.
    public func value(_ row: Row, _ column: String) -> String? {
        guard let index = columns[column], index < row.fields.count else { return nil }
        let value = row.fields[index].trimmedWhitespace()
        return value.isEmpty ? nil : value
    }

    /// The file's records, split on its UTF-8 bytes: every byte that delimits (quote, comma, CR, LF) is ASCII, so
    /// fields are gathered as bytes and decoded once each (gathering them a Unicode scalar at a time was a tenth
    /// of a large import).
    static func tokenize(_ text: String) throws -> [Row] {
        var text = text
        return try text.withUTF8 { try tokenize(bytes: $0) }
    }

    private static func tokenize(bytes: UnsafeBufferPointer<UInt8>) throws -> [Row] {
        let (quote, comma, cr, lf): (UInt8, UInt8, UInt8, UInt8) = (0x22, 0x2C, 0x0D, 0x0A)
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var afterQuote = false
        var quoteLine = 1
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            rows.append(Row(line: rowLine, fields: fields))
            fields = []
        }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if inQuotes {
                if c == quote {
                    if i < bytes.count, bytes[i] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case comma:
                endField()
                afterQuote = false
            case cr, lf:
                if c == cr, i < bytes.count, bytes[i] == lf { i += 1 }
                endRow()
                afterQuote = false
                line += 1
                rowLine = line
            case quote:
                guard field.isEmpty, !afterQuote else {
                    throw ImportError(problems: [
                        ImportProblem(
                            "line \(line)",
                            "a double quote inside an unquoted field: quote the whole field and double the quote")
                    ])
                }
                inQuotes = true
                quoteLine = line
            default:
                if afterQuote {
                    throw ImportError(problems: [
                        ImportProblem("line \(line)", "text after a closing quote: quote the whole field")
                    ])
                }
                field.append(c)
            }
        }
        if inQuotes {
            throw ImportError(problems: [ImportProblem("line \(quoteLine)", "a quoted field is never closed")])
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRow() }
        return rows
    }

    /// The line holding the first byte that is not valid UTF-8.
    static func invalidUTF8Line(_ bytes: Data) -> String {
        var line = 1
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let length =
                byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            let end = bytes.index(index, offsetBy: max(length, 1), limitedBy: bytes.endIndex) ?? bytes.endIndex
            if length == 0 || String(data: bytes[index..<end], encoding: .utf8) == nil { return "line \(line)" }
            if byte == 0x0A { line += 1 }
            index = end
        }
        return "line \(line)"
    }
}
