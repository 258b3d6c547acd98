import StatlasCore

/// Reference fields typed as text (collections too long for a select): a person types a record's name, short
/// name or id, and sees the stored record's name rather than its id.
enum FormReferences {
    /// The reading with the value of every reference field (nested ones included) replaced by the id of the
    /// record it names (`References.match`); a value that names no single record becomes an error on its field,
    /// with the candidates to choose from, and is left as typed.
    static func resolve(_ reading: FormCodec.Reading, fields: [FieldSpec], repository: any RecordRepository)
        async throws -> FormCodec.Reading
    {
        var reading = reading
        var problems: [FieldError] = []
        reading.object = try await resolve(reading.object, fields, path: "", &problems, repository)
        reading.errors = problems + reading.errors
        return reading
    }

    private static func resolve(
        _ object: [String: JSONValue], _ fields: [FieldSpec], path: String, _ problems: inout [FieldError],
        _ repository: any RecordRepository
    ) async throws -> [String: JSONValue] {
        var object = object
        for field in fields {
            let path = path + field.name
            switch (field.kind, object[field.name]) {
            case (.reference(let kind), .string(let text)?):
                object[field.name] = .string(try await id(kind, text, path, &problems, repository) ?? text)
            case (.references(let kind), .array(let items)?):
                var ids: [JSONValue] = []
                for case .string(let text) in items {
                    ids.append(.string(try await id(kind, text, path, &problems, repository) ?? text))
                }
                object[field.name] = .array(ids)
            case (.group(let inner), .array(let entries)?):
                var resolved: [JSONValue] = []
                for (index, entry) in entries.enumerated() {
                    guard case .object(let entryObject) = entry else {
                        resolved.append(entry)
                        continue
                    }
                    resolved.append(
                        .object(
                            try await resolve(entryObject, inner, path: "\(path)[\(index)].", &problems, repository)))
                }
                object[field.name] = .array(resolved)
            case (.object(let inner), .object(let innerObject)?):
                object[field.name] = .object(
                    try await resolve(innerObject, inner, path: path + ".", &problems, repository))
            default:
                break
            }
        }
        return object
    }

    private static func id(
        _ kind: EntityKind, _ text: String, _ path: String, _ problems: inout [FieldError],
        _ repository: any RecordRepository
    ) async throws -> String? {
        let match = try await References.match(kind, text, in: repository)
        if case .record(let record) = match { return record.id }
        if let problem = References.problem(path, kind, text, match) { problems.append(problem) }
        return nil
    }

    /// A stored record's fields with each reference that the form shows as text (its kind has no `options`)
    /// given as the referred record's name, where that name finds that record alone; otherwise as its id.
    static func named(
        _ object: [String: JSONValue], fields: [FieldSpec], options: [EntityKind: [ChoiceOption]],
        repository: any RecordRepository
    ) async throws -> [String: JSONValue] {
        var wanted: [EntityKind: Set<String>] = [:]
        collect(object, fields, options, &wanted)
        guard !wanted.isEmpty else { return object }
        var names: [EntityKind: [String: String]] = [:]
        for (kind, titles) in try await repository.titles(wanted) {
            for (id, title) in titles where try await repository.named(kind, title, limit: 2).map(\.id) == [id] {
                names[kind, default: [:]][id] = title
            }
        }
        return replace(object, fields, options, names)
    }

    /// Whether the form shows this reference field as text (not a select or checkboxes).
    static func typed(_ kind: FieldSpec.Kind, _ options: [EntityKind: [ChoiceOption]]) -> EntityKind? {
        switch kind {
        case .reference(let target) where options[target] == nil: target
        case .references(let target) where (options[target]?.count ?? .max) > 40: target
        default: nil
        }
    }

    private static func collect(
        _ object: [String: JSONValue], _ fields: [FieldSpec], _ options: [EntityKind: [ChoiceOption]],
        _ wanted: inout [EntityKind: Set<String>]
    ) {
        for field in fields {
            let value = object[field.name]
            if let kind = typed(field.kind, options) {
                if case .string(let id)? = value { wanted[kind, default: []].insert(id) }
                if case .array(let items)? = value {
                    for case .string(let id) in items { wanted[kind, default: []].insert(id) }
                }
            } else if case .group(let inner) = field.kind, case .array(let entries)? = value {
                for case .object(let entry) in entries { collect(entry, inner, options, &wanted) }
            } else if case .object(let inner) = field.kind, case .object(let nested)? = value {
                collect(nested, inner, options, &wanted)
            }
        }
    }

    private static func replace(
        _ object: [String: JSONValue], _ fields: [FieldSpec], _ options: [EntityKind: [ChoiceOption]],
        _ names: [EntityKind: [String: String]]
    ) -> [String: JSONValue] {
        var object = object
        for field in fields {
            let value = object[field.name]
            if let kind = typed(field.kind, options) {
                let name = { (id: String) in JSONValue.string(names[kind]?[id] ?? id) }
                if case .string(let id)? = value { object[field.name] = name(id) }
                if case .array(let items)? = value {
                    object[field.name] = .array(items.map { if case .string(let id) = $0 { name(id) } else { $0 } })
                }
            } else if case .group(let inner) = field.kind, case .array(let entries)? = value {
                object[field.name] = .array(
                    entries.map {
                        if case .object(let entry) = $0 { .object(replace(entry, inner, options, names)) } else { $0 }
                    })
            } else if case .object(let inner) = field.kind, case .object(let nested)? = value {
                object[field.name] = .object(replace(nested, inner, options, names))
            }
        }
        return object
    }
}
