import Foundation
import StatlasCore

/// Reads engagement insight's filters from query parameters, for the API and the page alike.
enum EngagementQuery {
    static let parameters: [(name: String, summary: String, allowed: [String]?)] = [
        ("from", "Only activities running on or after this date (YYYY-MM-DD)", nil),
        ("to", "Only activities starting on or before this date (YYYY-MM-DD)", nil),
        ("theme", "Only activities on the theme with this id", nil),
        ("organisation", "Only activities organised by the organisation with this id, name or short name", nil),
        ("kind", "Only activities of this kind", ActivityKind.allCases.map(\.rawValue)),
        ("audience", "Only activities reaching this audience", Audience.allCases.map(\.rawValue)),
        ("mode", "Only activities held this way", ActivityMode.allCases.map(\.rawValue)),
    ]

    /// The parameters that refer to records, which take a name or short name as well as an id.
    static let references: [(name: String, kind: EntityKind)] = [("theme", .theme), ("organisation", .organisation)]

    /// The filter, with its references resolved (`References`): every problem reported at once.
    static func filter(_ p: [String: String], repository: any RecordRepository) async throws -> EngagementFilter {
        let resolved = try await References.resolving(p, references, in: repository)
        var problems = resolved.problems
        do {
            let filter = try filter(resolved.parameters)
            if problems.isEmpty { return filter }
        } catch StatlasError.invalid(let errors) {
            problems += errors
        }
        throw StatlasError.invalid(problems)
    }

    static func filter(_ p: [String: String]) throws -> EngagementFilter {
        var r = QueryReader(p)
        var filter = EngagementFilter()
        (filter.from, filter.to) = r.dates("from", "to")
        filter.themeId = r.text("theme")
        filter.organisationId = r.text("organisation")
        filter.kind = r.choice("kind", ActivityKind.self)
        filter.audience = r.choice("audience", Audience.self)
        filter.mode = r.choice("mode", ActivityMode.self)
        try r.finish()
        return filter
    }

    static func query(_ f: EngagementFilter) -> [(String, String)] {
        [
            f.from.map { ("from", $0.description) }, f.to.map { ("to", $0.description) },
            f.themeId.map { ("theme", $0) },
            f.organisationId.map { ("organisation", $0) }, f.kind.map { ("kind", $0.rawValue) },
            f.audience.map { ("audience", $0.rawValue) }, f.mode.map { ("mode", $0.rawValue) },
        ].compactMap { $0 }
    }

    static let specs = [
        FieldSpec("from", "Activities running on or after", .date, hint: "For example, 1 4 2024"),
        FieldSpec("to", "Activities starting on or before", .date),
        FieldSpec("theme", "Theme", .reference(.theme)),
        FieldSpec("organisation", "Organised by", .reference(.organisation)),
        FieldSpec("kind", "Kind of activity", .choice(ChoiceOption.all(ActivityKind.self))),
        FieldSpec("audience", "Audience", .choice(ChoiceOption.all(Audience.self))),
        FieldSpec("mode", "Held", .choice(ChoiceOption.all(ActivityMode.self))),
    ]
}
