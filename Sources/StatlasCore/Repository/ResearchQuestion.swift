import Foundation

/// Where a research question stands.
public enum ResearchQuestionStatus: String, Vocabulary {
    case open
    case inProgress = "in-progress"
    case answered, archived
}

/// A department's research question (an Area of Research Interest), linked to the datasets that inform it, the
/// organisations and collaborations working on it, and the resources and findings that answer it.
public struct ResearchQuestion: Record {
    public static let kind = EntityKind.researchQuestion
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var question = ""
    /// The department that asks it.
    public var departmentId = ""
    public var background: String?
    public var themeIds: [String] = []
    public var status: ResearchQuestionStatus = .open
    public var published: CalendarDate?
    public var reviewDate: CalendarDate?
    public var url: String?
    /// Datasets that inform it.
    public var datasetIds: [String] = []
    /// Organisations and collaborations working on it.
    public var organisationIds: [String] = []
    public var collaborationIds: [String] = []
    /// Resources and approved findings that answer it.
    public var resourceIds: [String] = []
    public var findingIds: [String] = []

    public init() {}
    public static var blank: ResearchQuestion { ResearchQuestion() }
    public static let requiredFields = ["question", "departmentId"]

    public var title: String { question }
    public var searchText: String { background ?? "" }
    public var startDate: CalendarDate? { published }

    public var links: [Link] {
        [Link("department", .organisation, departmentId, field: "departmentId")].filter { !$0.id.isEmpty }
            + themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
            + datasetIds.enumerated().map { Link("informed-by", .dataset, $1, field: "datasetIds[\($0)]") }
            + organisationIds.enumerated().map {
                Link("working-on", .organisation, $1, field: "organisationIds[\($0)]")
            }
            + collaborationIds.enumerated().map {
                Link("collaboration", .collaboration, $1, field: "collaborationIds[\($0)]")
            }
            + resourceIds.enumerated().map { Link("answered-by", .resource, $1, field: "resourceIds[\($0)]") }
    }

    public var facets: [Facet] { [Facet("status", status.rawValue)] }

    public static let filters: [FilterDefinition] = [
        FilterDefinition("department", .link(.organisation, ["department"]), summary: "Questions this department asks"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Questions on this theme"),
        .vocabulary("status", ResearchQuestionStatus.self, summary: "Questions with this status"),
        FilterDefinition("dataset", .link(.dataset, ["informed-by"]), summary: "Questions this dataset informs"),
        FilterDefinition(
            "organisation", .link(.organisation, ["working-on"]), summary: "Questions this organisation works on"),
    ]

    public static let fields: [FieldSpec] = [
        FieldSpec("question", "Question", .longText, required: true),
        FieldSpec("departmentId", "Department", .reference(.organisation), required: true),
        FieldSpec("background", "Background", .longText),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        .choice("status", "Status", ResearchQuestionStatus.self, required: true),
        FieldSpec("published", "Published", .date),
        FieldSpec("reviewDate", "Review by", .date),
        FieldSpec("url", "Web page", .url),
        FieldSpec("datasetIds", "Datasets that inform it", .references(.dataset)),
        FieldSpec("organisationIds", "Organisations working on it", .references(.organisation)),
        FieldSpec("collaborationIds", "Collaborations working on it", .references(.collaboration)),
        FieldSpec("resourceIds", "Resources that answer it", .references(.resource)),
        FieldSpec("findingIds", "Research findings that answer it", .list, hint: "Ids of approved findings"),
    ]

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(question, "question", "Enter the research question")
        v.maxLength(question, "question", 2_000)
        v.required(departmentId, "departmentId", "Choose the department that asks it")
        v.webAddress(url, "url")
        v.dateOrder(published, reviewDate, "reviewDate")
        return v.errors
    }

    public static var example: ResearchQuestion {
        var q = ResearchQuestion()
        (q.id, q.question, q.departmentId, q.background) = (
            "dft-local-travel", "How do local travel patterns differ across the UK?", "department-for-transport",
            "From the department's Areas of Research Interest"
        )
        (q.themeIds, q.status, q.published, q.reviewDate, q.url) = (
            ["transport"], .open, CalendarDate(year: 2024, month: 4, day: 1),
            CalendarDate(year: 2026, month: 4, day: 1), "https://www.gov.uk"
        )
        (q.datasetIds, q.organisationIds, q.collaborationIds, q.resourceIds, q.findingIds) = (
            ["d1"], ["office-for-national-statistics"], ["c1"], ["r1"], ["finding-1"]
        )
        return q
    }
}
