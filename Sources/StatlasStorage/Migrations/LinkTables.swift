import StatlasCore

/// The link tables: one per (entity, target entity) pair that a kind's reference fields declare, named
/// `<entity table>_<target stem>_links`.
///
/// Each row says that a record refers to a target through a relation ("producer", "theme"…); both ends are
/// real foreign keys, so the database itself refuses a reference to a missing record.
public enum LinkTables {
    /// The table holding links from `source` records to `target` records.
    static func name(_ source: EntityKind, _ target: EntityKind) -> String {
        "\(source.table)_\(target.stem)_links"
    }
}
