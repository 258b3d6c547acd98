import Foundation
import StatlasCore

/// One attribute of a node or tie, as every network download (CSV, GraphML, GEXF) writes it.
/// The type of a network attribute.
public enum NetworkValueType: String, Sendable {
    case string, int, double

    var gexf: String { self == .int ? "integer" : rawValue }
}

public struct NetworkColumn<Row>: Sendable {
    public typealias ValueType = NetworkValueType
    /// The attribute name in GraphML and GEXF (camelCase, as in the JSON API).
    public let name: String
    public let type: ValueType
    /// The value, or nil when it is undefined (constraint of an isolate, say).
    public let value: @Sendable (Row) -> String?

    init(_ name: String, _ type: ValueType, _ value: @escaping @Sendable (Row) -> String?) {
        self.name = name
        self.type = type
        self.value = value
    }

    /// The CSV column name: snake_case.
    public var csvName: String {
        name.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }
}

/// The columns of network downloads.
public enum NetworkColumns {
    static func number(_ value: Double?) -> String? {
        guard let value, value.isFinite else { return nil }
        return "\(value)"
    }

    /// Node attributes after the id.
    public static let nodes: [NetworkColumn<NetworkNode>] = [
        .init("name", .string) { $0.name },
        .init("kind", .string) { $0.kind.rawValue },
        .init("nations", .string) { $0.nations.map(\.rawValue).joined(separator: ";") },
        .init("degree", .int) { "\($0.degree)" },
        .init("strength", .double) { number($0.strength) },
        .init("degreeCentrality", .double) { number($0.degreeCentrality) },
        .init("betweenness", .double) { number($0.betweenness) },
        .init("closeness", .double) { number($0.closeness) },
        .init("eigenvector", .double) { number($0.eigenvector) },
        .init("constraint", .double) { number($0.constraint) },
        .init("effectiveSize", .double) { number($0.effectiveSize) },
        .init("coreNumber", .int) { "\($0.coreNumber)" },
        .init("community", .int) { "\($0.community)" },
        .init("group", .string) { $0.group },
        .init("coordinator", .int) { "\($0.brokerage.coordinator)" },
        .init("itinerant", .int) { "\($0.brokerage.itinerant)" },
        .init("representative", .int) { "\($0.brokerage.representative)" },
        .init("gatekeeper", .int) { "\($0.brokerage.gatekeeper)" },
        .init("liaison", .int) { "\($0.brokerage.liaison)" },
    ]

    /// Tie attributes after source and target.
    public static let edges: [NetworkColumn<NetworkEdge>] = [
        .init("weight", .int) { "\($0.weight)" },
        .init("collaborations", .int) { "\($0.collaborations)" },
        .init("activities", .int) { "\($0.activities)" },
        .init("memberships", .int) { "\($0.memberships)" },
    ]
}

/// Writes the collaboration network as CSV (RFC 4180), GraphML or GEXF 1.3.
public enum NetworkFiles {
    /// One row per organisation with every metric (the table on the network page).
    public static func nodesCSV(_ network: CollaborationNetwork) -> Data {
        CSVOutput.write(
            header: ["id"] + NetworkColumns.nodes.map(\.csvName),
            rows: network.nodes.map { node in
                [node.id] + NetworkColumns.nodes.map { CSVOutput.neutralise($0.value(node) ?? "") }
            })
    }

    /// One row per tie.
    public static func edgesCSV(_ network: CollaborationNetwork) -> Data {
        CSVOutput.write(
            header: ["source", "target"] + NetworkColumns.edges.map(\.csvName),
            rows: network.edges.map { edge in
                [edge.source, edge.target] + NetworkColumns.edges.map { $0.value(edge) ?? "" }
            })
    }

    /// GraphML with typed keys for every attribute, edges undirected.
    public static func graphML(_ network: CollaborationNetwork) -> Data {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        for column in NetworkColumns.nodes {
            out +=
                "  <key id=\"\(column.name)\" for=\"node\" attr.name=\"\(column.name)\" attr.type=\"\(column.type.rawValue)\"/>\n"
        }
        for column in NetworkColumns.edges {
            out +=
                "  <key id=\"e_\(column.name)\" for=\"edge\" attr.name=\"\(column.name)\" attr.type=\"\(column.type.rawValue)\"/>\n"
        }
        out += "  <graph id=\"statlas\" edgedefault=\"undirected\">\n"
        for node in network.nodes {
            out += "    <node id=\"\(XML.escape(node.id))\">"
            for column in NetworkColumns.nodes {
                if let value = column.value(node) { out += "<data key=\"\(column.name)\">\(XML.escape(value))</data>" }
            }
            out += "</node>\n"
        }
        for edge in network.edges {
            out += "    <edge source=\"\(XML.escape(edge.source))\" target=\"\(XML.escape(edge.target))\">"
            for column in NetworkColumns.edges {
                if let value = column.value(edge) { out += "<data key=\"e_\(column.name)\">\(value)</data>" }
            }
            out += "</edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return Data(out.utf8)
    }

    /// GEXF 1.3 (Gephi's format) with the organisation name as label and weight on each edge.
    public static func gexf(_ network: CollaborationNetwork, generated: Date = Date()) -> Data {
        let day = ISO8601DateFormatter.string(
            from: generated, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withFullDate])
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
              <meta lastmodifieddate="\(day)"><creator>Statlas</creator><description>Collaboration network of organisations</description></meta>
              <graph defaultedgetype="undirected" mode="static">
                <attributes class="node">

            """
        for column in NetworkColumns.nodes {
            out += "      <attribute id=\"\(column.name)\" title=\"\(column.name)\" type=\"\(column.type.gexf)\"/>\n"
        }
        out += "    </attributes>\n    <attributes class=\"edge\">\n"
        for column in NetworkColumns.edges.dropFirst() {
            out += "      <attribute id=\"\(column.name)\" title=\"\(column.name)\" type=\"\(column.type.gexf)\"/>\n"
        }
        out += "    </attributes>\n    <nodes>\n"
        for node in network.nodes {
            out += "      <node id=\"\(XML.escape(node.id))\" label=\"\(XML.escape(node.name))\"><attvalues>"
            for column in NetworkColumns.nodes {
                if let value = column.value(node) {
                    out += "<attvalue for=\"\(column.name)\" value=\"\(XML.escape(value))\"/>"
                }
            }
            out += "</attvalues></node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        for (i, edge) in network.edges.enumerated() {
            out +=
                "      <edge id=\"\(i)\" source=\"\(XML.escape(edge.source))\" target=\"\(XML.escape(edge.target))\" weight=\"\(edge.weight)\"><attvalues>"
            for column in NetworkColumns.edges.dropFirst() {
                if let value = column.value(edge) { out += "<attvalue for=\"\(column.name)\" value=\"\(value)\"/>" }
            }
            out += "</attvalues></edge>\n"
        }
        out += "    </edges>\n  </graph>\n</gexf>\n"
        return Data(out.utf8)
    }
}

/// XML text escaping (GraphML, GEXF, ODS and the SVG charts), on UTF-8 bytes (`TextEscaping.markup`).
public enum XML {
    public static func escape(_ text: String) -> String { TextEscaping.markup(text) }
}
