import StatlasCore

/// The link tables: one per (entity, target entity) pair, named `<entity collection>_<target noun>_links`.
///
/// Each row says that a record refers to a target through a relation ("producer", "theme"…); both ends are
/// real foreign keys, so the database itself refuses a reference to a missing record.
public enum LinkTables {
    /// The pairs created by migration 1; never edit (add pairs in a later migration and to `current`).
    static let initial: [(EntityKind, EntityKind)] = {
        var pairs: [(EntityKind, EntityKind)] = EntityKind.allCases.map { ($0, .organisation) }
        pairs += [
            (.person, .theme), (.area, .area),
            (.dataset, .theme), (.dataset, .dataset), (.dataset, .person),
            (.collaboration, .dataset), (.collaboration, .area), (.collaboration, .theme), (.collaboration, .factor),
            (.activity, .theme), (.activity, .dataset), (.activity, .area),
            (.relationship, .dataset), (.relationship, .person),
        ]
        return pairs
    }()

    /// The pairs in the current schema.
    static let current = initial

    /// The table holding links from `source` records to `target` records.
    static func name(_ source: EntityKind, _ target: EntityKind) -> String {
        "\(source.collection)_\(target.noun.replacingOccurrences(of: " ", with: "_"))_links"
    }

    /// The targets `source` records may link to.
    static func targets(of source: EntityKind) -> [EntityKind] {
        current.filter { $0.0 == source }.map(\.1)
    }

    /// The sources whose records may link to `target` records.
    static func sources(of target: EntityKind) -> [EntityKind] {
        current.filter { $0.1 == target }.map(\.0)
    }
}
