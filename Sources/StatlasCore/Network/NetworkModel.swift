import Foundation

/// The kinds of recorded work that tie two organisations in the collaboration network.
public enum NetworkSource: String, Vocabulary {
    /// Two organisations taking part in the same collaboration.
    case collaborations
    /// Two organisations organising the same activity.
    case activities
    /// An organisation and a network it belongs to.
    case memberships
}

/// What to group organisations by for brokerage roles and the E–I index.
public enum NetworkGrouping: String, Vocabulary {
    case kind, nation
}

/// Which part of the register the network is drawn from.
public struct NetworkFilter: Codable, Sendable, Equatable {
    /// Work running on or after this day.
    public var from: CalendarDate?
    /// Work starting on or before this day.
    public var to: CalendarDate?
    public var themeId: String?
    /// Only collaborations of this kind (activities and memberships are then left out).
    public var collaborationKind: CollaborationKind?
    /// Only organisations serving this nation.
    public var nation: Nation?
    /// Only organisations of this kind.
    public var organisationKind: OrganisationKind?
    public var sources: Set<NetworkSource> = Set(NetworkSource.allCases)
    /// Use edge weights (shared work) in the metrics; otherwise every tie counts the same.
    public var weighted = false
    public var grouping: NetworkGrouping = .kind
    /// Include organisations with no tie under these filters.
    public var isolates = false

    public init() {}

    /// True when memberships, which have no date, theme or kind, cannot match the filter.
    var excludesUndatedWork: Bool { from != nil || to != nil || themeId != nil || collaborationKind != nil }
}

/// One organisation in the network with its metrics.
public struct NetworkNode: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: OrganisationKind
    public var nations: [Nation]
    public var degree: Int
    /// The sum of the weights of its ties.
    public var strength: Double
    public var degreeCentrality: Double
    public var betweenness: Double
    public var closeness: Double
    /// Nil when power iteration did not converge.
    public var eigenvector: Double?
    /// Nil (undefined) for an isolated organisation.
    public var constraint: Double?
    public var effectiveSize: Double?
    public var coreNumber: Int
    /// Louvain community, numbered from 1, largest first.
    public var community: Int
    /// The group used for brokerage: the organisation kind or its nations.
    public var group: String
    public var brokerage: Brokerage
}

/// A tie between two organisations and the shared work behind it.
public struct NetworkEdge: Codable, Sendable, Equatable {
    public var source: String
    public var target: String
    /// The number of shared collaborations, activities and memberships.
    public var weight: Int
    public var collaborations: Int
    public var activities: Int
    public var memberships: Int
}

/// Whole-network measures.
public struct NetworkSummary: Codable, Sendable, Equatable {
    public var nodes: Int
    public var edges: Int
    public var density: Double
    public var components: Int
    public var communities: Int
    public var modularity: Double
    public var weighted: Bool
    public var grouping: NetworkGrouping
    /// E–I index over the grouping used for brokerage.
    public var eiIndex: Double?
    public var byKind: GroupMixing
    public var byNation: GroupMixing
    /// Whether eigenvector centrality converged.
    public var eigenvectorConverged: Bool
}

/// The collaboration network of organisations, with every metric computed.
public struct CollaborationNetwork: Codable, Sendable, SlicedCodable {
    public var filter: NetworkFilter
    public var nodes: [NetworkNode]
    public var edges: [NetworkEdge]
    public var summary: NetworkSummary

    /// The network as JSON with its nodes and ties written a slice at a time (the same members, under their
    /// coding keys, as `encode(to:)` writes).
    public func encodeSliced(_ encoder: JSONEncoder) throws -> Data {
        var json = SlicedJSON(encoder)
        try json.add(CodingKeys.filter.stringValue, filter)
        try json.add(CodingKeys.summary.stringValue, summary)
        try json.add(CodingKeys.nodes.stringValue, array: nodes)
        try json.add(CodingKeys.edges.stringValue, array: edges)
        return json.finish()
    }

    /// The network from its JSON, its nodes and ties read a slice at a time.
    public static func decodeSliced(_ data: Data, _ decoder: JSONDecoder) throws -> CollaborationNetwork {
        let json = try JSONSlices(data)
        return CollaborationNetwork(
            filter: try json.value(CodingKeys.filter.stringValue, as: NetworkFilter.self, decoder),
            nodes: try json.array(CodingKeys.nodes.stringValue, of: NetworkNode.self, decoder),
            edges: try json.array(CodingKeys.edges.stringValue, of: NetworkEdge.self, decoder),
            summary: try json.value(CodingKeys.summary.stringValue, as: NetworkSummary.self, decoder))
    }
}

extension Organisation {
    /// The organisation's nations as one group label, e.g. "England and Wales", "All four nations".
    public var nationGroup: String {
        switch nations.count {
        case 0: "No nation recorded"
        case Nation.allCases.count: "All four nations"
        case 1: nations[0].label
        default: nations.dropLast().map(\.label).joined(separator: ", ") + " and " + (nations.last?.label ?? "")
        }
    }
}
