import Foundation
import StatlasCore

/// A titled table of statistics behind a chart: what the page shows as its accessible table, and what the
/// CSV and ODS downloads hold (one table per CSV file or spreadsheet sheet).
public struct StatTable: Sendable {
    /// A cell: text, a whole number, a decimal, a month (`YYYY-MM`), or missing.
    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case decimal(Double, places: Int)
        /// A calendar month, `YYYY-MM`: shown as GOV.UK writes it ("March 2023"), downloaded as written.
        case month(String)
        case missing

        /// As shown on a page (and, but for months, written to CSV).
        public var display: String {
            switch self {
            case .text(let t): t
            case .integer(let n): "\(n)"
            case .decimal(let d, let places): d.isFinite ? String(format: "%.\(places)f", d) : ""
            case .month(let key): MonthName.long(key)
            case .missing: ""
            }
        }
    }

    public struct Column: Sendable {
        /// The heading people read.
        public var heading: String
        /// The snake_case name in CSV headers.
        public var key: String

        public init(_ heading: String, _ key: String) {
            self.heading = heading
            self.key = key
        }
    }

    /// A short name, usable as a sheet name and a file name (letters, digits and underscores).
    public var id: String
    public var title: String
    /// One sentence saying what the table shows.
    public var summary: String
    public var columns: [Column]
    public var rows: [[Value]]
    public var notes: [String]

    public init(id: String, title: String, summary: String, columns: [Column], rows: [[Value]], notes: [String] = []) {
        (self.id, self.title, self.summary, self.columns, self.rows, self.notes) = (
            id, title, summary, columns, rows, notes
        )
    }

    /// RFC 4180 CSV: snake_case header, one row per observation, text cells protected from formulas.
    public func csv() -> Data {
        csvHeader() + csvRows()
    }

    /// The CSV header line alone: the start of a download whose rows are written a batch at a time.
    public func csvHeader() -> Data {
        CSVOutput.write(lines: [columns.map(\.key)])
    }

    /// The CSV lines of the rows alone, without the header: one batch of a download written in parts.
    public func csvRows() -> Data {
        CSVOutput.write(
            lines: rows.map { row in
                row.map { value in
                    if case .text(let t) = value { return CSVOutput.neutralise(t) }
                    if case .month(let key) = value { return key }
                    return value.display
                }
            })
    }
}
