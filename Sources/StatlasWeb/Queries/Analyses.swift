import Foundation
import StatlasCore

/// The whole-register analyses pages and API share, each computed once per version of the register (see
/// `AnalyticsCache`): the collaboration network, coverage and engagement insight, keyed by their query.
struct Analyses: Sendable {
    let repository: any RecordRepository
    let cache: AnalyticsCache

    static func key(_ name: String, _ query: [(String, String)]) -> String {
        name + (query.isEmpty ? "" : "?" + FormData.query(query.sorted { ($0.0, $0.1) < ($1.0, $1.1) }))
    }

    /// The network with every metric under this filter.
    func network(_ filter: NetworkFilter) async throws -> Analysed<CollaborationNetwork> {
        let repository = repository
        return try await cache.value(
            Self.key("network", NetworkQuery.query(filter)), as: CollaborationNetwork.self
        ) { try await NetworkService(repository: repository).network(filter) }
    }

    /// Coverage, gaps and availability for a selection of datasets.
    func coverage(_ selection: CoverageSelection) async throws -> Analysed<CoverageReport> {
        let repository = repository
        return try await cache.value(Self.key("coverage", CoverageQuery.query(selection)), as: CoverageReport.self) {
            try await CoverageService(repository: repository).report(selection)
        }
    }

    /// Engagement insight for a filter, as of `today` (roles current that day).
    func engagement(_ filter: EngagementFilter, today: CalendarDate) async throws -> Analysed<EngagementInsight> {
        let repository = repository
        return try await cache.value(
            Self.key("engagement", EngagementQuery.query(filter) + [("today", today.description)]),
            as: EngagementInsight.self
        ) { try await EngagementService(repository: repository).insight(filter, today: today) }
    }

    /// The whole network's measures if computed (current or not), never waiting for them.
    func storedNetwork() async throws -> Analysed<CollaborationNetwork>? {
        let repository = repository
        return try await cache.peek(Self.key("network", []), as: CollaborationNetwork.self) {
            try await NetworkService(repository: repository).network(NetworkFilter())
        }
    }
}

/// Which page of an answer's long lists a JSON body holds (`page`, `limit`), for answers whose lists grow with
/// the register; the downloads hold everything.
struct ListWindow: Encodable {
    let page, limit: Int

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = max(0, min(items.count, (page - 1).multipliedReportingOverflow(by: limit).partialValue))
        return items[start..<min(items.count, start + limit)]
    }
}

/// How current a whole-register result is, in the JSON bodies of the API (`computed`).
struct ComputedBody: Encodable {
    /// When the figures were computed (ISO 8601, UTC).
    let at: Date
    /// False while the register has changed since and they are being recomputed.
    let current: Bool
    /// How long the computation took.
    let seconds: Double

    init<T>(_ analysed: Analysed<T>) {
        (at, current, seconds) = (analysed.computedAt, analysed.current, (analysed.seconds * 1000).rounded() / 1000)
    }
}
