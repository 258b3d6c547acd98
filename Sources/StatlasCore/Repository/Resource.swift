import Foundation

/// Kinds of resource the repository holds.
public enum ResourceKind: String, Vocabulary {
    case caseStudy = "case-study"
    case guidance, template
    case userResearch = "user-research"
    case training, recording
}

/// A case study, piece of guidance, template, user research report, training material or recording: the
/// "central repository for new and existing user research and engagement resources" the landscape survey asked
/// for, linked to the organisations, themes, datasets, collaborations, activities and findings it concerns.
public struct Resource: Record {
    public static let kind = EntityKind.resource
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var title = ""
    public var kind: ResourceKind = .caseStudy
    public var summary: String?
    /// The resource itself in Markdown, shown rendered and sanitised.
    public var body: String?
    public var organisationIds: [String] = []
    public var themeIds: [String] = []
    public var datasetIds: [String] = []
    public var collaborationIds: [String] = []
    public var activityIds: [String] = []
    /// Approved research findings it draws on (ids of `/findings/{id}`).
    public var findingIds: [String] = []
    public var url: String?
    public var published: CalendarDate?
    public var licence: String?

    public init() {}
    public static var blank: Resource { Resource() }
    public static let requiredFields = ["title", "kind"]

    public var searchText: String { [summary ?? "", body ?? ""].joined(separator: " ") }
    public var startDate: CalendarDate? { published }

    public var links: [Link] {
        organisationIds.enumerated().map { Link("organisation", .organisation, $1, field: "organisationIds[\($0)]") }
            + themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
            + datasetIds.enumerated().map { Link("dataset", .dataset, $1, field: "datasetIds[\($0)]") }
            + collaborationIds.enumerated().map {
                Link("collaboration", .collaboration, $1, field: "collaborationIds[\($0)]")
            }
            + activityIds.enumerated().map { Link("activity", .activity, $1, field: "activityIds[\($0)]") }
    }

    public var facets: [Facet] { [Facet("kind", kind.rawValue)] }

    public static let filters: [FilterDefinition] = [
        .vocabulary("kind", ResourceKind.self, summary: "Resources of this kind"),
        FilterDefinition(
            "organisation", .link(.organisation, ["organisation"]), summary: "Resources about or by this organisation"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Resources on this theme"),
        FilterDefinition("dataset", .link(.dataset, ["dataset"]), summary: "Resources about this dataset"),
        FilterDefinition(
            "collaboration", .link(.collaboration, ["collaboration"]), summary: "Resources about this collaboration"),
        FilterDefinition("activity", .link(.activity, ["activity"]), summary: "Resources from this activity"),
    ]

    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", required: true),
        .choice("kind", "Kind of resource", ResourceKind.self, required: true),
        FieldSpec("summary", "Summary", .longText, hint: "A sentence or two in your own words"),
        FieldSpec(
            "body", "The resource", .longText,
            hint: "Markdown: # headings, *emphasis*, lists, [links](https://example.org); no HTML"),
        FieldSpec("organisationIds", "Organisations", .references(.organisation)),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        FieldSpec("datasetIds", "Datasets", .references(.dataset)),
        FieldSpec("collaborationIds", "Collaborations", .references(.collaboration)),
        FieldSpec("activityIds", "Activities", .references(.activity)),
        FieldSpec("findingIds", "Research findings", .list, hint: "Ids of approved findings, one per line"),
        FieldSpec("url", "Web page", .url),
        FieldSpec("published", "Published", .date),
        FieldSpec("licence", "Licence", hint: "For example, OGL-UK-3.0"),
    ]

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the resource's title")
        v.maxLength(title, "title", 500)
        v.maxLength(body ?? "", "body", 200_000)
        v.webAddress(url, "url")
        for (field, ids) in [
            ("organisationIds", organisationIds), ("themeIds", themeIds), ("datasetIds", datasetIds),
            ("collaborationIds", collaborationIds), ("activityIds", activityIds),
        ] {
            v.unique(ids, field)
        }
        return v.errors
    }

    public static var example: Resource {
        var r = Resource()
        (r.id, r.title, r.kind, r.summary) = (
            "hci-user-events", "Household Cost Indices user events", .caseStudy, "Three events with over 1,000 sign-ups"
        )
        (r.body, r.organisationIds, r.themeIds, r.datasetIds) = (
            "## What we did\n\nThree online events.", ["office-for-national-statistics"], ["economy"],
            ["population-count"]
        )
        (r.collaborationIds, r.activityIds, r.findingIds) = (["c1"], ["a1"], ["finding-1"])
        (r.url, r.published, r.licence) = (
            "https://www.ons.gov.uk", CalendarDate(year: 2023, month: 10, day: 1), "OGL-UK-3.0"
        )
        return r
    }
}
