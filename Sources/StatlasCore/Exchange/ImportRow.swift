import Foundation

/// One record to create or update in an import, as the fields the source file gives for it.
///
/// The fields are laid over the stored record with the same id (so a re-import updates, never
/// duplicates); `defaults` apply only when the record is new; fields named in `unionFields` add to the
/// stored list instead of replacing it (so two geography files can each contribute parents).
public struct ImportRow: Sendable {
    public var kind: EntityKind
    public var id: String
    public var fields: [String: JSONValue]
    public var defaults: [String: JSONValue]
    public var unionFields: Set<String>
    /// Where the row came from, for messages: "line 12", "record 3 (population-density)".
    public var location: String

    public init(
        _ kind: EntityKind, id: String, fields: [String: JSONValue], defaults: [String: JSONValue] = [:],
        unionFields: Set<String> = [], location: String
    ) {
        self.kind = kind
        self.id = id
        self.fields = fields
        self.defaults = defaults
        self.unionFields = unionFields
        self.location = location
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Things the importer adjusted or left out, one line each (never a reason to fail).
    public var warnings: [String] = []
    /// Records of other kinds the import created along the way (a dataset's new producer, say).
    public var alsoCreated: [EntityKind: Int] = [:]

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, warnings: [String] = []) {
        (self.created, self.updated, self.unchanged, self.warnings) = (created, updated, unchanged, warnings)
    }

    /// The one-line summary printed at the end of every import.
    public var line: String {
        let also = alsoCreated.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
        return "\(created) created, \(updated) updated, \(unchanged) unchanged"
            + (also.isEmpty ? "" : " (also created: \(also.joined(separator: ", ")))")
    }

    /// Counts one row's outcome: rows of `kind` in the main counts, new records of other kinds apart.
    public mutating func count(_ outcome: RecordMerge.Outcome, of rowKind: EntityKind, importing kind: EntityKind?) {
        if let kind, rowKind != kind {
            if outcome == .created { alsoCreated[rowKind, default: 0] += 1 }
            return
        }
        switch outcome {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
    }
}

/// One thing wrong with an import: where, which field, and why.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var field: String?
    public var message: String

    public init(_ location: String, field: String? = nil, _ message: String) {
        (self.location, self.field, self.message) = (location, field, message)
    }

    /// The problems a register error stands for, at this location.
    public static func from(_ error: StatlasError, at location: String) -> [ImportProblem] {
        switch error {
        case .invalid(let errors): errors.map { ImportProblem(location, field: $0.field, $0.message) }
        case .badRequest(let message): [ImportProblem(location, message)]
        default: [ImportProblem(location, String(describing: error))]
        }
    }

    public var description: String {
        field.map { "\(location), field \($0): \(message)" } ?? "\(location): \(message)"
    }
}

/// An import that was rejected as a whole; nothing was written.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [ImportProblem]

    public init(file: String = "", problems: [ImportProblem]) {
        self.file = file
        self.problems = problems
    }

    /// Most problems shown, one per line; the rest counted.
    public var description: String {
        let shown = problems.prefix(20).map { "  \(file.isEmpty ? "" : file + ", ")\($0)" }
        let more = problems.count > 20 ? ["  … and \(problems.count - 20) more problems"] : []
        return
            (["Nothing was imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") found."] + shown + more)
            .joined(separator: "\n")
    }
}

/// Laying an import row over the stored record.
public enum RecordMerge {
    /// Whether the row creates, updates or leaves the record alone.
    public enum Outcome: Sendable, Equatable { case created, updated, unchanged }

    /// The record the row describes, prepared and ready to validate, and what it does to the store. `blank` is
    /// `RecordCodec.object(R.blank)`, when the caller keeps it for many rows.
    public static func merge<R: Record>(
        _ row: ImportRow, over existing: R?, today: CalendarDate, blank: [String: JSONValue]? = nil
    ) throws(StatlasError) -> (R, Outcome) {
        var fields = row.fields
        fields["id"] = .string(row.id)
        var merged: R
        if let existing {
            if !row.unionFields.isEmpty, let stored = RecordCodec.object(existing) {
                for name in row.unionFields {
                    guard case .array(let new)? = fields[name], case .array(let old)? = stored[name] else { continue }
                    fields[name] = .array(old + new.filter { !old.contains($0) })
                }
            }
            merged = try RecordCodec.decode(R.self, object: fields, over: existing)
        } else {
            merged = try RecordCodec.decode(
                R.self, object: row.defaults.merging(fields) { $1 }, over: R.blank, baseObject: blank)
        }
        merged.prepare(previous: existing, today: today)
        guard let existing else { return (merged, .created) }
        merged.version = existing.version
        merged.createdAt = existing.createdAt
        merged.updatedAt = existing.updatedAt
        return (merged, sameContent(merged, existing) ? .unchanged : .updated)
    }

    /// True when two records hold the same content, ignoring versions and timestamps.
    public static func sameContent<R: Record>(_ a: R, _ b: R) -> Bool {
        func strip(_ record: R) -> JSONValue? {
            var copy = record
            (copy.version, copy.createdAt, copy.updatedAt) = (0, nil, nil)
            return try? JSONValueEncoder().encode(copy)
        }
        return strip(a) == strip(b)
    }
}
