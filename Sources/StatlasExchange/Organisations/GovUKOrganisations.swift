import Foundation
import StatlasCore

/// The GOV.UK organisations register as CSV (`slug,title,abbreviation,format,…,parent_slugs,…,superseded_by,…,web_url`),
/// lists separated by `;`. The slug is the id, so ONS metadata that names a creator by its GOV.UK URL links up.
enum GovUKOrganisations {
    static let columns = ["slug", "title", "format", "govuk_status", "parent_slugs", "superseded_by"]

    static func plan(_ table: CSVTable) throws -> ImportPlan {
        try table.require(columns)
        var plan = ImportPlan()
        var problems: [ImportProblem] = []
        let nations = devolvedNations(table)
        for row in table.rows {
            let location = "line \(row.line)"
            guard let slug = table.value(row, "slug") else {
                problems.append(ImportProblem(location, field: "slug", "is empty"))
                continue
            }
            var fields: [String: JSONValue] = [
                "name": Field.text(table.value(row, "title").map(Mojibake.repair)) ?? .string("")
            ]
            fields["shortName"] = Field.text(table.value(row, "abbreviation").map(Mojibake.repair))
            if let status = table.value(row, "govuk_status") {
                guard let value = OrganisationStatus(rawValue: status) else {
                    problems.append(
                        ImportProblem(
                            location, field: "govuk_status",
                            "“\(status)” is not a GOV.UK status (\(OrganisationStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
                        ))
                    continue
                }
                fields["status"] = .string(value.rawValue)
            }
            if let closed = table.value(row, "closed_at") {
                guard let day = Field.day(closed) else {
                    problems.append(
                        ImportProblem(location, field: "closed_at", "must be a date or timestamp, not “\(closed)”"))
                    continue
                }
                fields["closedOn"] = .string(day)
            }
            fields["parentIds"] = Field.list(list(table.value(row, "parent_slugs")))
            fields["supersededByIds"] = Field.list(list(table.value(row, "superseded_by")))
            var defaults: [String: JSONValue] = [
                "kind": .string(kind(format: table.value(row, "format"), slug: slug).rawValue)
            ]
            defaults["website"] = Field.webAddress(table.value(row, "web_url")).map(JSONValue.string)
            if let nation = nations[slug] { defaults["nations"] = .array([.string(nation.rawValue)]) }
            plan.add(ImportRow(.organisation, id: slug, fields: fields, defaults: defaults, location: location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
    }

    /// The devolved governments in the GOV.UK register, and the nation each governs.
    static let devolved: [String: Nation] = [
        "welsh-government": .wales, "the-scottish-government": .scotland, "scottish-government": .scotland,
        "northern-ireland-executive": .northernIreland,
    ]

    /// The nation of each organisation that belongs to one devolved government alone: the government itself,
    /// and every body all of whose chains of parents end at it (the Northern Ireland Statistics and Research
    /// Agency, under the Department of Finance, under the Northern Ireland Executive). A body with any parent
    /// outside that nation's government (the UK Co-ordinating Body, under DEFRA and all three) serves the UK.
    static func devolvedNations(_ table: CSVTable) -> [String: Nation] {
        var parents: [String: [String]] = [:]
        for row in table.rows {
            if let slug = table.value(row, "slug") { parents[slug] = list(table.value(row, "parent_slugs")) }
        }
        var memo: [String: Set<Nation?>] = [:]
        /// The nations the chains of parents from `slug` end in; nil stands for a chain ending outside them.
        func ends(_ slug: String, _ path: Set<String>) -> Set<Nation?> {
            if let nation = devolved[slug] { return [nation] }
            if let known = memo[slug] { return known }
            let up = (parents[slug] ?? []).filter { !path.contains($0) }
            let result: Set<Nation?> =
                up.isEmpty ? [nil] : up.reduce(into: Set<Nation?>()) { $0.formUnion(ends($1, path.union([slug]))) }
            memo[slug] = result
            return result
        }
        var result: [String: Nation] = [:]
        for slug in parents.keys {
            let found = ends(slug, [])
            if found.count == 1, let only = found.first, let nation = only { result[slug] = nation }
        }
        return result
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The Statlas kind for a GOV.UK organisation format (applied only when the organisation is new).
    static func kind(format: String?, slug: String) -> OrganisationKind {
        if slug == "office-for-national-statistics" { return .nationalStatisticsInstitute }
        switch format?.lowercased() ?? "" {
        case "ministerial department", "non-ministerial department": return .governmentDepartment
        case "devolved government": return .devolvedGovernment
        case "special health authority": return .healthBody
        default: return .publicBody
        }
    }
}

/// Repairs text that was UTF-8 decoded as Latin-1 somewhere upstream ("Peopleâ\u{80}\u{99}s" → "People’s"),
/// as in a few titles of the GOV.UK organisations file; other text is returned unchanged.
enum Mojibake {
    static func repair(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: { (0x80...0x9F).contains($0.value) }), scalars.allSatisfy({ $0.value < 0x100 })
        else { return text }
        let bytes = scalars.map { UInt8($0.value) }
        guard let repaired = String(validating: bytes, as: UTF8.self) else { return text }
        return repaired
    }
}
