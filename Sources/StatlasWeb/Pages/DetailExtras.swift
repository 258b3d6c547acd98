import Foundation
import StatlasCore

/// What some detail pages show beyond their fields: a dataset's coverage table, gaps and JSON-LD; an
/// area's datasets; an organisation's people and roles; readable names for stakeholder relationships.
struct DetailExtras: Sendable {
    let repository: any RecordRepository

    struct Result {
        var heading: String?
        var sections: [[String: Any]] = []
        var jsonLD: String?
    }

    func sections<R: Record>(for record: R, context: StatlasRequestContext) async throws -> Result {
        switch record {
        case let dataset as Dataset: return try await DatasetSections(repository: repository).build(dataset)
        case let area as Area: return Result(sections: [try await AreaSections(repository: repository).datasets(area)])
        case let organisation as Organisation:
            return Result(sections: try await people(of: organisation, signedIn: context.user != nil)
                + [try await NetworkEgo(repository: repository).section(organisation)]
                + (try await StakeholderPages.sections(organisation, repository: repository)))
        case let relationship as Relationship:
            let names = try await repository.titles([.organisation: [relationship.ownerOrganisationId, relationship.stakeholderOrganisationId]])
            let owner = names[.organisation]?[relationship.ownerOrganisationId] ?? relationship.ownerOrganisationId
            let stakeholder = names[.organisation]?[relationship.stakeholderOrganisationId] ?? relationship.stakeholderOrganisationId
            return Result(heading: "\(owner) and \(stakeholder)")
        case let person as Person where context.user?.isAdmin == true && !person.isErased:
            return Result(sections: [PageSection.list(id: "personal-data", heading: "Personal data", links: [
                ["href": "/people/\(person.id)/subject-access", "text": "Download everything held about \(person.name)"],
                ["href": "/people/\(person.id)/erase", "text": "Erase \(person.name)"],
            ], empty: "", paragraphs: ["Lawful basis: \(person.lawfulBasis.label). Visibility: \(person.visibility.label)."])])
        default: return Result()
        }
    }

    /// The organisation's people with their roles and contact routes.
    private func people(of organisation: Organisation, signedIn: Bool) async throws -> [[String: Any]] {
        let page = try await repository.list(Person.self, ListQuery(filters: ["organisation": organisation.id], limit: ListQuery.maxLimit))
        let rows: [[String: Any]] = page.items.map { stored in
            let person = signedIn ? stored : stored.publicView()
            let roles = person.roles.map(\.role.label).joined(separator: ", ")
            return ["cells": [
                ["single": true, "text": person.name, "href": RecordPaths.path(.person, person.id)],
                ["single": true, "text": [person.jobTitle, roles.isEmpty ? nil : roles].compactMap { $0 }.joined(separator: "; ")],
                person.email.map { ["single": true, "text": $0, "href": "mailto:" + $0] } ?? ["none": true],
            ]]
        }
        guard !rows.isEmpty else { return [] }
        return [[
            "id": "people-and-roles", "heading": "People and roles",
            "table": ["caption": "People and roles", "head": ["Name", "Job and roles", "Email"], "rows": rows],
        ]]
    }
}
