import Foundation
import StatlasCore
import StatlasExchange

/// The coverage report as tables: for the page's accessible tables and the CSV downloads.
enum CoverageTables {
    static func names(_ head: CoverageHead, _ ids: [String]) -> String {
        ids.map { head.organisationNames[$0] ?? $0 }.joined(separator: "; ")
    }

    /// One row per nation and level (tidy).
    static func matrix(_ report: CoverageHead) -> StatTable {
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
    static func statistics(_ groups: [CoverageGroupRow]) -> StatTable {
        StatTable(
            id: "statistics", title: "Statistics and their equivalents",
            summary: "The finest level each statistic reaches in each nation; equivalent datasets share a row.",
            columns: [.init("Statistics", "statistics"), .init("Datasets", "dataset_ids")]
                + Nation.allCases.map { .init($0.label, $0.rawValue.replacingOccurrences(of: "-", with: "_")) } + [
                    .init("Producers", "producers")
                ],
            rows: groups.map { row in
                [.text(row.title), .text(row.group.datasetIds.joined(separator: " "))]
                    + row.group.finest.map { .text($0?.rawValue ?? "") }
                    + [.text(row.producerNames.joined(separator: "; "))]
            })
    }

    static func gaps(_ gaps: [CoverageGapRow]) -> StatTable {
        StatTable(
            id: "gaps", title: "Gaps",
            summary: "Nations where the statistics stop short of the level another nation has.",
            columns: [
                .init("Nation", "nation"), .init("Statistics", "statistics"), .init("Finest level here", "finest_here"),
                .init("Level elsewhere", "level_elsewhere"), .init("Available in", "available_in"),
                .init("Contact", "contact_organisation"),
                .init("Why them", "reason"), .init("Possible equivalents", "suggested_equivalents"),
            ],
            rows: gaps.map { row in
                let g = row.gap
                return [
                    .text(g.nation.label), .text(row.title), .text(g.finestHere?.label ?? "Nothing published"),
                    .text(g.level.label), .text(g.availableIn.map(\.label).joined(separator: ", ")),
                    .text(row.contactName ?? ""), .text(g.contactReason),
                    .text((g.suggestedEquivalents ?? []).map(\.datasetId).joined(separator: " ")),
                ]
            })
    }

    static func areas(_ report: CoverageHead) -> StatTable {
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
