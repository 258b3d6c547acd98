import Synchronization

/// Answers by question for one version of the register: list totals, search hits, the records of a searched
/// page, a downloaded workbook. Counting or ranking every match of a common word, or writing a whole table,
/// costs far more than reading one page, and the answer changes only when the register does, so each is worked
/// out once per version and question; an entry made at another version is never served.
public final class VersionedCache<Value: Sendable>: Sendable {
    /// At most this many queries are remembered; beyond it the cache starts again.
    let capacity: Int
    private let entries = Mutex<[String: (version: String, value: Value)]>([:])

    public init(capacity: Int) { self.capacity = capacity }

    /// The answer stored for `key` at `version`, if any.
    public func value(_ key: String, version: String) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.value
        }
    }

    public func store(_ key: String, version: String, _ value: Value) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (version, value)
        }
    }

    /// The answer for `key` at `version`: the stored one, or `compute`'s, stored.
    public func value(_ key: String, version: String, compute: () async throws -> Value) async throws -> Value {
        if let known = value(key, version: version) { return known }
        let computed = try await compute()
        store(key, version: version, computed)
        return computed
    }
}
