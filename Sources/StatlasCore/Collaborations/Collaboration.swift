import Foundation

/// Kinds of cross-organisational collaboration.
public enum CollaborationKind: String, Vocabulary {
    case dataSharing = "data-sharing"
    case dataLinkage = "data-linkage"
    case jointProduction = "joint-production"
    case methodsDevelopment = "methods-development"
    case coherence = "coherence-and-comparability"
    case dissemination
    case engagement
    case researchPartnership = "research-partnership"
    case secondment
    case funding
    case other
}

/// Where a collaboration stands.
public enum CollaborationStatus: String, Vocabulary {
    case proposed, active, completed, paused, ended
}

/// A participant's role in a collaboration.
public enum ParticipantRole: String, Vocabulary {
    case lead, partner
    case dataProvider = "data-provider"
    case funder, user, adviser
}

/// An organisation taking part in a collaboration.
public struct Participant: Codable, Sendable, Hashable {
    public var organisationId: String
    public var role: ParticipantRole

    public init(organisationId: String, role: ParticipantRole) {
        self.organisationId = organisationId
        self.role = role
    }
}

/// Organisations working together: who, on what data and places, with what result and why.
public struct Collaboration: Record {
    public static let kind = EntityKind.collaboration
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var title = ""
    public var summary: String?
    public var kind: CollaborationKind = .other
    public var status: CollaborationStatus = .active
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var participants: [Participant] = []
    public var datasetIds: [String] = []
    public var areaIds: [String] = []
    public var themeIds: [String] = []
    public var outcomes: [String] = []
    public var factors: [FactorAssignment] = []

    public init() {}
    public static var blank: Collaboration { Collaboration() }
    public static let requiredFields = ["kind"]

    public var searchText: String { ([summary ?? ""] + outcomes).joined(separator: " ") }
    public var startDate: CalendarDate? { start }
    public var endDate: CalendarDate? { end }

    public var links: [Link] {
        participants.enumerated().map {
            Link("organisation", .organisation, $1.organisationId, field: "participants[\($0)].organisationId")
        }
            + datasetIds.enumerated().map { Link("dataset", .dataset, $1, field: "datasetIds[\($0)]") }
            + areaIds.enumerated().map { Link("area", .area, $1, field: "areaIds[\($0)]") }
            + themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
            + factors.enumerated().map { Link("factor", .factor, $1.factorId, field: "factors[\($0)].factorId") }
    }

    public var facets: [Facet] {
        [Facet("kind", kind.rawValue), Facet("status", status.rawValue)]
            + Set(factors.map(\.kind.rawValue)).sorted().map { Facet("factorKind", $0) }
    }

    public static let listedLinks = [ListedLink("organisation", "With")]

    public static let filters: [FilterDefinition] = [
        FilterDefinition(
            "organisation", .link(.organisation, ["organisation"]),
            summary: "Collaborations in which the organisation with this id takes part"),
        .vocabulary("kind", CollaborationKind.self, summary: "Collaborations of this kind"),
        .vocabulary("status", CollaborationStatus.self, summary: "Collaborations with this status"),
        FilterDefinition(
            "factor", .link(.factor, ["factor"]), summary: "Collaborations citing the codebook factor with this id"),
        .vocabulary("factorKind", FactorKind.self, summary: "Collaborations citing a factor of this kind"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Collaborations on the theme with this id"),
        FilterDefinition(
            "dataset", .link(.dataset, ["dataset"]), summary: "Collaborations involving the dataset with this id"),
        FilterDefinition("area", .link(.area, ["area"]), summary: "Collaborations about the area with this code"),
        FilterDefinition("from", .from, summary: "Collaborations running on or after this date (YYYY-MM-DD)"),
        FilterDefinition("to", .to, summary: "Collaborations starting on or before this date (YYYY-MM-DD)"),
    ]

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the collaboration's title")
        v.maxLength(title, "title", 500)
        v.check(!participants.isEmpty, "participants", "Add at least one participating organisation")
        v.unique(participants.map(\.organisationId), "participants")
        v.unique(datasetIds, "datasetIds")
        v.unique(areaIds, "areaIds")
        v.unique(themeIds, "themeIds")
        v.unique(factors.map { "\($0.factorId)/\($0.kind.rawValue)" }, "factors")
        v.dateOrder(start, end, "end")
        return v.errors
    }
}

extension Collaboration {
    /// A fully populated collaboration, for the OpenAPI document and tests.
    public static var example: Collaboration {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var c = Collaboration()
        (c.id, c.title, c.summary, c.kind, c.status, c.start, c.end) = (
            "c1", "ADR Wales", "Linked administrative data research", .researchPartnership, .active, day,
            day.adding(years: 3)
        )
        c.participants = [Participant(organisationId: "swansea-university", role: .lead)]
        (c.datasetIds, c.areaIds, c.themeIds, c.outcomes) = (
            ["population-count"], ["W92000004"], ["health-and-social-care"], ["Published evidence"]
        )
        c.factors = [FactorAssignment(factorId: "legal-gateway", kind: .enabler, note: "Digital Economy Act")]
        return c
    }
}
