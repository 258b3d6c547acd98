import Foundation
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

/// Walks every reference field that every kind declares (`.reference`, `.references`, in groups too) and
/// proves that the reference is stored, filterable where a filter names its relation, and protected on delete.
@Suite("Every declared reference is stored, filterable where declared, and protected on delete")
struct DeclaredReferenceTests {
    /// One reference field: its path through groups, and the kind it points at.
    struct Path: CustomStringConvertible {
        var names: [String]
        var target: EntityKind
        var description: String { names.joined(separator: ".") }
    }

    static func paths(_ fields: [FieldSpec], prefix: [String] = []) -> [Path] {
        fields.flatMap { field -> [Path] in
            switch field.kind {
            case .reference(let target), .references(let target): [Path(names: prefix + [field.name], target: target)]
            case .group(let inner), .object(let inner): paths(inner, prefix: prefix + [field.name])
            default: []
            }
        }
    }

    /// An id for a record of `kind` (areas' ids are their codes).
    static func id(_ kind: EntityKind, _ n: Int) -> String {
        kind == .area ? "E0600\(String(format: "%04d", n + 1))" : "\(kind.table)-\(n)"
    }

    /// Sets every value at `names` in `value` (through group arrays) with `make(target)`.
    static func set(_ value: JSONValue, _ names: ArraySlice<String>, _ replacement: (Bool) -> JSONValue) -> JSONValue {
        guard let name = names.first else { return value }
        switch value {
        case .object(var object):
            if names.count == 1 {
                if case .array = object[name] {
                    object[name] = replacement(true)
                } else {
                    object[name] = replacement(false)
                }
            } else if let inner = object[name] {
                object[name] = set(inner, names.dropFirst(), replacement)
            }
            return .object(object)
        case .array(let items): return .array(items.map { set($0, names, replacement) })
        default: return value
        }
    }

    /// The example of `type` with every reference pointing at the anchor of its target (or emptied, when
    /// `anchors` is nil), and the given id; fields take the anchors of their target in turn, so two fields
    /// (an owner and a stakeholder) never name the same record.
    static func record<R: Record>(
        _ type: R.Type, id: String, anchors: [EntityKind: [String]]?, override: (Path, String)? = nil
    ) throws -> R {
        guard case .object(var object) = RecordCodec.object(R.example).map(JSONValue.object) else {
            throw StatlasError.badRequest("")
        }
        object["id"] = .string(id)
        object["ownerId"] = nil
        if object["code"] != nil { object["code"] = .string(id) }
        var value = JSONValue.object(object)
        for (i, path) in paths(R.fields).enumerated() {
            if anchors == nil, path.names.count > 1 {  // an anchor drops group entries that refer to others
                value = set(value, path.names.prefix(1)) { _ in .array([]) }
                continue
            }
            let target =
                override.flatMap { $0.0.description == path.description ? $0.1 : nil }
                ?? anchors?[path.target].map { $0[i % $0.count] }
            value = set(value, path.names[...]) { isList in
                guard let target else { return isList ? .array([]) : .null }
                return isList ? .array([.string(target)]) : .string(target)
            }
        }
        guard case .object(let filled) = value else { throw StatlasError.badRequest("") }
        return try RecordCodec.decode(type, object: filled, over: R.blank)
    }

    @Test("Each reference of each kind is stored, filterable, and keeps its target", arguments: TestDatabase.engines)
    func everyReference(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repository = storage.records
            let kinds = repository.kinds
            let targets = Set(kinds.linkPairs.map(\.target))
            // Two anchors per target kind: its example with references emptied.
            var anchors: [EntityKind: [String]] = [:]
            // A kind that needs a reference to be valid (a collaboration's participants) is made last, pointing at
            // the other kinds' anchors.
            var needing: [any Record.Type] = []
            for type in kinds.types where targets.contains(type.kind) {
                func create<R: Record>(_ type: R.Type, _ id: String) async throws -> Bool {
                    do {
                        _ = try await repository.create(try Self.record(type, id: id, anchors: nil))
                        return true
                    } catch StatlasError.invalid {
                        return false
                    }
                }
                if try await create(type, Self.id(type.kind, 0)) {
                    _ = try await create(type, Self.id(type.kind, 1))
                } else {
                    needing.append(type)
                }
                anchors[type.kind] = [Self.id(type.kind, 0), Self.id(type.kind, 1)]
            }
            for type in needing {
                func create<R: Record>(_ type: R.Type) async throws {
                    for n in 0..<2 {
                        _ = try await repository.create(
                            try Self.record(type, id: Self.id(type.kind, n), anchors: anchors))
                    }
                }
                try await create(type)
            }
            var checked = 0
            var relationsSeen: [EntityKind: Set<String>] = [:]
            for type in kinds.types {
                func walk<R: Record>(_ type: R.Type) async throws {
                    for (n, path) in Self.paths(R.fields).enumerated() {
                        // A target only this field refers to, so what follows is about this field alone.
                        let only = Self.id(path.target, 100 + checked)
                        func target<T: Record>(_ t: T.Type) async throws {
                            let needsReferences = needing.contains { $0.kind == t.kind }
                            _ = try await repository.create(
                                try Self.record(t, id: only, anchors: needsReferences ? anchors : nil))
                        }
                        guard let targetType = kinds.type(for: path.target) else {
                            Issue.record("\(path) targets an unknown kind")
                            continue
                        }
                        try await target(targetType)
                        let subject = try Self.record(
                            type, id: R.kind == .area ? Self.id(.area, 500 + n) : "\(R.kind.table)-subject-\(n)",
                            anchors: anchors, override: (path, only))
                        _ = try await repository.create(subject)

                        // Stored: the target's referrers name the subject.
                        let referrers = try await repository.referrers(to: path.target, id: only)
                        let link = referrers.first { $0.kind == R.kind && $0.id == subject.id }
                        #expect(link != nil, "\(R.kind.collection).\(path) is not stored")
                        // Filterable where a filter names the relation.
                        if let link {
                            relationsSeen[R.kind, default: []].insert(link.relation)
                            for filter in R.filters {
                                guard case .link(let kind, let relations) = filter.source, kind == path.target,
                                    relations.contains(link.relation)
                                else { continue }
                                let page = try await repository.list(type, ListQuery(filters: [filter.name: only]))
                                #expect(
                                    page.items.map(\.id) == [subject.id],
                                    "\(R.kind.collection)?\(filter.name)= misses \(path)")
                            }
                        }
                        // Protected on delete.
                        await #expect(
                            throws: StatlasError.self,
                            "\(path.target.collection) \(only) was deleted under \(R.kind.collection).\(path)"
                        ) {
                            func delete<T: Record>(_ t: T.Type) async throws {
                                try await repository.delete(t, id: only, expectedVersion: nil)
                            }
                            try await delete(targetType)
                        }
                        checked += 1
                    }
                }
                try await walk(type)
            }
            // Every link filter a kind declares is fed by one of its reference fields.
            for type in kinds.types {
                for filter in type.filters {
                    guard case .link(_, let relations) = filter.source else { continue }
                    #expect(
                        !Set(relations).isDisjoint(with: relationsSeen[type.kind] ?? []),
                        "\(type.kind.collection)?\(filter.name)= names relations no field stores")
                }
            }
            #expect(checked >= 25, "only \(checked) references walked")
        }
    }
}
