import Foundation
import SQLKit
import StatlasCore

/// How a record's JSON document is kept in its table's `body` column: without the members its own columns
/// already hold (`id`, `version`, `createdAt`, `updatedAt`, `demo`, and `title` for the kinds whose documents
/// always hold their title under that name) and without top-level members whose value is the kind's empty
/// default (`[]` or `false` in the blank record). That is about a quarter of every body, stored once per record.
/// So SQL must not read a title from a body (`json_extract(body, '$.title')`): it is in the `title` column.
///
/// Reading puts the document back together byte for byte as `RecordCodec.stored` writes it (compact, keys in the
/// order of their UTF-8 bytes), so the JSON list still passes stored documents on without decoding them. A body
/// written whole (before this layout, or by an older migration) reads back unchanged: a member is added only
/// where the body lacks it.
struct StoredBodies: Sendable {
    /// The record table's columns that hold members of its documents, named by the member.
    enum Column: String, CaseIterable, Sendable {
        case id, version
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case demo
        /// Only for kinds whose blank record's document has a `title` string (`members(_:)`).
        case title

        /// The member's name in a document.
        var key: String { String(describing: self) }
    }

    /// Where reading finds a member a stored body may leave out.
    enum Source: Sendable {
        case column(Column)
        /// The kind's empty default (`[]` or `false`), and its JSON text.
        case fixed(JSONValue, String)
    }

    /// The members each kind's bodies may leave out, in key order: the columns' and the empty defaults'.
    private let members: [EntityKind: [(key: String, source: Source)]]

    init(_ kinds: RecordKinds) {
        func members<R: Record>(_ type: R.Type) -> [(key: String, source: Source)] {
            let empties = (RecordCodec.object(R.blank) ?? [:]).compactMap { key, value -> (String, Source)? in
                guard !Self.columnKeys.contains(key) else { return nil }
                switch value {
                case .array(let items) where items.isEmpty: return (key, .fixed(value, "[]"))
                case .bool(false): return (key, .fixed(value, "false"))
                default: return nil
                }
            }
            // The title column is the document's `title` member only where every document has one: a kind with
            // no such member (an organisation's `name`) must not be given one on reading.
            var columns = Self.columnMembers
            if case .string? = RecordCodec.object(R.blank)?["title"] {
                columns.append((key: Column.title.key, source: .column(.title)))
            }
            return (columns + empties).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        }
        var all: [EntityKind: [(key: String, source: Source)]] = [:]
        for kind in kinds.all {
            if let type = kinds.type(for: kind) { all[kind] = members(type) }
        }
        self.members = all
    }

    /// The members the columns hold for every kind, in key order (the title only for some: `init`).
    static let columnMembers = Column.allCases.filter { $0 != .title }.map { (key: $0.key, source: Source.column($0)) }
        .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }

    /// The members a stored body of `kind` may leave out, in key order.
    func omitted(_ kind: EntityKind) -> [String] { (members[kind] ?? Self.columnMembers).map(\.key) }

    /// The names of the members that the record table's columns hold.
    static let columnKeys = Set(Column.allCases.map(\.key))

    /// The columns to select (with the table alias `prefix`, such as `t.`) for `document(_:)` to read a row.
    static func columns(_ prefix: String = "") -> SQLQueryString {
        let names = Column.allCases.map(\.rawValue) + ["body"]
        return "\(unsafeRaw: names.map { prefix + $0 }.joined(separator: ", "))"
    }

    /// The body to store for `record`, whose whole document is `object`; `created` and `updated` are the
    /// timestamps written to its columns. A member is left out only when its column holds the same value.
    func compact<R: Record>(_ record: R, _ object: [String: JSONValue], created: String?, updated: String) throws
        -> String
    {
        var kept = object
        for (key, source) in members[R.kind] ?? Self.columnMembers {
            let value: JSONValue? =
                switch source {
                case .column(.id): .string(record.id)
                case .column(.version): .number(Double(record.version))
                case .column(.createdAt): created.map(JSONValue.string)
                case .column(.updatedAt): .string(updated)
                case .column(.demo): .bool(record.demo)
                case .column(.title): .string(record.title)
                case .fixed(let value, _): value
                }
            if kept[key] == value { kept[key] = nil }
        }
        return String(decoding: try RecordCodec.written(kept, of: record), as: UTF8.self)
    }

    /// The whole document of a row selected with `columns(_:)`.
    func document(_ kind: EntityKind, _ row: any SQLRow) throws -> String {
        let filled = try (members[kind] ?? Self.columnMembers).map { key, source -> (key: String, value: String) in
            switch source {
            case .column(.version): (key, String(try row.decode(column: "version", as: Int.self)))
            case .column(.demo): (key, try row.decode(column: "demo", as: Int.self) != 0 ? "true" : "false")
            case .column(let column): (key, JSONText.string(try row.decode(column: column.rawValue, as: String.self)))
            case .fixed(_, let text): (key, text)
            }
        }
        return Self.merge(try row.decode(column: "body", as: String.self), filled)
    }

    /// `body` (a JSON object) with each of `members` (in key order) that it lacks added in key order.
    static func merge(_ body: String, _ members: [(key: String, value: String)]) -> String {
        let bytes = Array(body.utf8)
        guard let present = JSONText.topLevelMembers(bytes) else { return body }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(bytes.count + members.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 })
        var next = members.makeIterator()
        var pending = next.next()
        var first = true
        func separate() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }
        for member in present {
            let key = bytes[member.key]
            while let added = pending, added.key.utf8.lexicographicallyPrecedes(key) {
                separate()
                out.append(contentsOf: JSONText.string(added.key).utf8 + [UInt8(ascii: ":")] + added.value.utf8)
                pending = next.next()
            }
            if let added = pending, added.key.utf8.elementsEqual(key) { pending = next.next() }
            separate()
            out.append(contentsOf: bytes[member.whole])
        }
        while let added = pending {
            separate()
            out.append(contentsOf: JSONText.string(added.key).utf8 + [UInt8(ascii: ":")] + added.value.utf8)
            pending = next.next()
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// Reading and writing pieces of JSON text.
enum JSONText {
    /// `text` as a JSON string, escaped exactly as stored bodies are written.
    static func string(_ text: String) -> String {
        String(decoding: JSONValue.string(text).written() ?? Data(), as: UTF8.self)
    }

    /// The members of the JSON object `bytes` at its top level, in order: each one's name (between its quotes)
    /// and whole text (name, colon and value). Nil when `bytes` is not an object.
    static func topLevelMembers(_ bytes: [UInt8]) -> [(key: Range<Int>, whole: Range<Int>)]? {
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }
        /// Moves past the string starting at `i` (its opening quote); false when it does not end.
        func skipString() -> Bool {
            i += 1
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""):
                    i += 1
                    return true
                default: i += 1
                }
            }
            return false
        }
        /// Moves past the value starting at `i`; false when it does not end.
        func skipValue() -> Bool {
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""): guard skipString() else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return true }
                    depth -= 1
                    i += 1
                case UInt8(ascii: ","): if depth == 0 { return true } else { i += 1 }
                default: i += 1
                }
            }
            return false
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var members: [(key: Range<Int>, whole: Range<Int>)] = []
        while true {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return members }
            if bytes[i] == UInt8(ascii: ","), !members.isEmpty {
                i += 1
                skipSpace()
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let start = i
            guard skipString() else { return nil }
            let key = (start + 1)..<(i - 1)
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard skipValue() else { return nil }
            var end = i
            while end > start, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
            members.append((key, start..<end))
        }
    }
}
