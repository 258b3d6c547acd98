import Foundation

/// Which datasets a coverage question is about: a theme, a keyword, a set of datasets, or any combination
/// (all must hold). Empty means every dataset in the register.
public struct CoverageSelection: Sendable, Hashable {
    public var theme: String?
    public var keyword: String?
    public var datasetIds: [String]

    public init(theme: String? = nil, keyword: String? = nil, datasetIds: [String] = []) {
        self.theme = theme
        self.keyword = keyword
        self.datasetIds = datasetIds
    }

    /// `matches`, with the dataset ids looked up in a set made once: for testing every dataset of a register.
    public func matcher() -> @Sendable (Dataset) -> Bool {
        let ids = Set(datasetIds)
        var others = self
        others.datasetIds = []
        let rest = others
        return { dataset in (ids.isEmpty || ids.contains(dataset.id)) && rest.matches(dataset) }
    }

    public func matches(_ dataset: Dataset) -> Bool {
        if let theme, !dataset.themeIds.contains(theme) { return false }
        if !datasetIds.isEmpty && !datasetIds.contains(dataset.id) { return false }
        if let keyword {
            let text = ([dataset.title, dataset.summary ?? ""] + dataset.keywords).joined(separator: " ")
            if text.range(of: keyword, options: [.caseInsensitive, .diacriticInsensitive]) == nil { return false }
        }
        return true
    }
}

/// Datasets that publish the same statistics for different nations (linked as equivalents, in either
/// direction), counted once.
public struct CoverageGroup: Sendable, Codable {
    public var id: String
    public var datasetIds: [String]
    public var producerIds: [String]
    /// The finest level any of the group's datasets reaches in each nation, in nation order; nil where none covers it.
    public var finest: [GeographicLevel?]
}

/// One cell of the nation × level matrix: the datasets published there at that level or finer.
public struct CoverageCell: Sendable, Codable {
    public var nation: Nation
    public var level: GeographicLevel
    /// The first `CoverageAnalysis.listed` of the datasets, by id; `datasetCount` counts them all.
    public var datasetIds: [String]
    public var datasetCount: Int
    /// The first `CoverageAnalysis.listed` of their producers, by id; `producerCount` counts them all.
    public var producerIds: [String]
    public var producerCount: Int
    /// Groups of equivalent datasets, counted once each.
    public var groups: Int
    /// Nothing here, while another nation has data at this level.
    public var gap: Bool
}

/// A nation where a group's statistics stop short of the level another nation has, and whom to ask.
public struct CoverageGap: Sendable, Codable {
    public var nation: Nation
    /// The finest level published elsewhere.
    public var level: GeographicLevel
    /// The finest level published in this nation; nil when nothing is.
    public var finestHere: GeographicLevel?
    public var availableIn: [Nation]
    public var groupId: String
    public var datasetIds: [String]
    public var contactOrganisationId: String?
    public var contactPersonId: String?
    public var contactReason: String
    /// Datasets in the register that may publish this statistic for this nation (the same title but for the
    /// place, covering the nation, neither confirmed nor dismissed as equivalent): for an editor to confirm.
    public var suggestedEquivalents: [SuggestedEquivalent]?
}

/// One local authority on the hex map: how many of the selected statistics reach local-authority level there.
public struct AreaAvailability: Sendable, Codable {
    public var code: String
    public var name: String
    public var nation: Nation
    /// Groups of equivalent datasets available at local-authority level (or finer) in the area's nation.
    public var available: Int
    /// The first `CoverageAnalysis.listed` of the datasets available, in group order; `datasetCount` counts them all.
    public var datasetIds: [String]
    public var datasetCount: Int
    public var hex: HexPosition
}

/// What coverage needs of a dataset.
public struct CoverageDataset: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var producerIds: [String]
    public var coverage: [NationCoverage]
    public var contactPersonId: String?
    public var equivalentIds: [String]
    public var notEquivalentIds: [String]

    public init(_ d: Dataset) {
        (id, title, producerIds, coverage) = (d.id, d.title, d.producerIds, d.coverage)
        (contactPersonId, equivalentIds, notEquivalentIds) = (
            d.contactPersonId, d.equivalents.map(\.datasetId), d.notEquivalentIds
        )
    }
}

/// The answer to "what data exists for which places, at what level, and where are the gaps?".
public struct CoverageReport: Sendable {
    /// The ids of the datasets selected, in id order.
    public var selectedIds: [String]
    /// The selection plus the equivalents of what was selected.
    public var datasets: [CoverageDataset]
    public var groups: [CoverageGroup]
    public var levels: [GeographicLevel]
    public var cells: [CoverageCell]
    /// The gaps, each worked out (with whom to ask) only when read.
    public var gapList: CoverageGaps
    public var areas: [AreaAvailability]
    /// Names of the organisations the report mentions (producers and contacts).
    public var organisationNames: [String: String]
    /// Each group's name, by group id: its datasets' titles joined with " / ".
    public var groupTitles: [String: String]

    public func cell(_ nation: Nation, _ level: GeographicLevel) -> CoverageCell? {
        cells.first { $0.nation == nation && $0.level == level }
    }

    /// The dataset with this id, found by halving (`datasets` is in id order).
    public func dataset(_ id: String) -> CoverageDataset? {
        var (low, high) = (0, datasets.count)
        while low < high {
            let mid = (low + high) / 2
            if datasets[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < datasets.count && datasets[low].id == id ? datasets[low] : nil
    }

    /// Every gap, worked out.
    public var gaps: [CoverageGap] { (0..<gapList.count).map { gapList[$0] } }

    /// The datasets selected.
    public var selected: [CoverageDataset] {
        let ids = Set(selectedIds)
        return datasets.filter { ids.contains($0.id) }
    }
}

/// Computes coverage matrices, gaps and per-area availability (Core: no HTTP or SQL).
public enum CoverageAnalysis {
    /// The levels of the matrix, coarse to fine.
    public static let levels = GeographicLevel.allCases.filter { $0 != .other }
    /// How many ids a cell or an area lists (its counts cover them all).
    public static let listed = 100

    /// The finest level a dataset reaches in a nation; `other` counts as the nation as a whole.
    static func finest(_ dataset: CoverageDataset, _ nation: Nation) -> GeographicLevel? {
        guard let entry = dataset.coverage.first(where: { $0.nation == nation }), entry.covered else { return nil }
        return entry.finestLevel.map { $0 == .other ? .country : $0 } ?? .country
    }

    public static func analyse(
        _ selection: CoverageSelection, datasets all: [Dataset], organisations: [Organisation], areas: [Area]
    )
        -> CoverageReport
    {
        let selects = selection.matcher()
        return analyse(
            selected: Set(all.filter(selects).map(\.id)),
            datasets: all.map(CoverageDataset.init), organisations: organisations, areas: areas)
    }

    /// The report on the datasets with the `selected` ids (and their equivalents), among `all`.
    public static func analyse(
        selected selectedIds: Set<String>, datasets all: [CoverageDataset], organisations: [Organisation],
        areas: [Area]
    ) -> CoverageReport {
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let selected = all.filter { selectedIds.contains($0.id) }.sorted { $0.id < $1.id }
        // Equivalence groups: connected components of the equivalents links, either direction.
        var neighbours: [String: Set<String>] = [:]
        for d in all {
            for e in d.equivalentIds where byId[e] != nil {
                neighbours[d.id, default: []].insert(e)
                neighbours[e, default: []].insert(d.id)
            }
        }
        var groupOf: [String: Int] = [:]
        var members: [[String]] = []
        for d in selected where groupOf[d.id] == nil {
            var stack = [d.id]
            var component: [String] = []
            groupOf[d.id] = members.count
            while let id = stack.popLast() {
                component.append(id)
                for next in neighbours[id, default: []].sorted() where groupOf[next] == nil {
                    groupOf[next] = members.count
                    stack.append(next)
                }
            }
            members.append(component.sorted())
        }
        let datasets = members.flatMap { $0 }.compactMap { byId[$0] }.sorted { $0.id < $1.id }
        let groups = members.map { ids in
            let ds = ids.compactMap { byId[$0] }
            return CoverageGroup(
                id: ids[0], datasetIds: ids, producerIds: Array(Set(ds.flatMap(\.producerIds))).sorted(),
                finest: Nation.allCases.map { n in ds.compactMap { finest($0, n) }.max() })
        }
        // The matrix.
        var cells: [CoverageCell] = []
        for level in levels {
            let row = Nation.allCases.map { nation -> CoverageCell in
                let here = datasets.filter { (finest($0, nation).map { $0 >= level }) ?? false }
                let producers = Array(Set(here.flatMap(\.producerIds))).sorted()
                return CoverageCell(
                    nation: nation, level: level, datasetIds: Array(here.prefix(listed).map(\.id)),
                    datasetCount: here.count, producerIds: Array(producers.prefix(listed)),
                    producerCount: producers.count, groups: Set(here.compactMap { groupOf[$0.id] }).count, gap: false)
            }
            let anywhere = row.contains { $0.datasetCount > 0 }
            cells += row.map {
                var c = $0
                c.gap = anywhere && c.datasetCount == 0
                return c
            }
        }
        let deepest = cells.filter { $0.datasetCount > 0 }.map(\.level).max() ?? .country
        let shown = levels.filter { $0 <= deepest }
        let named = Set(groups.flatMap(\.producerIds))
        let gaps = CoverageGaps(groups, byId: byId, organisations: organisations, stems: stems(all))
        // Whom a gap names is a producer of its statistic or a nation's own statistics producer.
        let contacts = Set(gaps.national.values)
        return CoverageReport(
            selectedIds: selected.map(\.id), datasets: datasets, groups: groups, levels: shown,
            cells: cells.filter { $0.level <= deepest }, gapList: gaps,
            areas: availability(groups, byId: byId, organisations: organisations, areas: areas),
            organisationNames: Dictionary(
                organisations.filter { named.contains($0.id) || contacts.contains($0.id) }.map { ($0.id, $0.name) },
                uniquingKeysWith: { a, _ in a }),
            groupTitles: Dictionary(
                groups.map { g in (g.id, g.datasetIds.map { byId[$0]?.title ?? $0 }.joined(separator: " / ")) },
                uniquingKeysWith: { a, _ in a }))
    }

    /// A title stem shared by more datasets than this is too general to suggest equivalents from.
    static let stemLimit = 20

    /// The datasets of each title stem (`EquivalentSuggestions.stem`) shared by two to `stemLimit` datasets.
    static func stems(_ all: [CoverageDataset]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for d in all {
            let stem = EquivalentSuggestions.stem(d.title)
            if !stem.isEmpty { result[stem, default: []].append(d.id) }
        }
        return result.filter { (2...stemLimit).contains($0.value.count) }
    }

    /// Whom to ask about a gap, in order: the producer that already publishes it more coarsely in that
    /// nation; a producer of the statistics that serves the nation; the nation's own statistics producer
    /// (devolved government, else national statistics institute); the producer that publishes it elsewhere.
    static func contact(
        for nation: Nation, level: GeographicLevel, here: GeographicLevel?, datasets: [CoverageDataset],
        national: [Nation: String], nations: [String: [Nation]]
    ) -> (organisation: String?, person: String?, reason: String) {
        if let here, let d = datasets.first(where: { finest($0, nation) == here && !$0.producerIds.isEmpty }) {
            return (
                d.producerIds[0], d.contactPersonId,
                "Publishes \(d.title) for \(nation.label) down to \(here.label.lowercased()) only"
            )
        }
        for d in datasets {
            if let p = d.producerIds.first(where: { nations[$0]?.contains(nation) ?? false }) {
                return (p, d.contactPersonId, "Produces \(d.title) and serves \(nation.label)")
            }
        }
        if let o = national[nation] { return (o, nil, "The statistics producer for \(nation.label)") }
        if let d = datasets.first(where: { (finest($0, nation) == nil) && !$0.producerIds.isEmpty })
            ?? datasets.first(where: { !$0.producerIds.isEmpty })
        {
            return (
                d.producerIds[0], d.contactPersonId,
                "Publishes \(d.title) down to \(level.label.lowercased()) elsewhere"
            )
        }
        return (nil, nil, "No producer is recorded")
    }

    /// Each nation's own statistics producer: its devolved government, else the national statistics institute
    /// (the one serving fewest nations, then by id).
    static func nationalProducers(_ organisations: [Organisation]) -> [Nation: String] {
        var result: [Nation: String] = [:]
        for nation in Nation.allCases {
            for kind in [OrganisationKind.devolvedGovernment, .nationalStatisticsInstitute] where result[nation] == nil
            {
                result[nation] =
                    organisations.filter { $0.kind == kind && $0.nations.contains(nation) }.min {
                        ($0.nations.count, $0.id) < ($1.nations.count, $1.id)
                    }?.id
            }
        }
        return result
    }

    /// For each local authority on the hex map, the groups available at local-authority level (or finer)
    /// there: in the area's nation, and — for datasets produced only by local authorities — in those
    /// authorities' own areas only.
    static func availability(
        _ groups: [CoverageGroup], byId: [String: CoverageDataset], organisations: [Organisation], areas: [Area]
    )
        -> [AreaAvailability]
    {
        let orgs = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        /// The areas a dataset is confined to, when every producer is a local authority with a GSS code.
        func confined(_ d: CoverageDataset) -> Set<String>? {
            let codes = d.producerIds.map { id in orgs[id].flatMap { $0.kind == .localAuthority ? $0.gssCode : nil } }
            guard !codes.isEmpty, codes.allSatisfy({ $0 != nil }) else { return nil }
            return Set(codes.compactMap { $0 })
        }
        // What reaches every local authority of a nation, and what reaches only some (by area code), as
        // (group, dataset) in group order: work follows the datasets, not datasets × areas.
        var everywhere: [Nation: [(group: Int, id: String)]] = [:]
        var somewhere: [Nation: [String: [(group: Int, id: String)]]] = [:]
        for (g, group) in groups.enumerated() {
            for d in group.datasetIds.compactMap({ byId[$0] }) {
                let limit = confined(d)
                for nation in Nation.allCases where finest(d, nation).map({ $0 >= .localAuthority }) ?? false {
                    if let limit {
                        for code in limit { somewhere[nation, default: [:]][code, default: []].append((g, d.id)) }
                    } else {
                        everywhere[nation, default: []].append((g, d.id))
                    }
                }
            }
        }
        return areas.compactMap { area in
            guard let hex = area.hex, let nation = area.nation else { return nil }
            let all = everywhere[nation, default: []]
            let own = somewhere[nation]?[area.code] ?? []
            let reach = own.isEmpty ? all : (all + own).sorted { $0.group < $1.group }
            var groupsHere = Set<Int>()
            for entry in reach { groupsHere.insert(entry.group) }
            return AreaAvailability(
                code: area.code, name: area.name, nation: nation, available: groupsHere.count,
                datasetIds: reach.prefix(listed).map(\.id), datasetCount: reach.count, hex: hex)
        }.sorted { $0.code < $1.code }
    }
}

/// Loads what a coverage question needs from the register and answers it.
public struct CoverageService: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) { self.repository = repository }

    public func report(_ selection: CoverageSelection) async throws -> CoverageReport {
        // Every dataset, read a batch at a time and kept only as much as coverage needs.
        var datasets: [CoverageDataset] = []
        var selected = Set<String>()
        let selects = selection.matcher()
        try await repository.eachBatch(Dataset.self) { batch in
            for d in batch {
                datasets.append(CoverageDataset(d))
                if selects(d) { selected.insert(d.id) }
            }
        }
        // Only the organisations the analysis can name: producers, and each nation's own producers.
        var organisations = try await repository.get(
            Organisation.self, ids: Array(Set(datasets.flatMap(\.producerIds))).sorted())
        for kind in [OrganisationKind.devolvedGovernment, .nationalStatisticsInstitute] {
            organisations += try await repository.all(Organisation.self, filters: ["kind": kind.rawValue])
        }
        return CoverageAnalysis.analyse(
            selected: selected, datasets: datasets, organisations: organisations,
            areas: try await repository.all(Area.self, filters: ["level": GeographicLevel.localAuthority.rawValue]))
    }
}

/// The gaps of a report: for each group, each nation whose finest level is coarser than another nation's (or
/// missing), in nation then group order. Only which (nation, group) pairs are gaps is kept; a gap, with whom to
/// ask and why, is worked out when it is read, so a report on the whole register does not hold a sentence
/// for each of its hundreds of thousands of gaps.
public struct CoverageGaps: Sendable {
    /// Each gap as its nation's position in `Nation.allCases` and its group's position in `groups`.
    let entries: [(nation: UInt8, group: Int32)]
    let groups: [CoverageGroup]
    let byId: [String: CoverageDataset]
    /// The nations each organisation serves.
    let nations: [String: [Nation]]
    /// Each nation's own statistics producer.
    let national: [Nation: String]
    /// The datasets of each title stem that more than one dataset shares.
    let stems: [String: [String]]

    init(
        _ groups: [CoverageGroup], byId: [String: CoverageDataset], organisations: [Organisation],
        stems: [String: [String]] = [:]
    ) {
        self.stems = stems
        let order = groups.indices.sorted { groups[$0].id < groups[$1].id }
        var entries: [(nation: UInt8, group: Int32)] = []
        for i in Nation.allCases.indices {
            for g in order where Self.best(groups[g], nation: i) != nil {
                entries.append((UInt8(i), Int32(g)))
            }
        }
        self.entries = entries
        (self.groups, self.byId) = (groups, byId)
        nations = Dictionary(organisations.map { ($0.id, $0.nations) }, uniquingKeysWith: { a, _ in a })
        national = CoverageAnalysis.nationalProducers(organisations)
    }

    public var count: Int { entries.count }

    /// The nations with at least one gap, in nation order.
    public var gapNations: [Nation] {
        Set(entries.map(\.nation)).sorted().map { Nation.allCases[Int($0)] }
    }

    /// The finest level another nation has when the nation at position `i` in `Nation.allCases` stops short of
    /// it (or has nothing); nil when it does not.
    static func best(_ group: CoverageGroup, nation i: Int) -> GeographicLevel? {
        let others = Nation.allCases.indices.filter { $0 != i }.compactMap { group.finest[$0] }
        guard let best = others.max(), group.finest[i].map({ $0 < best }) ?? true else { return nil }
        return best
    }

    /// Gap `position`, worked out.
    public subscript(position: Int) -> CoverageGap {
        let entry = entries[position]
        let (i, group) = (Int(entry.nation), groups[Int(entry.group)])
        let nation = Nation.allCases[i]
        let best = Self.best(group, nation: i) ?? .country
        let here = group.finest[i]
        let availableIn = Nation.allCases.enumerated().filter { group.finest[$0.offset].map { $0 >= best } ?? false }
            .map(\.element)
        let contact = CoverageAnalysis.contact(
            for: nation, level: best, here: here, datasets: group.datasetIds.compactMap { byId[$0] },
            national: national, nations: nations)
        return CoverageGap(
            nation: nation, level: best, finestHere: here, availableIn: availableIn, groupId: group.id,
            datasetIds: group.datasetIds, contactOrganisationId: contact.organisation, contactPersonId: contact.person,
            contactReason: contact.reason, suggestedEquivalents: suggestions(group, nation))
    }

    /// Datasets with the same title stem as one of the group's that cover `nation` and that no member of the
    /// group has confirmed or dismissed (nor they it); nil when there are none.
    func suggestions(_ group: CoverageGroup, _ nation: Nation) -> [SuggestedEquivalent]? {
        let members = group.datasetIds.compactMap { byId[$0] }
        let inGroup = Set(group.datasetIds)
        var seen = Set<String>()
        var result: [SuggestedEquivalent] = []
        for member in members {
            for id in stems[EquivalentSuggestions.stem(member.title)] ?? [] where !inGroup.contains(id) {
                guard seen.insert(id).inserted, let other = byId[id], CoverageAnalysis.finest(other, nation) != nil,
                    !members.contains(where: {
                        $0.notEquivalentIds.contains(id) || other.notEquivalentIds.contains($0.id)
                    })
                else { continue }
                result.append(
                    SuggestedEquivalent(
                        datasetId: id, title: other.title, nations: EquivalentSuggestions.nations(other.coverage),
                        reason: "The same title but for the place", score: 1))
            }
        }
        return result.isEmpty ? nil : Array(result.prefix(EquivalentSuggestions.limit))
    }
}
