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
            plan.add(ImportRow(.organisation, id: slug, fields: fields, defaults: defaults, location: location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
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
