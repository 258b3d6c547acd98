import Foundation
import StatlasCore

/// Turns a drawn network into register rows: an organisation per node and a collaboration per edge.
///
/// Ids are derived from the file, so importing it again changes nothing: a node becomes the organisation
/// whose id is the node id (made URL-safe), and its name and kind apply only when that organisation is new,
/// so existing records are never overwritten. An edge becomes the collaboration
/// `tie-<source>-<target>-<n>` (n counting parallel edges between the pair).
public enum NetworkImport {
    public static func plan(_ network: DrawnNetwork) throws -> ImportPlan {
        var plan = ImportPlan(rows: [])
        var ids: [String: String] = [:]
        var names: [String: String] = [:]
        var problems: [ImportProblem] = []
        var defaultedKinds = 0
        for (i, node) in network.nodes.enumerated() {
            guard ids[node.id] == nil else {
                problems.append(ImportProblem("node \(i + 1) (\(node.id))", "repeats a node id"))
                continue
            }
            let id = organisationId(node.id)
            ids[node.id] = id
            let name = value(node.attributes, ["name", "label", "Name", "Label"]) ?? node.id
            names[node.id] = name
            var defaults: [String: JSONValue] = ["name": .string(name)]
            if let kind = value(node.attributes, ["kind", "Kind", "type", "Type"]).flatMap(organisationKind) {
                defaults["kind"] = .string(kind.rawValue)
            } else {
                defaults["kind"] = .string(OrganisationKind.publicBody.rawValue)
                defaultedKinds += 1
            }
            plan.rows.append(
                ImportRow(
                    .organisation, id: id, fields: [:], defaults: defaults, location: "node \(i + 1) (\(node.id))"))
        }
        var parallel: [String: Int] = [:]
        var selfLoops = 0
        for (i, edge) in network.edges.enumerated() {
            let location = "edge \(i + 1) (\(edge.source)–\(edge.target))"
            guard let a = ids[edge.source], let b = ids[edge.target] else {
                problems.append(ImportProblem(location, "names a node that is not in the file"))
                continue
            }
            guard a != b else {
                selfLoops += 1
                continue
            }
            let (first, second) = a < b ? (a, b) : (b, a)
            let pair = "\(first)-\(second)"
            parallel[pair, default: 0] += 1
            let kind =
                value(edge.attributes, ["kind", "Kind", "type", "Type"]).flatMap {
                    CollaborationKind(rawValue: $0.lowercased())
                }
                ?? .other
            let title =
                value(edge.attributes, ["label", "Label", "title", "name"])
                ?? "\(names[edge.source] ?? edge.source) and \(names[edge.target] ?? edge.target)"
            plan.rows.append(
                ImportRow(
                    .collaboration, id: "tie-\(pair)-\(parallel[pair] ?? 1)",
                    fields: [
                        "title": .string(String(title.prefix(500))),
                        "kind": .string(kind.rawValue),
                        "participants": .array(
                            [first, second].map {
                                .object([
                                    "organisationId": .string($0), "role": .string(ParticipantRole.partner.rawValue),
                                ])
                            }),
                    ], location: location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        if defaultedKinds > 0 {
            plan.warnings.append(
                "\(defaultedKinds) nodes had no recognised kind attribute; organisations new to the register were recorded as public bodies"
            )
        }
        if selfLoops > 0 { plan.warnings.append("\(selfLoops) edges from a node to itself were left out") }
        return plan
    }

    /// The node id if it is already a usable id, else a slug of it; a stable hash when nothing is left.
    static func organisationId(_ nodeId: String) -> String {
        let allowed = nodeId.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")
        }
        if allowed && !nodeId.isEmpty && nodeId.count <= 100 { return nodeId }
        let folded = nodeId.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let hasText = folded.unicodeScalars.contains {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
        return hasText ? Slug.make(nodeId) : "node-" + fnv1a(nodeId)
    }

    /// FNV-1a 64-bit, in hex: a stable id for names with no ASCII letters or digits.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func value(_ attributes: [String: String], _ names: [String]) -> String? {
        for name in names {
            if let v = attributes[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty { return v }
        }
        return nil
    }

    /// An organisation kind from its code (`local-authority`) or label ("Local authority").
    static func organisationKind(_ text: String) -> OrganisationKind? {
        let key = text.lowercased()
        return OrganisationKind(rawValue: key)
            ?? OrganisationKind.allCases.first {
                $0.label.lowercased() == key || $0.rawValue.replacingOccurrences(of: "-", with: " ") == key
            }
    }
}
