import Foundation
import StatlasCore
import StatlasExchange

/// The coverage report as tables: for the page's accessible tables and the CSV downloads.
enum CoverageTables {
    static func names(_ report: CoverageReport, _ ids: [String]) -> String {
        ids.map { report.organisationNames[$0] ?? $0 }.joined(separator: "; ")
    }

    /// One row per nation and level (tidy).
    static func matrix(_ report: CoverageReport) -> StatTable {
        StatTable(
            id: "matrix", title: "Datasets by nation and geographic level",
            summary: "How many of the selected datasets are published at each level or finer in each nation.",
            columns: [
                .init("Level", "level"), .init("Nation", "nation"), .init("Datasets", "datasets"),
                .init("Statistics (equivalents counted once)", "statistics"), .init("Producers", "producers"),
                .init("Gap", "gap"),
            ],
            rows: report.cells.map { c in
                [
                    .text(c.level.rawValue), .text(c.nation.rawValue), .integer(c.datasetCount), .integer(c.groups),
                    .text(
                        names(report, c.producerIds)
                            + (c.producerCount > c.producerIds.count
                                ? "; and \(c.producerCount - c.producerIds.count) more" : "")),
                    .text(c.gap ? "yes" : "no"),
                ]
            })
    }

    /// One row per statistic (group of equivalent datasets): its finest level in each nation.
    static func statistics(_ report: CoverageReport) -> StatTable {
        StatTable(
            id: "statistics", title: "Statistics and their equivalents",
            summary: "The finest level each statistic reaches in each nation; equivalent datasets share a row.",
            columns: [.init("Statistics", "statistics"), .init("Datasets", "dataset_ids")]
                + Nation.allCases.map { .init($0.label, $0.rawValue.replacingOccurrences(of: "-", with: "_")) } + [
                    .init("Producers", "producers")
                ],
            rows: report.groups.map { g in
                [.text(report.groupTitles[g.id] ?? g.id), .text(g.datasetIds.joined(separator: " "))]
                    + g.finest.map { .text($0?.rawValue ?? "") } + [.text(names(report, g.producerIds))]
            })
    }

    static func gaps(_ report: CoverageReport) -> StatTable {
        StatTable(
            id: "gaps", title: "Gaps",
            summary: "Nations where the statistics stop short of the level another nation has.",
            columns: [
                .init("Nation", "nation"), .init("Statistics", "statistics"), .init("Finest level here", "finest_here"),
                .init("Level elsewhere", "level_elsewhere"), .init("Available in", "available_in"),
                .init("Contact", "contact_organisation"),
                .init("Why them", "reason"),
            ],
            rows: report.gaps.map { g in
                [
                    .text(g.nation.label), .text(report.groupTitles[g.groupId] ?? g.groupId),
                    .text(g.finestHere?.label ?? "Nothing published"), .text(g.level.label),
                    .text(g.availableIn.map(\.label).joined(separator: ", ")),
                    .text(g.contactOrganisationId.map { report.organisationNames[$0] ?? $0 } ?? ""),
                    .text(g.contactReason),
                ]
            })
    }

    static func areas(_ report: CoverageReport) -> StatTable {
        StatTable(
            id: "areas", title: "Availability by local authority",
            summary:
                "For each local authority, how many of the selected statistics are published at local authority level or finer.",
            columns: [
                .init("Code", "area_code"), .init("Local authority", "area_name"), .init("Nation", "nation"),
                .init("Statistics available", "available"), .init("Datasets", "dataset_ids"),
            ],
            rows: report.areas.map { a in
                [
                    .text(a.code), .text(a.name), .text(a.nation.label), .integer(a.available),
                    .text(a.datasetIds.joined(separator: " ")),
                ]
            })
    }
}
