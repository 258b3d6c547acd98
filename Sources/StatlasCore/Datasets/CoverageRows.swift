import Foundation

/// The lists of a coverage report that grow with the register, kept as rows beside its head.
public enum CoverageList: String, Sendable {
    case datasets, groups, gaps
}

/// What every coverage page and API read needs of a report: counts, the matrix and the map. Its long lists
/// (datasets, statistics, gaps) are stored as rows (`CoverageDatasetRow`, `CoverageGroupRow`,
/// `CoverageGapRow`) and read a page at a time, so the head stays small whatever the register holds.
public struct CoverageHead: Codable, Sendable {
    public var selectedCount, datasetCount, groupCount, gapCount: Int
    /// The nations with at least one gap, in nation order.
    public var gapNations: [Nation]
    public var levels: [GeographicLevel]
    public var cells: [CoverageCell]
    public var areas: [AreaAvailability]
    /// Names of the producers the matrix's cells list.
    public var organisationNames: [String: String]

    public func cell(_ nation: Nation, _ level: GeographicLevel) -> CoverageCell? {
        cells.first { $0.nation == nation && $0.level == level }
    }

    public func count(_ list: CoverageList) -> Int {
        switch list {
        case .datasets: datasetCount
        case .groups: groupCount
        case .gaps: gapCount
        }
    }
}

/// A dataset of the report, with the statistic (group of equivalents) it counts towards.
public struct CoverageDatasetRow: Codable, Sendable {
    public var id, title, group: String
    public var producerIds: [String]
    public var coverage: [NationCoverage]
}

/// A statistic (group of equivalent datasets) with the names a page shows.
public struct CoverageGroupRow: Codable, Sendable {
    public var group: CoverageGroup
    public var title: String
    /// The titles of `group.datasetIds`, in the same order.
    public var datasetTitles: [String]
    /// The names of `group.producerIds`, in the same order.
    public var producerNames: [String]
}

/// A gap with the names a page shows.
public struct CoverageGapRow: Codable, Sendable {
    public var gap: CoverageGap
    /// The statistic's title.
    public var title: String
    public var contactName: String?
}

extension CoverageReport {
    /// The report as a head and rows, for `AnalyticsCache`. Each list is encoded row by row and let go once
    /// encoded, so a computation holds the report or its rows, not both.
    public consuming func rowed() throws -> Rowed<CoverageHead> {
        var report = self
        let names = report.organisationNames
        func name(_ id: String) -> String { names[id] ?? id }
        let cellProducers = Set(report.cells.flatMap(\.producerIds))
        let head = CoverageHead(
            selectedCount: report.selectedIds.count, datasetCount: report.datasets.count,
            groupCount: report.groups.count, gapCount: report.gaps.count,
            gapNations: Set(report.gaps.map(\.nation)).sorted(), levels: report.levels, cells: report.cells,
            areas: report.areas, organisationNames: names.filter { cellProducers.contains($0.key) })
        let encoder = AnalyticsCache.encoder
        var lists: [String: [Data]] = [:]
        lists[CoverageList.gaps.rawValue] = try report.gaps.map { g in
            try encoder.encode(
                CoverageGapRow(
                    gap: g, title: report.groupTitles[g.groupId] ?? g.groupId,
                    contactName: g.contactOrganisationId.map(name)))
        }
        report.gaps = []
        var groupOf: [String: String] = [:]
        for g in report.groups { for id in g.datasetIds { groupOf[id] = g.id } }
        lists[CoverageList.groups.rawValue] = try report.groups.map { g in
            try encoder.encode(
                CoverageGroupRow(
                    group: g, title: report.groupTitles[g.id] ?? g.id,
                    datasetTitles: g.datasetIds.map { report.dataset($0)?.title ?? $0 },
                    producerNames: g.producerIds.map(name)))
        }
        (report.groups, report.groupTitles) = ([], [:])
        lists[CoverageList.datasets.rawValue] = try report.datasets.map { d in
            try encoder.encode(
                CoverageDatasetRow(
                    id: d.id, title: d.title, group: groupOf[d.id] ?? d.id, producerIds: d.producerIds,
                    coverage: d.coverage))
        }
        return Rowed(head: head, lists: lists)
    }
}
