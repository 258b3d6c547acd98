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
    /// Stores (or replaces) the result for a key.
    func saveAnalysis(_ analysis: StoredAnalysis) async throws
}

/// One stored result of a whole-register computation.
public struct StoredAnalysis: Sendable, Equatable {
    public var key: String
    /// The register version the result was computed from.
    public var version: String
    public var computedAt: Date
    /// How long the computation took, in seconds.
    public var seconds: Double
    /// The result, as JSON.
    public var body: Data

    public init(key: String, version: String, computedAt: Date, seconds: Double, body: Data) {
        (self.key, self.version, self.computedAt, self.seconds, self.body) = (key, version, computedAt, seconds, body)
    }
}

/// A result of a whole-register computation and how current it is.
public struct Analysed<Value: Sendable>: Sendable {
    public var value: Value
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
            ? "Figures computed at \(when) from the register as it is now (the computation took \(took))."
            : "Figures computed at \(when); the register has changed since and they are being recomputed (the last computation took \(took)). Reload the page shortly for the new figures."
    }

    static var months: [String] {
        [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November",
            "December",
        ]
    }

    static func time(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return
            "\(two(parts.hour)):\(two(parts.minute)) UTC on \(parts.day ?? 1) \(months[max(0, min(11, (parts.month ?? 1) - 1))]) \(parts.year ?? 1970)"
    }
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
        let compute: @Sendable () async throws -> Data
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

    public init(store: any AnalyticsStore, budget: Int = 96 << 20) {
        self.store = store
        self.budget = budget
    }

    /// The result for `key`, computing it with `compute` only when no result is stored (the first request for a
    /// key waits for its computation; later ones never do).
    public func value<T: Codable & Sendable>(
        _ key: String, as type: T.Type, compute: @escaping @Sendable () async throws -> T
    ) async throws -> Analysed<T> {
        switch try await lookup(key, as: type, compute: compute) {
        case .known(let known): return known
        case .computing(let task):
            let stored = try await task.value
            let value = try memo[key]?.value as? T ?? remember(stored, as: T.self)
            return Analysed(value: value, computedAt: stored.computedAt, seconds: stored.seconds, current: true)
        }
    }

    /// The result for `key` if one is stored (current or not), without waiting for a computation: when none is
    /// stored, or it is older than the register, one starts in the background.
    public func peek<T: Codable & Sendable>(
        _ key: String, as type: T.Type, compute: @escaping @Sendable () async throws -> T
    ) async throws -> Analysed<T>? {
        if case .known(let known) = try await lookup(key, as: type, compute: compute) { return known }
        return nil
    }

    private enum Lookup<T: Sendable> {
        case known(Analysed<T>)
        case computing(Task<StoredAnalysis, any Error>)
    }

    private func lookup<T: Codable & Sendable>(
        _ key: String, as type: T.Type, compute: @escaping @Sendable () async throws -> T
    ) async throws -> Lookup<T> {
        let job = Job(compute: { try Self.encoder.encode(try await compute()) })
        jobs[key] = job
        let version = try await store.registerVersion()
        if let entry = memo[key], let value = entry.value as? T {
            touch(key)
            if entry.version != version {
                // Another instance may have computed it already: take that rather than compute it again.
                if try await store.analysisVersion(key) == version, let stored = try await store.loadAnalysis(key),
                    stored.version == version
                {
                    return .known(
                        Analysed(
                            value: try remember(stored, as: T.self), computedAt: stored.computedAt,
                            seconds: stored.seconds, current: true))
                }
                refresh(key, job, version)
            }
            return .known(
                Analysed(
                    value: value, computedAt: entry.computedAt, seconds: entry.seconds,
                    current: entry.version == version))
        }
        guard let stored = try await store.loadAnalysis(key) else { return .computing(refresh(key, job, version)) }
        let value = try remember(stored, as: T.self)
        if stored.version != version { refresh(key, job, version) }
        return .known(
            Analysed(
                value: value, computedAt: stored.computedAt, seconds: stored.seconds,
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
    private func refresh(_ key: String, _ job: Job, _ version: String) -> Task<StoredAnalysis, any Error> {
        if let task = running[key] { return task }
        let store = store
        let task = Task<StoredAnalysis, any Error> {
            do {
                let start = ContinuousClock.now
                let body = try await job.compute()
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let stored = StoredAnalysis(
                    key: key, version: version, computedAt: Date(), seconds: seconds, body: body)
                try await store.saveAnalysis(stored)
                await self.finished(key, stored)
                return stored
            } catch {
                await self.finished(key, nil)
                throw error
            }
        }
        running[key] = task
        return task
    }

    /// Ends a computation (before its task returns, so no one waits for it twice).
    private func finished(_ key: String, _ stored: StoredAnalysis?) {
        running[key] = nil
        // A result is decoded when next asked for; forget the older one so it is not served again.
        if let stored, let entry = memo[key], entry.version != stored.version { memo[key] = nil }
    }

    private func remember<T: Codable & Sendable>(_ stored: StoredAnalysis, as type: T.Type) throws -> T {
        let value = try Self.decoder.decode(T.self, from: stored.body)
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
        return value
    }

    private func touch(_ key: String) {
        used.removeAll { $0 == key }
        used.append(key)
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
