import Foundation
import StatlasCore

/// One import row made ready to write: laid over the stored record, stamped, checked, encoded, and (when new) laid
/// out as the rows of its tables. Pure work on values, so an import prepares the rows of its next batch on other
/// threads while the database writes the current one.
struct PreparedRow: Sendable {
    let row: ImportRow
    /// What is wrong with the row (nothing is written for it).
    var problems: [ImportProblem] = []
    var outcome: RecordMerge.Outcome = .unchanged
    /// The stored record, when there is one.
    var existing: (any Record)?
    /// The record the row describes, before stamping (for an update, its stored version and timestamps).
    var record: (any Record)?
    /// The record as it will be written.
    var written: (any Record)?
    /// A new record's rows, written in bulk with its batch.
    var rows: BulkRecord?
}

/// Preparing import rows, a batch at a time, on as many threads as the machine has cores.
enum ImportPreparation {
    /// Each kind's blank record as a JSON object, encoded once for all the new records laid over it.
    typealias Blanks = [EntityKind: [String: JSONValue]]

    static func blanks(_ types: [EntityKind: any Record.Type]) -> Blanks {
        func blank<R: Record>(_ type: R.Type) -> [String: JSONValue]? { RecordCodec.object(R.blank) }
        return types.compactMapValues { blank($0) }
    }

    /// The rows prepared in their order, split among the cores.
    static func prepare(
        _ rows: ArraySlice<ImportRow>, existing: [EntityKind: [String: any Record]],
        types: [EntityKind: any Record.Type], blanks: Blanks, stored: StoredBodies, today: CalendarDate, stamp: Date
    ) async throws -> [PreparedRow] {
        try await withThrowingTaskGroup(of: (Int, [PreparedRow]).self) { group in
            for (index, part) in Parallel.parts(rows, minimum: 50).enumerated() {
                group.addTask {
                    let prepared = try part.map { row in
                        guard let type = types[row.kind] else {
                            return PreparedRow(row: row, problems: [ImportProblem(row.location, "unknown kind")])
                        }
                        return try prepare(
                            type, row, existing[row.kind]?[row.id], blanks[row.kind], stored, today, stamp)
                    }
                    return (index, prepared)
                }
            }
            var parts: [(Int, [PreparedRow])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// Merges, stamps, checks and encodes one row, noting problems rather than throwing, so that every bad row is
    /// reported.
    static func prepare<R: Record>(
        _ type: R.Type, _ row: ImportRow, _ stored: (any Record)?, _ blank: [String: JSONValue]?,
        _ bodies: StoredBodies, _ today: CalendarDate, _ stamp: Date
    ) throws -> PreparedRow {
        var prepared = PreparedRow(row: row, existing: stored)
        let record: R
        let outcome: RecordMerge.Outcome
        do {
            (record, outcome) = try RecordMerge.merge(row, over: stored as? R, today: today, blank: blank)
        } catch {
            prepared.problems = ImportProblem.from(error, at: row.location)
            return prepared
        }
        // A new record is stamped before it is checked, so that one encoding serves the checks and the stored
        // body (validation reads neither the version nor the timestamps).
        var written = record
        if outcome == .created { (written.version, written.createdAt, written.updatedAt) = (1, stamp, stamp) }
        let object = try RecordCodec.tree(written)
        let errors = written.validateAll(object: object)
        guard errors.isEmpty else {
            prepared.problems = ImportProblem.from(.invalid(errors), at: row.location)
            return prepared
        }
        (prepared.outcome, prepared.record, prepared.written) = (outcome, record, written)
        if outcome == .created {
            prepared.rows = try BulkRecord(written, object: object, bodies: bodies)
        }
        return prepared
    }
}
