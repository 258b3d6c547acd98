import SQLKit
import StatlasCore

/// Where each kind's entries lie in SQLite's full-text index: a kind's documents take rowids from its own range
/// of 2⁴⁰, so that a search within one kind hands the index that range and the index ranks only that kind's
/// matches. Before, a dataset list searched for a common word ranked the word's activities, collaborations and
/// organisations too (160,000 matches for 59,000 datasets) and then looked each up to drop it.
///
/// A kind's range follows from its name alone (`code`), so no table of ranges is kept and a kind declared later
/// gets one too; `SearchRangesTests` checks that the register's kinds never share one.
enum SearchRanges {
    /// Rowids per kind.
    static let width: Int = 1 << 40

    /// The kind's range number, 1 through 2²⁰ − 1 (FNV-1a of its name): ranges end below 2⁶⁰.
    static func code(_ kind: EntityKind) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in kind.rawValue.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64((1 << 20) - 1)) + 1
    }

    /// The kind's first rowid (never used itself: entries start after it).
    static func first(_ kind: EntityKind) -> Int { code(kind) * width }

    /// The first rowid after the kind's range.
    static func end(_ kind: EntityKind) -> Int { first(kind) + width }

    /// The largest rowid the kind's entries hold, or its first rowid when it has none.
    static func last(_ kind: EntityKind, _ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            "SELECT MAX(rowid) AS m FROM search_documents WHERE rowid >= \(literal: first(kind)) AND rowid < \(literal: end(kind))"
        ).first()
        return try row?.decode(column: "m", as: Int?.self) ?? first(kind)
    }

    /// The rowid for the kind's next entry.
    static func next(_ kind: EntityKind, _ db: any SQLDatabase) async throws -> Int {
        try after(try await last(kind, db), of: kind)
    }

    /// The rowid after `rowid` in the kind's range; an error when the range is full.
    static func after(_ rowid: Int, of kind: EntityKind) throws -> Int {
        guard rowid + 1 < end(kind) else { throw StatlasStorageError.configuration("The search index is full") }
        return rowid + 1
    }

    /// Refuses a register two of whose kinds would share a range (one chance in about a million for a kind
    /// declared beside the standard ones): a search of either would find the other's records.
    static func check(_ kinds: [EntityKind]) throws {
        var seen: [Int: EntityKind] = [:]
        for kind in kinds {
            if let other = seen.updateValue(kind, forKey: code(kind)), other != kind {
                throw StatlasStorageError.configuration(
                    "The kinds \(other.collection) and \(kind.collection) would share a range of the search index; rename one"
                )
            }
        }
    }

    /// True when some entry lies outside every kind's range: the index was written before ranges (rowids from 1)
    /// and must be rebuilt (`SQLRecordRepository.rebuildSearchIndex`).
    static func outdated(_ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM search_documents WHERE rowid < \(literal: width) LIMIT 1").first() != nil
    }
}
