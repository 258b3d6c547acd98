import Foundation
import StatlasCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A network drawn in another tool (Kumu, Gephi, NetworkX…), as read from GraphML or GEXF.
public struct DrawnNetwork: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var attributes: [String: String]
    }

    public struct Edge: Sendable, Equatable {
        public var source: String
        public var target: String
        public var attributes: [String: String]
    }

    public var nodes: [Node] = []
    public var edges: [Edge] = []

    /// Reads GraphML (`format` "graphml") or GEXF (any version; "gexf"). Attribute keys are resolved to
    /// their names (`attr.name`, GEXF `title`); a GEXF node's `label` and edge's `label`/`weight` count as
    /// attributes. External entities are never resolved.
    public static func read(_ data: Data, format: ImportFormat) throws -> DrawnNetwork {
        let reader = NetworkXMLReader(gexf: format == .gexf)
        // Read as a stream, in chunks: libxml2 refuses a single chunk of more than 10 MB ("huge input").
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let problem = reader.problem { throw ImportError(problems: [problem]) }
        guard parsed else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "it is not well-formed XML"
            throw ImportError(problems: [
                ImportProblem("line \(parser.lineNumber)", "cannot be read as \(format.rawValue): \(reason)")
            ])
        }
        guard reader.sawGraph else {
            throw ImportError(problems: [
                ImportProblem("the file", "has no \(format == .gexf ? "<gexf><graph>" : "<graphml><graph>") element")
            ])
        }
        return reader.network
    }
}

/// SAX-style reader for GraphML and GEXF.
private final class NetworkXMLReader: NSObject, XMLParserDelegate {
    let gexf: Bool
    var network = DrawnNetwork()
    var problem: ImportProblem?
    var sawGraph = false
    /// Key id → attribute name (GraphML keys, GEXF attribute ids), per class ("node", "edge").
    var keys: [String: [String: String]] = ["node": [:], "edge": [:], "all": [:]]
    var attributeClass = "node"
    var currentNode: DrawnNetwork.Node?
    var currentEdge: DrawnNetwork.Edge?
    var dataKey: String?
    var text = ""

    init(gexf: Bool) { self.gexf = gexf }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes a: [String: String] = [:]
    ) {
        let element = name.split(separator: ":").last.map(String.init) ?? name
        switch element {
        case "graph": sawGraph = true
        case "key" where !gexf:
            if let id = a["id"] { keys[a["for"] ?? "all", default: [:]][id] = a["attr.name"] ?? id }
        case "attributes" where gexf: attributeClass = a["class"] ?? "node"
        case "attribute" where gexf:
            if let id = a["id"] { keys[attributeClass, default: [:]][id] = a["title"] ?? id }
        case "node":
            guard let id = a["id"], !id.isEmpty else { return fail(parser, "a node has no id") }
            var attributes: [String: String] = [:]
            if gexf, let label = a["label"] { attributes["label"] = label }
            currentNode = DrawnNetwork.Node(id: id, attributes: attributes)
        case "edge":
            guard let source = a["source"], let target = a["target"] else {
                return fail(parser, "an edge has no source or target")
            }
            var attributes: [String: String] = [:]
            if gexf {
                for name in ["label", "weight", "kind"] { if let value = a[name] { attributes[name] = value } }
            }
            currentEdge = DrawnNetwork.Edge(source: source, target: target, attributes: attributes)
        case "data" where !gexf:
            dataKey = a["key"]
            text = ""
        case "attvalue" where gexf:
            guard let key = a["for"] ?? a["id"], let value = a["value"] else { return }
            if currentEdge != nil {
                currentEdge?.attributes[keys["edge"]?[key] ?? key] = value
            } else if currentNode != nil {
                currentNode?.attributes[keys["node"]?[key] ?? key] = value
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if dataKey != nil { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = name.split(separator: ":").last.map(String.init) ?? name
        switch element {
        case "data" where !gexf:
            if let key = dataKey {
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if currentEdge != nil {
                    currentEdge?.attributes[keys["edge"]?[key] ?? keys["all"]?[key] ?? key] = value
                } else if currentNode != nil {
                    currentNode?.attributes[keys["node"]?[key] ?? keys["all"]?[key] ?? key] = value
                }
            }
            dataKey = nil
        case "node":
            if let node = currentNode { network.nodes.append(node) }
            currentNode = nil
        case "edge":
            if let edge = currentEdge { network.edges.append(edge) }
            currentEdge = nil
        default: break
        }
    }

    func fail(_ parser: XMLParser, _ message: String) {
        problem = ImportProblem("line \(parser.lineNumber)", message)
        parser.abortParsing()
    }
}
