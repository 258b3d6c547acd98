import Foundation

/// The engagement approach implied by a stakeholder's power and interest (Mendelow's grid).
public enum EngagementApproach: String, Vocabulary {
    case manageClosely = "manage-closely"
    case keepSatisfied = "keep-satisfied"
    case keepInformed = "keep-informed"
    case monitor

    /// Power and interest of 3 or more count as high on the 1–5 scales.
    public init(power: Int, interest: Int) {
        switch (power >= 3, interest >= 3) {
        case (true, true): self = .manageClosely
        case (true, false): self = .keepSatisfied
        case (false, true): self = .keepInformed
        case (false, false): self = .monitor
        }
    }
}

/// One dated assessment of a stakeholder's power and interest.
public struct Assessment: Codable, Sendable, Hashable {
    public var date: CalendarDate
    public var power: Int
    public var interest: Int
    public var note: String?

    public init(date: CalendarDate, power: Int, interest: Int, note: String? = nil) {
        self.date = date
        self.power = power
        self.interest = interest
        self.note = note
    }
}

/// "Who deals with which stakeholders": an owner organisation's relationship with a stakeholder.
public struct Relationship: Record {
    public static let kind = EntityKind.relationship
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var ownerOrganisationId = ""
    public var datasetId: String?
    public var stakeholderOrganisationId = ""
    public var power = 0
    public var interest = 0
    /// Derived from power and interest on every save; read-only.
    public var approach: EngagementApproach?
    public var relationshipOwnerId: String?
    public var lastContact: CalendarDate?
    public var notes: String?
    /// Every assessment of power and interest, oldest first; appended when either changes.
    public var assessments: [Assessment] = []

    public init() {}
    public static var blank: Relationship { Relationship() }
    public static let requiredFields = ["power", "interest"]

    public var title: String { "\(ownerOrganisationId) → \(stakeholderOrganisationId)" }
    public static let titledByLinks = true

    /// "Office for National Statistics → Manchester City Council" (ids where a name is unknown).
    public func title(names: [EntityKind: [String: String]]) -> String {
        let organisations = names[.organisation] ?? [:]
        return
            "\(organisations[ownerOrganisationId] ?? ownerOrganisationId) → \(organisations[stakeholderOrganisationId] ?? stakeholderOrganisationId)"
    }
    public var searchText: String { notes ?? "" }

    public var links: [Link] {
        var result = [
            Link("owner-organisation", .organisation, ownerOrganisationId, field: "ownerOrganisationId"),
            Link("stakeholder", .organisation, stakeholderOrganisationId, field: "stakeholderOrganisationId"),
        ]
        if let datasetId { result.append(Link("dataset", .dataset, datasetId, field: "datasetId")) }
        if let relationshipOwnerId {
            result.append(Link("relationship-owner", .person, relationshipOwnerId, field: "relationshipOwnerId"))
        }
        return result
    }

    public var facets: [Facet] { approach.map { [Facet("approach", $0.rawValue)] } ?? [] }

    public static let listedLinks = [
        ListedLink("owner-organisation", "Owned by"), ListedLink("stakeholder", "Stakeholder"),
    ]

    public static let filters: [FilterDefinition] = [
        FilterDefinition(
            "owner", .link(.organisation, ["owner-organisation"]),
            summary: "Relationships owned by the organisation with this id"),
        FilterDefinition(
            "stakeholder", .link(.organisation, ["stakeholder"]),
            summary: "Relationships with the stakeholder organisation with this id"),
        FilterDefinition(
            "organisation", .link(.organisation, ["owner-organisation", "stakeholder"]),
            summary: "Relationships in which the organisation with this id is owner or stakeholder"),
        FilterDefinition(
            "dataset", .link(.dataset, ["dataset"]), summary: "Relationships about the dataset with this id"),
        FilterDefinition(
            "person", .link(.person, ["relationship-owner"]), summary: "Relationships owned by the person with this id"),
        .vocabulary("approach", EngagementApproach.self, summary: "Relationships with this engagement approach"),
    ]

    public mutating func prepare(previous: Relationship?, today: CalendarDate) {
        approach = EngagementApproach(power: power, interest: interest)
        assessments = previous?.assessments ?? assessments
        // Scores out of range are refused by validation; they are not recorded as an assessment first.
        let valid = Bounds.score.contains(power) && Bounds.score.contains(interest)
        if valid, assessments.last.map({ $0.power != power || $0.interest != interest }) ?? true {
            assessments.append(Assessment(date: today, power: power, interest: interest, note: nil))
        }
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(ownerOrganisationId, "ownerOrganisationId", "Select the organisation that owns this relationship")
        v.required(stakeholderOrganisationId, "stakeholderOrganisationId", "Select the stakeholder organisation")
        v.check(
            ownerOrganisationId.isEmpty || ownerOrganisationId != stakeholderOrganisationId,
            "stakeholderOrganisationId", "An organisation cannot be its own stakeholder")
        v.maxLength(notes, "notes", 20_000)
        return v.errors
    }
}

extension Relationship {
    /// A fully populated relationship, for the OpenAPI document and tests.
    public static var example: Relationship {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var r = Relationship()
        (r.id, r.ownerOrganisationId, r.datasetId, r.stakeholderOrganisationId, r.power, r.interest) = (
            "r1", "office-for-national-statistics", "population-count", "local-government-association", 4, 5
        )
        (r.approach, r.relationshipOwnerId, r.lastContact, r.notes) = (.manageClosely, "p1", day, "Quarterly meetings")
        r.assessments = [Assessment(date: day, power: 4, interest: 5, note: "First assessment")]
        return r
    }
}
