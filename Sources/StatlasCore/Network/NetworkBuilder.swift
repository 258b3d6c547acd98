import Foundation

/// Builds the collaboration network from the register's records and computes its metrics.
public enum NetworkBuilder {
    /// The organisations in the network (sorted by id) and the ties among them.
    public static func ties(
        organisations: [Organisation], collaborations: [Collaboration], activities: [Activity], filter: NetworkFilter
    ) -> (organisations: [Organisation], edges: [NetworkEdge]) {
        let eligible = organisations.filter { organisation in
            (filter.nation.map { organisation.nations.contains($0) } ?? true)
                && (filter.organisationKind.map { organisation.kind == $0 } ?? true)
        }
        let known = Set(eligible.map(\.id))
        var counts: [Pair: (Int, Int, Int)] = [:]
        func tie(_ ids: [String], _ source: NetworkSource) {
            let members = Array(Set(ids.filter(known.contains))).sorted()
            for (i, a) in members.enumerated() {
                for b in members[(i + 1)...] {
                    var entry = counts[Pair(a, b)] ?? (0, 0, 0)
                    switch source {
                    case .collaborations: entry.0 += 1
                    case .activities: entry.1 += 1
                    case .memberships: entry.2 += 1
                    }
                    counts[Pair(a, b)] = entry
                }
            }
        }
        if filter.sources.contains(.collaborations) {
            for c in collaborations where matches(c, filter) {
                tie(c.participants.map(\.organisationId), .collaborations)
            }
        }
        if filter.sources.contains(.activities) && filter.collaborationKind == nil {
            for a in activities where matches(a, filter) { tie(a.organiserIds, .activities) }
        }
        if filter.sources.contains(.memberships) && !filter.excludesUndatedWork {
            for o in eligible {
                for m in o.memberships { tie([o.id, m.networkId], .memberships) }
            }
        }
        let edges = counts.sorted { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }.map { pair, c in
            NetworkEdge(
                source: pair.a, target: pair.b, weight: c.0 + c.1 + c.2, collaborations: c.0, activities: c.1,
                memberships: c.2)
        }
        var tied = Set<String>()
        for e in edges {
            tied.insert(e.source)
            tied.insert(e.target)
        }
        let nodes = eligible.filter { filter.isolates || tied.contains($0.id) }.sorted { $0.id < $1.id }
        return (nodes, edges)
    }

    /// The network with every metric, from the organisations and ties `ties` returned.
    public static func analyse(organisations: [Organisation], edges: [NetworkEdge], filter: NetworkFilter)
        -> CollaborationNetwork
    {
        let index = Dictionary(uniqueKeysWithValues: organisations.enumerated().map { ($1.id, $0) })
        let graph = Graph(
            count: organisations.count,
            edges: edges.compactMap { e in
                guard let a = index[e.source], let b = index[e.target] else { return nil }
                return (a, b, Double(e.weight))
            })
        let weighted = filter.weighted
        let paths = graph.pathMetrics(weighted: weighted)
        let eigenvector = graph.eigenvectorCentrality(weighted: weighted)
        let constraint = graph.constraint(weighted: weighted)
        let effectiveSize = graph.effectiveSize(weighted: weighted)
        let cores = graph.coreNumbers()
        let communities = graph.louvainCommunities(weighted: weighted)
        let degreeCentrality = graph.degreeCentrality()
        let kinds = Grouping(organisations.map(\.kind.label))
        let nations = Grouping(organisations.map(\.nationGroup))
        let chosen = filter.grouping == .kind ? kinds : nations
        let brokerage = graph.brokerage(groups: chosen.indices)
        let nodes = organisations.enumerated().map { v, o in
            NetworkNode(
                id: o.id, name: o.name, kind: o.kind, nations: o.nations, degree: graph.degree(v),
                strength: graph.strength(v), degreeCentrality: degreeCentrality[v],
                betweenness: paths.betweenness[v], closeness: paths.closeness[v], eigenvector: eigenvector?[v],
                constraint: constraint[v], effectiveSize: effectiveSize[v], coreNumber: cores[v],
                community: communities[v],
                group: chosen.labels[chosen.indices[v]], brokerage: brokerage[v])
        }
        let byKind = graph.mixing(groups: kinds.indices, labels: kinds.labels)
        let byNation = graph.mixing(groups: nations.indices, labels: nations.labels)
        let summary = NetworkSummary(
            nodes: graph.count, edges: graph.edgeCount, density: graph.density, components: graph.components().count,
            communities: Set(communities).count, modularity: graph.modularity(communities, weighted: weighted),
            weighted: weighted, grouping: filter.grouping,
            eiIndex: (filter.grouping == .kind ? byKind : byNation).eiIndex,
            byKind: byKind, byNation: byNation, eigenvectorConverged: eigenvector != nil)
        return CollaborationNetwork(filter: filter, nodes: nodes, edges: edges, summary: summary)
    }

    static func matches(_ c: Collaboration, _ filter: NetworkFilter) -> Bool {
        (filter.collaborationKind.map { c.kind == $0 } ?? true)
            && (filter.themeId.map { c.themeIds.contains($0) } ?? true)
            && overlaps(start: c.start, end: c.end, filter)
    }

    static func matches(_ a: Activity, _ filter: NetworkFilter) -> Bool {
        (filter.themeId.map { a.themeIds.contains($0) } ?? true) && overlaps(start: a.startDate, end: a.endDate, filter)
    }

    /// Undated work counts as running throughout.
    static func overlaps(start: CalendarDate?, end: CalendarDate?, _ filter: NetworkFilter) -> Bool {
        CalendarDate.overlaps(start: start, end: end, from: filter.from, to: filter.to)
    }

    private struct Pair: Hashable {
        let a: String
        let b: String
        init(_ a: String, _ b: String) { (self.a, self.b) = a < b ? (a, b) : (b, a) }
    }
}

/// Group labels and each node's group index, labels sorted.
public struct Grouping: Sendable {
    public let labels: [String]
    public let indices: [Int]

    public init(_ values: [String]) {
        labels = Array(Set(values)).sorted()
        let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        indices = values.map { position[$0] ?? 0 }
    }
}

/// Reads the register and builds the collaboration network.
public struct NetworkService: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) {
        self.repository = repository
    }

    public func network(_ filter: NetworkFilter) async throws -> CollaborationNetwork {
        let organisations = try await repository.all(Organisation.self)
        // Only work with two or more organisations ties anyone: read the rest a batch at a time and let it go.
        let collaborations =
            filter.sources.contains(.collaborations)
            ? try await shared(Collaboration.self, slim: \.forNetwork) { $0.participants.count > 1 } : []
        let activities =
            filter.sources.contains(.activities)
            ? try await shared(Activity.self, slim: \.forNetwork) { $0.organiserIds.count > 1 } : []
        let (nodes, edges) = NetworkBuilder.ties(
            organisations: organisations, collaborations: collaborations, activities: activities, filter: filter)
        return NetworkBuilder.analyse(organisations: nodes, edges: edges, filter: filter)
    }

    /// The records of a kind that pass `keep`, read in keyset batches and each kept only as `slim` leaves it,
    /// so that memory follows what the network needs of what is kept.
    func shared<R: Record>(_ type: R.Type, slim: (R) -> R, keep: (R) -> Bool) async throws -> [R] {
        var kept: [R] = []
        try await repository.eachBatch(type) { batch in
            for record in batch where keep(record) { kept.append(slim(record)) }
        }
        return kept
    }
}

extension Collaboration {
    /// The collaboration with only what the network reads: its kind, themes, dates and participants.
    var forNetwork: Collaboration {
        var c = Collaboration()
        (c.id, c.kind, c.themeIds, c.start, c.end) = (id, kind, themeIds, start, end)
        c.participants = participants
        return c
    }
}

extension Activity {
    /// The activity with only what the network reads: its organisers, themes and dates.
    var forNetwork: Activity {
        var a = Activity()
        (a.id, a.organiserIds, a.themeIds, a.start, a.end) = (id, organiserIds, themeIds, start, end)
        return a
    }
}
