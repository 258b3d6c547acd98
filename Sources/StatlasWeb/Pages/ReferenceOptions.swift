import StatlasCore

/// The records offered as choices where a form or filter refers to a small collection (themes, factors,
/// people…); collections larger than `limit` take a typed id instead.
enum ReferenceOptions {
    static let limit = 300

    static func load(for kinds: [EntityKind], repository: any RecordRepository) async throws -> [EntityKind:
        [ChoiceOption]]
    {
        var result: [EntityKind: [ChoiceOption]] = [:]
        for kind in Set(kinds) {
            let options = try await repository.index(kind, limit: limit + 1)
            if options.count <= limit { result[kind] = options }
        }
        return result
    }

    /// The kinds referred to by these fields, nested ones included.
    static func kinds(in fields: [FieldSpec]) -> [EntityKind] {
        fields.flatMap { field -> [EntityKind] in
            switch field.kind {
            case .reference(let kind), .references(let kind): [kind]
            case .group(let inner), .object(let inner): kinds(in: inner)
            default: []
            }
        }
    }
}
