import Foundation

/// What "Who to contact" found for a theme or topic and/or an area.
public struct ContactAnswer: Sendable {
    /// A dataset relevant to the question, with its coverage where the user is.
    public struct DatasetEntry: Sendable {
        public var dataset: Dataset
        /// The coverage in the area's nation (nil without an area).
        public var local: NationCoverage?
        /// Why the data is missing or coarser for the area, if it is.
        public var gap: String?
    }

    public var theme: Theme?
    public var topic: String?
    public var area: Area?
    /// Other areas whose name matched, when the area text was ambiguous.
    public var otherAreas: [Area] = []
    public var datasets: [DatasetEntry] = []
    public var totalDatasets = 0
    public var producers: [Organisation] = []
    /// Producers of equivalent statistics in the other nations.
    public var equivalentProducers: [(organisation: Organisation, nations: [Nation], dataset: Dataset)] = []
    /// User engagement champions and theme leads, with the organisation they belong to.
    public var people: [Person] = []
    public var networks: [Organisation] = []
    /// Stakeholder relationships touching the organisations involved, and their owners.
    public var relationships: [(relationship: Relationship, owner: Person?)] = []
    /// Names of organisations mentioned above, by id.
    public var organisationNames: [String: String] = [:]
}

/// Answers "whom do I contact about X for my area?" from the register: one query per kind of record,
/// no per-row lookups beyond batches.
public struct ContactFinder: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) {
        self.repository = repository
    }

    public func find(theme themeText: String?, area areaText: String?) async throws -> ContactAnswer {
        var answer = ContactAnswer()
        try await resolveTheme(themeText, into: &answer)
        try await resolveArea(areaText, into: &answer)
        try await findDatasets(into: &answer)
        try await findPeople(into: &answer)
        try await findNetworks(into: &answer)
        try await findRelationships(into: &answer)
        return answer
    }

    private func resolveTheme(_ text: String?, into answer: inout ContactAnswer) async throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return }
        if let theme = try await repository.get(Theme.self, ids: [text]).first {
            answer.theme = theme
            return
        }
        let themes = try await repository.list(Theme.self, ListQuery(q: text, limit: 5)).items
        answer.theme = themes.first { $0.name.caseInsensitiveCompare(text) == .orderedSame } ?? themes.first
        if answer.theme == nil { answer.topic = text }
    }

    private func resolveArea(_ text: String?, into answer: inout ContactAnswer) async throws {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return }
        if let area = try await repository.get(Area.self, ids: [text, text.uppercased()]).first {
            answer.area = area
            return
        }
        let areas = try await repository.list(Area.self, ListQuery(q: text, limit: 10)).items
        let exact = areas.filter { $0.name.caseInsensitiveCompare(text) == .orderedSame }
        answer.area = exact.first ?? areas.first
        answer.otherAreas = areas.filter { $0.id != answer.area?.id }
    }

    private func findDatasets(into answer: inout ContactAnswer) async throws {
        guard answer.theme != nil || answer.topic != nil || answer.area != nil else { return }
        var filters: [String: String] = [:]
        if let theme = answer.theme { filters["theme"] = theme.id }
        if answer.theme == nil, answer.topic == nil, let nation = answer.area?.nation {
            filters["nation"] = nation.rawValue
        }
        let page = try await repository.list(Dataset.self, ListQuery(q: answer.topic, filters: filters, limit: 100))
        answer.totalDatasets = page.total
        answer.datasets = page.items.map { entry(for: $0, area: answer.area) }
            .sorted { ($0.gap == nil ? 0 : 1, $0.dataset.title) < ($1.gap == nil ? 0 : 1, $1.dataset.title) }
        let producerIds = Set(page.items.flatMap(\.producerIds))
        answer.producers = try await repository.get(Organisation.self, ids: Array(producerIds))
        try await findEquivalents(page.items, into: &answer)
        for organisation in answer.producers { answer.organisationNames[organisation.id] = organisation.name }
    }

    /// The dataset's coverage where the area is, and the gap if the area's level is not reached.
    func entry(for dataset: Dataset, area: Area?) -> ContactAnswer.DatasetEntry {
        guard let area, let nation = area.nation else { return .init(dataset: dataset, local: nil, gap: nil) }
        let local = dataset.coverage.first { $0.nation == nation }
        let finestElsewhere = dataset.coverage.filter { $0.covered && $0.nation != nation }.compactMap(\.finestLevel)
            .max()
        var gap: String?
        if local?.covered != true {
            gap = "Not published for \(nation.label)"
        } else if let level = local?.finestLevel, let areaLevel = area.level, level < areaLevel {
            gap = "Only down to \(level.label.lowercased()) in \(nation.label), not \(areaLevel.label.lowercased())"
            if let finestElsewhere, finestElsewhere > level {
                gap! += "; \(finestElsewhere.label.lowercased()) elsewhere"
            }
        } else if let level = local?.finestLevel, let finestElsewhere, finestElsewhere > level {
            gap =
                "Coarser in \(nation.label) (\(level.label.lowercased())) than elsewhere (\(finestElsewhere.label.lowercased()))"
        }
        return .init(dataset: dataset, local: local, gap: gap)
    }

    private func findEquivalents(_ datasets: [Dataset], into answer: inout ContactAnswer) async throws {
        let ids = Set(datasets.flatMap { $0.equivalents.map(\.datasetId) }).subtracting(datasets.map(\.id))
        let equivalents = try await repository.get(Dataset.self, ids: Array(ids))
        let organisations = try await repository.get(
            Organisation.self, ids: Array(Set(equivalents.flatMap(\.producerIds))))
        let byId = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set(answer.producers.map(\.id))
        for dataset in equivalents {
            let nations = dataset.coverage.filter(\.covered).map(\.nation).filter { $0 != answer.area?.nation }
            for id in dataset.producerIds where seen.insert(id).inserted {
                if let organisation = byId[id] { answer.equivalentProducers.append((organisation, nations, dataset)) }
            }
        }
        for organisation in organisations { answer.organisationNames[organisation.id] = organisation.name }
    }

    private func findPeople(into answer: inout ContactAnswer) async throws {
        var people: [Person] = []
        if let theme = answer.theme {
            people += try await repository.list(Person.self, ListQuery(filters: ["theme": theme.id], limit: 50)).items
        }
        let champions = try await repository.list(
            Person.self, ListQuery(filters: ["role": PersonRole.userEngagementChampion.rawValue], limit: 200)
        ).items
        let involved = Set(answer.producers.map(\.id))
        people += champions.filter { involved.isEmpty || involved.contains($0.organisationId ?? "") }
        var seen = Set<String>()
        answer.people = people.filter { seen.insert($0.id).inserted }
        let missing = Set(answer.people.compactMap(\.organisationId)).subtracting(answer.organisationNames.keys)
        for organisation in try await repository.get(Organisation.self, ids: Array(missing)) {
            answer.organisationNames[organisation.id] = organisation.name
        }
    }

    private func findNetworks(into answer: inout ContactAnswer) async throws {
        var networks: [Organisation] = []
        if let theme = answer.theme
            ?? answer.topic.map({
                var t = Theme()
                t.name = $0
                return t
            })
        {
            networks += try await repository.list(
                Organisation.self, ListQuery(q: theme.name, filters: ["kind": "network"], limit: 20)
            ).items
        }
        if let nation = answer.area?.nation {
            networks += try await repository.list(
                Organisation.self, ListQuery(filters: ["kind": "network", "nation": nation.rawValue], limit: 30)
            ).items
        }
        var seen = Set<String>()
        answer.networks = networks.filter { seen.insert($0.id).inserted }
    }

    private func findRelationships(into answer: inout ContactAnswer) async throws {
        var stakeholders = answer.producers.map(\.id)
        if let area = answer.area {
            let local = try await repository.list(Organisation.self, ListQuery(q: area.code, limit: 5)).items.filter {
                $0.gssCode == area.code
            }
            stakeholders += local.map(\.id)
            for organisation in local { answer.organisationNames[organisation.id] = organisation.name }
        }
        var found: [Relationship] = []
        for id in Set(stakeholders).sorted().prefix(20) {
            found += try await repository.list(Relationship.self, ListQuery(filters: ["stakeholder": id], limit: 20))
                .items
        }
        let owners = try await repository.get(Person.self, ids: Array(Set(found.compactMap(\.relationshipOwnerId))))
        let byId = Dictionary(owners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        answer.relationships = found.map { ($0, $0.relationshipOwnerId.flatMap { byId[$0] }) }
        let missing = Set(found.flatMap { [$0.ownerOrganisationId, $0.stakeholderOrganisationId] }).subtracting(
            answer.organisationNames.keys)
        for organisation in try await repository.get(Organisation.self, ids: Array(missing)) {
            answer.organisationNames[organisation.id] = organisation.name
        }
    }
}
