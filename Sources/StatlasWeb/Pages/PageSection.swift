import StatlasCore

/// The view model of a headed section of links (the `sections` template), shared by the detail extras
/// and "who to contact".
enum PageSection {
    /// A section listing links, or saying `empty` when there are none.
    static func list(id: String, heading: String, links: [[String: Any]], empty: String, paragraphs: [String] = []) -> [String: Any] {
        var section: [String: Any] = ["id": id, "heading": heading, "paragraphs": paragraphs]
        if links.isEmpty { section["empty"] = empty } else { section["links"] = links; section["hasLinks"] = true }
        return section
    }
}

/// Table cells for the `values` partial: plain text, a link, or nothing.
enum Cell {
    static func text(_ text: String) -> [String: Any] { ["single": true, "text": text] }
    static func link(_ text: String, _ href: String) -> [String: Any] { ["single": true, "text": text, "href": href] }
    static var none: [String: Any] { ["none": true] }

    /// A link to the record of `kind` with `id`, named from `names`; nothing when there is no id.
    static func record(_ kind: EntityKind, _ id: String?, names: [EntityKind: [String: String]]) -> [String: Any] {
        guard let id else { return none }
        return link(names[kind]?[id] ?? id, RecordPaths.path(kind, id))
    }

    /// A table row of cells.
    static func row(_ cells: [[String: Any]]) -> [String: Any] { ["cells": cells] }
}
