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
public struct CoverageGroup: Sendable, Encodable {
    public var id: String
    public var datasetIds: [String]
    public var producerIds: [String]
    /// The finest level any of the group's datasets reaches in each nation, in nation order; nil where none covers it.
    public var finest: [GeographicLevel?]
}

/// One cell of the nation × level matrix: the datasets published there at that level or finer.
public struct CoverageCell: Sendable, Encodable {
    public var nation: Nation
    public var level: GeographicLevel
    public var datasetIds: [String]
    public var producerIds: [String]
    /// Groups of equivalent datasets, counted once each.
    public var groups: Int
    /// Nothing here, while another nation has data at this level.
    public var gap: Bool
}

/// A nation where a group's statistics stop short of the level another nation has, and whom to ask.
public struct CoverageGap: Sendable, Encodable {
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
}

/// One local authority on the hex map: how many of the selected statistics reach local-authority level there.
public struct AreaAvailability: Sendable, Encodable {
    public var code: String
    public var name: String
    public var nation: Nation
    /// Groups of equivalent datasets available at local-authority level (or finer) in the area's nation.
    public var available: Int
    public var datasetIds: [String]
    public var hex: HexPosition
}

/// The answer to "what data exists for which places, at what level, and where are the gaps?".
public struct CoverageReport: Sendable {
    public var selected: [Dataset]
    /// The selection plus the equivalents of what was selected.
    public var datasets: [Dataset]
    public var groups: [CoverageGroup]
    public var levels: [GeographicLevel]
    public var cells: [CoverageCell]
    public var gaps: [CoverageGap]
    public var areas: [AreaAvailability]
    /// Names of the organisations the report mentions (producers and contacts).
    public var organisationNames: [String: String]
    /// Each group's name, by group id: its datasets' titles joined with " / ".
    public var groupTitles: [String: String]

    public func cell(_ nation: Nation, _ level: GeographicLevel) -> CoverageCell? {
        cells.first { $0.nation == nation && $0.level == level }
    }
}

/// Computes coverage matrices, gaps and per-area availability (Core: no HTTP or SQL).
public enum CoverageAnalysis {
    /// The levels of the matrix, coarse to fine.
    public static let levels = GeographicLevel.allCases.filter { $0 != .other }

    /// The finest level a dataset reaches in a nation; `other` counts as the nation as a whole.
    static func finest(_ dataset: Dataset, _ nation: Nation) -> GeographicLevel? {
        guard let entry = dataset.coverage.first(where: { $0.nation == nation }), entry.covered else { return nil }
        return entry.finestLevel.map { $0 == .other ? .country : $0 } ?? .country
    }

    public static func analyse(
        _ selection: CoverageSelection, datasets all: [Dataset], organisations: [Organisation], areas: [Area]
    )
        -> CoverageReport
    {
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let selected = all.filter(selection.matches).sorted { $0.id < $1.id }
        // Equivalence groups: connected components of the equivalents links, either direction.
        var neighbours: [String: Set<String>] = [:]
        for d in all {
            for e in d.equivalents where byId[e.datasetId] != nil {
                neighbours[d.id, default: []].insert(e.datasetId)
                neighbours[e.datasetId, default: []].insert(d.id)
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
                return CoverageCell(
                    nation: nation, level: level, datasetIds: here.map(\.id),
                    producerIds: Array(Set(here.flatMap(\.producerIds))).sorted(),
                    groups: Set(here.compactMap { groupOf[$0.id] }).count, gap: false)
            }
            let anywhere = row.contains { !$0.datasetIds.isEmpty }
            cells += row.map {
                var c = $0
                c.gap = anywhere && c.datasetIds.isEmpty
                return c
            }
        }
        let deepest = cells.filter { !$0.datasetIds.isEmpty }.map(\.level).max() ?? .country
        let shown = levels.filter { $0 <= deepest }
        return CoverageReport(
            selected: selected, datasets: datasets, groups: groups, levels: shown,
            cells: cells.filter { $0.level <= deepest },
            gaps: gaps(groups, byId: byId, organisations: organisations),
            areas: availability(groups, byId: byId, organisations: organisations, areas: areas),
            organisationNames: Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            groupTitles: Dictionary(
                groups.map { g in (g.id, g.datasetIds.map { byId[$0]?.title ?? $0 }.joined(separator: " / ")) },
                uniquingKeysWith: { a, _ in a }))
    }

    /// For each group, each nation whose finest level is coarser than another nation's (or missing).
    static func gaps(_ groups: [CoverageGroup], byId: [String: Dataset], organisations: [Organisation]) -> [CoverageGap]
    {
        let orgs = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [CoverageGap] = []
        for group in groups {
            let ds = group.datasetIds.compactMap { byId[$0] }
            for (i, nation) in Nation.allCases.enumerated() {
                let here = group.finest[i]
                let others = Nation.allCases.indices.filter { $0 != i }.compactMap { group.finest[$0] }
                guard let best = others.max(), here.map({ $0 < best }) ?? true else { continue }
                let availableIn = Nation.allCases.enumerated().filter {
                    group.finest[$0.offset].map { $0 >= best } ?? false
                }.map(\.element)
                let contact = contact(
                    for: nation, level: best, here: here, datasets: ds, organisations: organisations, byId: orgs)
                result.append(
                    CoverageGap(
                        nation: nation, level: best, finestHere: here, availableIn: availableIn, groupId: group.id,
                        datasetIds: group.datasetIds, contactOrganisationId: contact.organisation,
                        contactPersonId: contact.person,
                        contactReason: contact.reason))
            }
        }
        return result.sorted { ($0.nation, $0.groupId) < ($1.nation, $1.groupId) }
    }

    /// Whom to ask about a gap, in order: the producer that already publishes it more coarsely in that
    /// nation; a producer of the statistics that serves the nation; the nation's own statistics producer
    /// (devolved government, else national statistics institute); the producer that publishes it elsewhere.
    static func contact(
        for nation: Nation, level: GeographicLevel, here: GeographicLevel?, datasets: [Dataset],
        organisations: [Organisation], byId orgs: [String: Organisation]
    ) -> (organisation: String?, person: String?, reason: String) {
        if let here, let d = datasets.first(where: { finest($0, nation) == here && !$0.producerIds.isEmpty }) {
            return (
                d.producerIds[0], d.contactPersonId,
                "Publishes \(d.title) for \(nation.label) down to \(here.label.lowercased()) only"
            )
        }
        for d in datasets {
            if let p = d.producerIds.first(where: { orgs[$0]?.nations.contains(nation) ?? false }) {
                return (p, d.contactPersonId, "Produces \(d.title) and serves \(nation.label)")
            }
        }
        for kind in [OrganisationKind.devolvedGovernment, .nationalStatisticsInstitute] {
            if let o = organisations.filter({ $0.kind == kind && $0.nations.contains(nation) }).min(by: {
                ($0.nations.count, $0.id) < ($1.nations.count, $1.id)
            }) {
                return (o.id, nil, "The statistics producer for \(nation.label)")
            }
        }
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

    /// For each local authority on the hex map, the groups available at local-authority level (or finer)
    /// there: in the area's nation, and — for datasets produced only by local authorities — in those
    /// authorities' own areas only.
    static func availability(
        _ groups: [CoverageGroup], byId: [String: Dataset], organisations: [Organisation], areas: [Area]
    )
        -> [AreaAvailability]
    {
        let orgs = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        /// The areas a dataset is confined to, when every producer is a local authority with a GSS code.
        func confined(_ d: Dataset) -> Set<String>? {
            let codes = d.producerIds.map { id in orgs[id].flatMap { $0.kind == .localAuthority ? $0.gssCode : nil } }
            guard !codes.isEmpty, codes.allSatisfy({ $0 != nil }) else { return nil }
            return Set(codes.compactMap { $0 })
        }
        let reach = groups.map { group in
            group.datasetIds.compactMap { byId[$0] }.map { d in
                (d.id, Nation.allCases.filter { finest(d, $0).map { $0 >= .localAuthority } ?? false }, confined(d))
            }.filter { !$0.1.isEmpty }
        }
        return areas.compactMap { area in
            guard let hex = area.hex, let nation = area.nation else { return nil }
            var count = 0
            var ids: [String] = []
            for members in reach {
                let here = members.filter { $0.1.contains(nation) && ($0.2?.contains(area.code) ?? true) }.map(\.0)
                if !here.isEmpty {
                    count += 1
                    ids += here
                }
            }
            return AreaAvailability(
                code: area.code, name: area.name, nation: nation, available: count, datasetIds: ids, hex: hex)
        }.sorted { $0.code < $1.code }
    }
}

/// Loads what a coverage question needs from the register and answers it.
public struct CoverageService: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) { self.repository = repository }

    public func report(_ selection: CoverageSelection) async throws -> CoverageReport {
        let datasets = try await repository.all(Dataset.self)
        // Only the organisations the analysis can name: producers, and each nation's own producers.
        var organisations = try await repository.get(
            Organisation.self, ids: Array(Set(datasets.flatMap(\.producerIds))).sorted())
        for kind in [OrganisationKind.devolvedGovernment, .nationalStatisticsInstitute] {
            organisations += try await repository.all(Organisation.self, filters: ["kind": kind.rawValue])
        }
        return CoverageAnalysis.analyse(
            selection, datasets: datasets, organisations: organisations,
            areas: try await repository.all(Area.self, filters: ["level": GeographicLevel.localAuthority.rawValue]))
    }
}
