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
    /// The report as a head and rows, for `AnalyticsCache`. The lists share the report's arrays and make and
    /// encode each row only when the store writes its window, so a computation holds the report and one window
    /// of encoded rows, never every row encoded.
    public consuming func rowed() -> Rowed<CoverageHead> {
        let report = self
        let names = report.organisationNames
        let cellProducers = Set(report.cells.flatMap(\.producerIds))
        let head = CoverageHead(
            selectedCount: report.selectedIds.count, datasetCount: report.datasets.count,
            groupCount: report.groups.count, gapCount: report.gapList.count,
            gapNations: report.gapList.gapNations, levels: report.levels, cells: report.cells,
            areas: report.areas, organisationNames: names.filter { cellProducers.contains($0.key) })
        @Sendable func name(_ id: String) -> String { names[id] ?? id }
        var groupOf: [String: String] = [:]
        for g in report.groups { for id in g.datasetIds { groupOf[id] = g.id } }
        let group = groupOf
        return Rowed(
            head: head,
            lists: [
                CoverageList.gaps.rawValue: RowList(count: report.gapList.count) { i in
                    let g = report.gapList[i]
                    return CoverageGapRow(
                        gap: g, title: report.groupTitles[g.groupId] ?? g.groupId,
                        contactName: g.contactOrganisationId.map(name))
                },
                CoverageList.groups.rawValue: RowList(count: report.groups.count) { i in
                    let g = report.groups[i]
                    return CoverageGroupRow(
                        group: g, title: report.groupTitles[g.id] ?? g.id,
                        datasetTitles: g.datasetIds.map { report.dataset($0)?.title ?? $0 },
                        producerNames: g.producerIds.map(name))
                },
                CoverageList.datasets.rawValue: RowList(count: report.datasets.count) { i in
                    let d = report.datasets[i]
                    return CoverageDatasetRow(
                        id: d.id, title: d.title, group: group[d.id] ?? d.id, producerIds: d.producerIds,
                        coverage: d.coverage)
                },
            ])
    }
}
