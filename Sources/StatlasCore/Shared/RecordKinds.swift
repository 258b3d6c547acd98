import Foundation

/// The kinds of record one register holds: the registry that storage, the API, the pages, search, import and
/// export all work from. A kind is its `Record` type; everything here is derived from the type's declarations.
///
/// The standard register holds the nine kinds below. A deployment or a test adds one with `adding(_:)` and
/// passes the result to the storage it opens; nothing else needs to know.
public struct RecordKinds: Sendable {
    /// The record types, in collection order.
    public let types: [any Record.Type]

    public init(_ types: [any Record.Type]) {
        self.types = types
    }

    /// The register's kinds: organisations, people, themes, areas, datasets, collaborations, activities,
    /// stakeholder relationships, factors, resources and research questions.
    public static let standard = RecordKinds([
        Organisation.self, Person.self, Theme.self, Area.self, Dataset.self, Collaboration.self, Activity.self,
        Relationship.self, Factor.self, Resource.self, ResearchQuestion.self,
    ])

    /// These kinds and one more (replacing a type of the same collection).
    public func adding(_ type: any Record.Type) -> RecordKinds {
        RecordKinds(types.filter { $0.kind != type.kind } + [type])
    }

    /// The kinds, in collection order.
    public var all: [EntityKind] { types.map { $0.kind } }

    /// The type behind a kind, or nil when this register does not hold it.
    public func type(for kind: EntityKind) -> (any Record.Type)? {
        types.first { $0.kind == kind }
    }

    /// The kind with this collection name (`datasets`), or nil.
    public func kind(named collection: String) -> EntityKind? {
        types.first { $0.kind.rawValue == collection }?.kind
    }

    /// Every (source, target) pair a record may link: each kind's declared reference fields (`.reference`,
    /// `.references`, nested in groups and objects) and its owner organisation. Storage keeps one link table
    /// per pair.
    public var linkPairs: [(source: EntityKind, target: EntityKind)] {
        types.flatMap { type in type.referenceTargets.map { (type.kind, $0) } }
    }

    /// The kinds whose records may link to `target`.
    public func sources(of target: EntityKind) -> [EntityKind] {
        linkPairs.filter { $0.target == target }.map(\.source)
    }
}

extension Record {
    /// The kinds this kind's records may refer to, in first-declared order: every `.reference` and
    /// `.references` field (in groups and objects too) plus the owner organisation.
    public static var referenceTargets: [EntityKind] {
        var seen: [EntityKind] = [.organisation]
        func walk(_ fields: [FieldSpec]) {
            for field in fields {
                switch field.kind {
                case .reference(let target), .references(let target):
                    if !seen.contains(target) { seen.append(target) }
                case .group(let inner), .object(let inner): walk(inner)
                default: break
                }
            }
        }
        walk(fields)
        return seen
    }

    /// The example as JSON, stamped with a version, times and an owner like a stored record.
    public static var exampleJSON: JSONValue {
        var record = example
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        record.version = 1
        record.createdAt = stamp
        record.updatedAt = stamp
        record.ownerId = "office-for-national-statistics"
        return .object(RecordCodec.object(record) ?? [:])
    }
}
