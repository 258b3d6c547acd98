import StatlasCore

extension CellView {
    /// A link to the record of `kind` with `id`, named from `names`; nothing when there is no id.
    static func record(_ kind: EntityKind, _ id: String?, names: [EntityKind: [String: String]]) -> CellView {
        guard let id else { return .empty }
        return .link(names[kind]?[id] ?? id, RecordPaths.path(kind, id))
    }
}
