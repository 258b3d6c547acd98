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
    /// The closed bodies each producer took over from (by the producer's id), where a closed producer was replaced
    /// by its successor.
    public var succeeded: [String: [String]] = [:]
    /// Producers (of the area's nation or UK-wide) for whom no user engagement champion is recorded.
    public var withoutChampion: [Organisation] = []
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
        // Areas of exactly that name (case and accents aside): a local authority before a wider area of the same
        // name ("Durham" is the county council's area before the ITL3 region), the others offered beside it.
        // When none of them is a local authority but one local authority's name holds the words ("Durham" and
        // "County Durham"), that one comes first.
        let named = try await repository.named(.area, text, limit: References.candidateLimit)
        if !named.isEmpty {
            let order = Dictionary(uniqueKeysWithValues: named.enumerated().map { ($1.id, $0) })
            var areas = try await repository.get(Area.self, ids: named.map(\.id)).sorted {
                ($0.level == .localAuthority ? 0 : 1, order[$0.id] ?? 0) < (
                    $1.level == .localAuthority ? 0 : 1, order[$1.id] ?? 0
                )
            }
            if areas.first?.level != .localAuthority {
                let local = try await repository.list(
                    Area.self, ListQuery(q: text, filters: ["level": GeographicLevel.localAuthority.rawValue], limit: 2)
                ).items
                if local.count == 1 { areas.insert(local[0], at: 0) }
            }
            answer.area = areas.first
            answer.otherAreas = Array(areas.dropFirst())
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
        let named = try await repository.get(Organisation.self, ids: Array(producerIds))
        // Every producer a dataset names is named on the page, a closed one marked as such.
        for o in named { answer.organisationNames[o.id] = o.status == .closed ? "\(o.name) (closed)" : o.name }
        answer.producers = try await successors(of: named, into: &answer)
        // For an area, the producers to contact are those serving its nation or the whole UK (the others' datasets
        // still show, with what is missing for the area).
        if let nation = answer.area?.nation { answer.producers = answer.producers.filter { Self.serves($0, nation) } }
        try await findEquivalents(page.items, into: &answer)
        for organisation in answer.producers where answer.organisationNames[organisation.id] == nil {
            answer.organisationNames[organisation.id] = organisation.name
        }
    }

    /// The organisations with each closed one that has successors replaced by them, followed along a chain of
    /// closures (MHCLG 2018–2021 → DLUHC → MHCLG) to bodies that are not closed, so that nobody is sent to a
    /// body that no longer exists; a closed one with no open successor recorded stays (its page says it is
    /// closed). Notes which closed body each successor stands for.
    private func successors(of organisations: [Organisation], into answer: inout ContactAnswer) async throws
        -> [Organisation]
    {
        var known = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) })
        func closed(_ o: Organisation) -> Bool { o.status == .closed && !o.supersededByIds.isEmpty }
        for _ in 0..<5 {
            let wanted = Set(known.values.filter(closed).flatMap(\.supersededByIds)).subtracting(known.keys)
            if wanted.isEmpty { break }
            for o in try await repository.get(Organisation.self, ids: Array(wanted)) { known[o.id] = o }
        }
        /// The open bodies a closed one leads to (itself when none).
        func open(_ o: Organisation, _ visited: Set<String>) -> [Organisation] {
            guard closed(o) else { return [o] }
            let next = o.supersededByIds.filter { !visited.contains($0) }.compactMap { known[$0] }
            let reached = next.flatMap { open($0, visited.union([o.id])) }.filter { !closed($0) }
            return reached.isEmpty ? [o] : reached
        }
        var result: [Organisation] = []
        var seen = Set<String>()
        for organisation in organisations {
            let replacements = open(organisation, [])
            for successor in replacements where seen.insert(successor.id).inserted { result.append(successor) }
            for successor in replacements where successor.id != organisation.id {
                answer.succeeded[successor.id, default: []].append(organisation.name)
            }
        }
        return result
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
        people = people.filter { seen.insert($0.id).inserted }
        // For an area, only people of bodies serving its nation or the whole UK: asking about Scotland should not
        // suggest the Welsh Government's champion.
        let bodies = Dictionary(
            uniqueKeysWithValues: try await repository.get(
                Organisation.self, ids: Array(Set(people.compactMap(\.organisationId)))
            ).map { ($0.id, $0) })
        if let nation = answer.area?.nation {
            people = people.filter { person in
                person.organisationId.flatMap { bodies[$0] }.map { Self.serves($0, nation) } ?? true
            }
        }
        answer.people = people
        let championed = Set(champions.compactMap(\.organisationId))
        answer.withoutChampion = answer.producers.filter { producer in
            !championed.contains(producer.id) && (answer.area?.nation.map { Self.serves(producer, $0) } ?? true)
        }
        let missing = Set(answer.people.compactMap(\.organisationId)).subtracting(answer.organisationNames.keys)
        for organisation in try await repository.get(Organisation.self, ids: Array(missing)) {
            answer.organisationNames[organisation.id] = organisation.name
        }
    }

    /// Whether an organisation serves a nation: it names that nation, or none (a body recorded without nations
    /// is taken to serve the whole UK).
    static func serves(_ organisation: Organisation, _ nation: Nation) -> Bool {
        organisation.nations.isEmpty || organisation.nations.contains(nation)
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
