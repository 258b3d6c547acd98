import Foundation
import StatlasCore

/// The formats `statlas export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json
}

/// Writes every record of a kind in Statlas CSV or JSON, reading the store in pages.
public struct Exporter: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) { self.repository = repository }

    /// The whole collection in the format, and how many records it holds.
    public func export(_ kind: EntityKind, format: ExportFormat) async throws -> (data: Data, count: Int) {
        func all<R: Record>(_ type: R.Type) async throws -> (Data, Int) {
            let records = try await repository.all(type, pageSize: 2000)
            return (format == .csv ? try RecordTable.csv(records) : try RecordTable.json(records), records.count)
        }
        guard let type = repository.kinds.type(for: kind) else {
            throw StatlasError.invalid([FieldError("kind", "This register holds no \(kind.collection)")])
        }
        return try await all(type)
    }
}
