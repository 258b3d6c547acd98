import Foundation

/// Roles people hold in the statistical system's engagement work.
public enum PersonRole: String, Vocabulary {
    case userEngagementChampion = "user-engagement-champion"
    case engagementThemeLead = "engagement-theme-lead"
    case headOfProfession = "head-of-profession"
    case userResearcher = "user-researcher"
    case analyst
    case pressAndComms = "press-and-comms"
    case dataOwner = "data-owner"
    case relationshipManager = "relationship-manager"
    case other
}

/// Who may see a person's contact details.
public enum Visibility: String, Vocabulary {
    /// Shown to everyone, including the public API.
    case publicContact = "public"
    /// Shown only to signed-in users.
    case signedIn = "signed-in"
}

/// The UK GDPR Article 6 lawful basis for holding a person's data.
public enum LawfulBasis: String, Vocabulary {
    case consent, contract
    case legalObligation = "legal-obligation"
    case vitalInterests = "vital-interests"
    case publicTask = "public-task"
    case legitimateInterests = "legitimate-interests"
}

/// A role a person holds, with its theme (for theme leads) and dates.
public struct RoleAssignment: Codable, Sendable, Hashable {
    public var role: PersonRole
    public var themeId: String?
    public var start: CalendarDate?
    public var end: CalendarDate?

    public init(role: PersonRole, themeId: String? = nil, start: CalendarDate? = nil, end: CalendarDate? = nil) {
        self.role = role
        self.themeId = themeId
        self.start = start
        self.end = end
    }
}

/// A person to contact: name, organisation, roles, and the personal-data controls that apply.
public struct Person: Record {
    public static let kind = EntityKind.person
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var name = ""
    public var organisationId: String?
    public var jobTitle: String?
    public var email: String?
    public var roles: [RoleAssignment] = []
    /// Private by default: contact details are for signed-in users unless marked public.
    public var visibility: Visibility = .signedIn
    public var lawfulBasis: LawfulBasis = .publicTask
    /// When the record must next be reviewed; two years from creation unless given.
    public var reviewDate: CalendarDate?

    public init() {}
    public static var blank: Person { Person() }

    public var title: String { name }
    public var searchText: String { [jobTitle ?? ""].joined() + " " + roles.map(\.role.label).joined(separator: " ") }

    public var links: [Link] {
        var result: [Link] = []
        if let organisationId {
            result.append(Link("organisation", .organisation, organisationId, field: "organisationId"))
        }
        for (i, role) in roles.enumerated() {
            if let themeId = role.themeId {
                result.append(Link("theme", .theme, themeId, field: "roles[\(i)].themeId"))
            }
        }
        return result
    }

    public var facets: [Facet] { Set(roles.map(\.role.rawValue)).sorted().map { Facet("role", $0) } }

    public static let listedLinks = [ListedLink("organisation", "At")]

    public static let filters: [FilterDefinition] = [
        FilterDefinition(
            "organisation", .link(.organisation, ["organisation"]), summary: "People in the organisation with this id"),
        .vocabulary("role", PersonRole.self, summary: "People holding this role"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Theme leads for the theme with this id"),
    ]

    public mutating func prepare(previous: Person?, today: CalendarDate) {
        if reviewDate == nil { reviewDate = previous?.reviewDate ?? today.adding(years: 2) }
        if let e = email?.trimmingCharacters(in: .whitespaces) { email = e.isEmpty ? nil : e }
    }

    /// Only people marked as public contacts show their email to the public.
    public static var hasPrivateFields: Bool { true }

    public func publicView() -> Person {
        var copy = self
        if visibility != .publicContact { copy.email = nil }
        return copy
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(name, "name", "Enter the person's name")
        v.maxLength(name, "name", 200)
        v.maxLength(jobTitle, "jobTitle", 200)
        v.email(email, "email")
        for (i, role) in roles.enumerated() {
            if role.role == .engagementThemeLead {
                v.required(role.themeId, "roles[\(i)].themeId", "Select the theme this person leads")
            }
            v.dateOrder(role.start, role.end, "roles[\(i)].end")
        }
        return v.errors
    }
}

extension Person {
    /// A fully populated person, for the OpenAPI document and tests.
    public static var example: Person {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var p = Person()
        (p.id, p.name, p.organisationId, p.jobTitle, p.email) = (
            "p1", "ONS user engagement champion (demo)", "office-for-national-statistics", "Champion",
            "champion@example.org"
        )
        p.roles = [
            RoleAssignment(role: .engagementThemeLead, themeId: "labour-market", start: day, end: day.adding(years: 1))
        ]
        (p.visibility, p.lawfulBasis, p.reviewDate) = (.publicContact, .publicTask, day.adding(years: 2))
        return p
    }
}
