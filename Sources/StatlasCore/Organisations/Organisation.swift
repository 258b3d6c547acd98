import Foundation

/// The kinds of organisation in the UK statistical system.
public enum OrganisationKind: String, Vocabulary {
    case nationalStatisticsInstitute = "national-statistics-institute"
    case governmentDepartment = "government-department"
    case devolvedGovernment = "devolved-government"
    case localAuthority = "local-authority"
    case combinedAuthority = "combined-authority"
    case publicBody = "public-body"
    case healthBody = "health-body"
    case academia
    case researchInstitute = "research-institute"
    case thinkTank = "think-tank"
    case thirdSector = "third-sector"
    case privateSector = "private-sector"
    case communityGroup = "community-group"
    case network
    case international

    public var label: String {
        switch self {
        case .governmentDepartment: "UK government department"
        case .network: "Network, user group or forum"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst().replacingOccurrences(of: "-", with: " ")
        }
    }
}

/// An organisation's role in a network.
public enum MembershipRole: String, Vocabulary {
    case convenor, member
}

/// An organisation's standing, as GOV.UK records it.
public enum OrganisationStatus: String, Vocabulary {
    case live, exempt, joining, transitioning, closed
}

/// Membership of an organisation in a network (an organisation of kind `network`).
public struct Membership: Codable, Sendable, Hashable {
    public var networkId: String
    public var role: MembershipRole

    public init(networkId: String, role: MembershipRole = .member) {
        self.networkId = networkId
        self.role = role
    }
}

/// A producer, user or network in the statistical system.
public struct Organisation: Record {
    public static let kind = EntityKind.organisation
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var name = ""
    public var shortName: String?
    public var kind: OrganisationKind = .publicBody
    public var nations: [Nation] = []
    /// The organisation's own geography, e.g. a local authority's GSS code.
    public var gssCode: String?
    /// Parent organisations (GOV.UK lists several for some bodies).
    public var parentIds: [String] = []
    public var status: OrganisationStatus?
    /// When the organisation closed, if it has.
    public var closedOn: CalendarDate?
    /// The organisations that took over its work after it closed, changed name, merged or split.
    public var supersededByIds: [String] = []
    public var website: String?
    public var description: String?
    public var memberships: [Membership] = []

    public init() {}
    public static var blank: Organisation { Organisation() }
    public static let requiredFields = ["kind"]

    public var title: String { name }
    public var searchText: String { [shortName, description, gssCode].compactMap { $0 }.joined(separator: " ") }

    public var links: [Link] {
        var result = memberships.enumerated().map {
            Link("network", .organisation, $1.networkId, field: "memberships[\($0)].networkId")
        }
        result += parentIds.enumerated().map { Link("parent", .organisation, $1, field: "parentIds[\($0)]") }
        result += supersededByIds.enumerated().map {
            Link("successor", .organisation, $1, field: "supersededByIds[\($0)]")
        }
        return result
    }

    public var facets: [Facet] {
        [Facet("kind", kind.rawValue)] + nations.map { Facet("nation", $0.rawValue) }
            + [status.map { Facet("status", $0.rawValue) }].compactMap { $0 }
    }

    public var endDate: CalendarDate? { closedOn }

    /// "Closed" for a body GOV.UK records as closed, wherever the organisation is shown.
    public var badges: [String] { status == .closed ? ["Closed"] : [] }

    /// The short name or abbreviation ("ONS"), by which filters and form fields find the organisation too.
    public var aliases: [String] { shortName.map { [$0] } ?? [] }

    public static let filters: [FilterDefinition] = [
        .vocabulary("kind", OrganisationKind.self, summary: "Organisations of this kind"),
        .vocabulary("nation", Nation.self, summary: "Organisations serving this nation"),
        FilterDefinition("parent", .link(.organisation, ["parent"]), summary: "Organisations whose parent has this id"),
        FilterDefinition("network", .link(.organisation, ["network"]), summary: "Members of the network with this id"),
        .vocabulary("status", OrganisationStatus.self, summary: "Organisations with this GOV.UK status"),
    ]

    public mutating func prepare(previous: Organisation?, today: CalendarDate) {
        nations = Array(Set(nations)).sorted()
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(name, "name", "Enter the organisation's name")
        v.maxLength(name, "name", 300)
        v.maxLength(shortName, "shortName", 60)
        v.webAddress(website, "website")
        v.maxLength(description, "description", 10_000)
        if let gssCode, !gssCode.isEmpty {
            v.check(
                AreaCode.isValid(gssCode), "gssCode",
                "Enter a 9-character GSS code with a known entity prefix, like E06000001")
        }
        v.unique(parentIds, "parentIds")
        v.check(!parentIds.contains(id), "parentIds", "An organisation cannot be its own parent")
        v.unique(supersededByIds, "supersededByIds")
        v.check(!supersededByIds.contains(id), "supersededByIds", "An organisation cannot supersede itself")
        v.unique(memberships.map(\.networkId), "memberships")
        v.check(
            !memberships.contains { $0.networkId == id }, "memberships", "An organisation cannot be a member of itself")
        return v.errors
    }
}

extension Organisation {
    /// A fully populated organisation, for the OpenAPI document and tests.
    public static var example: Organisation {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var o = Organisation()
        (o.id, o.name, o.shortName, o.kind, o.nations) = (
            "welsh-government", "Welsh Government", "WG", .devolvedGovernment, [.wales]
        )
        (o.gssCode, o.parentIds, o.website, o.description) = (
            "W92000004", ["uk-government"], "https://www.gov.wales", "Devolved government of Wales"
        )
        o.memberships = [Membership(networkId: "welsh-statistical-liaison-committee", role: .member)]
        (o.status, o.closedOn, o.supersededByIds) = (.live, day, ["welsh-government-2"])
        return o
    }
}
