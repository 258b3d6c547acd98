import Foundation
import Hummingbird
import StatlasCore

/// `/contact?theme=…&area=…`: whom to contact about statistics on a theme or topic for an area, on one page.
struct ContactPage {
    let repository: any RecordRepository
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(.get, "/contact", .everyone, query: ["theme", "area"], shared: true) { request, context in
            try await show(request, context)
        }
    }

    func show(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let theme = context.query.text("theme") ?? ""
        let area = context.query.text("area") ?? ""
        let themes = try await repository.index(.theme, limit: 300)
        var form = FormData()
        form.append("theme", theme)
        form.append("area", area)
        let themeField =
            themes.isEmpty
            ? FieldSpec("theme", "Theme or topic", hint: "A topic such as ‘housing’")
            : FieldSpec(
                "theme", "Theme or topic", .reference(.theme),
                hint: "Choose a theme. To look for a topic instead, search the register")
        let areaField = FieldSpec(
            "area", "Area", hint: "A nation, region or local authority, by name or GSS code, like Cardiff or W06000015")
        var fields = FormView(form: form, errors: [:], options: [.theme: themes]).fields([themeField, areaField])
        fields[0].emptyLabel = "Any theme"
        var model = ContactPageView(fields: fields)
        guard !theme.isEmpty || !area.isEmpty else {
            return pages.page(model, title: "Who to contact", context: context, section: "/contact")
        }
        let answer = try await ContactFinder(repository: repository).find(theme: theme, area: area)
        model.asked = true
        model.summary = ContactSections.summary(answer, areaText: area)
        model.sections = ContactSections.sections(answer, signedIn: context.user != nil)
        if !answer.otherAreas.isEmpty {
            model.otherAreas = OtherAreasView(
                list: LinkView.run(
                    answer.otherAreas.map { other in
                        LinkView(
                            "\(other.name) (\(other.code))",
                            href: "/contact?theme=\(FormData.escape(theme))&area=\(FormData.escape(other.code))")
                    }))
        }
        let title =
            "Who to contact" + (answer.theme.map { ": \($0.name)" } ?? "")
            + (answer.area.map { " in \($0.name)" } ?? "")
        return pages.page(model, title: title, context: context, section: "/contact")
    }
}

/// The sections of the "who to contact" answer.
enum ContactSections {
    /// A body's name as it reads in a sentence: "the Department for Work and Pensions", "Cardiff Council".
    static func named(_ name: String) -> String {
        let first = name.split(separator: " ").first.map(String.init) ?? ""
        let institutional: Set<String> = [
            "Department", "Office", "Ministry", "Cabinet", "Welsh", "Scottish", "Northern", "UK", "National", "Royal",
            "Forum", "Home", "Food", "Environment", "Health", "Government", "Treasury", "Met", "Valuation", "Driver",
        ]
        return institutional.contains(first) && !name.hasPrefix("The ") ? "the " + name : name
    }

    static func summary(_ answer: ContactAnswer, areaText: String) -> String {
        var parts: [String] = []
        if let theme = answer.theme {
            parts.append(theme.name)
        } else if let topic = answer.topic {
            parts.append("‘\(topic)’")
        }
        if let area = answer.area {
            parts.append("\(area.name) (\(area.code)\(area.level.map { ", " + $0.label.lowercased() } ?? ""))")
        } else if !areaText.isEmpty {
            parts.append("no area matching ‘\(areaText)’")
        }
        return "Contacts for " + parts.joined(separator: " in ")
    }

    static func sections(_ answer: ContactAnswer, signedIn: Bool) -> [SectionView] {
        let names = answer.organisationNames
        func org(_ id: String, note: String? = nil) -> LinkView {
            LinkView(names[id] ?? id, href: RecordPaths.path(.organisation, id), note: note)
        }
        var sections: [SectionView] = []
        let nation = answer.area?.nation?.label
        let rows: [RowView] = answer.datasets.map { entry in
            let producers = entry.dataset.producerIds.map { org($0) }
            let local: String =
                entry.local.map {
                    $0.covered
                        ? "\($0.finestLevel?.label ?? "Covered")\($0.areaCount > 0 ? ", \($0.areaCount) areas" : "")"
                        : "Not covered"
                }
                ?? NationCoverage.summary(entry.dataset.coverage)
            return RowView([
                .link(entry.dataset.title, RecordPaths.path(.dataset, entry.dataset.id)),
                producers.isEmpty ? .empty : .list(producers), .text(local), .text(entry.gap ?? "None"),
            ])
        }
        var datasets = SectionView(
            id: "datasets", heading: "Statistics and who produces them (\(answer.totalDatasets))")
        if rows.isEmpty {
            datasets.empty = "No dataset in the register matches. Try another theme, or search for a topic."
        } else {
            datasets.table = TableView(
                caption: "Datasets",
                head: ["Dataset", "Producers", nation.map { "Coverage in \($0)" } ?? "Coverage", "Gap for this area"],
                rows: rows)
            let gaps = answer.datasets.filter { $0.gap != nil }.count
            if gaps > 0, let area = answer.area {
                datasets.warning = "\(gaps) of these datasets do not reach \(area.name) at its own level."
            }
        }
        sections.append(datasets)
        sections.append(
            SectionView.list(
                id: "producers", heading: "Producers to contact",
                links: answer.producers.map { o in
                    let took =
                        answer.succeeded[o.id].map { "took over from " + $0.joined(separator: ", ") + "; " } ?? ""
                    return org(o.id, note: took + (o.website ?? "see the organisation's page"))
                },
                empty: "No producer found."))
        sections.append(
            SectionView.list(
                id: "equivalents", heading: "Equivalent producers in the other nations",
                links: answer.equivalentProducers.map { item in
                    org(
                        item.organisation.id,
                        note: "\(item.nations.map(\.label).joined(separator: ", ")): \(item.dataset.title)")
                }, empty: "No equivalent statistics from other nations are recorded."))
        sections.append(
            SectionView.list(
                id: "people", heading: "User engagement champions and theme leads",
                links: answer.people.map { stored in
                    let person = signedIn ? stored : stored.publicView()
                    let roles = person.roles.map(\.role.label).joined(separator: ", ")
                    let route =
                        person.email.map { "email \($0)" } ?? person.organisationId.map {
                            "contact through \(names[$0] ?? $0)"
                        } ?? ""
                    return LinkView(
                        person.name, href: RecordPaths.path(.person, person.id),
                        note: [roles, route].filter { !$0.isEmpty }.joined(separator: "; "))
                }, empty: "No champions or theme leads are recorded for this."))
        if !answer.withoutChampion.isEmpty, let last = sections.indices.last {
            sections[last].paragraphs += answer.withoutChampion.prefix(10).map {
                "No user engagement champion is recorded for \(Self.named($0.name))."
            }
        }
        sections.append(
            SectionView.list(
                id: "networks", heading: "Networks and user groups",
                links: answer.networks.map { org($0.id, note: $0.description ?? "") },
                empty: "No network or user group is recorded for this theme or nation."))
        sections.append(
            SectionView.list(
                id: "relationships", heading: "Who already deals with these stakeholders",
                links: answer.relationships.map { item in
                    let owner = item.owner.map { "owned by \($0.name)" } ?? "owner not recorded"
                    return LinkView(
                        "\(names[item.relationship.ownerOrganisationId] ?? item.relationship.ownerOrganisationId) with \(names[item.relationship.stakeholderOrganisationId] ?? item.relationship.stakeholderOrganisationId)",
                        href: RecordPaths.path(.relationship, item.relationship.id), note: owner)
                }, empty: "No stakeholder relationship is recorded with these organisations."))
        return sections
    }
}

extension NationCoverage {
    /// "England: local authority; Wales: country" for the covered nations.
    static func summary(_ coverage: [NationCoverage]) -> String {
        let parts = coverage.filter(\.covered).map {
            "\($0.nation.label): \($0.finestLevel?.label.lowercased() ?? "covered")"
        }
        return parts.isEmpty ? "Not recorded" : parts.joined(separator: "; ")
    }
}
