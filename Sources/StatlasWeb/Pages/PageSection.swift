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
