import Foundation
import Testing

@testable import StatlasCore

/// Coverage, gaps and per-area availability on a small register worked out by hand.
@Suite struct CoverageTests {
    static func organisation(_ id: String, _ kind: OrganisationKind, _ nations: [Nation], gss: String? = nil)
        -> Organisation
    {
        var o = Organisation()
        (o.id, o.name, o.kind, o.nations, o.gssCode) = (id, id.uppercased(), kind, nations, gss)
        return o
    }

    static func dataset(
        _ id: String, _ producer: String, _ coverage: [Nation: GeographicLevel], equivalents: [String] = [],
        theme: String = "labour"
    ) -> Dataset {
        var d = Dataset()
        (d.id, d.title, d.producerIds, d.themeIds) = (id, "Dataset \(id)", [producer], [theme])
        d.coverage = Nation.allCases.map { n in
            coverage[n].map { NationCoverage(nation: n, covered: true, finestLevel: $0, areaCount: 1) }
                ?? NationCoverage(nation: n)
        }
        d.equivalents = equivalents.map { Equivalent(datasetId: $0, comparability: .partially) }
        return d
    }

    static func area(_ code: String, q: Int, r: Int) -> Area {
        var a = Area()
        (a.id, a.code, a.name, a.hex) = (code, code, "Area \(code)", HexPosition(q: q, r: r, layout: .oddR))
        a.prepare(previous: nil, today: CalendarDate(year: 2026, month: 1, day: 1))
        return a
    }

    static let organisations = [
        organisation("ons", .nationalStatisticsInstitute, Nation.allCases),
        organisation("wg", .devolvedGovernment, [.wales]),
        organisation("sg", .devolvedGovernment, [.scotland]),
        organisation("cardiff", .localAuthority, [.wales], gss: "W06000015"),
    ]
    /// d1 (England, LA) and d2 (Wales, country) are equivalents; d3 is Cardiff's own, Wales at LA; d4 is another theme.
    static let datasets = [
        dataset("d1", "ons", [.england: .localAuthority], equivalents: ["d2"]),
        dataset("d2", "wg", [.wales: .country]),
        dataset("d3", "cardiff", [.wales: .localAuthority]),
        dataset("d4", "ons", [.england: .lsoa], theme: "health"),
    ]
    static let areas = [area("E06000001", q: 8, r: 18), area("W06000015", q: 2, r: 6), area("S12000033", q: 6, r: 26)]

    static var report: CoverageReport {
        CoverageAnalysis.analyse(
            CoverageSelection(theme: "labour"), datasets: datasets, organisations: organisations, areas: areas)
    }

    @Test func equivalentsAreGroupedAndTheMatrixCountsEachLevelOrFiner() {
        let r = Self.report
        #expect(r.groups.map(\.datasetIds) == [["d1", "d2"], ["d3"]])
        #expect(r.groups[0].finest == [.localAuthority, .country, nil, nil])
        #expect(r.levels.last == .localAuthority)
        #expect(r.cell(.england, .country)?.datasetIds == ["d1"])
        #expect(r.cell(.wales, .country)?.datasetIds == ["d2", "d3"] && r.cell(.wales, .country)?.groups == 2)
        #expect(r.cell(.wales, .itl1)?.datasetIds == ["d3"])
        #expect(r.cell(.scotland, .country)?.gap == true && r.cell(.england, .country)?.gap == false)
        #expect(r.cell(.wales, .localAuthority)?.producerIds == ["cardiff"])
        // Selecting one dataset brings in its equivalent.
        let one = CoverageAnalysis.analyse(
            CoverageSelection(datasetIds: ["d2"]), datasets: Self.datasets, organisations: Self.organisations, areas: []
        )
        #expect(one.selected.map(\.id) == ["d2"] && one.datasets.map(\.id) == ["d1", "d2"])
        #expect(CoverageSelection(keyword: "DATASET D4").matches(Self.datasets[3]))
    }

    @Test func gapsNameWhomToAsk() {
        let gaps = Self.report.gaps.map { ($0.groupId, $0.nation, $0.level, $0.finestHere, $0.contactOrganisationId) }
        #expect(gaps.count == 6)
        func gap(_ group: String, _ nation: Nation) -> CoverageGap? {
            Self.report.gaps.first { $0.groupId == group && $0.nation == nation }
        }
        // Wales has the statistics only as a whole: ask its producer for more detail.
        #expect(gap("d1", .wales)?.finestHere == .country && gap("d1", .wales)?.level == .localAuthority)
        #expect(gap("d1", .wales)?.contactOrganisationId == "wg")
        #expect(gap("d1", .wales)?.availableIn == [.england])
        // Nothing in Scotland: ONS produces the English one and serves Scotland too.
        #expect(gap("d1", .scotland)?.contactOrganisationId == "ons" && gap("d1", .scotland)?.finestHere == nil)
        #expect(gap("d1", .england) == nil)
        // Cardiff's dataset: Scotland's own producer, England's national statistics institute.
        #expect(gap("d3", .scotland)?.contactOrganisationId == "sg")
        #expect(gap("d3", .england)?.contactOrganisationId == "ons")
        #expect(gap("d3", .england)?.contactReason == "The statistics producer for England")
    }

    @Test func availabilityByLocalAuthority() {
        let areas = Dictionary(uniqueKeysWithValues: Self.report.areas.map { ($0.code, $0) })
        // Hartlepool: d1 reaches local authorities in England.
        #expect(areas["E06000001"]?.available == 1 && areas["E06000001"]?.datasetIds == ["d1"])
        // Cardiff: only Cardiff's own dataset (d2 is for Wales as a whole).
        #expect(areas["W06000015"]?.available == 1 && areas["W06000015"]?.datasetIds == ["d3"])
        #expect(areas["S12000033"]?.available == 0)
        #expect(areas["E06000001"]?.nation == .england)
    }
}
