import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StatlasCore
import StatlasExchange

/// `GET /api/v1/network`: the collaboration network with every metric, as JSON, or as a download with
/// `format=graphml|gexf|csv|ties-csv`.
struct NetworkController {
    let analyses: Analyses

    static let formats = ["json", "graphml", "gexf", "csv", "ties-csv"]
    /// How many nodes and edges a page may hold.
    static let limits = 1...5000

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/api/v1/network", .everyone,
            query: NetworkQuery.parameters.map(\.name) + ["format", "page", "limit"], shared: true
        ) {
            _, context in
            let parameters = context.query.parameters
            var r = QueryReader(parameters)
            let format = r.choice("format", among: Self.formats, fallback: "json")
            let window = ListWindow.read(&r, limits: Self.limits, fallback: 500)
            try r.finish()
            let analysed = try await analyses.network(NetworkQuery.filter(parameters))
            let network = analysed.value
            switch format {
            case "graphml":
                return JSONResponse.download(
                    NetworkFiles.graphML(network), "application/graphml+xml", "statlas-network.graphml")
            case "gexf":
                return JSONResponse.download(NetworkFiles.gexf(network), "application/gexf+xml", "statlas-network.gexf")
            case "csv":
                return JSONResponse.download(
                    NetworkFiles.nodesCSV(network), "text/csv; charset=utf-8", "statlas-network-organisations.csv")
            case "ties-csv":
                return JSONResponse.download(
                    NetworkFiles.edgesCSV(network), "text/csv; charset=utf-8", "statlas-network-ties.csv")
            default:
                return try JSONResponse.make(NetworkBody(network, window: window, computed: ComputedBody(analysed)))
            }
        }
    }
}

/// A value that encodes as JSON `null` when absent (synthesized `Encodable` would leave the key out).
struct OrNull<Value: Encodable>: Encodable {
    let value: Value?

    init(_ value: Value?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

/// The JSON body of `/api/v1/network`. Undefined values (constraint of an isolate, say) are `null`.
struct NetworkBody: Encodable {
    struct Node: Encodable {
        let id, name, group: String
        let kind: OrganisationKind
        let nations: [Nation]
        let degree, coreNumber, community: Int
        let strength, degreeCentrality, betweenness, closeness: Double
        let eigenvector, constraint, effectiveSize: OrNull<Double>
        let brokerage: BrokerageBody

        init(_ n: NetworkNode) {
            (id, name, group, kind, nations) = (n.id, n.name, n.group, n.kind, n.nations)
            (degree, coreNumber, community) = (n.degree, n.coreNumber, n.community)
            (strength, degreeCentrality, betweenness, closeness) = (
                n.strength, n.degreeCentrality, n.betweenness, n.closeness
            )
            (eigenvector, constraint, effectiveSize) = (
                OrNull(n.eigenvector), OrNull(n.constraint), OrNull(n.effectiveSize)
            )
            brokerage = BrokerageBody(n.brokerage)
        }
    }

    struct BrokerageBody: Encodable {
        let coordinator, itinerant, representative, gatekeeper, liaison, total: Int
        init(_ b: Brokerage) {
            (coordinator, itinerant, representative, gatekeeper, liaison, total) =
                (b.coordinator, b.itinerant, b.representative, b.gatekeeper, b.liaison, b.total)
        }
    }

    struct Mixing: Encodable {
        struct Group: Encodable {
            let label: String
            let nodes, internalTies, externalTies: Int
            let density, eiIndex: OrNull<Double>
        }
        struct Pair: Encodable {
            let a, b: String
            let ties: Int
            let density: Double
        }
        let groups: [Group]
        let between: [Pair]
        let eiIndex: OrNull<Double>

        init(_ m: GroupMixing) {
            groups = m.groups.map {
                Group(
                    label: $0.label, nodes: $0.nodes, internalTies: $0.internalTies, externalTies: $0.externalTies,
                    density: OrNull($0.density), eiIndex: OrNull($0.eiIndex))
            }
            between = m.pairs.map { Pair(a: $0.a, b: $0.b, ties: $0.ties, density: $0.density) }
            eiIndex = OrNull(m.eiIndex)
        }
    }

    struct Summary: Encodable {
        let nodes, edges, components, communities: Int
        let density, modularity: Double
        let eiIndex: OrNull<Double>
        let weighted, eigenvectorConverged: Bool
        let group: String
        let byKind, byNation: Mixing
    }

    let nodes: [Node]
    let edges: [NetworkEdge]
    let summary: Summary
    /// When these figures were computed, and whether the register has changed since.
    let computed: ComputedBody?
    /// Which page of the nodes and edges this is (the summary covers the whole network).
    let page: ListWindow

    init(
        _ network: CollaborationNetwork, window: ListWindow = ListWindow(page: 1, limit: 500),
        computed: ComputedBody? = nil
    ) {
        (self.computed, page) = (computed, window)
        nodes = window.slice(network.nodes).map(Node.init)
        edges = Array(window.slice(network.edges))
        let s = network.summary
        summary = Summary(
            nodes: s.nodes, edges: s.edges, components: s.components, communities: s.communities, density: s.density,
            modularity: s.modularity, eiIndex: OrNull(s.eiIndex), weighted: s.weighted,
            eigenvectorConverged: s.eigenvectorConverged,
            group: s.grouping.rawValue, byKind: Mixing(s.byKind), byNation: Mixing(s.byNation))
    }
}
