import Foundation

/// Writes RFC 4180 CSV (UTF-8, CRLF line ends) with spreadsheet formulas neutralised (STANDARDS.md S14).
public enum CSVOutput {
    /// The characters that make a spreadsheet treat a text cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Prefixes a text cell that a spreadsheet would run as a formula with `'`. Cells that already are
    /// quotes followed by such a character get one more quote, so that `restore` gives back the original exactly.
    public static func neutralise(_ text: String) -> String {
        startsLikeFormula(text.drop { $0 == "'" }) ? "'" + text : text
    }

    /// The inverse of `neutralise`, applied to text cells on import.
    public static func restore(_ text: String) -> String {
        text.first == "'" && startsLikeFormula(text.drop { $0 == "'" }) ? String(text.dropFirst()) : text
    }

    static func startsLikeFormula(_ text: Substring) -> Bool {
        text.first.map(formulaStarts.contains) ?? false
    }

    /// The CSV text of a header and rows.
    public static func write(header: [String], rows: [[String]]) -> Data {
        var text = ""
        text.reserveCapacity(rows.count * 64)
        for row in [header] + rows {
            text += row.map(quote).joined(separator: ",")
            text += "\r\n"
        }
        return Data(text.utf8)
    }

    /// A field quoted when it holds a comma, quote or line break, with quotes doubled.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
