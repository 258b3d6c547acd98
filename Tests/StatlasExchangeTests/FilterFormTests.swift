import Foundation
import StatlasCore
import StatlasExchange
import StatlasTestSupport
import Testing

@testable import StatlasStorage

/// A filtered list's page is read one of two ways on SQLite (`RecordFilters.Form`): its matches first, or its
/// rows in order with each one's links and facets probed. Whichever is used, the pages and totals are the same.
@Suite("Filtered lists give the same pages read either way")
struct FilterFormTests {
    /// The ids of pages of `query` (three rows each, by offset and by keyset) and its total.
    static func pages<R: Record>(_ type: R.Type, _ repo: SQLRecordRepository, _ query: ListQuery) async throws
        -> [String]
    {
        var ids: [String] = []
        var after: String? = nil
        for page in 0..<4 {
            var byOffset = query
            (byOffset.limit, byOffset.offset) = (3, page * 3)
            let listed = try await repo.list(R.self, byOffset)
            ids += listed.items.map(\.id) + ["total \(listed.total)"]
            if query.sort != .relevance {
                var byKeyset = query
                (byKeyset.limit, byKeyset.after) = (3, after)
                let items = try await repo.list(R.self, byKeyset).items.map(\.id)
                #expect(items == listed.items.map(\.id), "\(R.kind) \(query.filters) keyset page \(page)")
                after = items.last ?? after
            }
        }
        return ids
    }

    @Test("Matches read first and rows probed in order give the same pages", arguments: TestDatabase.engines)
    func bothForms(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            var members = storage.records
            members.probeAbove = .max
            var probed = storage.records
            probed.probeAbove = 0
            let datasets = try await storage.records.list(Dataset.self, ListQuery(limit: ListQuery.maxLimit)).items
            let activities = try await storage.records.list(Activity.self, ListQuery(limit: ListQuery.maxLimit)).items
            var datasetFilters: [[String: String]] = Nation.allCases.map { ["nation": $0.rawValue] }
            datasetFilters += [["level": "local-authority"], ["nation": "wales", "level": "local-authority"]]
            for dataset in datasets.prefix(6) {
                datasetFilters += dataset.themeIds.prefix(1).map { ["theme": $0] }
                datasetFilters += dataset.producerIds.prefix(1).map { ["producer": $0] }
                datasetFilters += dataset.keywords.prefix(1).map { ["keyword": $0] }
            }
            var activityFilters: [[String: String]] = [["action": "any"], ["from": "2025-01-01"], ["to": "2025-06-30"]]
            for activity in activities.prefix(4) {
                activityFilters += activity.organiserIds.prefix(1).map { ["organisation": $0] }
                activityFilters +=
                    [["kind": activity.kind.rawValue]] + (activity.mode.map { [["mode": $0.rawValue]] } ?? [])
            }
            var compared = 0
            for (sort, descending) in [
                (ListQuery.Sort.title, false), (.start, true), (.start, false), (.updated, true),
            ] {
                for filters in datasetFilters {
                    let query = ListQuery(filters: filters, sort: sort, descending: descending)
                    let expected = try await Self.pages(Dataset.self, members, query)
                    #expect(try await Self.pages(Dataset.self, probed, query) == expected, "\(filters) \(sort)")
                    compared += expected.count { !$0.hasPrefix("total") }
                }
                for filters in activityFilters {
                    let query = ListQuery(filters: filters, sort: sort, descending: descending)
                    let expected = try await Self.pages(Activity.self, members, query)
                    #expect(try await Self.pages(Activity.self, probed, query) == expected, "\(filters) \(sort)")
                    compared += expected.count { !$0.hasPrefix("total") }
                }
            }
            #expect(compared > 500)
        }
    }

    @Test("A prefix's successor bounds exactly the values that begin with it")
    func successor() {
        #expect(RecordFilters.successor("wales:") == "wales;")
        #expect(RecordFilters.successor("a\u{D7FF}") == "a\u{E000}")
        #expect(RecordFilters.successor("a\u{10FFFF}") == nil)
        #expect(RecordFilters.successor("") == nil)
    }
}
