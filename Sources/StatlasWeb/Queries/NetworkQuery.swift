import Foundation
import StatlasCore

/// Reads the collaboration network's filters from query parameters, for the API and the page alike.
enum NetworkQuery {
    /// The parameters the network accepts, with what each means (for OpenAPI and the README).
    static let parameters: [(name: String, summary: String, allowed: [String]?)] = [
        ("from", "Only work running on or after this date (YYYY-MM-DD)", nil),
        ("to", "Only work starting on or before this date (YYYY-MM-DD)", nil),
        ("theme", "Only collaborations and activities on the theme with this id", nil),
        (
            "collaborationKind", "Only collaborations of this kind (leaves out activities and memberships)",
            CollaborationKind.allCases.map(\.rawValue)
        ),
        ("nation", "Only organisations serving this nation", Nation.allCases.map(\.rawValue)),
        ("organisationKind", "Only organisations of this kind", OrganisationKind.allCases.map(\.rawValue)),
        ("sources", "Comma-separated: collaborations, activities, memberships (default all)", nil),
        ("weighted", "true to use tie weights (shared work) in the metrics", ["true", "false"]),
        (
            "group", "Group for brokerage roles and the E–I index: kind or nation",
            NetworkGrouping.allCases.map(\.rawValue)
        ),
        ("isolates", "true to include organisations with no tie", ["true", "false"]),
    ]

    static func filter(_ p: [String: String]) throws -> NetworkFilter {
        var filter = NetworkFilter()
        var r = QueryReader(p)
        (filter.from, filter.to) = r.dates("from", "to")
        filter.themeId = r.text("theme")
        filter.collaborationKind = r.choice("collaborationKind", CollaborationKind.self)
        filter.nation = r.choice("nation", Nation.self)
        filter.organisationKind = r.choice("organisationKind", OrganisationKind.self)
        if let sources = r.text("sources") {
            var chosen = Set<NetworkSource>()
            for part in sources.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
            where !part.isEmpty {
                if let source = NetworkSource(rawValue: part) {
                    chosen.insert(source)
                } else {
                    r.errors.append(
                        FieldError("sources", "sources must list some of: collaborations, activities, memberships"))
                }
            }
            if chosen.isEmpty && r.errors.allSatisfy({ $0.field != "sources" }) {
                r.errors.append(FieldError("sources", "Choose at least one of collaborations, activities, memberships"))
            }
            filter.sources = chosen
        }
        filter.weighted = r.flag("weighted")
        filter.grouping = r.choice("group", NetworkGrouping.self) ?? .kind
        filter.isolates = r.flag("isolates")
        try r.finish()
        return filter
    }

    /// The query string that reproduces a filter (for links to downloads and sorted tables).
    static func query(_ f: NetworkFilter) -> [(String, String)] {
        var items: [(String, String)] = []
        if let from = f.from { items.append(("from", from.description)) }
        if let to = f.to { items.append(("to", to.description)) }
        if let theme = f.themeId { items.append(("theme", theme)) }
        if let kind = f.collaborationKind { items.append(("collaborationKind", kind.rawValue)) }
        if let nation = f.nation { items.append(("nation", nation.rawValue)) }
        if let kind = f.organisationKind { items.append(("organisationKind", kind.rawValue)) }
        if f.sources != Set(NetworkSource.allCases) {
            items.append(
                ("sources", NetworkSource.allCases.filter(f.sources.contains).map(\.rawValue).joined(separator: ",")))
        }
        if f.weighted { items.append(("weighted", "true")) }
        if f.grouping != .kind { items.append(("group", f.grouping.rawValue)) }
        if f.isolates { items.append(("isolates", "true")) }
        return items
    }

}
