import Foundation
import Hummingbird
import StatlasCore

/// Stakeholder maps: `/organisations/{id}/stakeholder-map` draws an organisation's power/interest grid
/// (optionally for one dataset) with its table, and every organisation page says who deals with the
/// organisation as a stakeholder.
struct StakeholderPages {
    let repository: any RecordRepository
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(.get, "/organisations/{id}/stakeholder-map", .everyone, query: ["dataset"], shared: true) {
            request, context in
            try await map(request, context)
        }
    }

    func map(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let organisation = try await repository.get(Organisation.self, id: try context.recordId())
        let owned = try await Self.relationships(repository, ["owner": organisation.id])
        let datasetIds = Set(owned.compactMap(\.datasetId))
        let names = try await repository.titles([
            .organisation: Set(owned.flatMap { [$0.stakeholderOrganisationId, $0.ownerOrganisationId] }),
            .dataset: datasetIds, .person: Set(owned.compactMap(\.relationshipOwnerId)),
        ])
        let datasetOptions = datasetIds.map { ChoiceOption($0, names[.dataset]?[$0] ?? $0) }.sorted {
            $0.label < $1.label
        }
        let chosen = context.query.text("dataset")
        let title = "Stakeholder map: \(organisation.name)"
        var model = InsightPageView(
            heading: title,
            intro: [
                "Where \(organisation.name)’s stakeholders sit on the power/interest grid, from each relationship’s latest assessment. A dashed arrow shows where the previous assessment put a stakeholder."
            ],
            action: "/organisations/\(organisation.id)/stakeholder-map", submit: "Show map",
            hasFilters: !datasetOptions.isEmpty, openFilters: chosen != nil)
        let spec = FieldSpec("dataset", "About the dataset", .choice(datasetOptions))
        var form = FormData()
        if let chosen { form.append("dataset", chosen) }
        if let chosen, !datasetIds.contains(chosen) {
            let message = "Select a dataset that \(organisation.name)’s relationships are about"
            model.fields = InsightForm.fields([spec], form: form, errors: ["dataset": message], options: [:])
            model.errorSummary = [
                ErrorLinkView(target: FormView.target("dataset", spec, options: [:]), message: message)
            ]
            model.openFilters = true
            return pages.page(
                model, title: title, context: context, status: .unprocessableContent, failed: true,
                section: "/organisations")
        }
        model.fields = InsightForm.fields([spec], form: form, errors: [:], options: [:])
        let placements = StakeholderMap.placements(owned, datasetId: chosen)
        model.sections = StakeholderSections(names: names).map(
            placements, owner: organisation,
            dataset: chosen.map { names[.dataset]?[$0] ?? $0 })
        return pages.page(model, title: title, context: context, section: "/organisations")
    }

    static func relationships(_ repository: any RecordRepository, _ filters: [String: String]) async throws
        -> [Relationship]
    {
        try await repository.all(Relationship.self, filters: filters)
    }

    /// The organisation page's sections: its own stakeholders in brief, and who deals with it as a stakeholder.
    static func sections(_ organisation: Organisation, repository: any RecordRepository) async throws -> [SectionView] {
        let owned = try await relationships(repository, ["owner": organisation.id])
        let dealing = try await relationships(repository, ["stakeholder": organisation.id])
        let names = try await repository.titles([
            .organisation: Set(dealing.map(\.ownerOrganisationId)), .dataset: Set(dealing.compactMap(\.datasetId)),
            .person: Set(dealing.compactMap(\.relationshipOwnerId)),
        ])
        return [
            StakeholderSections(names: names).reverse(StakeholderMap.placements(dealing), of: organisation),
            StakeholderSections.brief(StakeholderMap.placements(owned), owner: organisation),
        ]
    }
}

/// The view models of stakeholder sections.
struct StakeholderSections {
    let names: [EntityKind: [String: String]]

    func name(_ kind: EntityKind, _ id: String?) -> String { id.map { names[kind]?[$0] ?? $0 } ?? "" }

    static func summary(_ placements: [StakeholderPlacement]) -> String {
        let counts = StakeholderMap.quadrantCounts(placements).map { "\($0.1) to \($0.0.label.lowercased())" }
        let moved = placements.filter(\.moved).count
        return "\(placements.count) stakeholder relationship\(placements.count == 1 ? "" : "s"): "
            + counts.joined(separator: ", ") + ". \(moved) moved since the previous assessment."
    }

    func map(_ placements: [StakeholderPlacement], owner: Organisation, dataset: String?) -> [SectionView] {
        let scope = dataset.map { " about \($0)" } ?? ""
        guard !placements.isEmpty else {
            return [
                SectionView(
                    id: "grid", heading: "Power and interest",
                    empty: "\(owner.name) has recorded no stakeholder relationships\(scope) yet.")
            ]
        }
        let summary = Self.summary(placements)
        let grid = StakeholderGrid(
            placements, title: "Power/interest grid of \(owner.name)’s stakeholders\(scope)", summary: summary)
        let rows: [RowView] = placements.enumerated().map { i, p in
            let r = p.relationship
            let since = p.previous?.date.map { " (since \(RecordDisplay.format($0)))" } ?? ""
            let cells: [CellView] = [
                CellView.text("\(i + 1)"), CellView.record(.organisation, r.stakeholderOrganisationId, names: names),
                CellView.record(.dataset, r.datasetId, names: names), CellView.text(p.current.approach.label),
                CellView.text("\(p.current.power)"), CellView.text("\(p.current.interest)"),
                CellView.text(p.current.date.map(RecordDisplay.format) ?? "Not recorded"),
                CellView.text(p.change.map { $0 + since } ?? "First assessment"),
                CellView.record(.person, r.relationshipOwnerId, names: names),
                CellView.link("Details", RecordPaths.path(.relationship, r.id)),
            ]
            return RowView(cells)
        }
        return [
            SectionView(
                id: "grid", heading: "Power and interest", paragraphs: [summary],
                figure: FigureView(svg: grid.svg, caption: summary + " Each disc is numbered as in the table below.")),
            SectionView(
                id: "stakeholders", heading: "Stakeholders",
                table: TableView(
                    caption: "\(owner.name)’s stakeholders\(scope)",
                    head: [
                        "No.", "Stakeholder", "About", "Approach", "Power", "Interest", "Assessed", "Change",
                        "Relationship owner", "Relationship",
                    ],
                    rows: rows)),
        ]
    }

    /// "Who deals with this stakeholder?": every organisation with a relationship with it, their assessment
    /// and their relationship owner.
    func reverse(_ placements: [StakeholderPlacement], of organisation: Organisation) -> SectionView {
        let (id, heading) = ("dealt-with-by", "Who deals with \(organisation.name)")
        guard !placements.isEmpty else {
            return SectionView(
                id: id, heading: heading,
                empty: "No organisation records a stakeholder relationship with \(organisation.name) yet.")
        }
        let rows: [RowView] = placements.sorted {
            name(.organisation, $0.relationship.ownerOrganisationId)
                < name(.organisation, $1.relationship.ownerOrganisationId)
        }
        .map { p in
            let r = p.relationship
            let assessed = p.current.date.map { " (\(RecordDisplay.format($0)))" } ?? ""
            let cells: [CellView] = [
                CellView.record(.organisation, r.ownerOrganisationId, names: names),
                CellView.record(.dataset, r.datasetId, names: names),
                CellView.text(p.current.approach.label),
                CellView.text("Power \(p.current.power), interest \(p.current.interest)" + assessed),
                CellView.record(.person, r.relationshipOwnerId, names: names),
                r.lastContact.map { CellView.text(RecordDisplay.format($0)) } ?? CellView.empty,
                CellView.link("Details", RecordPaths.path(.relationship, r.id)),
            ]
            return RowView(cells)
        }
        let owners = Set(placements.map(\.relationship.ownerOrganisationId)).count
        return SectionView(
            id: id, heading: heading,
            paragraphs: [
                "\(owners) organisation\(owners == 1 ? " deals" : "s deal") with \(organisation.name) as a stakeholder. Ask the relationship owner before making a new approach."
            ],
            table: TableView(
                caption: "Organisations that deal with \(organisation.name)",
                head: [
                    "Organisation", "About", "Approach", "Latest assessment", "Relationship owner", "Last contact",
                    "Relationship",
                ], rows: rows))
    }

    /// The owner's own stakeholders in one sentence, with a link to the map.
    static func brief(_ placements: [StakeholderPlacement], owner: Organisation) -> SectionView {
        guard !placements.isEmpty else {
            return SectionView(
                id: "stakeholder-map", heading: "\(owner.name)’s stakeholders",
                empty: "\(owner.name) has recorded no stakeholder relationships yet.")
        }
        return SectionView.list(
            id: "stakeholder-map", heading: "\(owner.name)’s stakeholders",
            links: [
                LinkView("Stakeholder map (power and interest)", href: "/organisations/\(owner.id)/stakeholder-map")
            ],
            empty: "", paragraphs: [summary(placements)])
    }
}
