import Foundation
import StatlasCore
import StatlasExchange

/// The whole-register analyses pages and API share, each computed once per version of the register (see
/// `AnalyticsCache`): the collaboration network, coverage and engagement insight, keyed by their query. An
/// answer built on figures older than the register is marked provisional, so that it is not kept as the
/// shared answer for this version (`SharedAnswers`).
struct Analyses: Sendable {
    let repository: any RecordRepository
    let cache: AnalyticsCache

    static func key(_ name: String, _ query: [(String, String)]) -> String {
        name + (query.isEmpty ? "" : "?" + FormData.query(query.sorted { ($0.0, $0.1) < ($1.0, $1.1) }))
    }

    /// The network with every metric under this filter.
    func network(_ filter: NetworkFilter) async throws -> Analysed<CollaborationNetwork> {
        let repository = repository
        return Self.noted(
            try await cache.value(Self.key("network", NetworkQuery.query(filter)), as: CollaborationNetwork.self) {
                try await Measure.time("statlas_analysis_compute_seconds", [("analysis", "network")]) {
                    try await NetworkService(repository: repository).network(filter)
                }
            })
    }

    /// The result, after marking the answer being made provisional when the result is not current.
    static func noted<T>(_ analysed: Analysed<T>?) -> Analysed<T>? {
        if analysed?.current != true { SharedAnswers.markProvisional() }
        return analysed
    }

    static func noted<T>(_ analysed: Analysed<T>) -> Analysed<T> {
        if !analysed.current { SharedAnswers.markProvisional() }
        return analysed
    }

    /// Coverage, gaps and availability for a selection of datasets: the head in memory, the long lists as rows.
    func coverage(_ selection: CoverageSelection) async throws -> CoverageAnswer {
        let repository = repository
        let key = Self.key("coverage", CoverageQuery.query(selection))
        let analysed = Self.noted(
            try await cache.value(
                key, as: CoverageHead.self,
                rows: {
                    try await Measure.time("statlas_analysis_compute_seconds", [("analysis", "coverage")]) {
                        try await CoverageService(repository: repository).report(selection).rowed()
                    }
                }))
        return CoverageAnswer(analysed: analysed, key: key, cache: cache)
    }

    /// Engagement insight for a filter, as of `today` (roles current that day).
    func engagement(_ filter: EngagementFilter, today: CalendarDate) async throws -> Analysed<EngagementInsight> {
        let repository = repository
        return Self.noted(
            try await cache.value(
                Self.key("engagement", EngagementQuery.query(filter) + [("today", today.description)]),
                as: EngagementInsight.self
            ) {
                try await Measure.time("statlas_analysis_compute_seconds", [("analysis", "engagement")]) {
                    try await EngagementService(repository: repository).insight(filter, today: today)
                }
            })
    }

    /// The whole network's measures if computed (current or not), never waiting for them.
    func storedNetwork() async throws -> Analysed<CollaborationNetwork>? {
        let repository = repository
        return Self.noted(
            try await cache.peek(Self.key("network", []), as: CollaborationNetwork.self) {
                try await NetworkService(repository: repository).network(NetworkFilter())
            })
    }
}

/// A coverage report as computed for one selection: its head, and its long lists read a window at a time.
struct CoverageAnswer: Sendable {
    let analysed: Analysed<CoverageHead>
    let key: String
    let cache: AnalyticsCache
    var head: CoverageHead { analysed.value }

    /// Rows `range` of a list (clamped to the list).
    func rows<Row: Decodable>(_ list: CoverageList, _ range: Range<Int>, as type: Row.Type) async throws -> [Row] {
        let count = head.count(list)
        let clamped = min(max(0, range.lowerBound), count)..<min(max(0, range.upperBound), count)
        return try await cache.rows(list.rawValue, of: key, analysed, range: clamped, as: type)
    }

    /// Writes a whole list as CSV, the header and then one batch of rows at a time, so that a download of a
    /// list of any length holds no more than one batch (`table` makes the batch's table).
    func csv<Row: Decodable>(
        _ list: CoverageList, as type: Row.Type, batch: Int = Self.batch, table: ([Row]) -> StatTable,
        emit: (Data) async throws -> Void
    ) async throws {
        let batch = max(1, batch)
        try await emit(table([]).csvHeader())
        let count = head.count(list)
        for start in stride(from: 0, to: count, by: batch) {
            try await emit(table(try await rows(list, start..<min(count, start + batch), as: type)).csvRows())
        }
    }

    /// The rows a download reads at a time.
    static let batch = 5000
}

/// Which page of an answer's long lists a JSON body holds (`page`, `limit`), for answers whose lists grow with
/// the register; the downloads hold everything.
struct ListWindow: Encodable {
    let page, limit: Int

    /// The pages one may ask for.
    static let pages = 1...1_000_000

    /// The window asked for in `page` and `limit`, each bounded where it is read.
    static func read(_ r: inout QueryReader, limits: ClosedRange<Int>, fallback: Int) -> ListWindow {
        ListWindow(page: r.number("page", pages) ?? 1, limit: r.number("limit", limits) ?? fallback)
    }

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let window = range
        return items[min(items.count, window.lowerBound)..<min(items.count, window.upperBound)]
    }

    /// The positions this page covers (`page` and `limit` are bounded where they are parsed).
    var range: Range<Int> {
        let start = max(0, (page - 1).multipliedReportingOverflow(by: limit).partialValue)
        let (end, overflow) = start.addingReportingOverflow(limit)
        return start..<(overflow ? Int.max : end)
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
