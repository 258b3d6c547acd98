import Foundation

/// Writes RFC 4180 CSV (UTF-8, CRLF line ends) with spreadsheet formulas neutralised (STANDARDS.md S14).
/// Both work on Unicode scalars and UTF-8 bytes, never on `Character`s (STANDARDS.md S17): `=` followed by a
/// combining mark is still `=` to a spreadsheet, and `,` or `"` followed by one still ends or quotes a field.
public enum CSVOutput {
    /// The characters that make a spreadsheet treat a text cell as a formula, with their full-width forms
    /// (which some spreadsheets fold to the ASCII ones).
    static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// Prefixes a text cell that a spreadsheet would run as a formula with `'`. Cells that already are
    /// quotes followed by such a character get one more quote, so that `restore` gives back the original exactly.
    public static func neutralise(_ text: String) -> String {
        startsLikeFormula(text) ? "'" + text : text
    }

    /// The inverse of `neutralise`, applied to text cells on import.
    public static func restore(_ text: String) -> String {
        text.unicodeScalars.first == "'" && startsLikeFormula(text) ? String(text.unicodeScalars.dropFirst()) : text
    }

    /// True when the first scalar after any leading quotes and anything a reader does not see (spaces, line
    /// breaks, format characters such as U+0600, ZWJ or a byte-order mark, combining marks, variation selectors,
    /// emoji modifiers) starts a formula: a spreadsheet that trims or ignores those would run it.
    static func startsLikeFormula(_ text: String) -> Bool {
        text.unicodeScalars.first { $0 != "'" && !unseen($0) }.map(formulaStarts.contains) ?? false
    }

    static func unseen(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        switch p.generalCategory {
        case .format, .control, .nonspacingMark, .spacingMark, .enclosingMark, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return true
        default:
            return p.isWhitespace || p.isVariationSelector || p.isEmojiModifier
        }
    }

    /// The CSV text of a header and rows.
    public static func write(header: [String], rows: [[String]]) -> Data {
        write(lines: [header] + rows)
    }

    /// The CSV lines of `lines`, each ended by CRLF: a whole file when the first is its header, or a part of
    /// one, so that a long download can be written a batch of rows at a time.
    public static func write(lines: [[String]]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.count * 64)
        for row in lines {
            for (index, field) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                quote(field, into: &bytes)
            }
            bytes += [0x0D, 0x0A]
        }
        return Data(bytes)
    }

    /// A field quoted when it holds a comma, quote or line break, with quotes doubled.
    static func quote(_ field: String) -> String {
        var bytes: [UInt8] = []
        quote(field, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func quote(_ field: String, into bytes: inout [UInt8]) {
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D]
        guard field.utf8.contains(where: special.contains) else {
            bytes += field.utf8
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
