import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StatlasCore
import StatlasExchange

/// `GET /api/v1/network`: the collaboration network with every metric, as JSON, or as a download with
/// `format=graphml|gexf|csv|ties-csv`.
struct NetworkController {
    let repository: any RecordRepository

    static let formats = ["json", "graphml", "gexf", "csv", "ties-csv"]

    func register(on routes: RouteTable) {
        routes.add(.get, "/api/v1/network", .everyone) { request, _ in
            let parameters = JSONResponse.parameters(request)
            let format = parameters["format"] ?? "json"
            guard Self.formats.contains(format) else {
                throw StatlasError.invalid([FieldError("format", "format must be one of: \(Self.formats.joined(separator: ", "))")])
            }
            let network = try await NetworkService(repository: repository).network(NetworkQuery.filter(parameters))
            switch format {
            case "graphml": return Self.download(NetworkFiles.graphML(network), "application/graphml+xml", "statlas-network.graphml")
            case "gexf": return Self.download(NetworkFiles.gexf(network), "application/gexf+xml", "statlas-network.gexf")
            case "csv": return Self.download(NetworkFiles.nodesCSV(network), "text/csv; charset=utf-8", "statlas-network-organisations.csv")
            case "ties-csv": return Self.download(NetworkFiles.edgesCSV(network), "text/csv; charset=utf-8", "statlas-network-ties.csv")
            default: return JSONResponse.make(NetworkBody(network))
            }
        }
    }

    static func download(_ data: Data, _ type: String, _ name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of `/api/v1/network`. Undefined values (constraint of an isolate, say) are `null`.
struct NetworkBody: Encodable {
    struct Node: Encodable {
        let node: NetworkNode
        enum Keys: String, CodingKey {
            case id, name, kind, nations, degree, strength, degreeCentrality, betweenness, closeness, eigenvector
            case constraint, effectiveSize, coreNumber, community, group, brokerage
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(node.id, forKey: .id)
            try c.encode(node.name, forKey: .name)
            try c.encode(node.kind, forKey: .kind)
            try c.encode(node.nations, forKey: .nations)
            try c.encode(node.degree, forKey: .degree)
            try c.encode(node.strength, forKey: .strength)
            try c.encode(node.degreeCentrality, forKey: .degreeCentrality)
            try c.encode(node.betweenness, forKey: .betweenness)
            try c.encode(node.closeness, forKey: .closeness)
            try c.encode(node.eigenvector, forKey: .eigenvector)
            try c.encode(node.constraint, forKey: .constraint)
            try c.encode(node.effectiveSize, forKey: .effectiveSize)
            try c.encode(node.coreNumber, forKey: .coreNumber)
            try c.encode(node.community, forKey: .community)
            try c.encode(node.group, forKey: .group)
            try c.encode(BrokerageBody(node.brokerage), forKey: .brokerage)
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
            let density, eiIndex: Double?
            enum Keys: String, CodingKey { case label, nodes, internalTies, externalTies, density, eiIndex }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(label, forKey: .label)
                try c.encode(nodes, forKey: .nodes)
                try c.encode(internalTies, forKey: .internalTies)
                try c.encode(externalTies, forKey: .externalTies)
                try c.encode(density, forKey: .density)
                try c.encode(eiIndex, forKey: .eiIndex)
            }
        }
        struct Pair: Encodable {
            let a, b: String
            let ties: Int
            let density: Double
        }
        let groups: [Group]
        let between: [Pair]
        let eiIndex: Double?
        enum Keys: String, CodingKey { case groups, between, eiIndex }
        init(_ m: GroupMixing) {
            groups = m.groups.map { Group(label: $0.label, nodes: $0.nodes, internalTies: $0.internalTies, externalTies: $0.externalTies, density: $0.density, eiIndex: $0.eiIndex) }
            between = m.pairs.map { Pair(a: $0.a, b: $0.b, ties: $0.ties, density: $0.density) }
            eiIndex = m.eiIndex
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(groups, forKey: .groups)
            try c.encode(between, forKey: .between)
            try c.encode(eiIndex, forKey: .eiIndex)
        }
    }

    struct Summary: Encodable {
        let nodes, edges, components, communities: Int
        let density, modularity: Double
        let eiIndex: Double?
        let weighted, eigenvectorConverged: Bool
        let group: String
        let byKind, byNation: Mixing
        enum Keys: String, CodingKey {
            case nodes, edges, density, components, communities, modularity, weighted, group, eiIndex, byKind, byNation
            case eigenvectorConverged
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(nodes, forKey: .nodes)
            try c.encode(edges, forKey: .edges)
            try c.encode(density, forKey: .density)
            try c.encode(components, forKey: .components)
            try c.encode(communities, forKey: .communities)
            try c.encode(modularity, forKey: .modularity)
            try c.encode(weighted, forKey: .weighted)
            try c.encode(group, forKey: .group)
            try c.encode(eiIndex, forKey: .eiIndex)
            try c.encode(eigenvectorConverged, forKey: .eigenvectorConverged)
            try c.encode(byKind, forKey: .byKind)
            try c.encode(byNation, forKey: .byNation)
        }
    }

    let nodes: [Node]
    let edges: [NetworkEdge]
    let summary: Summary

    init(_ network: CollaborationNetwork) {
        nodes = network.nodes.map(Node.init)
        edges = network.edges
        let s = network.summary
        summary = Summary(
            nodes: s.nodes, edges: s.edges, components: s.components, communities: s.communities, density: s.density,
            modularity: s.modularity, eiIndex: s.eiIndex, weighted: s.weighted, eigenvectorConverged: s.eigenvectorConverged,
            group: s.grouping.rawValue, byKind: Mixing(s.byKind), byNation: Mixing(s.byNation))
    }
}
