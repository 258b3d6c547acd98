import Foundation
import StatlasCore

/// A kind whose detail page shows more than its fields; the kind conforms beside its pages.
protocol DetailSectionsProviding: Record {
    /// The heading, sections and JSON-LD the detail page adds for this record.
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result
}

/// What some detail pages show beyond their fields (kinds that conform to `DetailSectionsProviding`): a
/// dataset's coverage table, gaps and JSON-LD; an area's datasets; an organisation's people and roles;
/// readable names for stakeholder relationships.
struct DetailExtras: Sendable {
    let repository: any RecordRepository
    let analyses: Analyses
    /// For the approved findings a factor's page shows.
    let studies: any StudyRepository

    struct Result {
        var heading: String?
        var sections: [SectionView] = []
        var jsonLD: String?
    }

    func sections<R: Record>(for record: R, context: StatlasRequestContext) async throws -> Result {
        guard let provider = record as? any DetailSectionsProviding else { return Result() }
        return try await provider.detailSections(extras: self, context: context)
    }

    /// The organisation's people with their roles and contact routes.
    func people(of organisation: Organisation, signedIn: Bool) async throws -> [SectionView] {
        let page = try await repository.list(
            Person.self, ListQuery(filters: ["organisation": organisation.id], limit: ListQuery.maxLimit))
        let rows: [RowView] = page.items.map { stored in
            let person = signedIn ? stored : stored.publicView()
            let roles = person.roles.map(\.role.label).joined(separator: ", ")
            return RowView([
                .link(person.name, RecordPaths.path(.person, person.id)),
                .text([person.jobTitle, roles.isEmpty ? nil : roles].compactMap { $0 }.joined(separator: "; ")),
                person.email.map { .link($0, "mailto:" + $0) } ?? .empty,
            ])
        }
        let champion = page.items.contains { $0.roles.contains { $0.role == .userEngagementChampion } }
        let absent = champion ? [] : ["No user engagement champion is recorded for this organisation."]
        return [
            SectionView(
                id: "people-and-roles", heading: "People and roles", paragraphs: absent,
                table: rows.isEmpty
                    ? nil
                    : TableView(caption: "People and roles", head: ["Name", "Job and roles", "Email"], rows: rows))
        ]
    }
}

extension Dataset: DetailSectionsProviding {
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        let deciding = context.principal.map { Access.mayChange($0, self) } ?? false
        return try await DatasetSections(repository: extras.repository).build(
            self, deciding: deciding, origin: context.origin)
    }
}

extension Area: DetailSectionsProviding {
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        DetailExtras.Result(sections: [try await AreaSections(repository: extras.repository).datasets(self)])
    }
}

extension Organisation: DetailSectionsProviding {
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        DetailExtras.Result(
            sections: try await extras.people(of: self, signedIn: context.user != nil)
                + [try await NetworkEgo(repository: extras.repository, analyses: extras.analyses).section(self)]
                + (try await StakeholderPages.sections(self, repository: extras.repository)))
    }
}

extension Person: DetailSectionsProviding {
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        guard context.user?.isAdmin == true && !isErased else { return DetailExtras.Result() }
        return DetailExtras.Result(sections: [
            SectionView.list(
                id: "personal-data", heading: "Personal data",
                links: [
                    LinkView("Download everything held about \(name)", href: "/people/\(id)/subject-access"),
                    LinkView("Erase \(name)", href: "/people/\(id)/erase"),
                ], empty: "", paragraphs: ["Lawful basis: \(lawfulBasis.label). Visibility: \(visibility.label)."])
        ])
    }
}

extension Factor: DetailSectionsProviding {
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        let page = try await extras.studies.approvedFindings(factor: id, limit: 20, offset: 0)
        return DetailExtras.Result(sections: [FindingPages.section(page.items, total: page.total, factor: self)])
    }
}

extension Resource: DetailSectionsProviding {
    /// The resource's body in Markdown, rendered and sanitised, and the research findings it draws on.
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        var sections: [SectionView] = []
        if let body, !body.trimmedWhitespace().isEmpty {
            var section = SectionView(id: "resource-body", heading: "The resource")
            section.html = MarkdownHTML.render(body)
            sections.append(section)
        }
        if !findingIds.isEmpty { sections.append(try await FindingLinks.section(findingIds, extras.studies)) }
        return DetailExtras.Result(sections: sections)
    }
}

extension ResearchQuestion: DetailSectionsProviding {
    /// The research findings that answer the question.
    func detailSections(extras: DetailExtras, context: StatlasRequestContext) async throws -> DetailExtras.Result {
        DetailExtras.Result(
            sections: findingIds.isEmpty ? [] : [try await FindingLinks.section(findingIds, extras.studies)])
    }
}

/// Links to the approved research findings a record names, by title (at most 50; one not approved, or no longer,
/// is left out: only the public see what is public).
enum FindingLinks {
    static func section(_ ids: [String], _ studies: any StudyRepository) async throws -> SectionView {
        var links: [LinkView] = []
        for id in ids.prefix(50) {
            guard let finding = try await studies.finding(id: id), finding.status == .approved else { continue }
            links.append(
                LinkView(
                    finding.title,
                    href: "/findings/"
                        + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id),
                    note: finding.studyTitle))
        }
        return SectionView.list(
            id: "findings", heading: "Research findings", links: links, empty: "No approved finding is named.")
    }
}
