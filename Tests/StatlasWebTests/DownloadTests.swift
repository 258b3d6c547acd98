import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@testable import StatlasWeb

/// The long coverage downloads are written a batch of rows at a time; what arrives must be the whole table.
@Suite("Long downloads written in parts")
struct DownloadTests {
    @Test(
        "The gaps and statistics CSVs, written a batch at a time, are the whole table's CSV at every batch size",
        arguments: TestDatabase.engines)
    func streamedCSVIsTheWholeTable(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            _ = try await DemoLoader.load(into: storage.records)
            let analyses = Analyses(repository: storage.records, cache: storage.analytics)
            let answer = try await analyses.coverage(CoverageSelection())
            let gapCount = answer.head.count(.gaps)
            let groupCount = answer.head.count(.groups)
            #expect(gapCount > 2 && groupCount > 2, "the demo has \(gapCount) gaps and \(groupCount) statistics")
            let gaps = try await answer.rows(.gaps, 0..<gapCount, as: CoverageGapRow.self)
            let groups = try await answer.rows(.groups, 0..<groupCount, as: CoverageGroupRow.self)
            let wholeGaps = CoverageTables.gaps(gaps).csv()
            let wholeStatistics = CoverageTables.statistics(groups).csv()
            for batch in [1, 2, 7, 5000] {
                var parts: [Data] = []
                try await answer.csv(
                    .gaps, as: CoverageGapRow.self, batch: batch, table: { CoverageTables.gaps($0) },
                    emit: { parts.append($0) })
                #expect(parts.count == 1 + (gapCount + batch - 1) / batch)
                #expect(parts.reduce(Data(), +) == wholeGaps)
                var statistics = Data()
                try await answer.csv(
                    .groups, as: CoverageGroupRow.self, batch: batch, table: { CoverageTables.statistics($0) },
                    emit: { statistics += $0 })
                #expect(statistics == wholeStatistics)
            }
            let served = try await client.send(.get, "/api/v1/coverage?format=gaps-csv")
            #expect(served.status == .ok)
            #expect(served.headers[.contentDisposition] == "attachment; filename=\"statlas-coverage-gaps.csv\"")
            #expect(Data(served.body.readableBytesView) == wholeGaps)
            let lines = String(decoding: wholeGaps, as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.count == gapCount + 2, "a header, one line per gap, and the empty rest after the last CRLF")
            let statisticsServed = try await client.send(.get, "/api/v1/coverage?format=statistics-csv")
            #expect(Data(statisticsServed.body.readableBytesView) == wholeStatistics)
        }
    }

    @Test(
        "The engagement workbook is written once per computation of the figures, and a change is in the next one",
        arguments: TestDatabase.engines)
    func workbookPerComputation(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            _ = try await DemoLoader.load(into: storage.records)
            @Sendable func workbook() async throws -> Data {
                let served = try await client.send(.get, "/api/v1/insight/engagement?format=ods")
                #expect(served.status == .ok)
                return Data(served.body.readableBytesView)
            }
            @Sendable func activities(_ ods: Data) -> Int? {
                // Entries are stored uncompressed: the month table's summary counts the dated activities.
                let text = String(decoding: ods, as: UTF8.self)
                return text.firstMatch(of: #/([0-9]+) activities from /#).flatMap { Int($0.1) }
            }
            let first = try await workbook()
            #expect(try await workbook() == first)  // the same bytes: the stored workbook
            let before = try #require(activities(first))
            _ = try await storage.records.create(
                Build.activity("extra", organisers: ["office-for-national-statistics"], start: "2026-01-10"))
            _ = try await workbook()  // may be the older figures while the new ones are computed
            await storage.analytics.settle()
            let after = try #require(activities(try await workbook()))
            #expect(after == before + 1)
        }
    }
}
