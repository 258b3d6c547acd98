import Foundation

/// Where whole-register analytics are kept between computations: in the database, so that every instance
/// serving one register shares them.
public protocol AnalyticsStore: Sendable {
    /// A token that changes whenever any record changes (created, changed, deleted, erased or restored).
    func registerVersion() async throws -> String
    /// The stored result for a key, whatever version it was computed for.
    func loadAnalysis(_ key: String) async throws -> StoredAnalysis?
    /// The version the stored result for a key was computed from, without reading the result.
    func analysisVersion(_ key: String) async throws -> String?
    /// Stores (or replaces) the result for a key, with its lists of rows, in one transaction. The rows of the
    /// version it replaces are kept until the next save, so that a reader of the older result still finds them.
    func saveAnalysis(_ analysis: StoredAnalysis) async throws
    /// Rows `offset..<offset + limit` of one list of the result for a key at a version, in order.
    func analysisRows(_ key: String, version: String, list: String, offset: Int, limit: Int) async throws -> [Data]
    /// Claims the computation of the result for `key` at `version` for `lease` seconds: true when this instance
    /// should compute it, false while another instance holds an unexpired claim for the same version (it is
    /// computing it: wait for its result rather than compute it twice).
    func claimAnalysis(_ key: String, version: String, lease: TimeInterval) async throws -> Bool
    /// Gives up this instance's claim on `key` at `version` (once its result is saved, or its computation failed).
    func releaseAnalysis(_ key: String, version: String) async throws
}

/// One long list of a computed result: how many rows it has, and how to encode any window of them. The store
/// encodes and writes a window at a time, so a computation never holds all of a list's rows encoded at once
/// beside the values they are encoded from.
public struct RowList: Sendable {
    public let count: Int
    private let window: @Sendable (Range<Int>) throws -> [Data]

    /// A list of `count` rows whose window `encode` encodes (rows `range`, in order).
    public init(count: Int, encode: @escaping @Sendable (Range<Int>) throws -> [Data]) {
        self.count = max(0, count)
        window = encode
    }

    /// `rows`, each encoded when its window is written.
    public init<Row: Encodable & Sendable>(_ rows: [Row]) {
        self.init(count: rows.count) { rows[$0] }
    }

    /// `count` rows that `row` makes from their position, each made and encoded when its window is written.
    public init<Row: Encodable>(count: Int, row: @escaping @Sendable (Int) -> Row) {
        self.init(count: count) { range in
            let encoder = AnalyticsCache.encoder
            return try range.map { try encoder.encode(row($0)) }
        }
    }

    /// Rows `range` (clamped to the list), encoded.
    public func encoded(_ range: Range<Int>) throws -> [Data] {
        let clamped = min(max(0, range.lowerBound), count)..<min(max(0, range.upperBound), count)
        return clamped.isEmpty ? [] : try window(clamped)
    }
}

/// One stored result of a whole-register computation.
public struct StoredAnalysis: Sendable {
    public var key: String
    /// The register version the result was computed from.
    public var version: String
    public var computedAt: Date
    /// How long the computation took, in seconds.
    public var seconds: Double
    /// The result, as JSON.
    public var body: Data
    /// The result's long lists, by name: each row as JSON. Saved beside the result and read a window at a time
    /// (`AnalyticsStore.analysisRows`); empty when loaded.
    public var lists: [String: RowList]

    public init(
        key: String, version: String, computedAt: Date, seconds: Double, body: Data, lists: [String: RowList] = [:]
    ) {
        (self.key, self.version, self.computedAt, self.seconds, self.body) = (key, version, computedAt, seconds, body)
        self.lists = lists
    }
}

/// A computed result whose long lists are kept as rows beside it in the store rather than in memory: `head` is
/// what every request needs (counts, matrices, a map) and is memoised; a page reads only the rows it shows.
public struct Rowed<Head: Sendable>: Sendable {
    public var head: Head
    public var lists: [String: RowList]

    public init(head: Head, lists: [String: RowList]) { (self.head, self.lists) = (head, lists) }
}

/// A result of a whole-register computation and how current it is.
public struct Analysed<Value: Sendable>: Sendable {
    public var value: Value
    /// The register version the result was computed from (its rows are read at this version).
    public var version: String
    public var computedAt: Date
    public var seconds: Double
    /// False while the register has changed since: a fresh computation is then under way.
    public var current: Bool

    /// A sentence for the page: when the figures were computed, and whether newer ones are coming.
    public var freshness: String {
        let when = Self.time(computedAt)
        let took =
            seconds < 1 ? "under a second" : "\(Int(seconds.rounded())) second\(Int(seconds.rounded()) == 1 ? "" : "s")"
        return current
            ? "Figures computed on \(when) from the register as it is now (the computation took \(took))."
            : "Figures computed on \(when); the register has changed since and they are being recomputed (the last computation took \(took)). Reload the page shortly for the new figures."
    }

    static func time(_ date: Date) -> String { MonthName.moment(date) }
}

/// Whole-register analytics computed once per version of the register, not per request.
///
/// A result is looked up in memory, then in the shared store; a result for an older version is served at once
/// (saying so) while one computation per key runs in the background, so no request after a change waits
/// longer than nothing. Only the very first request for a key, with nothing stored, waits for the computation.
/// Keys asked for recently are recomputed in the background after writes (`refreshStale`).
public actor AnalyticsCache {
    /// One computation: a key and how to compute and encode its result.
    struct Job: Sendable {
        let compute: @Sendable () async throws -> (body: Data, lists: [String: RowList])
        /// Decodes a stored result (its head, for a result with rows) to the type asked for.
        let decode: @Sendable (Data) throws -> any Sendable
    }
    struct Entry {
        let version: String
        let computedAt: Date
        let seconds: Double
        let value: any Sendable
        let size: Int
    }

    let store: any AnalyticsStore
    /// The most memory the decoded results may stand for (measured by their JSON size).
    let budget: Int
    private var memo: [String: Entry] = [:]
    private var used: [String] = []
    private var running: [String: Task<StoredAnalysis, any Error>] = [:]
    private var jobs: [String: Job] = [:]

    /// Run after each computation is saved: gives the memory it used back to the system (see `Memory.trim`).
    let afterComputation: @Sendable () -> Void

    public init(
        store: any AnalyticsStore, budget: Int = 96 << 20, afterComputation: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.budget = budget
        self.afterComputation = afterComputation
    }

    /// The result for `key`, computing it with `compute` only when no result is stored (the first request for a
    /// key waits for its computation; later ones never do).
    public func value<T: Codable & Sendable>(
        _ key: String, as type: T.Type, compute: @escaping @Sendable () async throws -> T
    ) async throws -> Analysed<T> {
        try await value(key, as: type, job: Self.job(compute))
    }

    /// The head of a result whose long lists are stored as rows (read them with `rows`), computed as `value` is.
    public func value<T: Codable & Sendable>(
        _ key: String, as type: T.Type, rows compute: @escaping @Sendable () async throws -> Rowed<T>
    ) async throws -> Analysed<T> {
        try await value(key, as: type, job: Self.job(compute))
    }

    /// The result for `key` if one is stored (current or not), without waiting for a computation: when none is
    /// stored, or it is older than the register, one starts in the background.
    public func peek<T: Codable & Sendable>(
        _ key: String, as type: T.Type, compute: @escaping @Sendable () async throws -> T
    ) async throws -> Analysed<T>? {
        if case .known(let known) = try await lookup(key, as: type, job: Self.job(compute)) { return known }
        return nil
    }

    /// Rows `range` of the list `list` of the result for `key` that `analysed` is, decoded (read from the store,
    /// not the actor's memory).
    nonisolated public func rows<Row: Decodable, T>(
        _ list: String, of key: String, _ analysed: Analysed<T>, range: Range<Int>, as type: Row.Type
    ) async throws -> [Row] {
        guard !range.isEmpty else { return [] }
        let decoder = Self.decoder
        return try await store.analysisRows(
            key, version: analysed.version, list: list, offset: range.lowerBound, limit: range.count
        ).map { try decoder.decode(Row.self, from: $0) }
    }

    static func job<T: Codable & Sendable>(_ compute: @escaping @Sendable () async throws -> T) -> Job {
        Job(
            compute: { (try Self.encode(try await compute()), [:]) },
            decode: { try Self.decodeResult(T.self, from: $0) })
    }

    static func job<T: Codable & Sendable>(_ compute: @escaping @Sendable () async throws -> Rowed<T>) -> Job {
        Job(
            compute: {
                let result = try await compute()
                return (try Self.encode(result.head), result.lists)
            },
            decode: { try Self.decodeResult(T.self, from: $0) })
    }

    private func value<T: Codable & Sendable>(_ key: String, as type: T.Type, job: Job) async throws -> Analysed<T> {
        switch try await lookup(key, as: type, job: job) {
        case .known(let known): return known
        case .computing(let task):
            let stored = try await task.value
            let value: T
            if let known = memo[key]?.value as? T, memo[key]?.version == stored.version {
                value = known
            } else {
                value = try await remember(stored, as: T.self)
            }
            // The computation waited for may have started before a write this request came after: the result
            // is current only if the register has not moved on from the version it was computed at.
            let now = try await store.registerVersion()
            return Analysed(
                value: value, version: stored.version, computedAt: stored.computedAt, seconds: stored.seconds,
                current: stored.version == now)
        }
    }

    private enum Lookup<T: Sendable> {
        case known(Analysed<T>)
        case computing(Task<StoredAnalysis, any Error>)
    }

    private func lookup<T: Codable & Sendable>(_ key: String, as type: T.Type, job: Job) async throws -> Lookup<T> {
        jobs[key] = job
        let version = try await store.registerVersion()
        if let entry = memo[key], let value = entry.value as? T {
            touch(key)
            if entry.version != version {
                // Another instance may have computed it already: take that rather than compute it again. A
                // small result is decoded for this request; a large one in the background (seconds for the
                // network's), the older figures being served meanwhile.
                if try await store.analysisVersion(key) == version, let stored = try await store.loadAnalysis(key),
                    stored.version == version
                {
                    if stored.body.count <= Self.decodedInline {
                        return .known(
                            Analysed(
                                value: try await remember(stored, as: T.self), version: stored.version,
                                computedAt: stored.computedAt, seconds: stored.seconds, current: true))
                    }
                    refresh(key, job, version, found: stored)
                } else {
                    refresh(key, job, version)
                }
            }
            return .known(
                Analysed(
                    value: value, version: entry.version, computedAt: entry.computedAt, seconds: entry.seconds,
                    current: entry.version == version))
        }
        // A result stored in another shape (by an older or newer build) counts as none.
        guard let stored = try await store.loadAnalysis(key), let value = try? await remember(stored, as: T.self)
        else {
            return .computing(refresh(key, job, version))
        }
        if stored.version != version { refresh(key, job, version) }
        return .known(
            Analysed(
                value: value, version: stored.version, computedAt: stored.computedAt, seconds: stored.seconds,
                current: stored.version == version))
    }

    /// Recomputes, in the background, every key asked for since start-up whose result is older than the
    /// register; returns the keys started.
    @discardableResult
    public func refreshStale() async throws -> [String] {
        let version = try await store.registerVersion()
        var started: [String] = []
        for (key, job) in jobs.sorted(by: { $0.key < $1.key }) where running[key] == nil {
            if memo[key]?.version == version { continue }
            if try await store.analysisVersion(key) == version { continue }
            refresh(key, job, version)
            started.append(key)
        }
        return started
    }

    /// Waits for every computation under way (for tests and orderly shutdown).
    public func settle() async {
        while let task = running.values.first { _ = try? await task.value }
    }

    @discardableResult
    private func refresh(_ key: String, _ job: Job, _ version: String, found: StoredAnalysis? = nil)
        -> Task<StoredAnalysis, any Error>
    {
        if let task = running[key] { return task }
        let (store, afterComputation) = (store, afterComputation)
        // Long enough for the last computation several times over, short enough that a crashed instance's claim
        // lapses soon.
        let lease = max(Self.minimumLease, 4 * (memo[key]?.seconds ?? 0))
        let task = Task<StoredAnalysis, any Error> {
            defer { afterComputation() }
            do {
                let elsewhere: StoredAnalysis?
                if let found {
                    elsewhere = found
                } else {
                    elsewhere = try await Self.awaitClaim(key, version, lease: lease, store: store)
                }
                if let computedElsewhere = elsewhere {
                    self.finished(key, computedElsewhere, await Self.decodeAhead(job, computedElsewhere))
                    return computedElsewhere
                }
                let stored: StoredAnalysis
                do {
                    // On the analytics thread, not the pool that answers requests (see `AnalysisExecutor`).
                    stored = try await Self.holdingClaim(key, version, lease: lease, store: store) {
                        try await withTaskExecutorPreference(AnalysisExecutor.shared) {
                            try await Self.compute(key, version, job, store)
                        }
                    }
                } catch {
                    try? await store.releaseAnalysis(key, version: version)
                    throw error
                }
                try? await store.releaseAnalysis(key, version: version)
                self.finished(key, stored, await Self.decodeAhead(job, stored))
                return stored
            } catch {
                self.finished(key, nil)
                throw error
            }
        }
        running[key] = task
        return task
    }

    /// Runs `body` while renewing this instance's claim on `key` at `version` every third of `lease`, so that the
    /// claim lapses only when this instance stops (it crashed), not while it computes: computations share the
    /// analytics thread, so one may take longer than its lease while others run, and another instance would
    /// then take the lapsed claim over and compute the same result again. The renewal has ended when this returns.
    public static func holdingClaim<T: Sendable>(
        _ key: String, _ version: String, lease: TimeInterval, store: any AnalyticsStore,
        _ body: () async throws -> T
    ) async throws -> T {
        let renewal = Task {
            while true {
                do { try await Task.sleep(for: .seconds(max(lease, 0.3) / 3)) } catch { return }
                _ = try? await store.claimAnalysis(key, version: version, lease: lease)
            }
        }
        do {
            let result = try await body()
            renewal.cancel()
            await renewal.value
            return result
        } catch {
            renewal.cancel()
            await renewal.value
            throw error
        }
    }

    /// Runs a computation and saves its result; returns what was saved, without its lists.
    @concurrent static func compute(_ key: String, _ version: String, _ job: Job, _ store: any AnalyticsStore)
        async throws
        -> StoredAnalysis
    {
        let start = ContinuousClock.now
        let (body, lists) = try await job.compute()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var stored = StoredAnalysis(
            key: key, version: version, computedAt: Date(), seconds: seconds, body: body, lists: lists)
        try await store.saveAnalysis(stored)
        stored.lists = [:]  // stored: not kept in memory
        return stored
    }

    /// The largest stored result (bytes of JSON) a request decodes itself rather than in the background.
    static let decodedInline = 1 << 20
    /// The shortest claim on a computation, in seconds.
    static let minimumLease: TimeInterval = 120
    /// How often an instance waiting for another's computation looks for its result.
    static let claimPoll: Duration = .milliseconds(250)

    /// Claims the computation of `key` at `version` for this instance (nil: compute it here), or waits while
    /// another instance computes it and returns that instance's stored result. A lapsed claim is taken over.
    static func awaitClaim(_ key: String, _ version: String, lease: TimeInterval, store: any AnalyticsStore)
        async throws -> StoredAnalysis?
    {
        while true {
            // Stored already (another instance finished and gave up its claim): nothing to compute.
            if let stored = try await storedResult(key, version, store) { return stored }
            if try await store.claimAnalysis(key, version: version, lease: lease) {
                // Saved between the look above and the claim (its computer saves, then gives the claim up, and
                // only then can this instance take it): use it rather than compute it again.
                guard let stored = try await storedResult(key, version, store) else { return nil }
                try? await store.releaseAnalysis(key, version: version)
                return stored
            }
            try await Task.sleep(for: claimPoll)
        }
    }

    /// The stored result for `key` when it was computed at `version`.
    static func storedResult(_ key: String, _ version: String, _ store: any AnalyticsStore) async throws
        -> StoredAnalysis?
    {
        guard try await store.analysisVersion(key) == version, let stored = try await store.loadAnalysis(key),
            stored.version == version
        else { return nil }
        return stored
    }

    /// The new result decoded before its computation counts as finished, on the analytics thread: until then
    /// the older figures are served, so that no request waits for a large result to decode (seconds for the
    /// network's). Nil when it cannot be decoded (it is then decoded, or recomputed, when next asked for).
    static func decodeAhead(_ job: Job, _ stored: StoredAnalysis) async -> (any Sendable)? {
        await withTaskExecutorPreference(AnalysisExecutor.shared) { await Self.decodeAny(job, stored.body) }
    }

    @concurrent static func decodeAny(_ job: Job, _ body: Data) async -> (any Sendable)? {
        try? job.decode(body)
    }

    /// Ends a computation (before its task returns, so no one waits for it twice), keeping its decoded result.
    private func finished(_ key: String, _ stored: StoredAnalysis?, _ value: (any Sendable)? = nil) {
        running[key] = nil
        guard let stored else { return }
        if let value {
            keep(stored, value)
        } else if let entry = memo[key], entry.version != stored.version {
            // Decoded when next asked for; the older result is not served again.
            memo[key] = nil
        }
    }

    /// Decodes a stored result and keeps it in memory. The decoding runs off the actor: a large result takes
    /// seconds to decode, and the actor answers every other question of this instance meanwhile.
    private func remember<T: Codable & Sendable>(_ stored: StoredAnalysis, as type: T.Type) async throws -> T {
        let value = try await Self.decode(stored.body, as: T.self)
        keep(stored, value)
        return value
    }

    /// Keeps a decoded result in memory, forgetting the least recently used beyond the budget.
    private func keep(_ stored: StoredAnalysis, _ value: any Sendable) {
        memo[stored.key] = Entry(
            version: stored.version, computedAt: stored.computedAt, seconds: stored.seconds, value: value,
            size: stored.body.count)
        touch(stored.key)
        var total = memo.values.reduce(0) { $0 + $1.size }
        while total > budget, used.count > 1, let oldest = used.first {
            total -= memo[oldest]?.size ?? 0
            memo[oldest] = nil
            used.removeFirst()
        }
    }

    @concurrent static func decode<T: Decodable & Sendable>(_ body: Data, as type: T.Type) async throws -> T {
        try decodeResult(T.self, from: body)
    }

    private func touch(_ key: String) {
        used.removeAll { $0 == key }
        used.append(key)
    }

    /// A result as JSON: a `SlicedCodable` one a slice at a time.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let sliced = value as? any SlicedCodable { return try sliced.encodeSliced(encoder) }
        return try encoder.encode(value)
    }

    /// A result from its JSON: a `SlicedCodable` one a slice at a time.
    static func decodeResult<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        if let sliced = type as? any SlicedCodable.Type, let value = try sliced.decodeSliced(body, decoder) as? T {
            return value
        }
        return try decoder.decode(T.self, from: body)
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}

/// A result with long arrays that is encoded and decoded a slice of each array at a time, the slices spliced
/// into one JSON document that decodes as the whole value would. `JSONEncoder` builds a tree of every value
/// before it writes a byte, and `JSONDecoder` a map of every value before it decodes one, each several times
/// the size of the JSON: a whole-register network (tens of megabytes of JSON) would otherwise need hundreds of
/// megabytes to encode or decode.
public protocol SlicedCodable: Codable {
    /// The value as JSON, its long arrays written a slice at a time with `encoder` (`SlicedJSON`).
    func encodeSliced(_ encoder: JSONEncoder) throws -> Data
    /// The value from its JSON, its long arrays read a slice at a time with `decoder` (`JSONSlices`).
    static func decodeSliced(_ data: Data, _ decoder: JSONDecoder) throws -> Self
}
/// Writing JSON objects a member at a time, for `SlicedCodable`.
public struct SlicedJSON {
    private var data = Data("{".utf8)
    private var first = true
    let encoder: JSONEncoder
    /// The items each slice of an array holds.
    static let slice = 1000

    public init(_ encoder: JSONEncoder) { self.encoder = encoder }

    private mutating func key(_ name: String) throws {
        if !first { data.append(UInt8(ascii: ",")) }
        first = false
        data.append(try encoder.encode(name))
        data.append(UInt8(ascii: ":"))
    }

    /// Adds a member whose value is encoded whole.
    public mutating func add<T: Encodable>(_ name: String, _ value: T) throws {
        try key(name)
        data.append(try encoder.encode(value))
    }

    /// Adds a member whose value is an array, encoded `slice` items at a time.
    public mutating func add<T: Encodable>(_ name: String, array items: [T]) throws {
        try key(name)
        data.append(UInt8(ascii: "["))
        for start in stride(from: 0, to: items.count, by: Self.slice) {
            if start > 0 { data.append(UInt8(ascii: ",")) }
            // An array encodes as "[" items "]" with no space around: keep the items.
            let encoded = try encoder.encode(Array(items[start..<min(items.count, start + Self.slice)]))
            data.append(encoded.dropFirst().dropLast())
        }
        data.append(UInt8(ascii: "]"))
    }

    /// The object, closed.
    public consuming func finish() -> Data {
        data.append(UInt8(ascii: "}"))
        return data
    }
}
