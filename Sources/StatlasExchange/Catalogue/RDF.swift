import Foundation
import StatlasCore

/// A small RDF model for writing the catalogue: nodes named by IRI, with types and properties whose values are
/// IRIs, literals (with a language or a datatype) or nested blank nodes — written as Turtle or as JSON-LD node
/// objects, both streamable a node at a time.
public enum RDFTerm: Sendable, Hashable {
    case iri(String)
    case text(String, language: String?)
    case typed(String, datatype: String)
    case blank(types: [String], properties: [RDFProperty])

    /// A literal in English.
    public static func english(_ text: String) -> RDFTerm { .text(text, language: "en") }
    public static func plain(_ text: String) -> RDFTerm { .text(text, language: nil) }
}

/// One property: a predicate (a prefixed name, `dct:title`) and its value.
public struct RDFProperty: Sendable, Hashable {
    public var predicate: String
    public var value: RDFTerm

    public init(_ predicate: String, _ value: RDFTerm) {
        self.predicate = predicate
        self.value = value
    }
}

/// A named node: its IRI, types (prefixed names) and properties.
public struct RDFNode: Sendable, Hashable {
    public var iri: String
    public var types: [String]
    public var properties: [RDFProperty]

    public init(_ iri: String, types: [String], _ properties: [RDFProperty] = []) {
        (self.iri, self.types, self.properties) = (iri, types, properties)
    }
}

/// The prefixes every document uses.
public enum RDFPrefixes {
    public static let all: [(String, String)] = [
        ("dcat", "http://www.w3.org/ns/dcat#"), ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"), ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("ons", "https://data.ons.gov.uk/ns#"), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ]
}

/// Turtle (RDF 1.1): prefixes once, then each node as a block.
public enum Turtle {
    public static var header: String {
        RDFPrefixes.all.map { "@prefix \($0.0): <\($0.1)> ." }.joined(separator: "\n") + "\n\n"
    }

    public static func node(_ node: RDFNode) -> String {
        var parts = node.types.isEmpty ? [] : ["a " + node.types.joined(separator: ", ")]
        parts += node.properties.map { "\($0.predicate) \(term($0.value, indent: "    "))" }
        return iri(node.iri) + "\n    " + parts.joined(separator: " ;\n    ") + " .\n\n"
    }

    static func term(_ term: RDFTerm, indent: String) -> String {
        switch term {
        case .iri(let value): return iri(value)
        case .text(let value, let language): return literal(value) + (language.map { "@" + $0 } ?? "")
        case .typed(let value, let datatype): return literal(value) + "^^" + datatype
        case .blank(let types, let properties):
            let inner = indent + "    "
            var parts = types.isEmpty ? [] : ["a " + types.joined(separator: ", ")]
            parts += properties.map { "\($0.predicate) \(self.term($0.value, indent: inner))" }
            return "[\n" + inner + parts.joined(separator: " ;\n" + inner) + "\n" + indent + "]"
        }
    }

    /// An IRI reference: characters Turtle's IRIREF forbids (controls, space, `<>"{}|^`\`) percent-encoded;
    /// other characters, ASCII or not, kept.
    public static func iri(_ value: String) -> String {
        var out = "<"
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x00...0x20, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D, 0x7F:
                out += String(format: "%%%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + ">"
    }

    /// A string literal with Turtle's escapes (`\"`, `\\`, `\n`, `\r`, `\t`, and `\u` for other controls).
    public static func literal(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// JSON-LD 1.1: a context of the prefixes and a `@graph` of node objects.
public enum JSONLDGraph {
    /// The document's opening, up to the first node of `@graph`.
    public static var header: String {
        let context = RDFPrefixes.all.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
        return "{\"@context\": {\(context)},\n\"@graph\": [\n"
    }

    public static let footer = "\n]}\n"

    public static func node(_ node: RDFNode) -> JSONValue {
        var object: [String: JSONValue] = ["@id": .string(node.iri)]
        if !node.types.isEmpty { object["@type"] = .array(node.types.map(JSONValue.string)) }
        merge(node.properties, into: &object)
        return .object(object)
    }

    static func merge(_ properties: [RDFProperty], into object: inout [String: JSONValue]) {
        var grouped: [String: [JSONValue]] = [:]
        var order: [String] = []
        for property in properties {
            if grouped[property.predicate] == nil { order.append(property.predicate) }
            grouped[property.predicate, default: []].append(value(property.value))
        }
        for key in order { object[key] = .array(grouped[key] ?? []) }
    }

    static func value(_ term: RDFTerm) -> JSONValue {
        switch term {
        case .iri(let iri): return ["@id": .string(iri)]
        case .text(let text, let language):
            return language.map { ["@value": .string(text), "@language": .string($0)] } ?? ["@value": .string(text)]
        case .typed(let text, let datatype):
            let expanded = RDFPrefixes.all.first { datatype.hasPrefix($0.0 + ":") }.map {
                $0.1 + datatype.dropFirst($0.0.count + 1)
            }
            return ["@value": .string(text), "@type": .string(expanded ?? datatype)]
        case .blank(let types, let properties):
            var object: [String: JSONValue] = [:]
            if !types.isEmpty { object["@type"] = .array(types.map(JSONValue.string)) }
            merge(properties, into: &object)
            return .object(object)
        }
    }
}
